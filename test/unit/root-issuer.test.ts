/**
 * Hierarchy practice in main (issue 17), through the real vault, services and router:
 * - a root signs a leaf (issue, pair, bulk, a leaf CSR) only with the input's explicit acknowledgement;
 *   without it the refusal is ROOT_ISSUER_UNCONFIRMED, says why, and stores nothing; an intermediate
 *   needs no acknowledgement;
 * - a new intermediate's default validity ends well before its root (openssl reads the dates);
 * - the dashboard counts the leaves a root signed directly, and the list filters to them.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { defaultIntermediateDays, endsWithParent, renewalMarginDays, ROOT_SIGNS_ONLY_CAS } from '../../shared/domain/hierarchy.js';
import type { Channel, Input } from '../../shared/ipc/contract.js';
import { openBackend, TRUSTED_CALLER } from '../support/backend.js';
import { runPeer } from '../support/peers.js';
import { tempDir } from '../support/temp.js';

const PASSPHRASE = 'root issuer passphrase';
const DAY_MS = 86_400_000;

async function setup() {
  const dir = await tempDir();
  const backend = openBackend(dir);
  await backend.call('vault.create', { passphrase: PASSPHRASE });
  const root = await backend.call('authority.createRoot', { subject: { commonName: 'Hierarchy Root' } });
  const inter = (await backend.call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Hierarchy Issuing' } })).authority;
  // The window's way in, without the helper's acknowledgement.
  const invoke = <C extends Channel>(channel: C, input: Input<C>) => backend.router.invoke(channel, input, TRUSTED_CALLER);
  return { dir, backend, root, inter, invoke };
}

async function opensslCsr(dir: string): Promise<string> {
  const out = join(dir, 'leaf.csr');
  const made = await runPeer('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'leaf.key'), '-subj', '/CN=billing', '-addext', 'subjectAltName=DNS:billing.internal', '-out', out]);
  assert.equal(made.code, 0, made.stderr);
  return readFile(out, 'utf8');
}

describe('a root signs leaves only when the input acknowledges it', () => {
  test('issue, pair, bulk and a leaf CSR from a root are refused without the acknowledgement, and nothing is stored', async () => {
    const { dir, backend, root, invoke } = await setup();
    const csr = await opensslCsr(dir);
    const attempts = [
      invoke('certificate.issue', { authorityId: root.id, profile: 'server', subject: { commonName: 'api' }, sans: [{ type: 'dns', value: 'api.internal' }] }),
      invoke('certificate.issuePair', { authorityId: root.id, serviceName: 'orders', dnsNames: ['orders.internal'] }),
      invoke('certificate.issueBulk', { authorityId: root.id, profile: 'client', serviceNames: ['a', 'b', 'c'] }),
      invoke('csr.sign', { csr, authorityId: root.id, profile: 'server', subject: { commonName: 'billing' }, sans: [{ type: 'dns', value: 'billing.internal' }] }),
    ];
    for (const result of await Promise.all(attempts)) {
      assert.equal(result.ok, false);
      if (result.ok) continue;
      assert.equal(result.error.code, 'ROOT_ISSUER_UNCONFIRMED');
      assert.equal(result.error.details?.field, 'fromRoot');
      assert.ok(result.error.message.startsWith('fromRoot: Hierarchy Root is a root CA. '), result.error.message);
      assert.ok(result.error.message.includes(ROOT_SIGNS_ONLY_CAS));
    }
    assert.equal((await backend.call('certificate.list')).length, 0, 'a refusal signs and stores nothing');
    // Anything else but the exact acknowledgement is not one.
    const sloppy = await backend.router.invoke('certificate.issue', { authorityId: root.id, profile: 'client', subject: { commonName: 'x' }, fromRoot: true }, TRUSTED_CALLER);
    assert.ok(!sloppy.ok && sloppy.error.code === 'INVALID_INPUT' && sloppy.error.details?.field === 'fromRoot', JSON.stringify(sloppy));
  });

  test('with the acknowledgement the root signs them; an intermediate needs none', async () => {
    const { dir, root, inter, invoke } = await setup();
    const csr = await opensslCsr(dir);
    const acknowledged = await Promise.all([
      invoke('certificate.issue', { authorityId: root.id, profile: 'client', subject: { commonName: 'worker' }, fromRoot: 'acknowledged' }),
      invoke('certificate.issuePair', { authorityId: root.id, serviceName: 'orders', dnsNames: ['orders.internal'], fromRoot: 'acknowledged' }),
      invoke('certificate.issueBulk', { authorityId: root.id, profile: 'client', serviceNames: ['a', 'b'], fromRoot: 'acknowledged' }),
      invoke('csr.sign', { csr, authorityId: root.id, profile: 'server', subject: { commonName: 'billing' }, sans: [{ type: 'dns', value: 'billing.internal' }], fromRoot: 'acknowledged' }),
    ]);
    assert.deepEqual(acknowledged.map((r) => r.ok), [true, true, true, true], JSON.stringify(acknowledged.filter((r) => !r.ok)));
    const underIntermediate = await Promise.all([
      invoke('certificate.issue', { authorityId: inter.id, profile: 'client', subject: { commonName: 'worker' } }),
      invoke('certificate.issuePair', { authorityId: inter.id, serviceName: 'orders', dnsNames: ['orders.internal'] }),
      invoke('certificate.issueBulk', { authorityId: inter.id, profile: 'client', serviceNames: ['a', 'b'] }),
      invoke('csr.sign', { csr, authorityId: inter.id, profile: 'server', subject: { commonName: 'billing' }, sans: [{ type: 'dns', value: 'billing.internal' }] }),
    ]);
    assert.deepEqual(underIntermediate.map((r) => r.ok), [true, true, true, true], JSON.stringify(underIntermediate.filter((r) => !r.ok)));
  });
});

describe('an intermediate ends well before its root', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const inDays = (days: number) => new Date(now.getTime() + days * DAY_MS);

  test('the default is five years, or three quarters of what the parent has left (at most a year kept free)', () => {
    assert.equal(defaultIntermediateDays(inDays(3650), now), 1825, 'a ten-year root: five years');
    assert.equal(defaultIntermediateDays(inDays(2000), now), 1635, 'five and a half years left: a year kept free');
    assert.equal(defaultIntermediateDays(inDays(400), now), 300, 'a short-lived root: a quarter kept free');
    assert.equal(defaultIntermediateDays(inDays(2), now), 2);
    assert.equal(renewalMarginDays(3650), 365);
    assert.equal(renewalMarginDays(400), 100);
    // The warning: an end at (or within the margin of) the parent's end.
    assert.deepEqual(endsWithParent(inDays(3650), inDays(3650), now), { daysBefore: 0, marginDays: 365 });
    assert.deepEqual(endsWithParent(inDays(3400), inDays(3650), now), { daysBefore: 250, marginDays: 365 });
    assert.equal(endsWithParent(inDays(1825), inDays(3650), now), null);
  });

  test('main applies it when no validity is given; openssl reads the dates of root and intermediate', async () => {
    const dir = await tempDir();
    const backend = openBackend(dir);
    await backend.call('vault.create', { passphrase: PASSPHRASE });
    const short = await backend.call('authority.createRoot', { subject: { commonName: 'Short Root' }, validityDays: 400 });
    const made = await backend.call('authority.createIntermediate', { parentId: short.id, subject: { commonName: 'Short Issuing' } });
    assert.equal(made.clampedTo, null, 'the default is never clamped');
    const endOf = async (id: string) => {
      const pem = (await backend.call('authority.get', { id })).certificatePem;
      const text = await runPeer('openssl', ['x509', '-noout', '-enddate'], pem);
      return new Date(text.stdout.trim().replace(/^notAfter=/, ''));
    };
    const rootEnd = await endOf(short.id);
    const interEnd = await endOf(made.authority.id);
    const daysBefore = (rootEnd.getTime() - interEnd.getTime()) / DAY_MS;
    // 400 days left: 300 for the intermediate, 100 kept free to renew the root (a minute either way for the clock).
    assert.ok(Math.abs(daysBefore - 100) < 1, `the intermediate ends ${daysBefore} days before its root`);

    const long = await backend.call('authority.createRoot', { subject: { commonName: 'Long Root' } });
    const fiveYears = await backend.call('authority.createIntermediate', { parentId: long.id, subject: { commonName: 'Long Issuing' } });
    const life = (Date.parse(fiveYears.authority.notAfter) - Date.now()) / DAY_MS;
    assert.ok(Math.abs(life - 1825) < 1, `five years, not ${life} days`);
  });
});

describe('the dashboard flags leaves a root signed directly', () => {
  test('counted per root (not those under an intermediate, not revoked ones), and the list filters to them', async () => {
    const { backend, root, inter } = await setup();
    await backend.call('certificate.issuePair', { authorityId: root.id, serviceName: 'orders', dnsNames: ['orders.internal'] });
    const gone = (await backend.call('certificate.issue', { authorityId: root.id, profile: 'client', subject: { commonName: 'gone' } })).certificate;
    await backend.call('certificate.revoke', { ids: [gone.id], reason: 'keyCompromise' });
    await backend.call('certificate.issueBulk', { authorityId: inter.id, profile: 'client', serviceNames: ['a', 'b', 'c'] });
    const dashboard = await backend.call('dashboard.get');
    assert.deepEqual(dashboard.leavesFromRoots, [{ authorityId: root.id, commonName: 'Hierarchy Root', count: 2 }]);
    const listed = await backend.call('certificate.query', { filter: { authorityId: root.id }, offset: 0, limit: 50 });
    assert.deepEqual(listed.rows.map((r) => `${r.subject.commonName}/${r.profile}`).sort(), ['orders/client', 'orders/server']);
  });
});
