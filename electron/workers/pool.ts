/**
 * Where untrusted input is read: a small pool of Node worker threads that never hold a vault key
 * (nothing here or in the worker imports the vault). Each task runs under a wall-clock limit, in a
 * worker with a heap limit (`resourceLimits`); a worker that reaches either is terminated and
 * replaced, and only the task that did it fails — with INVALID_INPUT and a message that says which
 * limit and how much. The main thread stays free the whole time: IPC, OCSP responders and vault
 * writes go on while a hostile file is being read (test/interop/untrusted-worker.interop.test.ts).
 *
 * The worker is its own file: dist/electron/untrusted-worker.js beside the bundled main (and
 * dist/cli/ beside the CLI), electron/workers/untrusted-worker.ts loaded through tsx from source.
 */
import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits, type Transferable } from 'node:worker_threads';
import { CertwrightError, atField } from '../../shared/errors.js';
import type { AskName, FromWorker, TaskInput, TaskName, TaskOutput, ToWorker, UntrustedAsks, WorkerError } from './protocol.js';

/** The heap a worker may use: a 10 MiB CRL, the largest input inspected, needs ≈ 300 MiB while it is walked. */
export const WORKER_HEAP_MB = 512;

/** Per task: how long it may take, and how a refusal names it. */
export const TASK_LIMITS: { readonly [T in TaskName]: { readonly timeoutMs: number; readonly what: string; readonly field: string } } = {
  'inspect.input': { timeoutMs: 10_000, what: 'Reading this input', field: 'content' },
  'inspect.asn1': { timeoutMs: 10_000, what: 'Reading this input', field: 'content' },
  'inspect.addToVault': { timeoutMs: 10_000, what: 'Reading this input', field: 'content' },
  // Two connections of up to 8 s each (tls-probe.ts), then the served chain is inspected.
  'inspect.endpoint': { timeoutMs: 30_000, what: 'Inspecting this endpoint', field: 'host' },
  // A batch of the endpoint watch: its caller sets the limit from the batch's size (watch/probe.ts).
  'inspect.endpoints': { timeoutMs: 300_000, what: 'Inspecting these endpoints', field: 'host' },
  'csr.review': { timeoutMs: 10_000, what: 'Reading this certificate request', field: 'csr' },
  'crl.inspect': { timeoutMs: 10_000, what: 'Reading this CRL', field: 'crl' },
  'token.diagnose': { timeoutMs: 5_000, what: 'Checking this token', field: 'token' },
  'policy.parse': { timeoutMs: 5_000, what: 'Reading this policy', field: 'text' },
  'certificate.identify': { timeoutMs: 5_000, what: 'Reading this certificate', field: 'url' },
  'ocsp.read': { timeoutMs: 5_000, what: 'Reading this OCSP response', field: 'url' },
  'remote.certificates': { timeoutMs: 5_000, what: 'Reading the step-ca server’s certificates', field: 'urls' },
};

export type Answers = { readonly [A in AskName]?: (input: UntrustedAsks[A]['input']) => UntrustedAsks[A]['output'] | Promise<UntrustedAsks[A]['output']> };

export interface RunOptions {
  /** Overrides the task's wall-clock limit. */
  readonly timeoutMs?: number;
  /** How main answers what the task asks (the vault's revocation records). */
  readonly answers?: Answers;
  /** Buffers handed over to the worker instead of copied (the input's bytes). */
  readonly transfer?: readonly Transferable[];
  /**
   * A worker of its own, ended right after this task: for a task that must carry something the
   * shared workers should never see (the client key of an endpoint probe).
   */
  readonly dedicated?: boolean;
}

export interface PoolOptions {
  /** Workers at most (each reads one input at a time). Default: 2, or 1 on a single core. */
  readonly size?: number;
  /** Default: old generation {@link WORKER_HEAP_MB} MiB. */
  readonly resourceLimits?: ResourceLimits;
  /** An idle worker is ended after this long (its heap returned); the next task starts a new one. */
  readonly idleMs?: number;
  /** Other wall-clock limits than {@link TASK_LIMITS} (tests). */
  readonly timeoutMs?: { readonly [T in TaskName]?: number };
  readonly entry?: URL;
}

/** Running from source (tsx: tests, `npm run cli`) or from the bundle (the app, dist/cli). */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const DEFAULT_ENTRY = new URL(FROM_SOURCE ? './untrusted-worker.ts' : './untrusted-worker.js', import.meta.url);

/** The worker gets the environment minus anything that looks like a secret (CERTWRIGHT_PASSPHRASE …). */
function workerEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/pass|secret|token|credential|key/i.test(name)));
}

