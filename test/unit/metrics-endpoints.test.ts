/**
 * The watched endpoints' Prometheus series (services/metrics.ts) and the metrics listener
 * (services/watch/metrics-server.ts) on its own: the text's shape, label escaping, series left out
 * when a figure is unknown, and the listener's rules (the Host rule, 404 beside /metrics, the scrape
 * budget, a stop that frees the port). The same text judged by promtool, blackbox_exporter and a real
 * Prometheus: test/interop/watch-metrics.interop.test.ts.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { describe, test } from 'node:test';
import parsePrometheus from 'parse-prometheus-text-format';
import type { EndpointStatus, ProbeOutcome, WatchedEndpoint } from '../../shared/domain/watch.js';
import { prometheusText } from '../../electron/services/metrics.js';
import { METRICS_CONTENT_TYPE, startMetricsListener } from '../../electron/services/watch/metrics-server.js';
import { LOOPBACK_ADDRESS } from '../../electron/services/listeners/http.js';

type Family = { name: string; type: string; help: string; metrics: Array<{ value: string; labels?: Record<string, string> }> };

const AT = '2026-12-07T10:00:00.000Z';
const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function endpoint(id: string, host: string, port: number, servername: string | null = null): WatchedEndpoint {
  return { id, host, port, servername, clientCertificateId: null, expect: null, intervalMinutes: null, addedAt: AT };
}

function outcome(over: Partial<ProbeOutcome> = {}): ProbeOutcome {
  return {
    at: AT,
    durationMs: 37,
    reached: 'ok',
    failure: null,
    leaf: { sha256: 'AB01'.repeat(16), serialHex: '7F3A', subjectCommonName: 'web', issuerCommonName: 'Issuing', notAfter: '2027-03-01T00:00:00.000Z', vaultCertificateId: 'c1' },
    servedCount: 2,
    earliestNotAfter: '2026-12-12T08:30:00.000Z',
    effectiveNotAfter: '2027-03-01T00:00:00.000Z',
    clientCertificateRequested: false,
    servedIsLatest: true,
    latest: null,
    findings: [],
    ...over,
  };
}

function status(e: WatchedEndpoint, last: ProbeOutcome | null, health: EndpointStatus['health'] = last ? 'ok' : 'unprobed'): EndpointStatus {
  const target = e.host.includes(':') ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`;
  return { endpoint: e, target, health, last, lastOkAt: null, failuresInRow: 0, nextProbeAt: null, clientAuthSeen: false };
}

const base = { authorities: [], certificates: [], crlNextUpdates: new Map<string, string | null>() };
const families = (text: string) => parsePrometheus(text) as Family[];
const family = (text: string, name: string) => families(text).find((f) => f.name === name);
const valueOf = (text: string, name: string, target: string) => family(text, name)?.metrics.find((m) => m.labels?.endpoint === target)?.value;

describe('endpoint series', () => {
  test('without endpoints the text is what it was before: no endpoint family at all', () => {
    const text = prometheusText(base);
    assert.ok(!text.includes('certwright_endpoint'), text);
  });

  test('every line is exposition format, each family a gauge with HELP; figures are the last probe’s', () => {
    const web = status(endpoint('e1', 'web.example', 443), outcome(), 'ok');
    const ip = status(endpoint('e2', '127.0.0.1', 8443), outcome({ servedIsLatest: false, findings: [{ id: 'renewed-not-deployed', severity: 'error', text: { key: 'watch:finding.renewedNotDeployed' } }] }), 'error');
    const text = prometheusText({ ...base, endpoints: [web, ip] });
    const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
    const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
    const sample = new RegExp(`^${NAME}(\\{${LABEL}(,${LABEL})*\\})? -?[0-9]+(\\.[0-9]+)?$`);
    for (const line of text.trimEnd().split('\n')) assert.ok(/^# (HELP|TYPE) /.test(line) || sample.test(line), `not exposition format: ${line}`);
    for (const f of families(text).filter((f) => f.name.startsWith('certwright_endpoint'))) {
      assert.equal(f.type, 'GAUGE', f.name);
      assert.ok(f.help.length > 20, f.name);
    }
    assert.deepEqual(family(text, 'certwright_endpoint_probe_success')?.metrics.map((m) => m.labels), [
      { endpoint: 'web.example:443', servername: 'web.example' },
      { endpoint: '127.0.0.1:8443', servername: '' },
    ]);
    assert.equal(Number(valueOf(text, 'certwright_endpoint_ssl_earliest_cert_expiry', 'web.example:443')), unix('2026-12-12T08:30:00.000Z'));
    assert.equal(Number(valueOf(text, 'certwright_endpoint_effective_expiry_seconds', 'web.example:443')), unix('2027-03-01T00:00:00.000Z'));
    assert.equal(valueOf(text, 'certwright_endpoint_probe_duration_seconds', 'web.example:443'), '0.037');
    assert.equal(Number(valueOf(text, 'certwright_endpoint_last_probe_timestamp_seconds', 'web.example:443')), unix(AT));
    assert.equal(valueOf(text, 'certwright_endpoint_served_is_latest', 'web.example:443'), '1');
    assert.equal(valueOf(text, 'certwright_endpoint_served_is_latest', '127.0.0.1:8443'), '0');
    const info = family(text, 'certwright_endpoint_ssl_last_chain_info')?.metrics[0];
    assert.deepEqual(info?.labels, { endpoint: 'web.example:443', servername: 'web.example', fingerprint_sha256: 'ab01'.repeat(16), serial: '7F3A', cn: 'web', issuer: 'Issuing' });
    assert.deepEqual(
      family(text, 'certwright_endpoint_findings')?.metrics.filter((m) => m.labels?.endpoint === '127.0.0.1:8443').map((m) => [m.labels?.severity, m.value]),
      [
        ['error', '1'],
        ['warning', '0'],
      ],
    );
    assert.deepEqual(family(text, 'certwright_endpoint_finding')?.metrics.map((m) => m.labels), [{ endpoint: '127.0.0.1:8443', servername: '', finding: 'renewed-not-deployed', severity: 'error' }]);
    assert.deepEqual(
      family(text, 'certwright_endpoints')?.metrics.map((m) => [m.labels?.health, m.value]),
      [
        ['ok', '1'],
        ['warning', '0'],
        ['error', '1'],
        ['unprobed', '0'],
      ],
    );
  });

  test('unknown figures are left out, never written as 0: unprobed, unreachable, not one of ours', () => {
    const unprobed = status(endpoint('e1', 'new.example', 443), null);
    const down = status(
      endpoint('e2', 'down.example', 443),
      outcome({ reached: 'unreachable', failure: { key: 'x' }, leaf: null, servedCount: 0, earliestNotAfter: null, effectiveNotAfter: null, servedIsLatest: null, findings: [{ id: 'unreachable', severity: 'error', text: { key: 'x' } }] }),
      'error',
    );
    const foreign = status(endpoint('e3', 'other.example', 443), outcome({ servedIsLatest: null, effectiveNotAfter: null }));
    const text = prometheusText({ ...base, endpoints: [unprobed, down, foreign] });
    for (const f of families(text).filter((f) => f.name.startsWith('certwright_endpoint_'))) assert.ok(!f.metrics.some((m) => m.labels?.endpoint === 'new.example:443'), `${f.name} has the unprobed endpoint`);
    assert.equal(valueOf(text, 'certwright_endpoint_probe_success', 'down.example:443'), '0');
    for (const name of ['certwright_endpoint_ssl_earliest_cert_expiry', 'certwright_endpoint_effective_expiry_seconds', 'certwright_endpoint_served_is_latest', 'certwright_endpoint_ssl_last_chain_info']) {
      assert.equal(valueOf(text, name, 'down.example:443'), undefined, name);
    }
    assert.equal(valueOf(text, 'certwright_endpoint_served_is_latest', 'other.example:443'), undefined, 'not known to be ours: absent');
    assert.equal(valueOf(text, 'certwright_endpoint_effective_expiry_seconds', 'other.example:443'), undefined);
    assert.ok(valueOf(text, 'certwright_endpoint_ssl_earliest_cert_expiry', 'other.example:443'), 'what was served is still measured');
    assert.equal(Number(family(text, 'certwright_endpoints')?.metrics.find((m) => m.labels?.health === 'unprobed')?.value), 1);
  });

  test('label values are escaped; IPv6 in brackets; one series per label set and per finding id', () => {
    const odd = outcome({ leaf: { ...outcome().leaf!, subjectCommonName: 'a "quoted" \\ name\nline two' } });
    const sameTwice = outcome({
      findings: [
        { id: 'chain-incomplete', severity: 'warning', text: { key: 'x' } },
        { id: 'chain-incomplete', severity: 'warning', text: { key: 'y' } },
      ],
    });
    const text = prometheusText({
      ...base,
      endpoints: [status(endpoint('e1', 'odd.example', 443, 'sni "x"'), odd), status(endpoint('e2', '::1', 8443), sameTwice), status(endpoint('e3', '::1', 8443), outcome({ durationMs: 999 }))],
    });
    const info = family(text, 'certwright_endpoint_ssl_last_chain_info')?.metrics[0]?.labels;
    assert.equal(info?.cn, 'a "quoted" \\ name\nline two');
    assert.equal(info?.servername, 'sni "x"');
    assert.ok(text.includes('cn="a \\"quoted\\" \\\\ name\\nline two"'), 'escaped as the format says');
    const success = family(text, 'certwright_endpoint_probe_success')?.metrics.map((m) => m.labels?.endpoint);
    assert.deepEqual(success, ['odd.example:443', '[::1]:8443'], 'the second [::1]:8443 with the same SNI would repeat a series: the first speaks');
    assert.equal(valueOf(text, 'certwright_endpoint_probe_duration_seconds', '[::1]:8443'), '0.037');
    assert.equal(family(text, 'certwright_endpoint_finding')?.metrics.length, 1);
  });
});

// ---- The listener --------------------------------------------------------------------------------

function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: LOOPBACK_ADDRESS, port, path, agent: false, headers: { Host: host } }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (d: string) => (body += d));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, type: response.headers['content-type'], body }));
    });
    request.on('error', reject);
    request.end();
  });
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, LOOPBACK_ADDRESS, () => probe.close(() => resolve(true)));
  });
}

describe('the metrics listener', () => {
  test('GET /metrics in the text format; the Host rule; 404 elsewhere; the scrape budget; stop frees the port', async () => {
    let collections = 0;
    const listener = await startMetricsListener(
      async () => {
        collections += 1;
        return prometheusText({ ...base, endpoints: [status(endpoint('e1', 'web.example', 443), outcome())] });
      },
      { scrapesPerSecond: 3 },
    );
    try {
      assert.match(listener.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const ok = await get(listener.port, '/metrics');
      assert.equal(ok.status, 200);
      assert.equal(ok.type, METRICS_CONTENT_TYPE);
      assert.match(ok.body, /^certwright_endpoint_ssl_earliest_cert_expiry\{endpoint="web\.example:443",servername="web\.example"\} \d+$/m);
      assert.equal((await get(listener.port, '/metrics?x=1', `localhost:${listener.port}`)).status, 200, 'localhost and a query string are fine');
      // DNS rebinding: a page on attacker.test resolving to 127.0.0.1 still says its own name.
      const rebound = await get(listener.port, '/metrics', `attacker.test:${listener.port}`);
      assert.equal(rebound.status, 421);
      assert.doesNotMatch(rebound.body, /certwright_/);
      const elsewhere = await get(listener.port, '/');
      assert.equal(elsewhere.status, 404);
      assert.match(elsewhere.body, /\/metrics/);
      assert.equal(collections, 2, 'refusals read nothing');
      // A budget of 3 a second, two spent: four more at once cannot all be served.
      const burst = await Promise.all([0, 1, 2, 3].map(() => get(listener.port, '/metrics')));
      assert.ok(burst.some((r) => r.status === 429), `a burst beyond the budget is refused: ${burst.map((r) => r.status).join(',')}`);
    } finally {
      await listener.close();
    }
    assert.equal(await bindable(listener.port), true, 'stopped means the port is free again');
  });
});
