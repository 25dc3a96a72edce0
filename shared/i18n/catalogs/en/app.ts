/** English: the source of every text in the `app` namespace. */
export default {
  boot: {
    opening: 'Opening Certwright…',
    failed: 'Certwright could not open its vault',
    tryAgain: 'Try again',
  },
  shell: {
    product: 'Certwright',
    vaultUnlocked: 'Vault unlocked',
    lockVault: 'Lock vault',
    mainNav: 'Main',
    keysStayHere: 'Keys stay on this computer',
    lockFailed: 'The vault could not be locked',
    rootCreated: 'Root CA “{{name}}” was created. Its private key is sealed in the vault.',
  },
  nav: {
    dashboard: 'Dashboard',
    authorities: 'Authorities',
    certificates: 'Certificates',
    services: 'Services',
    endpoints: 'Endpoints',
    inspect: 'Inspect',
    audit: 'Audit',
    settings: 'Settings',
  },
  unsaved: {
    question: '{{forms}}: your changes are not saved. Leave and discard them?',
  },
  authority: {
    waitingForCertificate: 'It is waiting for its signed certificate',
    expired: 'It has expired',
    pathLengthZero: 'Its path length is 0: it signs only leaf certificates',
  },
  ipc: {
    noBridge: 'Certwright cannot reach its main process (the bridge is missing). Restart the application.',
    unreadable: 'The main process sent an unreadable answer to {{channel}}.',
    failed: 'The call {{channel}} could not be completed: {{error}}',
  },
  load: {
    loading: 'Loading…',
    loadingDetails: 'Loading details…',
  },
  backup: {
    written: 'Backup written',
    writtenAt: 'Backup written {{at}}',
    file: 'Backup file',
    fileLabel: 'File',
    copyPath: 'Copy the backup path',
    size: 'Size',
    sha256: 'SHA-256',
    copySha256: 'Copy the SHA-256',
    keepApart: "It is encrypted under the vault's passphrase: keep the file and the passphrase apart, and copy the file somewhere off this computer.",
  },
  facts: {
    serialNumber: 'Serial number',
    copySerialNumber: 'Copy serial number',
    spkiPin: 'SPKI pin (SHA-256)',
    copySpkiPin: 'Copy SPKI pin',
  },
  chain: {
    title: 'Chain',
    path: 'Certification path',
    expires: 'expires {{date}}',
  },
  crl: {
    serial: 'Serial',
    commonName: 'Common name',
    reason: 'Reason',
    revoked: 'Revoked',
    invalidSince: 'Invalid since',
  },
  extensions: {
    title: 'Extensions',
  },
  san: {
    label: 'Subject alternative names',
    type: 'SAN type',
    addName: 'Add a name',
    empty: 'Type a DNS name, IP address, email or URI; the type is recognized as you type. Enter adds it.',
    recognized: '(type recognized; change it on the left)',
    removeName: 'Remove {{name}}',
    alreadyListed: '{{name}} is already in the list',
    listedTwice: '{{name}} is listed twice',
    needsServerName: 'A {{profile}} certificate needs at least one DNS name or IP address: Go and most TLS clients ignore the common name',
  },
  snippets: {
    label: 'Configuration snippets',
    complete: 'Complete as it is: run it in the bundle folder.',
    fragment: 'A fragment: put it into your own program or configuration.',
    copy: 'Copy {{title}}',
  },
  tokens: {
    understood: 'Understood from {{label}}',
  },
  progress: {
    count: '{{done, number}} of {{total, number}}',
    valueText: '{{step}} ({{percent, number}}%)',
  },
  file: {
    tooLarge: '{{name}} is larger than {{size, number}} MiB; that is not what this takes',
  },
};
