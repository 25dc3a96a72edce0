/**
 * Proves the layering rules in eslint.config.mjs bite: snippets linted as if they were files in each
 * layer, through ESLint's Node API and the repository's real config. A wrong import must be an
 * error; the imports each layer legitimately needs must stay clean.
 */
import { ESLint, type Linter } from 'eslint';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LAYERING_RULES = new Set(['no-restricted-imports', 'no-restricted-globals']);

let eslint: ESLint;
before(() => {
  eslint = new ESLint({ cwd: ROOT, overrideConfigFile: join(ROOT, 'eslint.config.mjs') });
});

async function layeringErrors(code: string, file: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  assert.ok(result, 'ESLint returned no result');
  const fatal = result.messages.filter((m) => m.fatal);
  assert.deepEqual(fatal, [], `${file} did not parse`);
  return result.messages.filter((m) => m.ruleId !== null && LAYERING_RULES.has(m.ruleId) && m.severity === 2);
}

async function assertRefused(code: string, file: string, message?: RegExp): Promise<void> {
  const errors = await layeringErrors(code, file);
  assert.ok(errors.length > 0, `expected a layering error for ${JSON.stringify(code)} in ${file}`);
  if (message) assert.ok(errors.some((e) => message.test(e.message)), `${file}: ${errors.map((e) => e.message).join(' | ')}`);
}

async function assertAllowed(code: string, file: string): Promise<void> {
  const errors = await layeringErrors(code, file);
  assert.deepEqual(
    errors.map((e) => e.message),
    [],
    `expected ${JSON.stringify(code)} to be allowed in ${file}`,
  );
}

describe('layering: engine and vault never import electron', () => {
  test("import { app } from 'electron' is an error in electron/engine and electron/vault", async () => {
    await assertRefused("import { app } from 'electron';\nexport const x = app;\n", 'electron/engine/x.ts', /engine.*must not import electron/);
    await assertRefused("import { app } from 'electron';\nexport const x = app;\n", 'electron/vault/x.ts', /vault.*must not import electron/);
    await assertRefused("import electron from 'electron';\nexport const x = electron;\n", 'electron/engine/deep/nested/y.ts');
    await assertRefused("export { app } from 'electron';\n", 'electron/vault/x.ts');
  });

  test('electron-store is an error there too, and conf in the vault (its files go through its own durable writer)', async () => {
    await assertRefused("import Store from 'electron-store';\nexport const S = Store;\n", 'electron/vault/x.ts', /electron-store/);
    await assertRefused("import Store from 'electron-store';\nexport const S = Store;\n", 'electron/engine/x.ts', /electron-store/);
    await assertRefused("import Conf from 'conf';\nexport const C = Conf;\n", 'electron/vault/x.ts', /durable\.ts/);
    await assertAllowed("import { writeFileSync } from 'node:fs';\nexport const w = writeFileSync;\n", 'electron/vault/x.ts');
  });

  test('the engine does not touch the file system or reach up into vault/main', async () => {
    await assertRefused("import { readFile } from 'node:fs/promises';\nexport const r = readFile;\n", 'electron/engine/x.ts', /file system/);
    await assertRefused("import { Vault } from '../vault/vault.js';\nexport const v = Vault;\n", 'electron/engine/x.ts', /bottom layer/);
    await assertRefused("import { createRouter } from '../main/ipc/router.js';\nexport const r = createRouter;\n", 'electron/vault/x.ts');
    await assertAllowed(
      "import { randomBytes } from 'node:crypto';\nimport { z } from 'zod';\nimport type { KeyAlgorithmId } from '../../shared/domain/keys.js';\nimport { X509 } from './webcrypto.js';\nexport const all = [randomBytes, z, X509] as const;\nexport type K = KeyAlgorithmId;\n",
      'electron/engine/x.ts',
    );
  });
});

