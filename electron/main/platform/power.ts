/**
 * The system events that lock the vault at once: the machine going to sleep and the screen being
 * locked. main.ts passes Electron's `powerMonitor` (usable only once the app is ready); tests pass
 * an emitter of their own.
 */
export type PowerEvent = 'suspend' | 'lock-screen';

export interface PowerEvents {
  on(event: PowerEvent, listener: () => void): void;
}

/** For front ends without a power monitor (and tests that do not care): no event ever fires. */
export const noPowerEvents: PowerEvents = {
  on: () => undefined,
};
