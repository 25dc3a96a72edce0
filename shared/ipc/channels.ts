/**
 * The names of every channel and event, as plain data with no zod: the preload is built from this
 * list without pulling the schemas into the page. `contract.ts` checks at compile time that this list
 * and the contract's keys are exactly the same set, so the two cannot drift.
 */
export const CHANNEL_NAMES = [
  'vault.status',
  'vault.create',
  'vault.unlock',
  'vault.lock',
  'vault.changePassphrase',
  'vault.backup',
  'vault.restore',
  'vault.restoreTo',
  'vault.activity',
  'operation.cancel',
  'authority.list',
  'authority.get',
  'authority.createRoot',
  'authority.createIntermediate',
  'authority.createPending',
  'authority.activate',
  'authority.updateSettings',
  'certificate.list',
  'certificate.get',
  'certificate.issue',
  'certificate.issuePair',
  'certificate.issueBulk',
  'certificate.export',
  'certificate.exportAll',
  'authority.saveCsr',
  'certificate.snippets',
  'certificate.prove',
  'certificate.revoke',
  'certificate.release',
  'authority.crl',
  'authority.crlEntries',
  'authority.publishCrl',
  'authority.exportCrl',
  'authority.revoke',
  'authority.revocationImpact',
  'authority.ocspStart',
  'authority.ocspStop',
  'authority.ocspStatus',
  'authority.publishToFolder',
  'authority.publicationStart',
  'authority.publicationStop',
  'authority.publicationStatus',
  'authority.checkReachability',
  'csr.inspect',
  'crl.inspect',
  'csr.sign',
  'csr.signCa',
  'authority.import',
  'authority.exportIstio',
  'authority.exportStepCa',
  'inspect.input',
  'inspect.endpoint',
  'inspect.addToVault',
  'inspect.asn1',
  'dashboard.get',
  'certificate.renew',
  'certificate.exportList',
  'certificate.query',
  'certificate.select',
  'certificate.summaries',
  'preferences.get',
  'preferences.setLanguage',
  'preferences.setLastView',
  'settings.get',
  'settings.updateExpiry',
  'settings.updateSecurity',
  'audit.list',
  'audit.verify',
  'audit.export',
  'jwt.issuers',
  'jwt.createIssuer',
  'jwt.rotateKey',
  'jwt.publicKeys',
  'jwt.exportKeys',
  'jwt.mint',
  'jwt.verify',
  'jwt.endpointStart',
  'jwt.endpointStop',
  'jwt.snippets',
  'policy.get',
  'policy.save',
  'policy.import',
  'policy.export',
  'policy.check',
  'services.list',
  'acme.start',
  'acme.stop',
  'acme.panel',
  'watch.list',
  'watch.add',
  'watch.update',
  'watch.remove',
  'watch.import',
  'remote.list',
  'remote.connect',
  'remote.check',
  'watch.run',
  'watch.history',
  'settings.updateWatch',
  'metrics.status',
] as const;

export const EVENT_NAMES = ['operation.progress', 'vault.locked', 'app.command'] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

/**
 * Channels a view calls by itself on a timer (a panel polling a running server), not because the
 * user did something: they do not count as activity, so an open window still locks when idle.
 */
export const PASSIVE_CHANNELS: ReadonlySet<ChannelName> = new Set<ChannelName>(['acme.panel']);

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && (CHANNEL_NAMES as readonly string[]).includes(name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}
