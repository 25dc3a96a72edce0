/**
 * certificateRecordFast (electron/vault/records.ts) reads stored certificate records without zod,
 * for speed: it must give exactly what CertificateRecord.parse gives for a valid record, and refuse
 * (null: zod then says why) every record zod refuses — never accept one zod would not.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CertificateRecord, certificateRecordFast } from '../../electron/vault/records.js';

const ID = 'a'.repeat(32);
const base = {
  schemaVersion: 1,
  id: ID,
  authorityId: 'b'.repeat(32),
  profile: 'client',
  certificateDerB64: 'MIIB',
  serialNumberHex: '0a1b',
  keyAlgorithm: 'p256',
  sealedKey: { alg: 'A256GCM', nonceB64: 'bm9uY2U=', ciphertextB64: 'Y2lwaGVy' },
  createdAt: '2026-01-01T00:00:00.000Z',
  replacesId: null,
  replacedById: 'c'.repeat(32),
  scheduledRevocation: '2026-02-01T00:00:00.000Z',
  acmeAccountId: 'e'.repeat(32),
  seq: 7,
};

function same(raw: unknown) {
  const zod = CertificateRecord.safeParse(raw);
  const fast = certificateRecordFast(raw);
  if (zod.success) {
    // A valid record: the fast path may defer to zod (null), but when it answers, it answers alike.
    if (fast !== null) assert.deepEqual(fast, zod.data, JSON.stringify(raw));
    return fast !== null;
  }
  assert.equal(fast, null, `zod refuses ${JSON.stringify(raw)}, the fast path must too`);
  return false;
}

test('valid records in every shape Certwright has written: the same record, defaults filled in, seq left out', () => {
  const shapes = [
    base,
    { ...base, sealedKey: undefined, keyAlgorithm: null },
    { ...base, replacesId: undefined, replacedById: undefined, scheduledRevocation: undefined, acmeAccountId: undefined },
    { ...base, acmeAccountId: null },
    { ...base, replacesId: 'd'.repeat(32), scheduledRevocation: null },
    { ...base, sealedKey: { ...base.sealedKey, extra: 1 }, somethingNew: true },
    ...['server', 'peer'].map((profile) => ({ ...base, profile })),
    ...['p384', 'rsa2048', 'rsa3072', 'rsa4096', 'ed25519'].map((keyAlgorithm) => ({ ...base, keyAlgorithm })),
  ].map((r) => JSON.parse(JSON.stringify(r)));
  for (const raw of shapes) assert.ok(same(raw), `the fast path reads ${JSON.stringify(raw)}`);
  assert.equal('seq' in certificateRecordFast(base)!, false);
});

test('every field made invalid, missing or of the wrong type: refused by both', () => {
  const bad: unknown[] = [null, 7, 'record', [], {}];
  const wrong = [undefined, null, '', 0, 1, true, [], {}, 'x', 'A'.repeat(32), 'a'.repeat(31), { alg: 'A128GCM', nonceB64: 'a', ciphertextB64: 'b' }, { alg: 'A256GCM', nonceB64: '', ciphertextB64: 'b' }, { alg: 'A256GCM', nonceB64: 'a' }];
  for (const field of Object.keys(base)) for (const value of wrong) bad.push({ ...base, [field]: value });
  let refused = 0;
  for (const raw of bad) if (!same(JSON.parse(JSON.stringify(raw ?? null)) ?? raw)) refused++;
  assert.ok(refused > 100, `${refused} refused`);
});
