/** English: the source of every text in the `importCa` namespace (the Import an existing CA wizard). */
export default {
  eyebrow: 'Authorities',
  title: 'Import an existing CA',
  step: {
    import: 'CA and key',
  },
  intro: {
    title: 'The CA and its private key',
    text: 'Bring a CA your organization already runs: a PKCS#12 file (.p12, .pfx) with its password, or PEM holding the CA certificate and its private key. For an intermediate, include the chain up to its root: it is kept, so what you issue carries it.',
  },
  open: 'Open PKCS#12 or PEM file…',
  content: {
    label: 'Certificate and private key (PEM)',
    fileRead: '{{file}} is read. Paste PEM here instead to replace it.',
    readBinary: 'Read from {{file}} (binary, sent as it is).',
    readPem: 'Read from {{file}} (PEM).',
    pasteHint: 'Or paste them: the certificate, its key and any chain certificates, in any order.',
    empty: 'Open the CA file, or paste its certificate and private key (PEM)',
  },
  password: {
    label: 'Password',
    hint: 'For a PKCS#12 file or an encrypted private key. Used once to open it; never stored.',
  },
  sealed: 'The private key is sealed in your vault like the keys made here. Keep the file you imported from somewhere safe, or delete it: the vault (and its backups) now hold the key.',
  action: {
    import: 'Import CA',
    importing: 'Importing…',
  },
  failed: 'Nothing was imported',
  done: 'Imported “{{name}}” with its private key, sealed in the vault: it can sign now.',
};
