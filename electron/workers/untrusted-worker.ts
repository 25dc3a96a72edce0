/**
 * The untrusted-input worker's entry (a Node worker thread started by ./pool.ts). It runs one task
 * at a time and holds no vault key: the vault is never imported here, and main sends only public
 * data (CA certificates) and answers (revocation records). Bundled on its own as
 * dist/electron/untrusted-worker.js and dist/cli/untrusted-worker.js (build.config.mjs).
 */
import { constants, setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { CertwrightError } from '../../shared/errors.js';
import type { AskName, FromWorker, ToWorker, UntrustedAsks, WorkerError } from './protocol.js';
import { TASKS, Transfer, type Host } from './tasks.js';

const port = parentPort;
if (!port) throw new Error('untrusted-worker.ts runs as a worker thread (electron/workers/pool.ts starts it)');

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

function errorOf(error: unknown): WorkerError {
  if (error instanceof CertwrightError) return { kind: 'certwright', code: error.code, message: error.message, ...(error.reason ? { reason: error.reason } : {}), ...(error.details ? { details: error.details } : {}) };
  if (error instanceof Error) return { kind: 'other', name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { kind: 'other', name: 'Error', message: String(error) };
}

/** Questions to main awaiting their answer, by task id and question number. */
const asked = new Map<string, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
let nextAsk = 1;

function hostFor(id: number): Host {
  return {
    ask<A extends AskName>(name: A, input: UntrustedAsks[A]['input']): Promise<UntrustedAsks[A]['output']> {
      const ask = nextAsk++;
      return new Promise((resolve, reject) => {
        asked.set(`${id}:${ask}`, { resolve: resolve as (value: unknown) => void, reject });
        post({ type: 'ask', id, ask, name, input });
      });
    },
  };
}

async function run(message: Extract<ToWorker, { type: 'task' }>): Promise<void> {
  const task = TASKS[message.task] as (input: unknown, host: Host) => Promise<unknown>;
  try {
    const result = await task(message.input, hostFor(message.id));
    if (result instanceof Transfer) post({ type: 'done', id: message.id, ok: true, value: result.value }, result.buffers);
    else post({ type: 'done', id: message.id, ok: true, value: result });
  } catch (error) {
    post({ type: 'done', id: message.id, ok: false, error: errorOf(error) });
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'task') {
    void run(message);
    return;
  }
  const key = `${message.id}:${message.ask}`;
  const waiting = asked.get(key);
  asked.delete(key);
  if (!waiting) return;
  if (message.ok) waiting.resolve(message.value);
  else waiting.reject(new Error(`main could not answer: ${message.message}`));
});

// On Linux the nice value is per thread: this thread yields the CPU to main (the window, IPC,
// responders) when the machine is busy. Elsewhere it would lower the whole process, so not there.
if (process.platform === 'linux') {
  try {
    setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // not permitted: run at normal priority
  }
}

post({ type: 'ready' });
