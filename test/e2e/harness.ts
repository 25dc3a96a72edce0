/**
 * The Chromium end-to-end harness (DESIGN.md §5, layer 2).
 *
 * The built renderer (dist/renderer) is served over http on 127.0.0.1 and opened in Debian Chromium.
 * Before any page script runs, dist/test/bridge.js installs `window.certwright` exactly as the preload
 * would, forwarding each call through a Playwright binding to the REAL router, handlers, engine and
 * vault running here, in the test process, over a temp directory. Nothing is mocked.
 *
 * "Quit and reopen" closes the page and builds a new Vault/handlers/router over the same directory:
 * fresh process state, a locked vault, like starting the app again.
 *
 * The auto-lock runs as in the app, except on a clock of its own that only {@link CertwrightApp.advanceIdle}
 * moves (its periodic check never fires by itself); its `vault.locked` event reaches the page like
 * any other.
 *
 * Every IPC result and every event payload is recorded, for the key-leak check. After every test the
 * `certwright` fixture scans all of them — of every CertwrightApp the test made — for the vault's
 * private keys in any encoding (test/support/key-material.ts), and fails the test when one is found,
 * when the vault cannot be opened to get its keys, or when the router refused an answer that did
 * not match its contract (output schemas are enforced here, as in every development build).
 * It builds nothing: run `npm run build` first.
 */
import { createServices } from '../../electron/services/index.js';
import { test as base, type BrowserContext, type ConsoleMessage, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHandlers } from '../../electron/main/ipc/handlers/index.js';
import type { Caller } from '../../electron/main/ipc/handler.js';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/protocol/app-protocol.js';
import { createRouter, type Router } from '../../electron/main/ipc/router.js';
import type { Dialogs } from '../../electron/main/platform/dialogs.js';
import { memoryPreferences } from '../../electron/main/platform/preferences.js';
import type { AutoLock } from '../../electron/services/auto-lock.js';
import { fileLock } from '../../electron/vault/lock.js';
import { filesBelow, findKeyMaterial, haystacksOf, type Haystack, type KeyLeak } from '../support/key-material.js';
import { authorityKeyFromFiles, CHEAP_SCRYPT_N } from '../support/vault-fixtures.js';
import { Vault } from '../../electron/vault/vault.js';
import type { Channel, EventName } from '../../shared/ipc/contract.js';
import type { LockReason } from '../../shared/domain/vault.js';
import { DELIVER_FUNCTION, INVOKE_BINDING } from './bridge-names.js';
import { assertNoOverflow } from './overflow-check.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RENDERER_DIR = resolve(REPO_ROOT, 'dist/renderer');
const BRIDGE_FILE = resolve(REPO_ROOT, 'dist/test/bridge.js');
export const SCREENSHOT_DIR = resolve(REPO_ROOT, 'test-output/screenshots');

