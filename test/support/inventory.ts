/**
 * Inventories for the certificate list's tests and benchmarks (issue 14, "Scale"):
 *
 * - {@link syntheticCertificates}: CertificateSummary objects as the list gets them — mostly valid,
 *   some expired, not yet valid, revoked (for good or on hold), replaced, limited by their CA, from
 *   a CSR (no key), IDN names, names that differ only in case, shared creation times — for the pure
 *   index (test/unit/certificate-query.test.ts) and the Node part of test/bench/list.bench.ts.
 * - {@link seedCertificates}: real certificates in a real vault, fast: signed by the authority with
 *   the engine for one shared public key and stored as certificates signed from a CSR (the vault
 *   holds no key for them). About 0.2 ms each against ~0.7 ms through certificate.issueBulk, which
 *   also generates and seals a key per certificate — and with no leaf keys, the e2e harness's
 *   after-test scan for key material looks for the CA keys only, not for 10,000 more.
 *   Validity varies (a year and more, some expired, some not yet valid), as do profiles and SANs.
 */
import { createHash } from 'node:crypto';
import type { CertificateStatus, CertificateSummary, Profile } from '../../shared/domain/certificate.js';
import { PROFILES } from '../../shared/domain/certificate.js';
import type { RevocationReason } from '../../shared/domain/revocation.js';
import type { SanEntry } from '../../shared/validation/san.js';
import { issueLeaf } from '../../electron/engine/issue.js';
import { generateP256Der } from '../../electron/engine/p256-keys.js';
import type { Services } from '../../electron/services/index.js';
import type { NewCertificate } from '../../electron/vault/vault.js';

const DAY = 86_400_000;

/** Colon-hex of `bytes` bytes, different for every `n` and `salt` (as serials and fingerprints are). */
const hex = (n: number, bytes: number, salt: string) =>
  createHash('sha256')
    .update(`${salt}${n}`)
    .digest()
    .subarray(0, bytes)
    .toString('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1:');

const SERVICES = ['orders', 'billing', 'inventory', 'search', 'payments', 'shipping', 'auth', 'catalog', 'reports', 'mail'];

/** `count` certificates as the list gets them; deterministic for a given `now`. */
export function syntheticCertificates(count: number, now = new Date()): CertificateSummary[] {
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  return Array.from({ length: count }, (_, i): CertificateSummary => {
    // Some names repeat (i % 17), some differ only in case (i % 13): sort ties and collation.
    const base = `${SERVICES[i % SERVICES.length]}-${i % 17 === 0 ? i % 170 : i}`;
    const service = i % 13 === 0 ? base[0]!.toUpperCase() + base.slice(1) : base;
    const kind = i % 20;
    const status: CertificateStatus = kind === 0 ? 'expired' : kind === 1 ? 'revoked' : kind === 2 ? 'not-yet-valid' : 'valid';
    const reason: RevocationReason = i % 40 === 1 ? 'certificateHold' : 'keyCompromise';
    const notAfter = at(status === 'expired' ? -((i % 30) + 1) : (i % 400) + 1);
    const limited = i % 7 === 0;
    const profile = PROFILES[i % 3]!;
    const sans: SanEntry[] =
      profile === 'client' && i % 2 === 0
        ? []
        : i % 97 === 0
          ? [{ type: 'dns', value: `${service.toLowerCase()}.xn--bcher-kva.example` }]
          : i % 89 === 0
            ? [{ type: 'email', value: `ops-${i}@xn--bcher-kva.example` }]
            : Array.from({ length: (i % 3) + 1 }, (_, k) => ({ type: 'dns' as const, value: `${service.toLowerCase()}-${k}.svc.acme.internal` }));
    return {
      id: i.toString(16).padStart(32, '0'),
      authorityId: (i % 3).toString(16).padStart(32, 'a'),
      issuerCommonName: ['Acme Issuing CA', 'Acme Partner CA', 'acme issuing ca'][i % 3]!,
      profile,
      subject: { commonName: service },
      subjectDn: `CN=${service},O=Acme`,
      sans,
      serialNumberHex: hex(i, 16, 'serial'),
      notBefore: status === 'not-yet-valid' ? at((i % 5) + 1) : at(-30),
      notAfter,
      status,
      revocation: status === 'revoked' ? { reason, revokedAt: at(-(i % 9)), invalidityDate: null } : null,
      key: { algorithm: 'p256', label: 'ECDSA P-256' },
      hasPrivateKey: i % 11 !== 5,
      sha256Fingerprint: hex(i, 32, 'fingerprint'),
      // Whole minutes, 500 distinct: many certificates share a creation time (a bulk issue does).
      createdAt: new Date(now.getTime() - (i % 500) * 60_000).toISOString(),
      effectiveNotAfter: limited ? new Date(Math.min(Date.parse(notAfter), now.getTime() + 20 * DAY)).toISOString() : notAfter,
      replacesId: null,
      replacedById: i % 50 === 3 ? 'f'.repeat(32) : null,
      scheduledRevocation: null,
      acmeAccountId: null,
    };
  });
}

export interface SeedOptions {
  /** The common name of the i-th certificate (default `svc-<i>`). */
  readonly name?: (i: number) => string;
  /** Numbers the certificates from here (to seed more later under other names). */
  readonly start?: number;
  /** Certificates per vault write. */
  readonly batch?: number;
}

/**
 * Stores `count` real certificates signed by `authorityId` (which must be active and the vault
 * unlocked), `batch` per atomic write. The i-th: profile server/client/peer in turn, its name as a
 * DNS SAN unless a client, valid from 30 days ago for 1–400 days — except every 29th expired and
 * every 53rd not yet valid. Returns how many were stored.
 */
export async function seedCertificates(services: Pick<Services, 'vault' | 'issuing' | 'crypto' | 'now'>, authorityId: string, count: number, options: SeedOptions = {}): Promise<number> {
  const { vault, issuing, crypto } = services;
  const name = options.name ?? ((i: number) => `svc-${i}`);
  const start = options.start ?? 0;
  const batch = options.batch ?? 5000;
  const issuer = await issuing.issuer(authorityId);
  const key = generateP256Der();
  const usedSerials = vault.usedSerials(authorityId);
  const now = services.now().getTime();
  let stored = 0;
  for (let first = 0; first < count; first += batch) {
    const size = Math.min(batch, count - first);
    const made: NewCertificate[] = new Array(size);
    let next = 0;
    const worker = async () => {
      for (let k = next++; k < size; k = next++) {
        const i = start + first + k;
        const profile: Profile = PROFILES[i % 3]!;
        const commonName = name(i);
        const expired = i % 29 === 3;
        const notYet = i % 53 === 7;
        const notBefore = new Date(now + (notYet ? 2 : expired ? -400 : -30) * DAY);
        const notAfter = new Date(now + (expired ? -((i % 30) + 1) : (i % 400) + 1) * DAY + (i % 1000) * 1000);
        const sans: SanEntry[] = profile === 'client' ? [] : [{ type: 'dns', value: `${commonName.toLowerCase()}.svc.example` }];
        const issued = await issueLeaf({ profile, subject: { commonName }, sans, subjectPublicKeyInfo: key.spki, keyFamily: 'ec', notBefore, notAfter, usedSerials }, issuer, crypto);
        usedSerials.add(issued.serialNumberHex);
        made[k] = { profile, certificateDer: issued.der, serialNumberHex: issued.serialNumberHex, keyAlgorithm: null, privateKey: null, commonName };
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    stored += (await vault.addCertificates(authorityId, made)).length;
  }
  key.pkcs8.fill(0);
  return stored;
}
