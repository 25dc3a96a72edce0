/**
 * The watched endpoints' metrics judged by the monitoring peers (issue 19). Three `openssl s_server`s
 * on 127.0.0.1 serve chains of one vault with different expiries — a leaf of 60 days whose renewal
 * was never deployed, a leaf of 3 days, and a leaf of 60 days sent with last year's intermediate
 * that expires in 6 days (so the earliest expiry served is an intermediate's) — plus a port nobody
 * listens on. They are probed through the real run path (watch.run), then:
 *   - prometheus-blackbox-exporter probes the same endpoints: its probe_ssl_earliest_cert_expiry
 *     equals our certwright_endpoint_ssl_earliest_cert_expiry, endpoint by endpoint;
 *   - `promtool check metrics` accepts what /metrics serves, `promtool check rules` docs/watch-alerts.yml;
 *   - the app's listener follows Settings (a port in use is a problem, not a refusal), starts at
 *     unlock and stops at lock;
 *   - `certwright metrics` (the textfile) carries the endpoint series, and a real Prometheus scraping
 *     `certwright metrics serve` sees the endpoint nobody probed yet probed by the serving process's
 *     schedule, answers "expires within 7 days" with exactly the endpoints that serve something
 *     expiring that soon, and holds the documented alerts for exactly the endpoints they are about;
 *   - `metrics serve` on a port in use says so in one line (exit 1).
 * One vault, one set of servers, each peer started once; probes time out after 1 s.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { toPem } from '../../electron/engine/pem.js';
import { createServices } from '../../electron/services/index.js';
import type { EndpointStatus } from '../../shared/domain/watch.js';
import { english } from '../../shared/i18n/english.js';
import { openBackend } from '../support/backend.js';
import { bundleCli, runCli } from '../support/cli-bundle.js';
import { runPeer } from '../support/peers.js';
import { freePort, startOpensslServer, type RunningServer } from '../support/servers.js';
import { tempDir } from '../support/temp.js';
import { cheapVault, FIXTURE_PASSPHRASE } from '../support/vault-fixtures.js';

const DAY_S = 86_400;
const ALERT_RULES = resolve('docs/watch-alerts.yml');
const PEER_START_MS = 15_000;

/** GET on 127.0.0.1 with the Host a client of this port sends (or `host`). */
function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((done, fail) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, agent: false, headers: { Host: host } }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (d: string) => (body += d));
      response.on('end', () => done({ status: response.statusCode ?? 0, type: response.headers['content-type'], body }));
    });
    request.on('error', fail);
    request.end();
  });
}

/** The value of `name` with these labels in a text exposition (labels given must all match). */
function sampleOf(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const has = Object.entries(labels).every(([k, v]) => (match[2] ?? '').includes(`${k}="${v}"`));
    if (has) return Number(match[3]);
  }
  return null;
}