describe('layering: one service layer under every front end', () => {
  test('electron/services never imports electron, the window side (main), the CLI or the renderer', async () => {
    await assertRefused("import { app } from 'electron';\nexport const a = app;\n", 'electron/services/x.ts', /service layer.*must not import electron/);
    await assertRefused("import Store from 'electron-store';\nexport const S = Store;\n", 'electron/services/x.ts', /electron-store/);
    await assertRefused("import { createRouter } from '../main/ipc/router.js';\nexport const r = createRouter;\n", 'electron/services/x.ts', /under every front end/);
    await assertRefused("import type { Dialogs } from '../main/platform/dialogs.js';\nexport type D = Dialogs;\n", 'electron/services/deep/x.ts', /under every front end/);
    await assertRefused("import { Session } from '../cli/session.js';\nexport const s = Session;\n", 'electron/services/x.ts', /under every front end/);
    await assertRefused("import { App } from '../../renderer/app/App.js';\nexport const a = App;\n", 'electron/services/x.ts', /renderer/);
  });

  test('services may use the engine, the vault, shared, the untrusted-input pool and Node', async () => {
    await assertAllowed(
      "import { createServer } from 'node:http';\nimport { toPem } from '../engine/pem.js';\nimport { Vault } from '../vault/vault.js';\nimport { untrustedPool } from '../workers/pool.js';\nimport { CertwrightError } from '../../shared/errors.js';\nexport const x = [createServer, toPem, Vault, untrustedPool, CertwrightError];\n",
      'electron/services/x.ts',
    );
  });

  test('the CLI calls services, never main/ipc (no router with a borrowed trusted origin)', async () => {
    await assertRefused("import { createRouter } from '../main/ipc/router.js';\nexport const r = createRouter;\n", 'electron/cli/x.ts', /never electron\/main/);
    await assertRefused("import { createHandlers } from '../main/ipc/handlers/index.js';\nexport const h = createHandlers;\n", 'electron/cli/x.ts', /never electron\/main/);
    await assertRefused("import { app } from 'electron';\nexport const a = app;\n", 'electron/cli/x.ts', /CLI.*must not import electron/);
    await assertAllowed("import { createServices } from '../services/index.js';\nimport { parseInput } from '../../shared/ipc/validate.js';\nimport { readFile } from 'node:fs/promises';\nexport const x = [createServices, parseInput, readFile];\n", 'electron/cli/x.ts');
  });

  test('main may build the services and hand them to its handlers', async () => {
    await assertAllowed("import { createServices } from '../services/index.js';\nimport { createHandlers } from './ipc/handlers/index.js';\nexport const x = [createServices, createHandlers];\n", 'electron/main/x.ts');
  });
});

describe('layering: the untrusted-input worker holds no key', () => {
  test('electron/workers may not import the vault or electron', async () => {
    await assertRefused("import { Vault } from '../vault/vault.js';\nexport const v = Vault;\n", 'electron/workers/x.ts', /never holds a vault key/);
    await assertRefused("import type { Vault } from '../vault/vault.js';\nexport type V = Vault;\n", 'electron/workers/x.ts', /never holds a vault key/);
    await assertRefused("import { app } from 'electron';\nexport const a = app;\n", 'electron/workers/x.ts', /untrusted-input worker.*must not import electron/);
  });

  test('it may use the engine, the TLS probe and Node', async () => {
    await assertAllowed("import { readInput } from '../engine/inspect/read-input.js';\nimport { probeTls } from '../services/tls-probe.js';\nimport { Worker } from 'node:worker_threads';\nexport const x = [readInput, probeTls, Worker];\n", 'electron/workers/x.ts');
  });
});

describe('layering: the renderer has no Node and no Electron', () => {
  test("import fs from 'node:fs' is an error in renderer/", async () => {
    await assertRefused("import fs from 'node:fs';\nexport const f = fs;\n", 'renderer/views/x.tsx', /without Node/);
    await assertRefused("import fs from 'fs';\nexport const f = fs;\n", 'renderer/x.ts', /without Node/);
    await assertRefused("import { join } from 'path';\nexport const j = join;\n", 'renderer/x.ts');
    await assertRefused("import { test } from 'node:test';\nexport const t = test;\n", 'renderer/x.ts');
    await assertRefused("import os from 'node:some-future-module';\nexport const o = os;\n", 'renderer/x.ts', /without Node/);
  });

  test('electron, electron/ and Node globals are errors in renderer/', async () => {
    await assertRefused("import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n", 'renderer/x.ts');
    await assertRefused("import { buildClient } from '../../electron/preload/client.js';\nexport const b = buildClient;\n", 'renderer/ipc/x.ts', /window\.certwright/);
    await assertRefused("import type { Router } from '../electron/main/ipc/router.js';\nexport type R = Router;\n", 'renderer/x.ts');
    await assertRefused('export const b = Buffer.from("x");\n', 'renderer/x.ts', /Node global/);
  });

  test('the renderer may import shared/, React and zod', async () => {
    await assertAllowed(
      "import { useState } from 'react';\nimport { z } from 'zod';\nimport type { CertwrightApi } from '../../shared/ipc/contract.js';\nexport const all = [useState, z] as const;\nexport type Api = CertwrightApi;\n",
      'renderer/views/x.tsx',
    );
  });
});