function startWorker(entry: URL, resourceLimits: ResourceLimits): Worker {
  const options = { resourceLimits, env: workerEnv(), name: 'certwright-untrusted' };
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  // Node 20 does not run `--import tsx` in workers: register tsx's loader inside, then load the entry.
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}

function fromWorker(error: WorkerError): Error {
  if (error.kind === 'certwright') return new CertwrightError(error.code, error.reason ?? error.message, error.details);
  const wrapped = new Error(`The untrusted-input worker failed: ${error.name}: ${error.message}`);
  if (error.stack) wrapped.stack = `${wrapped.message}\n--- in the worker ---\n${error.stack}`;
  return wrapped;
}

interface Job {
  readonly task: TaskName;
  readonly input: unknown;
  readonly options: RunOptions;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  readonly dedicated: boolean;
  /** The task it runs; null while idle. */
  job: (Job & { readonly id: number; timer: NodeJS.Timeout | null }) | null;
  idleTimer: NodeJS.Timeout | null;
  dead: boolean;
}

export class UntrustedPool {
  readonly size: number;
  readonly resourceLimits: ResourceLimits;
  readonly #idleMs: number;
  readonly #timeouts: PoolOptions['timeoutMs'];
  readonly #entry: URL;
  readonly #slots: Slot[] = [];
  readonly #queue: Job[] = [];
  #nextId = 1;
  #closed = false;
  /** Workers stopped by a limit (for tests and diagnostics). */
  replaced = 0;

  constructor(options: PoolOptions = {}) {
    this.size = options.size ?? Math.min(2, availableParallelism());
    this.resourceLimits = options.resourceLimits ?? { maxOldGenerationSizeMb: WORKER_HEAP_MB };
    this.#idleMs = options.idleMs ?? 60_000;
    this.#timeouts = options.timeoutMs ?? {};
    this.#entry = options.entry ?? DEFAULT_ENTRY;
  }

