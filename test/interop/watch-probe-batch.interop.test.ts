/**
 * A watch round probed in batches (probeEndpoints, electron/services/watch/probe.ts): 200 TLS
 * endpoints on 127.0.0.1 served by one Node child (test/support/many-endpoints.ts) with a vault
 * certificate, 5 silent hosts (they accept and never answer) and 5 closed ports, probed with a 1 s
 * timeout and concurrency 16. Every endpoint gets its outcome, streamed as it comes; the round takes
 * about one timeout, where one probe per worker task (the path before) lets each silent host hold a
 * whole worker for its timeout while healthy probes wait in the pool's queue — measured here on the
 * same endpoints. A cancelled round starts no more probes and keeps what it did.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { toPem } from '../../electron/engine/pem.js';
import { probeEndpoint, probeEndpoints, vaultFacts, type ProbeItem } from '../../electron/services/watch/probe.js';
import { UntrustedPool } from '../../electron/workers/pool.js';
import type { ProbeOutcome, WatchedEndpoint } from '../../shared/domain/watch.js';
import { english } from '../../shared/i18n/english.js';
import { openBackend } from '../support/backend.js';
import { serveManyEndpoints, type ManyEndpoints } from '../support/many-endpoints.js';
import { freePort } from '../support/servers.js';
import { tempDir } from '../support/temp.js';

const HEALTHY = 200;
const SILENT = 5;
const CLOSED = 5;
const TIMEOUT_MS = 1000;
const CONCURRENCY = 16;

describe('probing a round in batches', async () => {
  const dir = await tempDir('certwright-watch-batch-');
  const { call, vault, services } = openBackend(join(dir, 'vault'));
  await call('vault.create', { passphrase: 'watch batch passphrase' });
  const root = await call('authority.createRoot', { subject: { commonName: 'Batch Root' } });
  const issuing = (await call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Batch Issuing' } })).authority;
  const served = (await call('certificate.issue', { authorityId: issuing.id, profile: 'server', subject: { commonName: 'batch-api' }, sans: [{ type: 'ip', value: '127.0.0.1' }], validity: { days: 90 } })).certificate;
  const detail = await call('certificate.get', { id: served.id });
  const files = { cert: join(dir, 'full.pem'), key: join(dir, 'key.pem') };
  await writeFile(files.cert, detail.certificatePem + detail.chainPem);
  const pkcs8 = await vault.exportPrivateKeyPkcs8(served.id);
  await writeFile(files.key, toPem('PRIVATE KEY', pkcs8), { mode: 0o600 });
  pkcs8.fill(0);

  // A pool of this file's own (two workers on this machine, as in the app), started before any timing.
  const pool = new UntrustedPool();
  const deps = { vault, catalog: services.catalog, untrusted: pool };
  let endpoints: ManyEndpoints;
  const silentServers: Server[] = [];
  const silentSockets: Socket[] = [];
  const ports = { healthy: [] as number[], silent: [] as number[], closed: [] as number[] };

  before(async () => {
    endpoints = await serveManyEndpoints(HEALTHY, files);
    ports.healthy = [...endpoints.ports];
    for (let i = 0; i < SILENT; i++) {
      const server = createServer((socket) => silentSockets.push(socket));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      silentServers.push(server);
      ports.silent.push((server.address() as AddressInfo).port);
    }
    ports.closed = await Promise.all(Array.from({ length: CLOSED }, freePort));
    // Both workers started (and their code loaded) before anything is timed.
    await probeEndpoints(deps, await vaultFacts({ vault, catalog: services.catalog, now: () => new Date() }), ports.closed.slice(0, 2).map((port, i) => item(port, `warm${i}`)), options());
  });

  after(async () => {
    await endpoints?.stop();
    for (const socket of silentSockets) socket.destroy();
    for (const server of silentServers) server.close();
    await pool.close();
  });

  const item = (port: number, id: string): ProbeItem => ({
    endpoint: { id, host: '127.0.0.1', port, servername: null, clientCertificateId: null, expect: null, intervalMinutes: null, addedAt: new Date().toISOString() } satisfies WatchedEndpoint,
    previous: { clientAuthSeenAt: null },
  });
  const options = (extra: { signal?: AbortSignal; onResult?: (endpoint: WatchedEndpoint, outcome: ProbeOutcome) => void } = {}) => ({ timeoutMs: TIMEOUT_MS, warningDays: 30, urgentDays: 7, now: new Date(), concurrency: CONCURRENCY, ...extra });
  /**
   * The round: the silent and closed ones among the healthy near the head of the list, where a
   * schedule puts the endpoints that failed before (most overdue first). (Further down, the round
   * takes the time to reach the last silent host plus its timeout.)
   */
  const round = (): ProbeItem[] => {
    const items = ports.healthy.map((port, i) => item(port, `healthy${i}`));
    ports.silent.forEach((port, i) => items.splice(i * 12 + 3, 0, item(port, `silent${i}`)));
    ports.closed.forEach((port, i) => items.splice(i * 12 + 9, 0, item(port, `closed${i}`)));
    return items;
  };

  test('every endpoint gets its outcome, streamed; the silent hosts cost about one timeout — not each a worker for its timeout', async () => {
    const items = round();
    const facts = await vaultFacts({ vault, catalog: services.catalog, now: () => new Date() });
    // What the healthy ones alone take on this machine now (handshakes and inspection are CPU work): the base the silent hosts add to.
    const healthyStarted = performance.now();
    const healthyOnly = await probeEndpoints(deps, facts, items.filter((i) => i.endpoint.id.startsWith('healthy')), options());
    const healthyElapsed = performance.now() - healthyStarted;
    assert.equal(healthyOnly.size, HEALTHY);
    const heard: Array<{ id: string; at: number }> = [];
    const started = performance.now();
    const outcomes = await probeEndpoints(deps, facts, items, options({ onResult: (endpoint) => heard.push({ id: endpoint.id, at: performance.now() - started }) }));
    const elapsed = performance.now() - started;

    assert.equal(outcomes.size, items.length);
    assert.deepEqual(new Set(heard.map((h) => h.id)), new Set(items.map((i) => i.endpoint.id)), 'each outcome told once as it came');
    assert.equal(heard.length, items.length);
    for (const { endpoint } of items) {
      const outcome = outcomes.get(endpoint.id)!;
      const kind = endpoint.id.replace(/\d+$/, '');
      const expected = { healthy: 'ok', silent: 'handshake-failed', closed: 'unreachable' }[kind];
      assert.equal(outcome.reached, expected, `${endpoint.id} on ${endpoint.port}: ${outcome.failure ? english(outcome.failure) : 'no failure'}`);
      if (kind === 'healthy') {
        assert.deepEqual(outcome.findings, [], `${endpoint.id}: ${outcome.findings.map((f) => english(f.text)).join('; ')}`);
        assert.equal(outcome.leaf?.vaultCertificateId, served.id);
        assert.equal(outcome.servedIsLatest, true);
      } else {
        assert.deepEqual(outcome.findings.map((f) => f.id), [expected]);
      }
    }
    // Streamed: the healthy probes were told of long before the silent hosts' timeout ended the round.
    const firstHealthy = heard.find((h) => h.id.startsWith('healthy'))!;
    assert.ok(firstHealthy.at < TIMEOUT_MS, `first result after ${Math.round(firstHealthy.at)} ms`);
    const lastSilent = Math.max(...heard.filter((h) => h.id.startsWith('silent')).map((h) => h.at));

    // The path before: one inspect.endpoint task per endpoint, `CONCURRENCY` in flight (as the round's probeAll ran them), on the same pool.
    const oldStarted = performance.now();
    const old = new Map<string, ProbeOutcome>();
    let next = 0;
    const lane = async () => {
      while (next < items.length) {
        const { endpoint, previous } = items[next++]!;
        old.set(endpoint.id, await probeEndpoint(deps, facts, endpoint, previous, options()));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    const oldElapsed = performance.now() - oldStarted;
    assert.equal(old.size, items.length);

    const figures = { endpoints: items.length, batchedMs: Math.round(elapsed), healthyOnlyMs: Math.round(healthyElapsed), firstResultMs: Math.round(firstHealthy.at), lastSilentMs: Math.round(lastSilent), onePerTaskMs: Math.round(oldElapsed), workers: pool.size };
    console.log(`watch probe batch: ${JSON.stringify(figures)}`);
    // On the old path each silent host holds a whole worker for its timeout, and nothing else runs
    // there meanwhile: they add at least this much, whatever the machine.
    const queuedSilence = (SILENT * TIMEOUT_MS) / pool.size;
    assert.ok(oldElapsed >= queuedSilence, `one task per endpoint took ${Math.round(oldElapsed)} ms`);
    // Batched, they wait side by side with the healthy probes: about one timeout more, at most.
    const added = elapsed - healthyElapsed;
    assert.ok(added < TIMEOUT_MS + 1000 && added < queuedSilence, `the silent and closed hosts added ${Math.round(added)} ms to the batched round (healthy alone ${Math.round(healthyElapsed)} ms, all ${Math.round(elapsed)} ms)`);
    assert.ok(elapsed < oldElapsed, `batched ${Math.round(elapsed)} ms, one per task ${Math.round(oldElapsed)} ms`);
  });

  test('a batch whose worker dies has what it had not reported probed one by one: the endpoint that kills a worker fails alone', async () => {
    // A pool whose workers die 300 ms into any task naming `crash.invalid` (test/support/crashing-worker.ts).
    const crashing = new UntrustedPool({ entry: new URL('../support/crashing-worker.ts', import.meta.url) });
    // Counted, not changed: how many endpoints were probed again one task each.
    let alone = 0;
    const run = crashing.run.bind(crashing);
    crashing.run = ((task, ...rest) => {
      if (task === 'inspect.endpoint') alone++;
      return run(task, ...rest);
    }) as typeof crashing.run;
    try {
      const items = ports.healthy.slice(0, 40).map((port, i) => item(port, `healthy${i}`));
      // A silent host, so that its probe is still under way when its worker dies.
      const hostile = item(ports.silent[0]!, 'hostile');
      items.splice(5, 0, { ...hostile, endpoint: { ...hostile.endpoint, servername: 'crash.invalid' } });
      const told: string[] = [];
      const outcomes = await probeEndpoints({ ...deps, untrusted: crashing }, await vaultFacts({ vault, catalog: services.catalog, now: () => new Date() }), items, options({ onResult: (endpoint) => told.push(endpoint.id) }));
      assert.equal(outcomes.size, items.length);
      assert.equal(told.length, items.length, 'each told once, whether from the batch or probed again');
      for (const { endpoint } of items) {
        const outcome = outcomes.get(endpoint.id)!;
        if (endpoint.id === 'hostile') {
          assert.equal(outcome.reached, 'handshake-failed');
          assert.equal(outcome.failure?.key, 'watch:reached.probeCrashed');
        } else assert.equal(outcome.reached, 'ok', `${endpoint.id}: ${outcome.failure ? english(outcome.failure) : ''}`);
      }
      // Only the dead worker's batch (every other endpoint: 21 of 41) is probed again, not the other batch.
      assert.ok(alone >= 1 && alone <= Math.ceil(items.length / 2), `${alone} probed again one by one`);
    } finally {
      await crashing.close();
    }
  });

  test('a cancelled round starts no more probes and returns those it did', async () => {
    const items = round();
    const controller = new AbortController();
    let told = 0;
    const started = performance.now();
    const outcomes = await probeEndpoints(
      deps,
      await vaultFacts({ vault, catalog: services.catalog, now: () => new Date() }),
      items,
      options({
        signal: controller.signal,
        onResult: () => {
          if (++told === 20) controller.abort();
        },
      }),
    );
    const elapsed = performance.now() - started;
    assert.equal(outcomes.size, told, 'every outcome returned was told');
    assert.ok(outcomes.size >= 20 && outcomes.size < items.length, `${outcomes.size} of ${items.length} probed`);
    // The probes under way finish (at most a silent host's timeout); none is started after.
    assert.ok(elapsed < 2 * TIMEOUT_MS + 1000, `took ${Math.round(elapsed)} ms`);
  });
});
