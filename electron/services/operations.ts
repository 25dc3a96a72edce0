/**
 * Long operations a front end may cancel, by the operationId it chose (the id its progress events
 * carry): while one runs it holds an AbortSignal; `cancel` aborts it. The operation decides where it
 * can stop — a bulk issue between its batches, keeping every batch already stored, and answering how
 * many it issued and that it was cancelled (not an error that would lose that count).
 */
import { CertwrightError, atField } from '../../shared/errors.js';
import { type Msg } from '../../shared/i18n/message.js';

export class Operations {
  readonly #running = new Map<string, AbortController>();

  /**
   * Runs `work` registered under `operationId` (nothing to register without one): it gets the signal
   * to check. An id already running is refused, so a cancel can never reach the wrong operation.
   */
  async run<T>(operationId: string | undefined, work: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    if (operationId === undefined) return work(undefined);
    if (this.#running.has(operationId)) throw new CertwrightError('INVALID_INPUT', atField('operationId', 'errors:operations.idInUse'), { field: 'operationId' });
    const controller = new AbortController();
    this.#running.set(operationId, controller);
    try {
      return await work(controller.signal);
    } finally {
      this.#running.delete(operationId);
    }
  }

  /** Asks the operation to stop; false when none runs under that id (it finished, or never started). */
  cancel(operationId: string): boolean {
    const controller = this.#running.get(operationId);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  /** Whether an operation runs under that id (tests). */
  running(operationId: string): boolean {
    return this.#running.has(operationId);
  }
}

/**
 * Waits for `work` unless the operation is cancelled first: then it fails at once with CANCELLED and
 * `work` is abandoned — it runs to its end where it runs (an RSA key on libuv's thread pool cannot be
 * stopped) and its result is dropped unused. Only for work that writes nothing: the caller stores
 * what it made after this returns, so a cancel here leaves nothing behind.
 */
export function abandonOnCancel<T>(work: Promise<T>, signal: AbortSignal | undefined, message: Msg): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new CertwrightError('CANCELLED', message));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CertwrightError('CANCELLED', message));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
