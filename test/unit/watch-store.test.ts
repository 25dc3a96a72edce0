/**
 * Watched endpoints kept in a real vault (electron/vault/endpoints-file.ts) through the real services
 * and router: add, update, remove and import audited and kept across lock and unlock; references to
 * vault certificates checked; probes recorded without audit entries, history capped, what was served
 * followed as it changes (a real TLS server on loopback swapping its certificate); the dashboard's
 * Deployed summary; the schedule with its notification of new errors, stopped by the lock; and hand
 * edits of the new files caught as tampering. One vault for the file (a cheap KDF).
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { createServices, type Services } from '../../electron/services/index.js';
import { createHandlers } from '../../electron/main/ipc/handlers/index.js';
import { createRouter } from '../../electron/main/ipc/router.js';
import { noticeWords, type Notice } from '../../electron/services/notifier.js';
import type { Timer } from '../../electron/services/expiry-watch.js';
import { toPem } from '../../electron/engine/pem.js';
import type { Vault } from '../../electron/vault/vault.js';
import { WATCH_HISTORY_RESULTS, type EndpointStatus } from '../../shared/domain/watch.js';
import { english } from '../../shared/i18n/english.js';
import type { Channel, Input, Output } from '../../shared/ipc/contract.js';
import { withRootAcknowledged, TEST_ORIGIN, TRUSTED_CALLER } from '../support/backend.js';
import { cheapVault, editDoc, FIXTURE_PASSPHRASE, openVault } from '../support/vault-fixtures.js';
import { tempDir } from '../support/temp.js';

const dir = await tempDir('certwright-watch-');
let vault: Vault;
let services: Services;
let clientId: string;
let serverIds: [string, string];
/** A loopback port nothing listens on (privileged, unused): refused at once. An ephemeral port closed again could be taken by another test meanwhile. */
const closedPort = 1;

async function call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
  const router = createRouter({ handlers: createHandlers(services, {}), trustedOrigin: TEST_ORIGIN, emit: () => undefined });
  const result = await router.invoke(channel, withRootAcknowledged(channel, input as object), TRUSTED_CALLER);
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code, details: result.error.details });
  return result.value as Output<C>;
}

async function rejects(work: Promise<unknown>, code: string, message: RegExp, field?: string): Promise<void> {
  await assert.rejects(work, (error: Error & { code?: string; details?: { field?: string } }) => {
    assert.equal(error.code, code, error.message);
    assert.match(error.message, message);
    if (field) assert.equal(error.details?.field, field);
    return true;
  });
}

const audited = (kind: 'endpoint.added' | 'endpoint.changed' | 'endpoint.removed') => vault.auditEntries({ kinds: [kind], everything: true }).entries;

before(async () => {
  vault = await cheapVault(dir);
  services = createServices({ vault });
  const root = await call('authority.createRoot', { subject: { commonName: 'Watch Root' } });
  const client = await call('certificate.issue', { authorityId: root.id, profile: 'client', subject: { commonName: 'watch-client' } });
  const first = await call('certificate.issue', { authorityId: root.id, profile: 'server', subject: { commonName: 'localhost' }, sans: [{ type: 'dns', value: 'localhost' }, { type: 'ip', value: '127.0.0.1' }] });
  const second = await call('certificate.issue', { authorityId: root.id, profile: 'server', subject: { commonName: 'localhost' }, sans: [{ type: 'dns', value: 'localhost' }, { type: 'ip', value: '127.0.0.1' }] });
  clientId = client.certificate.id;
  serverIds = [first.certificate.id, second.certificate.id];
});

after(async () => {
  await services.close();
});

