// electron-builder configuration for the release build (`npm run dist`). DESIGN.md §3: the packaged app
// loads only its own asar, and its Electron binary has the fuses below flipped. The unit tests
// (test/unit/packaging.test.ts) read this file: change a fuse here and they say so.
//
// What goes in app.asar: the built main process, preload and renderer (dist/electron, dist/renderer),
// package.json and the production dependencies main imports at run time (esbuild leaves node_modules
// external). Not dist/test (the e2e harness's bridge), not dist/cli (the CLI runs on Node, and with
// RunAsNode off the app's binary cannot be one), no source maps, no TypeScript sources.

/** The Electron fuses (https://www.electronjs.org/docs/latest/tutorial/fuses), flipped in the packaged binary. */
export const fuses = Object.freeze({
  // ELECTRON_RUN_AS_NODE would turn the app into a plain Node that runs any script with the app's identity.
  runAsNode: false,
  // Chromium's cookie store encrypted with the OS keychain (the UI sets no cookies; this keeps it so).
  enableCookieEncryption: true,
  // NODE_OPTIONS / NODE_EXTRA_CA_CERTS would let the environment inject code (--require) or trust into main.
  enableNodeOptionsEnvironmentVariable: false,
  // --inspect / --inspect-brk / SIGUSR1 would hand a debugger the process that holds the CA keys.
  enableNodeCliInspectArguments: false,
  // macOS and Windows check app.asar against the hash embedded at build time (Linux has no such check).
  enableEmbeddedAsarIntegrityValidation: true,
  // Only app.asar is loaded: no app/ folder or default_app.asar next to it is searched.
  onlyLoadAppFromAsar: true,
  // The UI comes from app://certwright, never file://: no extra privileges for file:// pages.
  grantFileProtocolExtraPrivileges: false,
});

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'io.certwright.desktop',
  productName: 'Certwright',
  copyright: 'Copyright © 2026 Certwright contributors',
  directories: { output: 'release', buildResources: 'assets' },

  files: [
    'dist/electron/**/*',
    'dist/renderer/**/*',
    'package.json',
    // Never shipped, wherever they are (ours or a dependency's): maps carry sources and build paths,
    // TypeScript sources and declarations are not run.
    '!**/*.map',
    '!**/*.{ts,mts,cts,tsx}',
    // Dependencies' own tests (electron-builder already leaves out test/, tests/ and __tests__/).
    '!**/node_modules/*/{spec,specs}/**',
  ],
  asar: true,
  // No native modules among the production dependencies: nothing to rebuild against Electron's ABI.
  npmRebuild: false,
  // A production dependency that cannot be found fails the build instead of a broken app at run time.
  allowMissingDependencies: false,
  electronFuses: { ...fuses },

  linux: {
    target: ['AppImage', 'deb'],
    icon: 'icons',
    executableName: 'certwright',
    category: 'Utility',
    synopsis: 'A desktop PKI manager for mutual TLS',
    maintainer: 'Certwright maintainers <maintainers@certwright.invalid>',
    desktop: { entry: { Categories: 'Utility;Security;', StartupWMClass: 'Certwright' } },
  },
  deb: { priority: 'optional' },

  mac: {
    target: ['dmg'],
    icon: 'icon.icns',
    category: 'public.app-category.developer-tools',
    hardenedRuntime: true,
  },
  dmg: { title: 'Certwright ${version}' },

  win: {
    target: [{ target: 'nsis', arch: ['x64', 'arm64'] }],
    icon: 'icon.ico',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    // The vault lives in the user's app data: uninstalling never deletes a CA.
    deleteAppDataOnUninstall: false,
  },
};

export default config;
