/** English: the source of every text in the `issue` namespace. */
export default {
  steps: {
    issuer: 'CA & profile',
    subject: 'Subject & names',
    key: 'Key & validity',
    review: 'Review',
    issue: 'Issue',
  },
  eyebrow: 'Certificates',
  title: 'Issue certificate',
  run: 'Issue certificate',
  authoritiesFailed: 'The authorities could not be loaded',
  rootWhat: 'this certificate',
  issued: {
    server: 'Server certificate “{{name}}” was issued by {{issuer}}.',
    client: 'Client certificate “{{name}}” was issued by {{issuer}}.',
    peer: 'Peer certificate “{{name}}” was issued by {{issuer}}.',
    ca: 'Sub-CA certificate “{{name}}” was issued by {{issuer}}.',
  },
  issuer: {
    title: 'Who signs it, and what is it for?',
    intro: 'The profile decides the extended key usage: what a TLS peer will accept the certificate for.',
  },
  subject: {
    title: 'Subject and names',
    introClient: 'For a client certificate the common name is the service identity your servers authorize, e.g. billing-service. A URI SAN such as a SPIFFE ID is optional.',
    introServer: 'TLS clients check the DNS names and IP addresses below against the host they connect to; the common name is only a label.',
    cnHintClient: 'CN = service identity: the name your servers see and authorize.',
    cnHintServer: 'A label for people; put every name clients use in the SANs below.',
  },
  key: {
    title: 'Key and validity',
    intro: "The key is generated here and sealed in the vault, like your CAs' keys. Short validity limits the damage of a lost key.",
  },
  review: {
    title: 'Review',
    intro: 'Certwright adds the key usages of the profile, SKI and AKI, and a random serial of at least 64 bits.',
  },
  /** The steps main reports while it issues (operation.progress). */
  progress: {
    generatingKey: 'Generating the key',
    signing: 'Signing',
    sealing: 'Sealing the key and saving',
    saved: 'Saved',
    issuingOf: 'Issuing {{done, number}} of {{total, number}}',
    saving: 'Saving {{from, number}}–{{to, number}}',
    issuedOf: 'Issued {{done, number}} of {{total, number}}',
    done: 'Done',
    cancelled: 'Cancelled',
  },
  running: {
    starting: 'Starting…',
    title: 'Issuing “{{name}}”',
    failed: 'The certificate was not issued',
    slow: 'Generating an RSA key takes a few seconds.',
    fast: 'This only takes a moment.',
    progress: 'Issuing certificate',
  },
};
