// ESLint flat config: TypeScript's recommended rules plus the LAYERING rules that make a wrong
// import fail the build instead of a review (DESIGN.md §1-§3):
//
//   shared/           imports nothing from electron/ or renderer/, no Node built-ins, no Electron
//   renderer/         no Electron, no Node built-ins, nothing from electron/ (it talks to window.certwright)
//   electron/engine/  no Electron, no electron-store, no file system; nothing from main/vault/preload
//   electron/vault/   no Electron, no electron-store, no conf: its files go through its own durable writer
//   electron/workers/ no Electron, nothing from electron/vault: the untrusted-input worker holds no key
//   electron/services/ no Electron, nothing from main/cli/preload: the application layer under every front end
//                     (it uses engine, vault, shared, and the untrusted-input pool of electron/workers)
//   electron/cli/     no Electron, nothing from electron/main: it calls the services, not the router
//   ipcMain           only in electron/main/ipc/register.ts
//   ipcRenderer       only in electron/preload/preload.ts
//
// no-restricted-imports is ONE rule: for a given file, the last matching config object's options
// win (they are not merged). So every layer below lists its complete set of restrictions, built
// from the pieces here, and the layers' file globs do not overlap.
// test/unit/layering.test.ts lints snippets against this file to prove each rule bites.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import i18next from 'eslint-plugin-i18next';

const SOURCE_FILES = ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'];

// ---- Pieces ------------------------------------------------------------------------------------

const IPC_MAIN_ONLY_IN_REGISTER = {
  name: 'electron',
  importNames: ['ipcMain'],
  message: 'Only electron/main/ipc/register.ts may use ipcMain: every IPC call goes through the router and its sender check.',
};
const IPC_RENDERER_ONLY_IN_PRELOAD = {
  name: 'electron',
  importNames: ['ipcRenderer'],
  message: 'Only electron/preload/preload.ts may use ipcRenderer: the renderer gets the typed client, never raw IPC.',
};

const noElectron = (layer) => [
  { name: 'electron', message: `${layer} must not import electron.` },
  { name: 'electron-store', message: `${layer} must not import electron-store (it imports electron).` },
];

// Every Node built-in, bare and with the node: prefix (a pattern catches node: names added later).
const NODE_BUILTIN_NAMES = [...new Set(builtinModules.flatMap((name) => (name.startsWith('node:') ? [name] : [name, `node:${name}`])))];
const noNodeBuiltins = (layer) => [
  ...NODE_BUILTIN_NAMES.map((name) => ({ name, message: `${layer} runs without Node: no Node built-ins.` })),
  { name: 'conf', message: `${layer} runs without Node: no conf.` },
];
const noNodeScheme = (layer) => ({ regex: '^node:', message: `${layer} runs without Node: no Node built-ins.` });

const NO_FILE_SYSTEM = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({
  name,
  message: 'The engine never touches the file system: it works on bytes; the vault and main do the I/O.',
}));

// Relative imports that reach into another layer's folder (the pattern is matched against the
// import specifier as written, e.g. '../../electron/vault/vault.js').
const intoFolder = (folders, message) => ({ regex: `^\\.{1,2}/(?:.*/)?(?:${folders.join('|')})/`, message });

const restrict = ({ paths = [], patterns = [] }) => ({
  'no-restricted-imports': ['error', { paths: [...paths], patterns: [...patterns] }],
});

// ---- Config ------------------------------------------------------------------------------------

