/**
 * Consistent status and names in the window (issue 17): one label for a certificate everywhere
 * ("orders · client"), revoked says so instead of days left, a chain is never "Trusted" beside an
 * error about it, the top of an unanchored chain is not a green OK, and a leaf wizard prefers an
 * intermediate as its issuer.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuthoritySummary } from '../../shared/domain/authority.js';
import type { Finding, InspectChain, InspectLink } from '../../shared/domain/inspect.js';
import { msg } from '../../shared/i18n/message.js';
import { certificateLabel } from '../../renderer/app/format.js';
import { expiryNote } from '../../renderer/views/certificate-table.js';
import { chainVerdict, missingFromInput, shownLinkStatus } from '../../renderer/views/inspect/model.js';
import { preselectedIssuer } from '../../renderer/wizards/shared/usePreselectedIssuer.js';
import { certificateSummary } from '../support/summaries.js';

const NOW = new Date('2026-01-10T12:00:00Z');

describe('a certificate has one name everywhere', () => {
  test('the common name and the profile: a pair’s two certificates read apart', () => {
    assert.equal(certificateLabel(certificateSummary('orders', { profile: 'client' })), 'orders · client');
    assert.equal(certificateLabel(certificateSummary('orders', { profile: 'server' })), 'orders · server');
    assert.equal(certificateLabel(certificateSummary('', { profile: 'peer' })), '(no common name) · peer');
    // A CA as a revocation target: its name alone.
    assert.equal(certificateLabel({ subject: { commonName: 'Acme Issuing' } }), 'Acme Issuing');
  });
});

describe('revoked says so, with its date, instead of days left', () => {
  test('revoked and on hold; valid still counts its days', () => {
    const revoked = certificateSummary('gone', { notAfter: '2026-02-08T12:00:00Z', status: 'revoked', revocation: { reason: 'keyCompromise', revokedAt: '2026-01-09T08:00:00Z', invalidityDate: null } });
    assert.equal(expiryNote(revoked, NOW).text, 'revoked 2026-01-09');
    const held = certificateSummary('held', { status: 'revoked', revocation: { reason: 'certificateHold', revokedAt: '2026-01-08T08:00:00Z', invalidityDate: null } });
    assert.equal(expiryNote(held, NOW).text, 'on hold since 2026-01-08');
    assert.equal(expiryNote(certificateSummary('fine', { notAfter: '2026-02-08T12:00:00Z' }), NOW).text, 'expires in 29 days');
  });
});

const link = (commonName: string, role: InspectLink['role'], over: Partial<InspectLink> = {}): InspectLink => ({
  role,
  commonName,
  subjectDn: `CN=${commonName}`,
  serialNumberHex: '01',
  notAfter: '2030-01-01T00:00:00.000Z',
  status: 'ok',
  note: msg('diagnosis:test.none'),
  authorityId: null,
  origin: 'input',
  objectIndex: null,
  checks: [],
  ...over,
});
const finding = (id: Finding['id'], severity: Finding['severity']): Finding => ({ id, severity, title: msg(`diagnosis:${id}`), detail: msg('diagnosis:test.none'), advice: msg('diagnosis:test.none'), seenAs: [] });

describe('no "Trusted" or green OK beside an error about the same chain', () => {
  const viaVault: InspectChain = {
    links: [link('api', 'leaf'), link('Issuing', 'intermediate', { origin: 'vault' }), link('Root', 'root', { origin: 'vault' })],
    trusted: true,
    anchor: 'vault',
    effectiveNotAfter: '2026-03-01T00:00:00.000Z',
    effectiveLimitedBy: 'api',
  };

  test('a chain built here with the vault’s intermediate, which the input lacks, is refused by clients', () => {
    assert.deepEqual(chainVerdict(viaVault, []), { tone: 'ok', text: 'Trusted up to Root (in your vault)', note: null });
    const missing = chainVerdict(viaVault, [finding('incomplete-chain', 'error')]);
    assert.equal(missing.tone, 'expired');
    assert.equal(missing.text, 'Refused by clients');
    assert.match(missing.note ?? '', /builds here up to Root \(in your vault\), with certificates clients are not given/);
    // A host name that does not match is about the name, not the chain.
    assert.equal(chainVerdict(viaVault, [finding('hostname-mismatch', 'error')]).tone, 'ok');
    assert.equal(chainVerdict(viaVault, [finding('weak-key', 'warning')]).tone, 'ok');
    // The intermediate itself is not a green OK there: it is missing from what was given.
    assert.deepEqual([0, 1, 2].map((i) => missingFromInput(viaVault, [finding('incomplete-chain', 'error')], i)), [false, true, false]);
    assert.deepEqual([0, 1, 2].map((i) => missingFromInput(viaVault, [], i)), [false, false, false]);
  });

  test('a self-signed leaf no anchor vouches for is "Not trusted", not OK', () => {
    const selfSigned: InspectChain = { links: [link('self', 'leaf')], trusted: false, anchor: null, effectiveNotAfter: '2026-03-01T00:00:00.000Z', effectiveLimitedBy: 'self' };
    assert.equal(shownLinkStatus(selfSigned, 0), 'untrusted');
    assert.equal(chainVerdict(selfSigned, [finding('unknown-authority', 'error')]).text, 'Refused by clients');
    assert.equal(shownLinkStatus(viaVault, 2), 'ok', 'an anchored top stays OK');
    assert.equal(shownLinkStatus({ ...viaVault, anchor: null, trusted: false }, 0), 'ok', 'only the top takes the chain’s anchor');
  });
});

describe('a leaf wizard prefers an intermediate as its issuer', () => {
  const authority = (id: string, kind: AuthoritySummary['kind'], over: Partial<AuthoritySummary> = {}): AuthoritySummary => ({
    id: id.repeat(32).slice(0, 32),
    kind,
    state: 'active',
    parentId: null,
    subject: { commonName: `CA ${id}` },
    subjectDn: `CN=CA ${id}`,
    keyAlgorithm: 'p256',
    serialNumberHex: '01',
    notBefore: '2026-01-01T00:00:00Z',
    notAfter: '2030-01-01T00:00:00Z',
    sha256Fingerprint: 'AA',
    pathLength: null,
    nameConstraints: null,
    settings: { defaultValidityDays: 30, crlUrl: null, ocspUrl: null, caIssuersUrl: null, crlNextUpdateDays: 7 },
    counts: { issued: 0, revoked: 0, expiring: 0 },
    revocation: null,
    remoteId: null,
    createdAt: '2026-01-01T00:00:00Z',
    ...over,
  });

  test('the CA it was opened from, else an unrevoked intermediate, else the only CA', () => {
    const root = authority('r', 'root');
    const issuing = authority('i', 'intermediate', { parentId: root.id });
    const revoked = authority('x', 'intermediate', { revocation: { reason: 'cACompromise', revokedAt: '2026-01-05T00:00:00Z', invalidityDate: null } });
    assert.equal(preselectedIssuer([root, issuing], undefined)?.id, issuing.id);
    assert.equal(preselectedIssuer([root, revoked, issuing], undefined)?.id, issuing.id);
    assert.equal(preselectedIssuer([root, issuing], root.id)?.id, root.id, 'opened from the root: the root (and its confirmation)');
    assert.equal(preselectedIssuer([root], undefined)?.id, root.id);
    assert.equal(preselectedIssuer([root, authority('s', 'root')], undefined), undefined);
  });
});
