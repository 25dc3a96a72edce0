/** English: the source of every text in the `watch` namespace (endpoint watching, issue 19). */
export default {
  /** One sentence per finding (shared/domain/watch.ts WATCH_FINDINGS), with the facts that make it actionable. */
  finding: {
    unreachable: 'Unreachable: {{reason}}',
    notTls: 'Not TLS: {{reason}}',
    handshakeFailed: 'The TLS handshake failed: {{reason}}',
    expired: 'The served certificate {{name}} expired on {{date}}.',
    revoked: 'The served certificate {{name}} (serial {{serial}}) is revoked.',
    renewedNotDeployed: 'Renewed on {{date}}, still serving the old one: reload the service.',
    unexpectedCertificate: 'Serves {{served}}, not the expected {{expected}}.',
    hostMismatch: 'The served certificate does not cover {{host}}.',
    clientCertificateRefused: 'The client certificate {{name}} was refused.',
    expiresUrgent_one: 'The served chain expires in {{count, number}} day ({{date}}).',
    expiresUrgent_other: 'The served chain expires in {{count, number}} days ({{date}}).',
    expiresSoon_one: 'The served chain expires in {{count, number}} day ({{date}}).',
    expiresSoon_other: 'The served chain expires in {{count, number}} days ({{date}}).',
    chainIncomplete: 'The chain is incomplete: {{detail}}',
    chainOrder: 'The chain is served out of order.',
    clientAuthDropped: 'No longer asks for a client certificate; it did on {{date}}.',
  },
};
