/**
 * The glue between Electron's IPC events and the transport-agnostic router, kept free of `electron`
 * imports so it is tested with fakes. register.ts (the only `ipcMain` user) installs
 * {@link IpcBridge.listener}; the router delivers events through {@link IpcBridge.emit} (to a caller)
 * and {@link IpcBridge.broadcast} (to our own window, unasked).
 */
import type { EventName } from '../../../shared/ipc/contract.js';
import type { Result } from '../../../shared/errors.js';
import { IPC_EVENT_CHANNEL } from '../../../shared/ipc/transport.js';
import type { Caller } from './handler.js';
import type { Router } from './router.js';

/** The part of Electron's WebContents an IPC event names as its sender. */
export interface IpcSender {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** The part of Electron's WebFrameMain the sender check needs. */
export interface IpcFrame {
  readonly url: string;
  readonly parent: unknown;
}

/** The part of Electron's IpcMainInvokeEvent the bridge reads. */
export interface InvokeEvent {
  readonly sender: IpcSender;
  /** Null when the frame has navigated away or been destroyed since it sent the message. */
  readonly senderFrame: IpcFrame | null;
}

export type InvokeListener = (event: InvokeEvent, channel: unknown, input: unknown) => Promise<Result<unknown>>;

/** Decides whether web contents belong to a Certwright window (and not, say, DevTools). */
export type OwnWindowCheck = (sender: IpcSender) => boolean;

/** Who sent an IPC message: the frame's URL, whether it is a top-level frame, whether it is ours. */
export function callerFrom(event: InvokeEvent, isOwnWindow: OwnWindowCheck): Caller {
  let frame: IpcFrame | null;
  try {
    frame = event.senderFrame; // may throw on a frame that is being torn down
  } catch {
    frame = null;
  }
  let ownWindow: boolean;
  try {
    ownWindow = isOwnWindow(event.sender) === true;
  } catch {
    ownWindow = false;
  }
  return Object.freeze({
    url: frame !== null && typeof frame.url === 'string' ? frame.url : '',
    isMainFrame: frame !== null && frame.parent === null,
    isOwnWindow: ownWindow,
  });
}

export interface IpcBridge {
  /** The router's `emit`: sends an event to the web contents that made the call, if it still exists. */
  emit(caller: Caller, event: EventName, payload: unknown): void;
  /**
   * The router's `broadcast`: sends an event to the last web contents that called from our own
   * window, if it still exists and is still ours. Nothing is sent before the window's first call.
   */
  broadcast(event: EventName, payload: unknown): void;
  /** The function register.ts gives to `ipcMain.handle`. */
  listener(router: Pick<Router, 'invoke'>): InvokeListener;
}

export function createIpcBridge(isOwnWindow: OwnWindowCheck): IpcBridge {
  // Each call gets a fresh Caller; it remembers its sender only as long as the call lives.
  const senders = new WeakMap<Caller, IpcSender>();
  let ownSender: IpcSender | null = null;
  const stillOurs = (sender: IpcSender) => {
    try {
      return !sender.isDestroyed() && isOwnWindow(sender) === true;
    } catch {
      return false;
    }
  };
  return {
    emit(caller, event, payload) {
      const sender = senders.get(caller);
      if (sender && !sender.isDestroyed()) sender.send(IPC_EVENT_CHANNEL, event, payload);
    },
    broadcast(event, payload) {
      if (ownSender !== null && stillOurs(ownSender)) ownSender.send(IPC_EVENT_CHANNEL, event, payload);
    },
    listener(router) {
      return (event, channel, input) => {
        const caller = callerFrom(event, isOwnWindow);
        senders.set(caller, event.sender);
        if (caller.isOwnWindow) ownSender = event.sender;
        return router.invoke(channel, input, caller);
      };
    },
  };
}
