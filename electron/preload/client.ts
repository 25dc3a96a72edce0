/**
 * Builds the object the renderer sees as `window.certwright`: one method per contract channel and
 * an `on()` that returns its own unsubscribe function. The transport is injected, so the preload
 * (ipcRenderer) and the test harness (Playwright bindings) build exactly the same client.
 */
import { CHANNEL_NAMES, isEventName } from '../../shared/ipc/channels.js';
import type { CertwrightApi, Channel, EventName } from '../../shared/ipc/contract.js';
import type { Result } from '../../shared/errors.js';

export interface ClientTransport {
  invoke(channel: Channel, input: unknown): Promise<Result<unknown>>;
  /** Registers one listener for all events; returns the function that removes it. */
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void;
}

export function buildClient(transport: ClientTransport): CertwrightApi {
  const methods: Record<string, unknown> = {};
  for (const channel of CHANNEL_NAMES) {
    methods[channel] = (input: unknown) => transport.invoke(channel, input ?? {});
  }
  methods.on = (event: unknown, listener: unknown) => {
    if (!isEventName(event)) throw new TypeError(`Unknown event: ${String(event)}`);
    if (typeof listener !== 'function') throw new TypeError('Listener must be a function');
    return transport.subscribe((name, payload) => {
      if (name === event) (listener as (p: unknown) => void)(payload);
    });
  };
  return Object.freeze(methods) as CertwrightApi;
}
