/**
 * The untrusted-input worker with a fault planted, for tests of what survives a worker that dies
 * (watch-probe-batch.interop.test.ts): a task whose input names the server `crash.invalid` ends the
 * worker thread 300 ms after it arrives — as a worker limit or a crash would end it mid-task. Every
 * other task runs in the real worker (electron/workers/untrusted-worker.ts) unchanged.
 */
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', (message: { readonly type: string; readonly input?: unknown }) => {
  if (message.type === 'task' && JSON.stringify(message.input).includes('crash.invalid')) setTimeout(() => process.exit(70), 300);
});

await import('../../electron/workers/untrusted-worker.js');