  /** Runs `task` on `input` in a worker; rejects with INVALID_INPUT when a limit stops it. */
  run<T extends TaskName>(task: T, input: TaskInput<T>, options: RunOptions = {}): Promise<TaskOutput<T>> {
    if (this.#closed) return Promise.reject(new Error('The untrusted-input pool is closed'));
    return new Promise<TaskOutput<T>>((resolve, reject) => {
      const job: Job = { task, input, options, resolve: resolve as (value: unknown) => void, reject };
      if (options.dedicated) this.#begin(this.#spawn(true), job);
      else {
        this.#queue.push(job);
        this.#pump();
      }
    });
  }

  /** Ends every worker; running tasks fail. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) job.reject(new Error('The untrusted-input pool was closed'));
    await Promise.all(this.#slots.splice(0).map((slot) => this.#end(slot, new Error('The untrusted-input pool was closed'))));
  }

  /** Workers alive now (not counting dedicated ones). */
  get workers(): number {
    return this.#slots.length;
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      let slot = this.#slots.find((s) => s.job === null && !s.dead);
      if (!slot && this.#slots.length < this.size) slot = this.#spawn(false);
      if (!slot) return;
      this.#begin(slot, this.#queue.shift()!);
    }
  }

  #spawn(dedicated: boolean): Slot {
    const worker = startWorker(this.#entry, this.resourceLimits);
    worker.unref();
    let readyResolve!: () => void;
    let readyReject!: (error: Error) => void;
    const ready = new Promise<void>((resolve, reject) => {
      readyResolve = resolve;
      readyReject = reject;
    });
    ready.catch(() => undefined);
    const slot: Slot = { worker, ready, dedicated, job: null, idleTimer: null, dead: false };
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') readyResolve();
      else if (message.type === 'done') this.#done(slot, message);
      else if (message.type === 'ask') void this.#answer(slot, message);
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const limit = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? this.#memoryError(slot) : null;
      readyReject(error);
      this.#fail(slot, limit ?? new Error(`The untrusted-input worker failed: ${error.message}`, { cause: error }));
    });
    worker.on('exit', (code) => {
      const error = new Error(`The untrusted-input worker exited (code ${code})`);
      readyReject(error);
      this.#fail(slot, error);
    });
    if (!dedicated) this.#slots.push(slot);
    return slot;
  }

  #begin(slot: Slot, job: Job): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    const id = this.#nextId++;
    const limits = TASK_LIMITS[job.task];
    const timeoutMs = job.options.timeoutMs ?? this.#timeouts?.[job.task] ?? limits.timeoutMs;
    const running = { ...job, id, timer: null as NodeJS.Timeout | null };
    slot.job = running;
    slot.worker.ref();
    slot.ready.then(
      () => {
        if (slot.job !== running) return;
        // The clock starts when the worker is ready: loading the code is not the input's time.
        running.timer = setTimeout(() => this.#fail(slot, this.#timeoutError(job.task, timeoutMs)), timeoutMs);
        const message: ToWorker = { type: 'task', id, task: job.task, input: job.input };
        try {
          slot.worker.postMessage(message, job.options.transfer as Transferable[] | undefined);
        } catch (error) {
          this.#fail(slot, error instanceof Error ? error : new Error(String(error)));
        }
      },
      () => undefined, // the worker's error/exit handler fails the job
    );
  }

  #done(slot: Slot, message: Extract<FromWorker, { type: 'done' }>): void {
    const job = slot.job;
    if (!job || job.id !== message.id) return;
    if (job.timer) clearTimeout(job.timer);
    slot.job = null;
    if (slot.dedicated) void this.#end(slot, null);
    else this.#idle(slot);
    if (message.ok) job.resolve(message.value);
    else job.reject(fromWorker(message.error));
    this.#pump();
  }

  async #answer(slot: Slot, message: Extract<FromWorker, { type: 'ask' }>): Promise<void> {
    const job = slot.job;
    if (!job || job.id !== message.id) return;
    let reply: ToWorker;
    try {
      const answer = job.options.answers?.[message.name];
      if (!answer) throw new Error(`main has no answer for "${message.name}"`);
      reply = { type: 'answer', id: message.id, ask: message.ask, ok: true, value: await answer(message.input as never) };
    } catch (error) {
      reply = { type: 'answer', id: message.id, ask: message.ask, ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    if (slot.job?.id === message.id && !slot.dead) slot.worker.postMessage(reply);
  }

  #idle(slot: Slot): void {
    slot.worker.unref();
    slot.idleTimer = setTimeout(() => {
      if (slot.job === null) void this.#end(slot, null);
    }, this.#idleMs);
    slot.idleTimer.unref();
  }

  /** A limit (or a crash) ended the task: the worker is terminated and replaced. */
  #fail(slot: Slot, error: Error): void {
    if (slot.dead) return;
    const limit = error instanceof CertwrightError;
    void this.#end(slot, error);
    if (limit) this.replaced += 1;
    // The replacement is started at once, so the next input does not wait for it to load.
    if (!slot.dedicated && !this.#closed && (limit || this.#queue.length > 0)) {
      if (this.#slots.length < this.size) this.#idle(this.#spawn(false));
      this.#pump();
    }
  }

  async #end(slot: Slot, error: Error | null): Promise<void> {
    if (slot.dead) return;
    slot.dead = true;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    const index = this.#slots.indexOf(slot);
    if (index >= 0) this.#slots.splice(index, 1);
    const job = slot.job;
    slot.job = null;
    if (job) {
      if (job.timer) clearTimeout(job.timer);
      job.reject(error ?? new Error('The untrusted-input worker was ended'));
    }
    slot.worker.removeAllListeners('message');
    slot.worker.on('error', () => undefined); // a late error from a worker being ended is not news
    await slot.worker.terminate().catch(() => undefined);
  }

  #timeoutError(task: TaskName, timeoutMs: number): CertwrightError {
    const { field } = TASK_LIMITS[task];
    const seconds = timeoutMs >= 1000 ? `${(timeoutMs / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} s` : `${timeoutMs} ms`;
    return new CertwrightError(
      'INVALID_INPUT',
      atField(field, 'errors:worker.timeout', { what: `errors:worker.task.${task}`, seconds }),
      { field },
    );
  }

  #memoryError(slot: Slot): CertwrightError | null {
    const task = slot.job?.task;
    if (!task) return null;
    const { field } = TASK_LIMITS[task];
    return new CertwrightError(
      'INVALID_INPUT',
      atField(field, 'errors:worker.memory', { what: `errors:worker.task.${task}`, mib: this.resourceLimits.maxOldGenerationSizeMb ?? WORKER_HEAP_MB }),
      { field },
    );
  }
}

let shared: UntrustedPool | null = null;

/** The process's pool, started on first use. */
export function untrustedPool(): UntrustedPool {
  shared ??= new UntrustedPool();
  return shared;
}

/** Runs one task in the process's pool. */
export function runUntrusted<T extends TaskName>(task: T, input: TaskInput<T>, options?: RunOptions): Promise<TaskOutput<T>> {
  return untrustedPool().run(task, input, options);
}
