/**
 * THE ONLY FILE THAT TOUCHES `ipcMain` (a lint rule enforces it). One handler, on one channel;
 * the contract's channel name travels as its first argument and the router checks the sender,
 * validates the input and calls the handler. Everything else lives in bridge.ts, tested in Node.
 */
import { ipcMain } from 'electron';
import { IPC_INVOKE_CHANNEL } from '../../../shared/ipc/transport.js';
import type { InvokeListener } from './bridge.js';

/** Installs the invoke handler; returns the function that removes it. */
export function registerIpc(listener: InvokeListener): () => void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event, channel: unknown, input: unknown) => listener(event, channel, input));
  return () => ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
}
