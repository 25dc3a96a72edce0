/**
 * The end-to-end harness's stand-in for the preload. Built to dist/test/bridge.js (an IIFE) and
 * injected with page.addInitScript, so it runs before any page script, as a preload does.
 *
 * It installs `window.certwright` with the SAME client code the preload uses (buildClient); only the
 * transport differs: calls go through a Playwright binding to the real router in the test process,
 * and events come back through `__certwrightDeliver`, which the harness calls with page.evaluate.
 * Like contextBridge, the installed object is frozen and cannot be replaced by page scripts.
 */
import { buildClient, type ClientTransport } from '../../electron/preload/client.js';
import type { EventName } from '../../shared/ipc/contract.js';
import type { Result } from '../../shared/errors.js';
import { DELIVER_FUNCTION, INVOKE_BINDING } from './bridge-names.js';

type InvokeBinding = (channel: string, input: unknown) => Promise<Result<unknown>>;
type Listener = (event: EventName, payload: unknown) => void;

(function install() {
  const host = window as unknown as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(host, 'certwright')) return; // once per document

  const listeners = new Set<Listener>();

  const transport: ClientTransport = {
    invoke(channel, input) {
      // Playwright installs the binding itself; look it up per call so install order does not matter.
      const binding = host[INVOKE_BINDING] as InvokeBinding | undefined;
      if (typeof binding !== 'function') return Promise.reject(new Error('The test harness binding is not installed'));
      return binding(channel, input);
    },
    subscribe(listener) {
      // A wrapper per subscription, so the same function subscribed twice is removed once per call.
      const entry: Listener = (event, payload) => listener(event, payload);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
  };

  Object.defineProperty(host, DELIVER_FUNCTION, {
    value: (event: EventName, payload: unknown) => {
      for (const listener of [...listeners]) {
        try {
          listener(event, payload);
        } catch (error) {
          // A throwing listener must not stop the others, as with ipcRenderer.
          console.error('certwright event listener failed', error);
        }
      }
    },
    writable: false,
    configurable: false,
    enumerable: false,
  });

  Object.defineProperty(host, 'certwright', {
    value: buildClient(transport),
    writable: false,
    configurable: false,
    enumerable: true,
  });
})();
