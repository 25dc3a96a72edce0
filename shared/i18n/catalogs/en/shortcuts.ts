/** English: the source of every text in the `shortcuts` namespace (the keyboard shortcuts and their sheet). */
export default {
  command: {
    newCertificate: 'New certificate',
    inspectClipboard: 'Inspect the text on the clipboard',
    search: 'Search the certificate list',
    lockVault: 'Lock the vault',
    showShortcuts: 'Show the keyboard shortcuts',
  },
  sheet: {
    title: 'Keyboard shortcuts',
    intro: 'They work in every view while the vault is unlocked; the menu bar lists them too.',
    action: 'Action',
    keys: 'Keys',
    or: 'or',
    close: 'Close',
  },
  help: {
    button: 'Keyboard shortcuts',
  },
  clipboard: {
    empty: 'The clipboard holds no text to inspect.',
    refused: 'Certwright could not read the clipboard. Paste the text into Inspect instead.',
  },
};
