import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCidr, checkDnsName, checkEmail, checkIp, checkUri, guessSanType, SanList } from '../../shared/validation/san.js';

const ok = (check: ReturnType<typeof checkDnsName>) => (check.ok ? check.entry.value : `ERR ${check.message}`);

describe('DNS names', () => {
  test('normalizes case, trailing dot and IDNs (both forms kept)', () => {
    assert.equal(ok(checkDnsName('API.Example.COM.')), 'api.example.com');
    const idn = checkDnsName('Bücher.example');
    assert.ok(idn.ok);
    assert.equal(idn.entry.value, 'xn--bcher-kva.example');
    assert.equal(idn.unicode, 'bücher.example');
    assert.equal(ok(checkDnsName('order-service')), 'order-service');
    assert.equal(ok(checkDnsName('*.svc.cluster.local')), '*.svc.cluster.local');
  });

  test('refuses what Go and OpenSSL would refuse, saying why', () => {
    assert.match(ok(checkDnsName('*.com')), /at least two labels after it/);
    assert.match(ok(checkDnsName('api.*.example.com')), /only be the whole left-most label/);
    assert.match(ok(checkDnsName('a*.example.com')), /only be the whole left-most label/);
    assert.match(ok(checkDnsName('a..b')), /empty label/);
    assert.match(ok(checkDnsName('-api.example.com')), /not a valid DNS label/);
    assert.match(ok(checkDnsName('under_score.example.com')), /not a valid DNS label/);
    assert.match(ok(checkDnsName(`${'a'.repeat(64)}.example.com`)), /longer than 63/);
    assert.match(ok(checkDnsName('10.0.0.1')), /add it as an IP SAN/);
    assert.match(ok(checkDnsName('')), /Enter a DNS name/);
  });
});

describe('IP addresses, emails, URIs, CIDRs', () => {
  test('IPs are canonical; malformed ones refused', () => {
    assert.deepEqual(checkIp(' 10.0.0.1 '), { ok: true, entry: { type: 'ip', value: '10.0.0.1' } });
    assert.deepEqual(checkIp('FD00:0:0:0::1'), { ok: true, entry: { type: 'ip', value: 'fd00::1' } });
    for (const bad of ['256.0.0.1', '1.2.3', '01.2.3.4', '::g', 'localhost']) assert.equal(checkIp(bad).ok, false, bad);
  });

  test('emails take an A-label domain; URIs need a scheme; SPIFFE IDs are checked', () => {
    assert.deepEqual(checkEmail('ops@Bücher.example'), { ok: true, entry: { type: 'email', value: 'ops@xn--bcher-kva.example' } });
    assert.equal(checkEmail('no-at-sign').ok, false);
    assert.equal(checkUri('spiffe://prod.acme/ns/default/sa/orders').ok, true);
    assert.equal(checkUri('spiffe://Prod.Acme/orders').ok, false);
    assert.equal(checkUri('orders-service').ok, false);
    assert.equal(checkUri('https://has space.example').ok, false);
  });

  test('CIDR ranges', () => {
    assert.deepEqual(checkCidr('10.0.0.0/8'), { ok: true, value: '10.0.0.0/8' });
    assert.deepEqual(checkCidr('FD00::/8'), { ok: true, value: 'fd00::/8' });
    for (const bad of ['10.0.0.0', '10.0.0.0/33', 'fd00::/129', 'x/8', '10.0.0.0/8/1']) assert.equal(checkCidr(bad).ok, false, bad);
  });

  test('guessSanType picks the obvious type', () => {
    assert.deepEqual(['10.1.1.1', '::1', 'spiffe://a/b', 'ops@a.example', 'api.example.com'].map(guessSanType), ['ip', 'ip', 'uri', 'email', 'dns']);
  });
});

describe('SanList schema', () => {
  test('normalizes entries and points at the bad one by index', () => {
    const parsed = SanList.safeParse([
      { type: 'dns', value: 'API.example.com' },
      { type: 'ip', value: '10.0.0.256' },
    ]);
    assert.equal(parsed.success, false);
    assert.deepEqual(parsed.error?.issues[0]?.path, [1, 'value']);
    assert.deepEqual(SanList.parse([{ type: 'dns', value: 'API.example.com' }]), [{ type: 'dns', value: 'api.example.com' }]);
  });

  test('duplicates after normalization are refused', () => {
    const parsed = SanList.safeParse([
      { type: 'dns', value: 'a.example' },
      { type: 'dns', value: 'A.EXAMPLE.' },
    ]);
    assert.match(parsed.error?.issues[0]?.message ?? '', /listed twice/);
  });
});
