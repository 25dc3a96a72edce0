/**
 * The two Electron IPC channel names everything travels on. Only the preload and
 * electron/main/ipc/register.ts use them; the contract's channels ride inside `certwright:invoke`
 * as its first argument, so there is exactly one ipcMain handler to guard.
 */
export const IPC_INVOKE_CHANNEL = 'certwright:invoke';
/** main → renderer: `(eventName, payload)`, sent only to the web contents that made the call. */
export const IPC_EVENT_CHANNEL = 'certwright:event';