export default defineConfig(
  { ignores: ['dist/**', 'node_modules/**', '**/node_modules/**', 'test-output/**', 'test-results/**', 'playwright-report/**'] },

  { files: SOURCE_FILES, ...js.configs.recommended },
  ...tseslint.configs.recommended.map((config) => ({ files: SOURCE_FILES, ...config })),

  {
    files: SOURCE_FILES,
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },

  // Where code runs decides its globals.
  { files: ['electron/**', 'test/**', '*.{js,mjs,cjs,ts}'], languageOptions: { globals: { ...globals.node } } },
  { files: ['renderer/**'], languageOptions: { globals: { ...globals.browser } } },

  // ---- Layering ----------------------------------------------------------------------------------

  // Everywhere: raw IPC only in its one file per side.
  { files: SOURCE_FILES, rules: restrict({ paths: [IPC_MAIN_ONLY_IN_REGISTER, IPC_RENDERER_ONLY_IN_PRELOAD] }) },
  { files: ['electron/main/ipc/register.ts'], rules: restrict({ paths: [IPC_RENDERER_ONLY_IN_PRELOAD] }) },
  { files: ['electron/preload/preload.ts'], rules: restrict({ paths: [IPC_MAIN_ONLY_IN_REGISTER] }) },

  {
    files: ['electron/engine/**'],
    rules: restrict({
      paths: [...noElectron('The engine (electron/engine)'), ...NO_FILE_SYSTEM],
      patterns: [
        intoFolder(['main', 'vault', 'preload'], 'The engine is the bottom layer: it must not import from electron/main, vault or preload.'),
        intoFolder(['renderer'], 'The engine must not import from renderer/.'),
      ],
    }),
  },
  {
    files: ['electron/vault/**'],
    rules: restrict({
      paths: [
        ...noElectron('The vault (electron/vault)'),
        { name: 'conf', message: 'The vault writes only through electron/vault/durable.ts: conf falls back to in-place writes and never fsyncs the folder.' },
      ],
      patterns: [
        intoFolder(['main', 'preload'], 'The vault must not import from electron/main or electron/preload.'),
        intoFolder(['renderer'], 'The vault must not import from renderer/.'),
      ],
    }),
  },
  {
    files: ['electron/workers/**'],
    rules: restrict({
      paths: [...noElectron('The untrusted-input worker (electron/workers)')],
      patterns: [
        intoFolder(['vault'], 'The untrusted-input worker never holds a vault key: electron/workers must not import electron/vault (main hands it data).'),
        intoFolder(['preload', 'renderer'], 'electron/workers must not import from electron/preload or renderer/.'),
      ],
    }),
  },
  {
    files: ['electron/services/**'],
    rules: restrict({
      paths: [...noElectron('The service layer (electron/services)')],
      patterns: [
        intoFolder(['main', 'cli', 'preload'], 'The service layer sits under every front end: electron/services must not import electron/main, electron/cli or electron/preload.'),
        intoFolder(['renderer'], 'electron/services must not import from renderer/.'),
      ],
    }),
  },
  {
    files: ['electron/cli/**'],
    rules: restrict({
      paths: [...noElectron('The CLI (electron/cli)')],
      patterns: [
        intoFolder(['main', 'preload'], 'The CLI calls the services (createServices in electron/services/index.ts), never electron/main: no router, no borrowed trusted origin.'),
        intoFolder(['renderer'], 'electron/cli must not import from renderer/.'),
      ],
    }),
  },
  {
    files: ['renderer/**'],
    rules: restrict({
      paths: [...noElectron('The renderer'), ...noNodeBuiltins('The renderer')],
      patterns: [
        noNodeScheme('The renderer'),
        { regex: '(?:^|/)electron/', message: 'The renderer must not import from electron/: it uses window.certwright, typed from shared/.' },
      ],
    }),
  },
  {
    files: ['shared/**'],
    rules: restrict({
      paths: [...noElectron('shared/'), ...noNodeBuiltins('shared/ (used by the renderer too)')],
      patterns: [
        noNodeScheme('shared/ (used by the renderer too)'),
        { regex: '(?:^|/)(?:electron|renderer)/', message: 'shared/ is the bottom layer: it must not import from electron/ or renderer/.' },
      ],
    }),
  },
  // Node-only globals have no business in code that also runs in the page.
  {
    files: ['renderer/**', 'shared/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['Buffer', 'require', '__dirname', '__filename', 'global', 'module'].map((name) => ({
          name,
          message: `${name} is a Node global; this code also runs in the sandboxed page.`,
        })),
      ],
    },
  },

  // ---- Words -------------------------------------------------------------------------------------
  // Every text the window shows comes from the catalogs (shared/i18n/catalogs): a literal sentence,
  // label or capitalised word in the renderer fails here. Identifier-like strings (no space and no
  // capital: 'valid', 'resolve.0.name', 'en-US'), constants and punctuation pass.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'all',
          'should-validate-template': true,
          words: { exclude: ['^[^A-Za-z]*$', '^[^\\sA-Z]*$', '^[A-Z0-9_]+$'] },
          callees: {
            exclude: ['i18n(ext)?', 't', 'msg', 'require', 'addEventListener', 'removeEventListener', 'postMessage', 'getElementById', 'querySelector(All)?', 'dispatch', 'includes', 'indexOf', 'endsWith', 'startsWith', 'Error', 'call', 'subscribe', 'matchMedia', 'Intl\\..*', 'toLocale.*'],
          },
        },
      ],
    },
  },
);