/** Polls until `check` returns a value (not undefined), or fails after `ms`. */
async function until<T>(what: string, ms: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms${last ? ` (${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** A long-running peer (blackbox_exporter, prometheus, `metrics serve`): its output kept for the failure message. */
function startPeer(command: string, args: readonly string[]): { child: ChildProcess; output: () => string; stop: () => Promise<void> } {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CERTWRIGHT_PASSPHRASE: '', CERTWRIGHT_VAULT: '' } });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    },
  };
}

function bindable(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

describe('endpoint metrics: blackbox_exporter, promtool, Prometheus', { timeout: 180_000 }, async () => {
  const dir = await tempDir('certwright-watch-metrics-');
  const vaultDir = join(dir, 'vault');
  let entry = '';
  let dispose: () => Promise<void> = async () => undefined;
  const building = bundleCli('certwright-watch-metrics-build-').then((built) => ({ entry, dispose } = built));

  await mkdir(vaultDir, { mode: 0o700 });
  (await cheapVault(vaultDir)).lock();
  const { call, vault, services } = openBackend(vaultDir);
  await call('vault.unlock', { passphrase: FIXTURE_PASSPHRASE });
  const root = await call('authority.createRoot', { subject: { commonName: 'Metrics Root' } });
  const current = (await call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Metrics Issuing 2027' }, validityDays: 365 })).authority;
  // Last year's intermediate, six days left: what a forgotten load balancer still sends.
  const lastYear = (await call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Metrics Issuing 2026' }, validityDays: 6 })).authority;
  const issue = async (cn: string, days: number) =>
    (await call('certificate.issue', { authorityId: current.id, profile: 'server', subject: { commonName: cn }, sans: [{ type: 'ip', value: '127.0.0.1' }, { type: 'dns', value: 'localhost' }], validity: { days } })).certificate;
  const renewedLater = await issue('renewed-later', 60);
  const shortLived = await issue('short-lived', 3);
  const staleChain = await issue('stale-chain', 60);

  /** Leaf, key and what is sent after the leaf, as files for s_server (the key 0600, in the test's temp folder). */
  const files = async (id: string, name: string, chainPem?: string) => {
    const detail = await call('certificate.get', { id });
    const pkcs8 = await vault.exportPrivateKeyPkcs8(id);
    const paths = { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`), chain: join(dir, `${name}.chain.pem`) };
    await writeFile(paths.cert, detail.certificatePem);
    await writeFile(paths.key, toPem('PRIVATE KEY', pkcs8), { mode: 0o600 });
    pkcs8.fill(0);
    await writeFile(paths.chain, chainPem ?? detail.chainPem);
    return paths;
  };
  const lastYearPem = (await call('authority.get', { id: lastYear.id })).certificatePem;
  const served = await Promise.all([files(renewedLater.id, 'renewed'), files(shortLived.id, 'short'), files(staleChain.id, 'stale', lastYearPem)]);

  const servers: RunningServer[] = [];
  const targets = { renewed: '', short: '', stale: '', closed: '' };
  let statuses: readonly EndpointStatus[] = [];
  let listenerPort = 0;
  let blackbox: ReturnType<typeof startPeer> | null = null;
  let blackboxPort = 0;

  before(async () => {
    servers.push(...(await Promise.all(served.map((f) => startOpensslServer(['-cert', f.cert, '-key', f.key, '-cert_chain', f.chain])))));
    targets.renewed = `127.0.0.1:${servers[0]!.port}`;
    targets.short = `127.0.0.1:${servers[1]!.port}`;
    targets.stale = `127.0.0.1:${servers[2]!.port}`;
    targets.closed = `127.0.0.1:${await freePort()}`;
    // Renewed after the server loaded the old one: "renewed but not deployed".
    await call('certificate.renew', { ids: [renewedLater.id] });
    await call('settings.updateWatch', { ...vault.appSettings().watch, timeoutSeconds: 1 });
    await call('watch.add', { host: '127.0.0.1', port: servers[0]!.port, expect: { kind: 'certificate', certificateId: renewedLater.id } });
    for (const port of [servers[1]!.port, servers[2]!.port, Number(targets.closed.split(':')[1])]) await call('watch.add', { host: '127.0.0.1', port });
    // The real run path: the channel the window's "Probe now" calls.
    const run = await call('watch.run', { ids: [] });
    statuses = run.statuses;

    blackboxPort = await freePort();
    const config = join(dir, 'blackbox.yml');
    await writeFile(config, 'modules:\n  tls_connect:\n    prober: tcp\n    timeout: 2s\n    tcp:\n      tls: true\n      tls_config:\n        insecure_skip_verify: true\n');
    blackbox = startPeer('prometheus-blackbox-exporter', [`--config.file=${config}`, `--web.listen-address=127.0.0.1:${blackboxPort}`]);
    await until(`blackbox_exporter on ${blackboxPort}\n${blackbox.output()}`, PEER_START_MS, async () => ((await get(blackboxPort, '/-/healthy')).status === 200 ? true : undefined));
  });

  after(async () => {
    await Promise.all([...servers.map((s) => s.stop()), blackbox?.stop()]);
    await dispose();
  });

  const statusOf = (target: string) => statuses.find((s) => s.target === target)!;

  test('the run saw what each server serves', () => {
    const by = (t: string) => statusOf(t).last!;
    assert.equal(by(targets.renewed).reached, 'ok', english(by(targets.renewed).failure ?? { key: 'x' }));
    assert.equal(by(targets.renewed).servedIsLatest, false, 'renewed in the vault, not deployed');
    assert.ok(by(targets.renewed).findings.some((f) => f.id === 'renewed-not-deployed'));
    assert.equal(Date.parse(by(targets.short).earliestNotAfter!), Date.parse(shortLived.notAfter));
    assert.equal(Date.parse(by(targets.stale).earliestNotAfter!), Date.parse(lastYear.notAfter), 'the earliest served is the old intermediate');
    assert.ok(Date.parse(by(targets.stale).effectiveNotAfter!) > Date.parse(lastYear.notAfter), "the leaf's own chain lasts longer than what is served with it");
    assert.equal(by(targets.closed).reached, 'unreachable');
  });

  test('the listener follows Settings: served, Host rule, 404, a port in use is a problem, off frees the port', async () => {
    listenerPort = await freePort();
    const settings = await call('settings.updateWatch', { ...vault.appSettings().watch, metricsServe: true, metricsPort: listenerPort });
    assert.equal(settings.watch.metricsServe, true);
    assert.deepEqual(await call('metrics.status'), { running: true, url: `http://127.0.0.1:${listenerPort}/metrics`, problem: null });
    const scraped = await get(listenerPort, '/metrics');
    assert.equal(scraped.status, 200);
    assert.equal(scraped.type, 'text/plain; version=0.0.4; charset=utf-8');
    assert.equal(sampleOf(scraped.body, 'certwright_endpoint_probe_success', { endpoint: targets.closed }), 0);
    assert.equal((await get(listenerPort, '/metrics', `rebind.attacker.test:${listenerPort}`)).status, 421, 'DNS rebinding: another Host is refused');
    assert.equal((await get(listenerPort, '/')).status, 404);

    // Another process holds the port: the settings are saved, the status says why nothing is served.
    const squatter: Server = createServer();
    const taken = await freePort();
    await new Promise<void>((r) => squatter.listen(taken, '127.0.0.1', r));
    try {
      const saved = await call('settings.updateWatch', { ...vault.appSettings().watch, metricsServe: true, metricsPort: taken });
      assert.equal(saved.watch.metricsPort, taken, 'saved all the same');
      const status = await call('metrics.status');
      assert.equal(status.running, false);
      assert.deepEqual(status.problem, { key: 'watch:metrics.portInUse', params: { port: taken } });
      assert.match(english(status.problem!), new RegExp(`^Port ${taken} on 127\\.0\\.0\\.1 is in use`));
      assert.equal(await bindable(listenerPort), true, 'moving to another port closed the old one');
    } finally {
      squatter.close();
    }
    await call('settings.updateWatch', { ...vault.appSettings().watch, metricsServe: true, metricsPort: listenerPort });
    assert.equal((await call('metrics.status')).running, true);
    await call('settings.updateWatch', { ...vault.appSettings().watch, metricsServe: false });
    assert.deepEqual(await call('metrics.status'), { running: false, url: null, problem: null });
    assert.equal(await bindable(listenerPort), true, 'switched off: the port is free');
  });

  test('blackbox_exporter and Certwright report the same earliest expiry, endpoint by endpoint; promtool accepts the text', async () => {
    await call('settings.updateWatch', { ...vault.appSettings().watch, metricsServe: true, metricsPort: listenerPort });
    const ours = (await get(listenerPort, '/metrics')).body;
    const figures: string[] = [];
    for (const [name, target] of Object.entries(targets)) {
      const theirs = (await get(blackboxPort, `/probe?module=tls_connect&target=${encodeURIComponent(target)}`)).body;
      const success = sampleOf(theirs, 'probe_success');
      assert.equal(sampleOf(ours, 'certwright_endpoint_probe_success', { endpoint: target }), success, `${name}: probe success`);
      const expected = sampleOf(theirs, 'probe_ssl_earliest_cert_expiry');
      const got = sampleOf(ours, 'certwright_endpoint_ssl_earliest_cert_expiry', { endpoint: target });
      if (name === 'closed') {
        assert.equal(expected, null, 'blackbox has no expiry for a closed port');
        assert.equal(got, null, 'nor do we: absent, not 0');
        continue;
      }
      assert.ok(expected !== null && expected > Date.now() / 1000, `${name}: blackbox says ${theirs}`);
      assert.equal(got, expected, `${name}: ours ${got}, blackbox ${expected}`);
      figures.push(`${name} ${target}: blackbox ${expected} = ours ${got} (${new Date(expected * 1000).toISOString()})`);
    }
    assert.equal(sampleOf(ours, 'certwright_endpoint_ssl_earliest_cert_expiry', { endpoint: targets.stale }), Math.floor(Date.parse(lastYear.notAfter) / 1000), "the stale chain's figure is the intermediate's notAfter");
    console.log(`earliest expiry, blackbox_exporter vs Certwright:\n  ${figures.join('\n  ')}`);

    const lint = await runPeer('promtool', ['check', 'metrics'], ours);
    assert.equal(lint.code, 0, `promtool check metrics:\n${lint.stdout}${lint.stderr}`);
    assert.equal(`${lint.stdout}${lint.stderr}`.trim(), '', 'no lint finding either');
    const rules = await runPeer('promtool', ['check', 'rules', ALERT_RULES]);
    assert.equal(rules.code, 0, rules.stdout + rules.stderr);
    assert.match(rules.stdout, /SUCCESS: \d+ rules found/);
    // The README shows the same rules: its block is this file's text from `groups:` on.
    const readme = await readFile('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('### Prometheus: endpoint metrics and alert rules'));
    const block = /```yaml\n(groups:\n[\s\S]*?)```/.exec(section)?.[1];
    const file = await readFile(ALERT_RULES, 'utf8');
    assert.equal(block, file.slice(file.indexOf('groups:\n')), 'README and docs/watch-alerts.yml say the same rules');
  });

  test('the app serves at unlock when Settings say so, and stops at lock', async () => {
    await call('vault.lock');
    await services.close();
    assert.equal(await bindable(listenerPort), true, 'closed with the services');
    const app = createServices({ directory: vaultDir, metricsAtUnlock: true });
    try {
      await app.session.unlock(FIXTURE_PASSPHRASE);
      assert.equal(app.metricsServer.status().url, `http://127.0.0.1:${listenerPort}/metrics`);
      assert.equal((await get(listenerPort, '/metrics')).status, 200);
      app.session.lock();
      await until('the listener to close at lock', 5000, async () => ((await bindable(listenerPort)) ? true : undefined));
      assert.equal(app.metricsServer.status().running, false);
      // Off again for the CLI tests: `metrics serve` runs whatever the switch says, the unlock must not.
      await app.session.unlock(FIXTURE_PASSPHRASE);
      await app.metricsServer.updateSettings({ ...app.vault.appSettings().watch, metricsServe: false });
      // And one endpoint never probed (the stale server asked for `localhost`): `metrics serve`'s schedule must probe it.
      await app.watching.add({ host: '127.0.0.1', port: servers[2]!.port, servername: 'localhost', clientCertificateId: null, expect: null, intervalMinutes: null });
      app.session.lock();
    } finally {
      await app.close();
    }
  });

  test('`certwright metrics` writes the endpoint series from the stored results', async () => {
    await building;
    const passFile = join(dir, 'pass.txt');
    await writeFile(passFile, `${FIXTURE_PASSPHRASE}\n`, { mode: 0o600 });
    await chmod(passFile, 0o600);
    const out = join(dir, 'certwright.prom');
    const run = await runCli(entry, ['--vault', vaultDir, '--passphrase-file', passFile, 'metrics', '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^Wrote the metrics of \d+ certificates and 5 endpoints to /);
    const text = await readFile(out, 'utf8');
    for (const target of [targets.renewed, targets.short, targets.stale]) {
      assert.equal(sampleOf(text, 'certwright_endpoint_ssl_earliest_cert_expiry', { endpoint: target }), Math.floor(Date.parse(statusOf(target).last!.earliestNotAfter!) / 1000));
    }
    assert.equal(sampleOf(text, 'certwright_endpoint_served_is_latest', { endpoint: targets.renewed }), 0);
    assert.equal(sampleOf(text, 'certwright_endpoints', { health: 'unprobed' }), 1);
    assert.equal(sampleOf(text, 'certwright_endpoint_probe_success', { servername: 'localhost' }), null, 'never probed: no series yet');
    const lint = await runPeer('promtool', ['check', 'metrics'], text);
    assert.equal(lint.code, 0, lint.stdout + lint.stderr);
    const usage = await runCli(entry, ['--vault', vaultDir, '--passphrase-file', passFile, 'metrics', 'serv']);
    assert.equal(usage.code, 2, 'a mistyped subcommand is a usage error, before the vault is opened');
  });

  test('Prometheus scrapes `certwright metrics serve`: its schedule probes what was never probed; "expires within 7 days" is exactly the short leaf and the stale intermediate; the alerts name exactly theirs', async () => {
    await building;
    const passFile = join(dir, 'pass.txt');
    const metricsPort = await freePort();
    const serveStarted = Date.now();
    const serve = startPeer(process.execPath, [entry, '--vault', vaultDir, '--passphrase-file', passFile, 'metrics', 'serve', '--port', String(metricsPort)]);
    const promPort = await freePort();
    const promDir = join(dir, 'prometheus');
    await mkdir(promDir);
    const promConfig = join(promDir, 'prometheus.yml');
    await writeFile(
      promConfig,
      ['global:', '  scrape_interval: 1s', '  evaluation_interval: 1s', 'rule_files:', `  - ${ALERT_RULES}`, 'scrape_configs:', '  - job_name: certwright', '    static_configs:', `      - targets: ['127.0.0.1:${metricsPort}']`, ''].join('\n'),
    );
    const prometheus = startPeer('prometheus', [`--config.file=${promConfig}`, `--storage.tsdb.path=${join(promDir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`, '--log.level=warn']);
    const query = async (promql: string) => {
      const answer = await get(promPort, `/api/v1/query?query=${encodeURIComponent(promql)}`);
      const parsed = JSON.parse(answer.body) as { status: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
      assert.equal(parsed.status, 'success', answer.body);
      return parsed.data.result;
    };
    try {
      const url = await until(`metrics serve to start\n${serve.output()}`, PEER_START_MS, async () => /Serving metrics on (\S+);/.exec(serve.output())?.[1]);
      assert.equal(url, `http://127.0.0.1:${metricsPort}/metrics`);
      assert.match(serve.output(), /5 watched endpoints are probed on their schedule meanwhile/);
      await until(`prometheus to scrape\n${prometheus.output()}`, PEER_START_MS, async () => ((await query('up{job="certwright"} == 1')).length === 1 ? true : undefined));
      // The schedule runs in `metrics serve`: the endpoint never probed is probed now, and Prometheus sees it.
      const fresh = await until(`the schedule to probe the new endpoint\n${serve.output()}`, PEER_START_MS, async () => {
        const found = await query('certwright_endpoint_last_probe_timestamp_seconds{servername="localhost"}');
        return found.length === 1 ? Number(found[0]!.value[1]) : undefined;
      });
      assert.ok(fresh >= Math.floor(serveStarted / 1000), `probed by the serving process (${fresh} ≥ ${serveStarted / 1000})`);
      const name = (m: Record<string, string>) => `${m.endpoint} ${m.servername ?? ''}`;
      const stale = `${targets.stale} `;
      const staleByName = `${targets.stale} localhost`;

      const soon = await query('certwright_endpoint_ssl_earliest_cert_expiry - time() < 7 * 86400');
      assert.deepEqual(soon.map((r) => name(r.metric)).sort(), [`${targets.short} `, stale, staleByName].sort(), JSON.stringify(soon));
      for (const r of soon) assert.ok(Number(r.value[1]) > 0 && Number(r.value[1]) < 7 * DAY_S, `${r.metric.endpoint}: ${r.value[1]} s left`);
      assert.deepEqual((await query('certwright_endpoint_served_is_latest == 0')).map((r) => r.metric.endpoint), [targets.renewed]);

      // The documented rules, evaluated by Prometheus itself: pending (their `for:` has not passed), for exactly these endpoints.
      const expected = [
        ['CertwrightEndpointCertificateExpiresSoon', `${targets.short} `],
        ['CertwrightEndpointCertificateExpiresSoon', stale],
        ['CertwrightEndpointCertificateExpiresSoon', staleByName],
        ['CertwrightEndpointRenewedNotDeployed', `${targets.renewed} `],
        ['CertwrightEndpointProbeFailed', `${targets.closed} `],
      ];
      const alerts = await until('the alert rules to be evaluated', PEER_START_MS, async () => {
        const pending = await query('ALERTS{alertname=~"CertwrightEndpoint(CertificateExpiresSoon|RenewedNotDeployed|ProbeFailed)"}');
        return pending.length >= expected.length ? pending : undefined;
      });
      assert.deepEqual(alerts.map((a) => [a.metric.alertname, name(a.metric)]).sort(), expected.sort());
      // The 2-day rule: only the 3-day leaf will cross it, and not yet.
      assert.deepEqual(await query('ALERTS{alertname="CertwrightEndpointCertificateExpiresUrgent"}'), []);
      // Each error finding by id: the renewal not deployed, the closed port, and whatever the short leaf's urgent window says.
      const findings = await query('ALERTS{alertname="CertwrightEndpointFindings"}');
      const errorsOf = (s: EndpointStatus, as: string) => [...new Set(s.last!.findings.filter((f) => f.severity === 'error').map((f) => `${as} ${f.id}`))];
      // The endpoint added later is the stale server under its other name: the same leaf, the same findings.
      const errorIds = [...statuses.flatMap((s) => errorsOf(s, `${s.target} `)), ...errorsOf(statusOf(targets.stale), staleByName)];
      assert.deepEqual(findings.map((a) => `${name(a.metric)} ${a.metric.finding}`).sort(), errorIds.sort());
    } finally {
      await prometheus.stop();
      serve.child.kill('SIGTERM');
      const [code] = (await once(serve.child, 'exit')) as [number | null];
      assert.equal(code, 0, `metrics serve ends cleanly on SIGTERM\n${serve.output()}`);
    }
    assert.equal(await bindable(metricsPort), true, 'and frees its port');
  });

  test('`certwright metrics serve` on a port another process holds: one line saying so, exit 1', async () => {
    const squatter: Server = createServer();
    const taken = await freePort();
    await new Promise<void>((r) => squatter.listen(taken, '127.0.0.1', r));
    try {
      const busy = await runCli(entry, ['--vault', vaultDir, '--passphrase-file', join(dir, 'pass.txt'), 'metrics', 'serve', '--port', String(taken)]);
      assert.equal(busy.code, 1, busy.stderr);
      assert.equal(busy.stderr, `certwright: Port ${taken} on 127.0.0.1 is in use; choose another with --port\n`);
    } finally {
      squatter.close();
    }
  });
});