describe('watched endpoints in the vault', () => {
  test('add: stored, audited, refused when already watched or when a certificate id is not in the vault', async () => {
    const added = await call('watch.add', { host: 'Web.Example', port: 443, clientCertificateId: clientId, expect: { kind: 'certificate', certificateId: serverIds[0] }, intervalMinutes: 15 });
    assert.equal(added.target, 'web.example:443');
    assert.equal(added.health, 'unprobed');
    assert.equal(added.last, null);
    assert.deepEqual(added.endpoint.expect, { kind: 'certificate', certificateId: serverIds[0] });
    const entry = audited('endpoint.added')[0]!;
    assert.equal(entry.subject, 'web.example:443');
    assert.deepEqual(entry.details, { endpointId: added.endpoint.id, servername: null, clientCertificateId: clientId, expect: `certificate:${serverIds[0]}`, intervalMinutes: 15, source: 'add' });

    await rejects(call('watch.add', { host: 'web.example', port: 443 }), 'INVALID_INPUT', /web\.example:443 is already watched/, 'host');
    const unknown = 'f'.repeat(32);
    await rejects(call('watch.add', { host: 'a.example', port: 443, clientCertificateId: unknown }), 'INVALID_INPUT', new RegExp(`clientCertificateId: No certificate with id ${unknown}`), 'clientCertificateId');
    await rejects(call('watch.add', { host: 'a.example', port: 443, expect: { kind: 'certificate', certificateId: unknown } }), 'INVALID_INPUT', /expect\.certificateId: No certificate/, 'expect.certificateId');
    // The contract's own rules: one validator for hosts.
    await rejects(call('watch.add', { host: 'not a host', port: 443 }), 'INVALID_INPUT', /host/, 'host');
    assert.equal((await call('watch.list', {})).length, 1);
    assert.equal(audited('endpoint.added').length, 1);
  });

  test('update and remove: audited; a new host starts the history afresh; an unknown id is NOT_FOUND', async () => {
    const [web] = await call('watch.list', {});
    const changed = await call('watch.update', { id: web!.endpoint.id, host: 'web.example', port: 443, servername: 'www.example', expect: { kind: 'service', service: 'payments' } });
    assert.equal(changed.endpoint.servername, 'www.example');
    assert.deepEqual(changed.endpoint.expect, { kind: 'service', service: 'payments' });
    assert.equal(changed.endpoint.clientCertificateId, null);
    assert.equal(changed.endpoint.addedAt, web!.endpoint.addedAt);
    assert.equal(audited('endpoint.changed')[0]!.details.expect, 'service:payments');
    await rejects(call('watch.update', { id: 'e'.repeat(32), host: 'x.example', port: 1 }), 'NOT_FOUND', /not watched/);

    const extra = await call('watch.add', { host: '127.0.0.1', port: 1 });
    assert.deepEqual(await call('watch.remove', { ids: [extra.endpoint.id, 'd'.repeat(32)] }), { removed: 1 });
    assert.deepEqual(await call('watch.remove', { ids: [extra.endpoint.id] }), { removed: 0 });
    assert.equal(audited('endpoint.removed')[0]!.subject, '127.0.0.1:1');
    await rejects(call('watch.history', { id: extra.endpoint.id }), 'NOT_FOUND', /not watched/);
  });

  test('import: one problem and nothing is added; corrected, all are added in one audited change, duplicates skipped', async () => {
    const unknown = 'c'.repeat(32);
    const bad = await call('watch.import', { text: `host,port,client\nweb.example,443,\nb.example,443,${unknown}\n"c.example,443,\n[::1],8443,` });
    assert.deepEqual(bad.added, []);
    assert.deepEqual(
      bad.problems.map((p) => [p.line, english(p.text)]),
      [
        [3, `client: No certificate with id ${unknown} in this vault`],
        [4, 'A quote is not closed'],
      ],
    );
    assert.equal((await call('watch.list', {})).length, 1, 'nothing added');

    const before = vault.auditEntries({ everything: true }).total;
    const good = await call('watch.import', { text: `# loopback\n127.0.0.1:${closedPort}\nweb.example:443 www.example\n[::1]:${closedPort}\nb.example:443\nb.example:443\n` });
    assert.deepEqual(good.problems, []);
    assert.deepEqual(good.duplicates, [
      { line: 3, target: 'web.example:443' },
      { line: 6, target: 'b.example:443' },
    ]);
    assert.deepEqual(good.added.map((s) => s.target), [`127.0.0.1:${closedPort}`, `[::1]:${closedPort}`, 'b.example:443']);
    assert.equal(vault.auditEntries({ everything: true }).total, before + 3);
    assert.ok(audited('endpoint.added').slice(0, 3).every((e) => e.details.source === 'import'));
  });

  test('the list survives lock and unlock, in the order added', async () => {
    const listed = (await call('watch.list', {})).map((s) => s.target);
    vault.lock();
    await rejects(call('watch.list', {}), 'VAULT_LOCKED', /locked/);
    await vault.unlock(FIXTURE_PASSPHRASE);
    assert.deepEqual((await call('watch.list', {})).map((s) => s.target), listed);
    assert.deepEqual(listed, ['web.example:443', `127.0.0.1:${closedPort}`, `[::1]:${closedPort}`, 'b.example:443']);
  });

  test('probes are recorded without audit entries; the history is capped; failures in a row back off', async () => {
    const target = (await call('watch.list', {})).find((s) => s.target === `127.0.0.1:${closedPort}`)!;
    const audit = vault.auditEntries({ everything: true }).total;
    let last: EndpointStatus | undefined;
    for (let i = 0; i < WATCH_HISTORY_RESULTS + 2; i++) {
      const run = await call('watch.run', { ids: [target.endpoint.id] });
      last = run.statuses[0];
      assert.equal(run.errors, 1);
    }
    assert.equal(vault.auditEntries({ everything: true }).total, audit, 'no audit entry per probe');
    const history = await call('watch.history', { id: target.endpoint.id });
    assert.equal(history.results.length, WATCH_HISTORY_RESULTS);
    // Stored as one run of repeats (the same finding each time), read back as 48 results, each at its own time, newest first.
    const times = history.results.map((r) => r.at);
    assert.deepEqual(times, [...times].sort().reverse());
    assert.equal(history.results[0]!.at, last!.last!.at);
    assert.deepEqual(history.changes, [], 'an unreachable endpoint serves nothing: no change');
    assert.equal(last!.health, 'error');
    assert.equal(last!.last!.reached, 'unreachable');
    assert.deepEqual(last!.last!.findings.map((f) => f.id), ['unreachable']);
    assert.equal(last!.failuresInRow, WATCH_HISTORY_RESULTS + 2);
    assert.equal(last!.lastOkAt, null);
    // At most 8 × the hour after the last probe.
    assert.equal(Date.parse(last!.nextProbeAt!) - Date.parse(last!.last!.at), 8 * 60 * 60_000);
  });

  test('what was served is followed: a loopback server swapping its certificate is two changes; reached resets the failures', async () => {
    const pemOf = async (id: string) => {
      const record = vault.getCertificate(id);
      const key = await vault.exportPrivateKeyPkcs8(id);
      try {
        return { cert: toPem('CERTIFICATE', Buffer.from(record.certificateDerB64, 'base64')), key: toPem('PRIVATE KEY', key) };
      } finally {
        key.fill(0);
      }
    };
    const server: TlsServer = createTlsServer(await pemOf(serverIds[0]), (socket) => socket.end());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const port = (server.address() as AddressInfo).port;
      const added = await call('watch.add', { host: '127.0.0.1', port, servername: 'localhost' });
      const first = (await call('watch.run', { ids: [added.endpoint.id] })).statuses[0]!;
      assert.equal(first.last!.reached, 'ok', JSON.stringify(first.last!.failure));
      assert.equal(first.last!.leaf!.vaultCertificateId, serverIds[0]);
      assert.equal(first.lastOkAt, first.last!.at);
      // The first is renewed-not-deployed only if replaced; here two separate issues: the served one is ours.
      server.setSecureContext(await pemOf(serverIds[1]));
      const second = (await call('watch.run', { ids: [added.endpoint.id] })).statuses[0]!;
      assert.equal(second.last!.leaf!.vaultCertificateId, serverIds[1]);
      const history = await call('watch.history', { id: added.endpoint.id });
      assert.deepEqual(
        history.changes.map((c) => [c.from?.vaultCertificateId ?? null, c.to?.vaultCertificateId ?? null]),
        [
          [serverIds[0], serverIds[1]],
          [null, serverIds[0]],
        ],
      );
      assert.equal(history.status.failuresInRow, 0);
      await call('watch.remove', { ids: [added.endpoint.id] });
    } finally {
      server.close();
    }
  });

  test('run: progress per endpoint, cancel between probes keeps those done', async () => {
    const steps: string[] = [];
    const controller = new AbortController();
    // One probe at a time, so the cancel lands between probes.
    const settings = vault.appSettings();
    vault.updateAppSettings({ ...settings, watch: { ...settings.watch, concurrency: 1 } });
    const all = services.watching.list();
    const result = await services.watching.run(
      [],
      (done, total, step) => {
        steps.push(`${done}/${total} ${english(step)}`);
        if (done === 1) controller.abort();
      },
      controller.signal,
    );
    assert.equal(result.cancelled, true);
    assert.equal(result.statuses.length, all.length);
    assert.ok(steps[0]!.startsWith(`1/${all.length} Probed `), steps[0]);
    assert.deepEqual(steps, [`1/4 Probed ${all[0]!.target}`, '1/4 Cancelled: 1 of 4 endpoints probed']);
    assert.equal(result.statuses.filter((s) => s.last?.at === result.statuses[0]!.last!.at).length, 1, 'only the first was probed again');
    vault.updateAppSettings(settings);
  });

  test('the dashboard reads the Deployed summary: health counted, errors listed first', async () => {
    await services.watching.run([]);
    const dashboard = await call('dashboard.get', {});
    const deployed = dashboard.deployed;
    assert.equal(deployed.watched, 4);
    assert.equal(deployed.health.error, 4);
    assert.equal(deployed.health.unprobed, 0);
    assert.ok(deployed.findings.length >= 4);
    assert.ok(deployed.findings.every((f) => f.finding.severity === 'error'));
    assert.equal(deployed.lastRoundAt, services.watching.list().map((s) => s.last!.at).sort().at(-1));
  });

  test('the schedule (the app): probes what is due on unlock, notifies once per new error, stops with the lock', async () => {
    const notices: Notice[] = [];
    const ticker: { tick: (() => void) | null } = { tick: null };
    const timer: Timer = {
      every: (_ms, fn) => {
        ticker.tick = fn;
        return () => (ticker.tick = null);
      },
    };
    const fresh = await call('watch.add', { host: '127.0.0.1', port: closedPort, servername: 'fresh.example' });
    // The expiry watch shares the notifier (its own notices are not counted here).
    const app = createServices({ vault, notifier: { notify: (n) => (n.title.key.startsWith('watch:') ? notices.push(n) : undefined) }, timer, watchSchedule: true });
    try {
      const before = services.watching.list().find((s) => s.endpoint.id === fresh.endpoint.id)!;
      assert.equal(before.health, 'unprobed');
      vault.lock();
      await app.session.unlock(FIXTURE_PASSPHRASE);
      await app.watching.idle();
      assert.ok(ticker.tick, 'the schedule started with the unlock');
      const after = app.watching.list().find((s) => s.endpoint.id === fresh.endpoint.id)!;
      assert.equal(after.health, 'error');
      // Only the new endpoint's error is new: the others had the same error at their last probe.
      assert.equal(notices.length, 1, JSON.stringify(notices));
      assert.equal(english(notices[0]!.title), 'A new problem at 1 endpoint');
      assert.deepEqual(notices[0]!.groups[0]!.names, [{ name: `127.0.0.1:${closedPort}` }]);
      const words = noticeWords(notices[0]!, english, (items) => new Intl.ListFormat('en').format(items));
      assert.deepEqual(words, { title: 'A new problem at 1 endpoint', body: `Found at 127.0.0.1:${closedPort}. Open Certwright to see what they serve.`, urgent: true });
      // The next look finds nothing due (probed a moment ago) and nothing new.
      ticker.tick!();
      await app.watching.idle();
      assert.equal(notices.length, 1);
      app.session.lock();
      assert.equal(ticker.tick, null, 'the lock stopped the schedule');
      await vault.unlock(FIXTURE_PASSPHRASE);
    } finally {
      await app.close();
    }
  });

  test('the endpoint list and the probe results are vault files: a hand edit or a rolled-back history is tampering', async () => {
    const web = services.watching.list().find((s) => s.target === 'web.example:443')!;
    const shard = join(dir, `watch-history-${web.endpoint.id[0]}.cwv`);
    const status = join(dir, `watch-status-${web.endpoint.id[0]}.cwv`);
    const endpointsFile = join(dir, 'endpoints.cwv');
    const older = readFileSync(shard, 'utf8');
    await services.watching.run([web.endpoint.id]);
    const newer = readFileSync(shard, 'utf8');
    assert.notEqual(older, newer);
    vault.lock();
    const refused = async (file: RegExp, what: RegExp) =>
      assert.rejects(openVault(dir).unlock(FIXTURE_PASSPHRASE), (e: Error & { code?: string }) => {
        assert.equal(e.code, 'VAULT_TAMPERED', e.message);
        assert.match(e.message, file);
        assert.match(e.message, what);
        return true;
      });

    writeFileSync(shard, older);
    await refused(/watch-history-[0-9a-f]\.cwv/, /rolled back to an older copy/);
    writeFileSync(shard, newer);

    const last = readFileSync(status, 'utf8');
    await editDoc(dir, `watch-status-${web.endpoint.id[0]}`, (doc) => {
      doc[web.endpoint.id].failuresInRow = 0;
    });
    await refused(/watch-status-[0-9a-f]\.cwv/, /changed outside Certwright/);
    writeFileSync(status, last);

    const list = readFileSync(endpointsFile, 'utf8');
    await editDoc(dir, 'endpoints', (doc) => {
      doc.endpoints[0].host = 'evil.example';
    });
    await refused(/endpoints\.cwv/, /changed outside Certwright|integrity/);
    writeFileSync(endpointsFile, list);

    // Put back as they were, the vault opens again.
    await vault.unlock(FIXTURE_PASSPHRASE);
    assert.equal(services.watching.list()[0]!.target, 'web.example:443');
  });
});