describe('layering: shared/ is the bottom layer', () => {
  test("import … from '../../electron/…' is an error in shared/", async () => {
    await assertRefused("import { Vault } from '../../electron/vault/vault.js';\nexport const v = Vault;\n", 'shared/domain/x.ts', /bottom layer/);
    await assertRefused("import type { Handlers } from '../../electron/main/ipc/handler.js';\nexport type H = Handlers;\n", 'shared/ipc/x.ts', /bottom layer/);
    await assertRefused("import { App } from '../../renderer/app/App.js';\nexport const a = App;\n", 'shared/x.ts', /bottom layer/);
  });

  test('electron and Node built-ins are errors in shared/', async () => {
    await assertRefused("import { app } from 'electron';\nexport const a = app;\n", 'shared/x.ts');
    await assertRefused("import { randomBytes } from 'node:crypto';\nexport const r = randomBytes;\n", 'shared/x.ts', /without Node/);
    await assertRefused("import { Buffer } from 'buffer';\nexport const b = Buffer;\n", 'shared/x.ts');
  });

  test('shared/ may import zod and itself', async () => {
    await assertAllowed("import { z } from 'zod';\nimport { SubjectInput } from '../validation/subject.js';\nexport const all = [z, SubjectInput] as const;\n", 'shared/ipc/x.ts');
  });
});

describe('layering: raw IPC in exactly one file per side', () => {
  const useIpcMain = "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n";
  const useIpcRenderer = "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n";

  test('ipcMain is an error outside electron/main/ipc/register.ts', async () => {
    for (const file of ['electron/main/main.ts', 'electron/main/app.ts', 'electron/main/ipc/router.ts', 'electron/main/ipc/handlers/vault.ts', 'electron/preload/preload.ts', 'test/unit/x.test.ts', 'build.config.mjs']) {
      await assertRefused(useIpcMain, file, /Only electron\/main\/ipc\/register\.ts may use ipcMain/);
    }
    await assertRefused("import { app, ipcMain as m } from 'electron';\nexport const i = [app, m];\n", 'electron/main/main.ts', /ipcMain/);
    await assertAllowed(useIpcMain, 'electron/main/ipc/register.ts');
  });

  test('ipcRenderer is an error outside electron/preload/preload.ts', async () => {
    for (const file of ['electron/preload/client.ts', 'electron/main/ipc/register.ts', 'electron/main/main.ts', 'test/e2e/x.ts']) {
      await assertRefused(useIpcRenderer, file, /Only electron\/preload\/preload\.ts may use ipcRenderer/);
    }
    await assertAllowed(useIpcRenderer, 'electron/preload/preload.ts');
  });

  test('main may import the rest of electron', async () => {
    await assertAllowed("import { app, BrowserWindow, protocol, session, shell } from 'electron';\nexport const all = [app, BrowserWindow, protocol, session, shell];\n", 'electron/main/main.ts');
    await assertAllowed("import { contextBridge } from 'electron';\nexport const c = contextBridge;\n", 'electron/preload/preload.ts');
  });
});

describe('words: the window takes every text from the catalogs', () => {
  const literalErrors = async (code: string, file: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
    assert.ok(result, 'ESLint returned no result');
    assert.deepEqual(result.messages.filter((m) => m.fatal), [], `${file} did not parse`);
    return result.messages.filter((m) => m.ruleId === 'i18next/no-literal-string');
  };

  test('a literal sentence, label or capitalised word in the renderer is an error', async () => {
    for (const code of [
      'export const Title = () => <p>Issue certificate</p>;\n',
      'export const CloseButton = () => <button aria-label="Close dialog" />;\n',
      'export const Heading = () => <h1>Certificates</h1>;\n',
      "export const message = (n: number) => `${n} days left`;\n",
      "export const problem = { field: 'Give the DNS server as an address' };\n",
    ]) {
      assert.ok((await literalErrors(code, 'renderer/views/x.tsx')).length > 0, `no error for ${code}`);
    }
  });

  test('catalog keys, identifiers and punctuation pass; outside the renderer the rule does not apply', async () => {
    await Promise.all(
      [
        "import { useT } from '../i18n/use-t.js';\nexport const Opening = () => { const t = useT(); return <p className=\"muted\">{t('app:boot.opening')}</p>; };\n",
        "export const state = { phase: 'loading', field: 'resolve.0.name', month: '2-digit' };\n",
        'export const Sep = () => <span> · </span>;\n',
      ].map(async (code) => assert.deepEqual(await literalErrors(code, 'renderer/views/x.tsx'), [], code)),
    );
    assert.deepEqual(await literalErrors("export const line = 'Usage: certwright issue --ca CA';\n", 'electron/cli/x.ts'), []);
  });
});

describe('layering: the repository itself', () => {
  test('electron/ and shared/ have no lint errors', async () => {
    const results = await eslint.lintFiles(['electron', 'shared']);
    const errors = results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${r.filePath.slice(ROOT.length)}:${m.line} ${m.ruleId}: ${m.message}`));
    assert.deepEqual(errors, []);
  });
});
