import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exportSpki, generateKeyPair } from '../../electron/engine/keys.js';
import { issueIntermediate } from '../../electron/engine/issue.js';
import { authorityValidity, checkNameConstraints, checkPathLength, leafValidity } from '../../electron/engine/policy.js';
import { createRootAuthority } from '../../electron/engine/root-ca.js';
import { X509 } from '../../electron/engine/webcrypto.js';
import type { NameConstraints } from '../../shared/domain/authority.js';
import { english } from '../../shared/i18n/english.js';

const crypto = globalThis.crypto;
const NOW = new Date('2026-06-01T00:00:00Z');
const settings = { defaultValidityDays: 30, crlUrl: null, ocspUrl: null, caIssuersUrl: null, crlNextUpdateDays: 7 };

async function rootAndIntermediate(options: { rootPathLength?: number | null; interPathLength?: number; constraints?: NameConstraints | null; rootDays?: number } = {}) {
  const root = await createRootAuthority({ subject: { commonName: 'Policy Root' }, keyAlgorithm: 'p256', validityDays: options.rootDays ?? 3650, pathLength: options.rootPathLength ?? null, now: NOW }, crypto);
  const keys = await generateKeyPair('p256', crypto);
  const inter = await issueIntermediate(
    {
      subject: { commonName: 'Policy Issuing CA' },
      subjectPublicKeyInfo: await exportSpki(keys.publicKey, crypto),
      pathLength: options.interPathLength ?? 0,
      nameConstraints: options.constraints ?? null,
      notBefore: NOW,
      notAfter: new Date(NOW.getTime() + 365 * 86_400_000),
    },
    { chain: [root.certificate], signer: { privateKey: root.privateKey, algorithm: 'p256' }, settings },
    crypto,
  );
  return { root: root.certificate, intermediate: new X509.X509Certificate(inter.der) };
}

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    const e = error as { code?: string; message: string; details?: { field?: string } };
    return `${e.code} ${e.details?.field}: ${e.message}`;
  }
  return 'accepted';
};

describe('validity', () => {
  test('a leaf never outlives its chain: refused with the date, not clamped', async () => {
    const { root, intermediate } = await rootAndIntermediate();
    const chain = [intermediate, root];
    assert.match(refusal(() => leafValidity({ days: 400 }, chain, NOW)), /^INVALID_INPUT validity: .*Policy Issuing CA is valid only until 2027-06-01 00:00:00 UTC/);
    assert.match(refusal(() => leafValidity({ notAfter: '2026-05-01T00:00:00Z' }, chain, NOW)), /would already be expired/);
    const ok = leafValidity({ days: 30 }, chain, NOW);
    assert.equal(ok.notAfter.toISOString(), '2026-07-01T00:00:00.000Z');
    assert.deepEqual(ok.warnings, []);
    // A vault CA is private: the public Web PKI's 398 days do not apply, Apple's 825 for any TLS server do.
    assert.deepEqual(leafValidity({ days: 399 }, [root], NOW).warnings, []);
    assert.match(english(leafValidity({ days: 900 }, [root], NOW).warnings[0]!), /above 825 days, Apple platforms refuse TLS server certificates/);
  });

  test('a CA is clamped to its issuer and says so', async () => {
    const { root } = await rootAndIntermediate({ rootDays: 100 });
    const clamped = authorityValidity(1825, [root], NOW);
    assert.equal(clamped.notAfter.getTime(), root.notAfter.getTime());
    assert.equal(clamped.clampedTo?.getTime(), root.notAfter.getTime());
    assert.equal(authorityValidity(10, [root], NOW).clampedTo, null);
  });
});

describe('path length', () => {
  test('a root with pathLen 0 allows no intermediate; pathLen 1 allows one with pathLen 0', async () => {
    const zero = await rootAndIntermediate({ rootPathLength: 0 });
    assert.match(refusal(() => checkPathLength([zero.root], 0)), /^INVALID_INPUT parentId: Policy Root has path length 0: it allows no intermediate CA below it/);
    const one = await rootAndIntermediate({ rootPathLength: 1 });
    assert.equal(refusal(() => checkPathLength([one.root], 0)), 'accepted');
    assert.match(refusal(() => checkPathLength([one.root], 1)), /^INVALID_INPUT pathLength: .*allows at most path length 0 here/);
    // Under the intermediate (pathLen 0 itself), nothing more.
    assert.match(refusal(() => checkPathLength([one.intermediate, one.root], 0)), /Policy Issuing CA has path length 0/);
  });

  test('no constraint anywhere: any depth', async () => {
    const open = await rootAndIntermediate({ rootPathLength: null, interPathLength: 3 });
    assert.equal(refusal(() => checkPathLength([open.intermediate, open.root], 2)), 'accepted');
  });
});

describe('name constraints', () => {
  const constraints: NameConstraints = { permittedDns: ['example.com', '.svc.internal'], excludedDns: ['secret.example.com'], permittedIp: ['10.0.0.0/8', 'fd00::/8'], excludedIp: ['10.66.0.0/16'] };

  test('names inside the permitted subtrees pass', async () => {
    const { root, intermediate } = await rootAndIntermediate({ constraints });
    const chain = [intermediate, root];
    for (const sans of [
      [{ type: 'dns' as const, value: 'example.com' }],
      [{ type: 'dns' as const, value: 'api.example.com' }],
      [{ type: 'dns' as const, value: '*.api.example.com' }],
      [{ type: 'dns' as const, value: 'orders.svc.internal' }],
      [{ type: 'ip' as const, value: '10.1.2.3' }],
      [{ type: 'ip' as const, value: 'fd00::1' }],
      [{ type: 'uri' as const, value: 'spiffe://other.example.org/x' }],
    ]) {
      assert.equal(refusal(() => checkNameConstraints(chain, sans)), 'accepted', JSON.stringify(sans));
    }
  });

  test('names outside or excluded are refused, naming the constraint and the field', async () => {
    const { root, intermediate } = await rootAndIntermediate({ constraints });
    const chain = [intermediate, root];
    const cases: Array<[Parameters<typeof checkNameConstraints>[1], RegExp]> = [
      [[{ type: 'dns', value: 'api.example.org' }], /sans: api\.example\.org is outside the name constraints of Policy Issuing CA: it permits only example\.com, \.svc\.internal/],
      [[{ type: 'dns', value: 'notexample.com' }], /outside the name constraints/],
      [[{ type: 'dns', value: 'svc.internal' }], /outside the name constraints/],
      [[{ type: 'dns', value: 'db.secret.example.com' }], /excluded by the name constraints of Policy Issuing CA \(excluded: secret\.example\.com\)/],
      [[{ type: 'dns', value: '*.example.com' }], /excluded/],
      [[{ type: 'ip', value: '192.168.1.1' }], /192\.168\.1\.1 is outside the name constraints/],
      [[{ type: 'ip', value: '10.66.1.1' }], /excluded/],
      [[{ type: 'ip', value: '2001:db8::1' }], /outside/],
    ];
    for (const [sans, expected] of cases) assert.match(refusal(() => checkNameConstraints(chain, sans)), expected);
  });

  test('a host-like common name counts when there is no DNS SAN', async () => {
    const { root, intermediate } = await rootAndIntermediate({ constraints });
    assert.match(refusal(() => checkNameConstraints([intermediate, root], [], 'orders.other.org')), /^INVALID_INPUT subject\.commonName:/);
    assert.equal(refusal(() => checkNameConstraints([intermediate, root], [], 'orders-service')), 'accepted');
  });
});
