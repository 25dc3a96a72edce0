/**
 * The preload, bundled to ONE CommonJS file (dist/electron/preload.cjs): sandboxed preloads cannot
 * import at run time. It exposes exactly the typed client — one method per contract channel plus
 * `on()` — never ipcRenderer itself and never a generic invoke.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isEventName } from '../../shared/ipc/channels.js';
import type { Result } from '../../shared/errors.js';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/ipc/transport.js';
import { buildClient } from './client.js';

const client = buildClient({
  invoke: (channel, input) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, channel, input) as Promise<Result<unknown>>,
  subscribe: (listener) => {
    const handler = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (isEventName(name)) listener(name, payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
});

contextBridge.exposeInMainWorld('certwright', client);
