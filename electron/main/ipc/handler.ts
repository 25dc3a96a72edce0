import type { Channel, EventName, EventPayload, Output, ValidInput } from '../../../shared/ipc/contract.js';

/** Who is calling: enough for the sender check, whatever the transport. */
export interface Caller {
  /** URL of the frame that sent the call. */
  readonly url: string;
  /** False for sub-frames (iframes), which are never trusted. */
  readonly isMainFrame: boolean;
  /** Whether the sending web contents belong to one of our own windows. */
  readonly isOwnWindow: boolean;
}

export interface HandlerContext {
  readonly caller: Caller;
  /** Sends an event to the renderer that made this call. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export type Handler<C extends Channel> = (input: ValidInput<C>, ctx: HandlerContext) => Promise<Output<C>>;

/** Every channel must have a handler: a missing or mistyped one is a compile error. */
export type Handlers = { readonly [C in Channel]: Handler<C> };