// ---- Static server --------------------------------------------------------------------------

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export interface StaticServer {
  /** e.g. http://127.0.0.1:41234 — the router's trusted origin. */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Serves `root` read-only on 127.0.0.1 with an ephemeral port, with the app's CSP header.
 * Nothing outside `root` is reachable.
 */
export async function startStaticServer(root: string): Promise<StaticServer> {
  const base = resolve(root);
  const server: Server = createServer((request, response) => {
    void (async () => {
      const send = (status: number, body = '') => response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(body);
      if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'method not allowed');
      let pathname: string;
      try {
        pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
      } catch {
        return send(400, 'bad request');
      }
      if (pathname.includes('\0')) return send(400, 'bad request');
      if (pathname.endsWith('/')) pathname += 'index.html';
      const file = resolve(base, `.${pathname}`);
      if (file !== base && !file.startsWith(base + sep)) return send(403, 'forbidden');
      try {
        if (!(await stat(file)).isFile()) return send(404, 'not found');
        const body = await readFile(file);
        response.writeHead(200, {
          'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
          'Content-Length': body.length,
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
          // The very header the app:// protocol sends, so the page runs under the app's policy.
          'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        });
        response.end(request.method === 'HEAD' ? undefined : body);
      } catch {
        send(404, 'not found');
      }
    })();
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

// ---- The application under test -------------------------------------------------------------

interface Backend {
  readonly vault: Vault;
  readonly router: Router;
  readonly autoLock: AutoLock;
  /** Stops what the services run in the background (services.close()). */
  readonly close: () => Promise<void>;
}

/**
 * The KDF cost of every vault the end-to-end tests make (through the window, or seeded before the
 * app starts with openBackend's `scryptN`): scrypt at the cheapest cost a header may have, not the
 * app's 2^17 (proven in test/unit/vault.test.ts, and in the window by slice.spec.ts's first run). At
 * 2^17 every create, unlock, passphrase change and after-test key scan took half a second of CPU or
 * more (two seconds on a loaded machine), several of them in nearly every test.
 */
export const E2E_SCRYPT_N = CHEAP_SCRYPT_N;

/** Every CertwrightApp made since the current test began (the fixture's and any a spec makes itself). */
const appsOfThisTest: CertwrightApp[] = [];

/** The channels whose success proves a passphrase opens the vault in this directory (and the field holding it). */
const PASSPHRASE_FIELDS: Partial<Record<Channel, string>> = {
  'vault.create': 'passphrase',
  'vault.unlock': 'passphrase',
  'vault.changePassphrase': 'next',
  'vault.restore': 'passphrase',
};

/** One "installation" of Certwright: a vault directory that survives quitting and reopening. */
export class CertwrightApp {
  /** JSON of every Result the router returned to the page. */
  readonly outputs: string[] = [];
  /** The channel of each output, by index. */
  readonly outputChannels: string[] = [];
  /** JSON of every event sent to the page. */
  readonly events: string[] = [];
  /** Every Result and event as sent (a structured clone: a Uint8Array stays one), for the key-leak scan. */
  readonly #sent: Array<{ where: string; value: unknown }> = [];
  /** Passphrases that opened (or made) the vault in vaultDir, newest last: for getting its keys after the test. */
  readonly #passphrases: string[] = [];
  /** Console errors, page errors and CSP violations: a clean run has none. */
  readonly problems: string[] = [];
  /**
   * The native save dialogs are the one fake (there is no OS dialog in a browser): each one the app
   * opens takes the next path queued here, or is "closed" (null) when none is queued.
   */
  readonly dialogAnswers: Array<string | null> = [];
  /** What each dialog was asked to show, in order. */
  readonly dialogRequests: Array<{ kind: 'file' | 'folder' | 'open'; title: string; defaultName: string }> = [];

  #page: Page | null = null;
  #backend: Backend | null = null;
  #deliveries: Promise<unknown> = Promise.resolve();
  /** How far the auto-lock's clock is ahead of the real one (advanceIdle moves it). */
  #idleShiftMs = 0;
  /** The window's preferences (language, last view): kept across quit and launch, as electron-store keeps them. */
  readonly preferences = memoryPreferences();
  /** The KDF cost of a vault created here ({@link E2E_SCRYPT_N}); undefined: the app's own default, as in the app. */
  scryptN: number | undefined = E2E_SCRYPT_N;
  /** The OS's preferred languages as main sees them: set before launch() to run "on a Chinese system". */
  systemLanguages: readonly string[] = ['en-US'];

  constructor(
    readonly context: BrowserContext,
    readonly origin: string,
    readonly vaultDir: string,
  ) {
    appsOfThisTest.push(this);
  }

  get page(): Page {
    if (!this.#page) throw new Error('Certwright is not running: call launch() first');
    return this.#page;
  }

  /**
   * Starts the "app": a fresh backend over the vault directory and a new window on the UI.
   * `pseudo`: the window shows the pseudo-locale (en-XA), for the untranslated-text check.
   */
  async launch({ pseudo = false }: { pseudo?: boolean } = {}): Promise<Page> {
    if (this.#page) throw new Error('Certwright is already running');
    const page = await this.context.newPage();
    const log = (message: string, error: unknown) => this.problems.push(`main: ${message}${error === undefined ? '' : `: ${error instanceof Error ? error.stack : String(error)}`}`);
    const services = createServices({
      directory: this.vaultDir,
      ...(this.scryptN === undefined ? {} : { vault: new Vault({ directory: this.vaultDir, lock: fileLock(this.vaultDir), crypto: globalThis.crypto, scryptN: this.scryptN }) }),
      autoLock: {
        now: () => new Date(Date.now() + this.#idleShiftMs),
        timer: { every: () => () => undefined }, // checks happen in advanceIdle only
        onLocked: (reason) => router.broadcast('vault.locked', { reason }),
        log,
      },
    });
    const { vault } = services;
    const autoLock = services.autoLock!;
    const router = createRouter({
      handlers: createHandlers(services, { dialogs: this.#dialogs, preferences: this.preferences, systemLanguages: () => this.systemLanguages }),
      trustedOrigin: this.origin,
      emit: (_caller: Caller, event: EventName, payload: unknown) => this.#deliver(page, event, payload),
      broadcast: (event: EventName, payload: unknown) => this.#deliver(page, event, payload),
      onActivity: () => autoLock.touch(),
      log,
    });
    this.#backend = { vault, router, autoLock, close: () => services.close() };

    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error' || message.type() === 'warning') this.problems.push(`console.${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.problems.push(`pageerror: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) this.problems.push(`HTTP ${response.status()} for ${response.url()}`);
    });

    await page.exposeBinding(INVOKE_BINDING, async (source, channel: unknown, input: unknown) => {
      const caller: Caller = {
        url: source.frame.url(),
        isMainFrame: source.frame === source.page.mainFrame(),
        isOwnWindow: source.page === page,
      };
      const result = await router.invoke(channel, input, caller);
      // Events a handler emitted reach the page before the result, as over Electron IPC.
      await this.#deliveries;
      this.outputs.push(JSON.stringify(result));
      this.outputChannels.push(String(channel));
      this.#record(`IPC output #${this.outputs.length - 1} (${String(channel)})`, result);
      this.#notePassphrase(channel, input, result.ok);
      return result;
    });
    await page.addInitScript(() => {
      // CSP violations are also console errors in Chromium; this names them unambiguously.
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`));
    });
    await page.addInitScript({ path: BRIDGE_FILE });
    this.#page = page;
    await page.goto(`${this.origin}/index.html${pseudo ? '?lang=en-XA' : ''}`);
    return page;
  }

  readonly #dialogs: Dialogs = {
    chooseSaveFile: async ({ title, defaultName }) => {
      this.dialogRequests.push({ kind: 'file', title, defaultName });
      return this.dialogAnswers.shift() ?? null;
    },
    chooseFolder: async ({ title, defaultName }) => {
      this.dialogRequests.push({ kind: 'folder', title, defaultName });
      return this.dialogAnswers.shift() ?? null;
    },
    chooseOpenFile: async ({ title }) => {
      this.dialogRequests.push({ kind: 'open', title, defaultName: '' });
      return this.dialogAnswers.shift() ?? null;
    },
  };

  /**
   * Moves the auto-lock's clock `ms` ahead (as if the user had left the window alone that long) and
   * runs the idle check the app runs every 15 s. Returns why the vault locked (null: it did not),
   * once the `vault.locked` event, if any, has reached the page.
   */
  async advanceIdle(ms: number): Promise<LockReason | null> {
    const backend = this.#backend;
    if (!backend) throw new Error('Certwright is not running: call launch() first');
    this.#idleShiftMs += ms;
    const reason = backend.autoLock.check();
    await this.#deliveries;
    return reason;
  }

  /** Closes the window and drops all in-memory state, as quitting the app does. */
  async quit(): Promise<void> {
    const page = this.#page;
    this.#page = null;
    await this.#deliveries;
    this.#backend?.autoLock.stop();
    this.#backend?.vault.lock();
    // As the app's will-quit does: listeners (OCSP, publication, token, ACME, metrics) and schedules stop.
    await this.#backend?.close();
    this.#backend = null;
    if (page && !page.isClosed()) await page.close();
  }

  /**
   * Opens the vault directory with a separate Vault, unlocks it and returns every authority's
   * PKCS#8 (and, with `certificates`, every sealed leaf key's): the needles for the key-leak check.
   * The caller must zero them when done.
   */
  async privateKeys(passphrase: string, { certificates = false } = {}): Promise<Uint8Array[]> {
    const vault = new Vault({ directory: this.vaultDir, lock: fileLock(this.vaultDir), crypto: globalThis.crypto });
    await vault.unlock(passphrase);
    try {
      const authorities = vault.listAuthorities();
      const leaves = certificates ? authorities.flatMap((a) => vault.listCertificates(a.id).filter((c) => c.sealedKey !== undefined)) : [];
      // Authority keys never leave the vault through its API: they are opened from the files, as only the vault may.
      return await Promise.all([
        // A remote authority (issue 20) has no key in the vault: its step-ca server holds it.
        ...authorities.filter((a) => a.sealedKey !== undefined).map((a) => authorityKeyFromFiles(this.vaultDir, passphrase, a.id)),
        ...leaves.map((record) => vault.exportPrivateKeyPkcs8(record.id)),
      ]);
    } finally {
      vault.lock();
    }
  }

  /** Every recorded output and event, as haystacks for findKeyMaterial. */
  recorded(): Array<{ where: string; bytes: Uint8Array }> {
    const encoder = new TextEncoder();
    return [
      ...this.outputs.map((json, i) => ({ where: `IPC output #${i}`, bytes: encoder.encode(json) })),
      ...this.events.map((json, i) => ({ where: `event #${i}`, bytes: encoder.encode(json) })),
    ];
  }

  #record(where: string, value: unknown): void {
    let copy: unknown;
    try {
      copy = structuredClone(value);
    } catch {
      copy = value; // not cloneable (a function inside): scanned as it is
    }
    this.#sent.push({ where, value: copy });
  }

  #notePassphrase(channel: unknown, input: unknown, ok: boolean): void {
    const field = typeof channel === 'string' ? PASSPHRASE_FIELDS[channel as Channel] : undefined;
    const passphrase = field && ok && typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[field] : undefined;
    if (typeof passphrase === 'string' && this.#passphrases.at(-1) !== passphrase) this.#passphrases.push(passphrase);
  }

  /** Every output and event as sent, as haystacks (their JSON, and any binary value on its own). */
  sentHaystacks(): Haystack[] {
    return this.#sent.flatMap(({ where, value }) => haystacksOf(where, value));
  }

  /**
   * The private keys of the vault in vaultDir (every authority's and every sealed leaf key), opened
   * with the passphrases this app saw succeed, newest first. No vault there: no keys. A vault that
   * none of them opens is a problem the scan reports, never a silent pass.
   */
  async vaultKeysForScan(): Promise<{ keys: Uint8Array[]; problem: string | null }> {
    if (!existsSync(this.vaultDir) || (await readdir(this.vaultDir)).length === 0) return { keys: [], problem: null };
    if (new Vault({ directory: this.vaultDir, crypto: globalThis.crypto }).state() === 'uninitialized') return { keys: [], problem: null };
    const tried: string[] = [];
    for (const passphrase of [...this.#passphrases].reverse()) {
      try {
        return { keys: await this.privateKeys(passphrase, { certificates: true }), problem: null };
      } catch (error) {
        tried.push(error instanceof Error ? error.message : String(error));
      }
    }
    if (this.#passphrases.length === 0) return { keys: [], problem: null }; // never opened here: no handler could read a key
    return { keys: [], problem: `the vault in ${this.vaultDir} could not be opened to get its keys for the leak scan (${tried.join('; ')})` };
  }

  #deliver(page: Page, event: EventName, payload: unknown): void {
    this.events.push(JSON.stringify({ event, payload }));
    this.#record(`event #${this.events.length - 1} (${event})`, { event, payload });
    this.#deliveries = this.#deliveries
      .then(() =>
        page.evaluate(
          ([fn, name, data]) => {
            const deliver = (window as unknown as Record<string, (e: string, p: unknown) => void>)[fn];
            deliver?.(name, data);
          },
          [DELIVER_FUNCTION, event, payload] as const,
        ),
      )
      .catch(() => undefined); // the window may have closed meanwhile; so would an Electron one
  }
}

// ---- Screenshots ----------------------------------------------------------------------------

/** Saves test-output/screenshots/<name>.png (name like "03-authorities-empty"). */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // Let focus rings and progress transitions settle.
  await page.waitForTimeout(150);
  // No card, button or table cell overflows, at this viewport and at 1024×768 (issue 17).
  await assertNoOverflow(page, name);
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  return path;
}

// ---- Fixtures -------------------------------------------------------------------------------

interface WorkerFixtures {
  staticServer: StaticServer;
}

interface TestFixtures {
  certwright: CertwrightApp;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  staticServer: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      for (const file of [join(RENDERER_DIR, 'index.html'), join(RENDERER_DIR, 'app.js'), join(RENDERER_DIR, 'app.css'), BRIDGE_FILE]) {
        if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` before the end-to-end tests`);
      }
      const server = await startStaticServer(RENDERER_DIR);
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  certwright: async ({ context, staticServer }, use) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: staticServer.origin });
    const vaultDir = await mkdtemp(join(tmpdir(), 'certwright-e2e-'));
    appsOfThisTest.length = 0;
    const app = new CertwrightApp(context, staticServer.origin, vaultDir);
    try {
      await use(app);
      await app.quit();
      await checkEverythingSent(appsOfThisTest);
    } finally {
      await app.quit();
      appsOfThisTest.length = 0;
      await rm(vaultDir, { recursive: true, force: true });
    }
  },
});

// ---- After every test: what main sent the page ---------------------------------------------------

/**
 * Runs after every test, on every app the test made: no answer broke its contract (the router
 * refused it and logged so), and no output, event or vault file holds any of the vaults' private
 * keys in any encoding. Keys come from every vault still on disk, so an app whose folder a spec
 * removed is still scanned for the others' (a restored copy holds the same keys).
 */
export async function checkEverythingSent(apps: readonly CertwrightApp[]): Promise<void> {
  const failures: string[] = [];
  for (const app of apps) {
    for (const problem of app.problems) if (problem.includes('did not match its contract')) failures.push(problem);
  }
  const keys: Uint8Array[] = [];
  try {
    const haystacks: Haystack[] = [];
    for (const app of apps) {
      const found = await app.vaultKeysForScan();
      keys.push(...found.keys);
      if (found.problem) failures.push(found.problem);
      haystacks.push(...app.sentHaystacks());
      if (existsSync(app.vaultDir)) for (const file of await filesBelow(app.vaultDir)) haystacks.push({ where: `vault file ${relative(app.vaultDir, file.where)}`, bytes: file.bytes });
    }
    const leaks: KeyLeak[] = findKeyMaterial(haystacks, keys);
    for (const leak of leaks) failures.push(`private key material in ${leak.where}: ${leak.form}${leak.key === undefined ? '' : ` (key ${leak.key + 1} of ${keys.length})`}`);
  } finally {
    for (const key of keys) key.fill(0);
  }
  if (failures.length > 0) throw new Error(`After the test, what main sent the page failed its checks:\n- ${failures.join('\n- ')}`);
}

export { expect } from '@playwright/test';
