/**
 * Revocation and CRL publication. Revoking writes the issuer's revocation book and reserves the next
 * CRL number in one locked write; the CRL is then signed (outside the lock: signing is async) and
 * recorded. A number is never handed out twice, even when the app and the CLI revoke at once; a CRL
 * that lost the race to a newer one goes into the history without replacing it.
 */
import { createHash } from 'node:crypto';
import { isFinal, REASON_INFO, type CrlDetail, type CrlEntryPage, type CrlSummary, type RevocationReason } from '../../shared/domain/revocation.js';
import { leafFacts } from './leaf-facts.js';
import { CertwrightError, atField } from '../../shared/errors.js';
import { buildCrl } from '../engine/crl.js';
import { toPem } from '../engine/pem.js';
import { X509, type EngineCrypto } from '../engine/webcrypto.js';
import type { AuthorityRecord, CertificateRecord } from '../vault/records.js';
import type { RevocationImpact } from '../../shared/domain/authority.js';
import { normalizeSerial, type CrlRecord, type Revocation } from '../vault/revocations.js';
import type { Vault } from '../vault/vault.js';
import type { Issuing } from './issuing.js';
import { msg, type Msg } from '../../shared/i18n/message.js';
import type { ProgressStep } from './progress.js';

/** A step in words (a catalog message: the window words it in the user's language, the CLI in English). */
type Progress = (done: number, step: ProgressStep) => void;

export interface RevokeRequest {
  readonly ids: readonly string[];
  readonly reason: RevocationReason;
  readonly invalidityDate: Date | null;
}

const DAY_MS = 86_400_000;

export class Revoking {
  readonly #vault: Vault;
  readonly #issuing: Issuing;
  readonly #crypto: EngineCrypto;
  readonly #now: () => Date;

  constructor(vault: Vault, issuing: Issuing, crypto: EngineCrypto, now: () => Date) {
    this.#vault = vault;
    this.#issuing = issuing;
    this.#crypto = crypto;
    this.#now = now;
  }

  /** The certificates with these ids (each once); an unknown id is NOT_FOUND. A lookup by id reads one small bucket. */
  find(ids: readonly string[]): CertificateRecord[] {
    return [...new Set(ids)].map((id) => this.#vault.getCertificate(id));
  }

  /**
   * Revokes certificates (possibly under several authorities) and publishes each affected
   * authority's next CRL. Refuses the whole request, changing nothing, when any certificate is
   * already revoked for good (a certificate on hold may be revoked for a final reason).
   */
  async revoke(records: readonly CertificateRecord[], request: Omit<RevokeRequest, 'ids'>, progress: Progress = () => undefined): Promise<CrlSummary[]> {
    this.#checkInvalidity(request.invalidityDate);
    const byAuthority = new Map<string, Target[]>();
    for (const record of records) {
      const target = { serial: normalizeSerial(record.serialNumberHex), certificateId: record.id, what: msg('errors:revoking.target.certificate', { serial: record.serialNumberHex }), field: 'ids', commonName: commonNameOf(record.certificateDerB64) };
      refuseAgain(target, this.#vault.revocations(record.authorityId).entries.get(target.serial), request.reason);
      byAuthority.set(record.authorityId, [...(byAuthority.get(record.authorityId) ?? []), target]);
    }
    // Sign with every affected authority before anything is written: a locked or expired CA fails here.
    // A remote authority's key is on its step-ca server: the server revokes, and no CRL is signed here.
    const remote = this.#issuing.remote;
    for (const authorityId of byAuthority.keys()) {
      if (remote.isRemote(authorityId)) remote.checkRevocation(authorityId, request.reason);
      else await this.#issuing.issuer(authorityId, 'ids', 'status');
    }
    const crls: CrlSummary[] = [];
    let step = 0;
    for (const [authorityId, targets] of byAuthority) {
      progress(step++, msg('revoke:progress.revoking', { count: targets.length }));
      if (remote.isRemote(authorityId)) {
        await remote.revoke(authorityId, targets, request.reason, request.invalidityDate);
        step++;
        continue;
      }
      crls.push(await this.#enter(authorityId, targets, request.reason, request.invalidityDate, (number) => progress(step++, msg('revoke:progress.signingCrl', { number }))));
    }
    progress(step, msg('revoke:progress.done'));
    return crls;
  }

  /**
   * Revokes a CA's certificate in its in-vault issuer's book and publishes the issuer's next CRL.
   * A root cannot be revoked by a CRL (nothing above it signs one), and an intermediate signed
   * outside this vault is revoked by the CA that signed it.
   */
  async revokeAuthority(id: string, reason: RevocationReason, invalidityDate: Date | null): Promise<{ record: AuthorityRecord; crl: CrlSummary }> {
    const record = this.#vault.getAuthority(id);
    if (record.kind === 'root') throw new CertwrightError('INVALID_INPUT', atField('id', 'errors:revoking.root'), { field: 'id' });
    if (!record.parentId || !record.serialNumberHex) throw new CertwrightError('INVALID_INPUT', atField('id', 'errors:revoking.outsideIntermediate'), { field: 'id' });
    this.#checkInvalidity(invalidityDate);
    await this.#issuing.issuer(record.parentId, 'id', 'status');
    const target = { serial: normalizeSerial(record.serialNumberHex), certificateId: null, what: msg('errors:revoking.target.ca'), field: 'id', commonName: commonNameOf(record.certificateDerB64 ?? ''), authority: true as const };
    return { record, crl: await this.#enter(record.parentId, [target], reason, invalidityDate) };
  }

  #checkInvalidity(invalidityDate: Date | null): void {
    if (invalidityDate && invalidityDate.getTime() > this.#now().getTime()) {
      throw new CertwrightError('INVALID_INPUT', atField('invalidityDate', 'errors:revoking.futureInvalidity'), { field: 'invalidityDate' });
    }
  }

  /**
   * Enters revocations in an authority's book and reserves the next CRL number in one locked write
   * (re-checking each entry: another process may have been first), then signs that CRL.
   */
  async #enter(authorityId: string, targets: readonly Target[], reason: RevocationReason, invalidityDate: Date | null, signing: (number: number) => void = () => undefined): Promise<CrlSummary> {
    const reserved = enterRevocations(this.#vault, authorityId, targets, reason, invalidityDate, this.#now(), true);
    signing(reserved.number);
    return this.#sign(authorityId, reserved.number, reserved.entries);
  }

  /** What revoking a CA takes down: the certificates and CAs under it, at any depth. */
  impact(id: string): RevocationImpact {
    const all = this.#vault.listAuthorities();
    const below = new Set([id]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const a of all) {
        if (a.parentId && below.has(a.parentId) && !below.has(a.id)) {
          below.add(a.id);
          grew = true;
        }
      }
    }
    let certificates = 0;
    for (const authorityId of below) certificates += this.#vault.listCertificates(authorityId).length;
    return { certificates, authorities: below.size - 1 };
  }

  /** Lifts a certificateHold: the next CRL (published now) no longer lists the certificate. */
  async release(id: string): Promise<{ record: CertificateRecord; crl: CrlSummary }> {
    const record = this.#vault.getCertificate(id);
    await this.#issuing.issuer(record.authorityId, 'id', 'status');
    const serial = normalizeSerial(record.serialNumberHex);
    const reserved = this.#vault.updateRevocations(record.authorityId, (book) => {
      const existing = book.entries.get(serial);
      if (!existing) throw new CertwrightError('INVALID_INPUT', atField('id', 'errors:revoking.notRevoked'), { field: 'id' });
      if (isFinal(existing.reason)) throw new CertwrightError('INVALID_INPUT', atField('id', 'errors:revoking.final', { reasonLabel: `errors:reasonLabel.${existing.reason}` }), { field: 'id' });
      const entries = new Map(book.entries);
      entries.delete(serial);
      return {
        entries,
        lastCrlNumber: book.lastCrlNumber + 1,
        result: { number: book.lastCrlNumber + 1, entries },
        audit: [{ kind: 'certificate.released' as const, authorityId: record.authorityId, subject: commonNameOf(record.certificateDerB64), serial, details: { certificateId: record.id } }],
      };
    });
    return { record, crl: await this.#sign(record.authorityId, reserved.number, reserved.entries) };
  }

  /** Publishes a fresh CRL now (same entries, next number, new dates). */
  async publish(authorityId: string): Promise<CrlSummary> {
    await this.#issuing.issuer(authorityId, 'id', 'status');
    const reserved = this.#vault.updateRevocations(authorityId, (book) => ({ lastCrlNumber: book.lastCrlNumber + 1, result: { number: book.lastCrlNumber + 1, entries: book.entries } }));
    return this.#sign(authorityId, reserved.number, reserved.entries);
  }

  /** The latest CRL with its history; null when the authority has not published one yet. */
  latest(authorityId: string): CrlDetail | null {
    this.#vault.getAuthority(authorityId); // NOT_FOUND for an id that is no authority
    const book = this.#vault.revocations(authorityId);
    if (!book.latestCrlDerB64) return null;
    const der = Buffer.from(book.latestCrlDerB64 ?? '', 'base64');
    const history = [...book.history].reverse().map((r) => summary(authorityId, r));
    const newest = history.find((h) => h.sha256 === sha256(der));
    if (!newest) throw new CertwrightError('VAULT_CORRUPT', msg('errors:revoking.latestMissing'));
    return { ...newest, pem: toPem('X509 CRL', der), history };
  }

  /** The latest CRL, publishing the first one when there is none yet. */
  async latestOrFirst(authorityId: string): Promise<CrlDetail> {
    const latest = this.latest(authorityId);
    if (latest) return latest;
    await this.publish(authorityId);
    const first = this.latest(authorityId);
    if (!first) throw new CertwrightError('INTERNAL', msg('errors:revoking.publishedMissing'));
    return first;
  }

  /** DER of the latest CRL (publishing the first one when there is none). */
  async latestDer(authorityId: string): Promise<Uint8Array> {
    await this.latestOrFirst(authorityId);
    return new Uint8Array(Buffer.from(this.#vault.revocations(authorityId).latestCrlDerB64 ?? '', 'base64'));
  }

  /**
   * One page of an authority's revocations, newest first, filtered by serial (hex, colons ignored)
   * or reason. Common names are looked up for the page only: at 100,000 entries that stays instant.
   */
  entries(authorityId: string, query: string, offset: number, limit: number): CrlEntryPage {
    this.#vault.getAuthority(authorityId);
    const all = [...this.#vault.revocations(authorityId).entries.values()];
    const q = query.trim().toLowerCase();
    const serialQuery = q.replace(/[:\s]/g, '');
    const matching = q === '' ? all : all.filter((e) => (serialQuery !== '' && e.serialNumberHex.includes(serialQuery)) || REASON_INFO[e.reason].label.toLowerCase().includes(q));
    matching.sort((a, b) => b.revokedAt.localeCompare(a.revokedAt) || a.serialNumberHex.localeCompare(b.serialNumberHex));
    const page = matching.slice(offset, offset + limit);
    const records = page.some((e) => e.certificateId) ? new Map(this.#vault.listCertificates(authorityId).map((r) => [r.id, r])) : new Map<string, CertificateRecord>();
    return {
      total: all.length,
      matched: matching.length,
      entries: page.map((e) => {
        const record = e.certificateId ? records.get(e.certificateId) : undefined;
        const commonName = record ? (new X509.X509Certificate(Buffer.from(record.certificateDerB64, 'base64')).subjectName.getField('CN')[0] ?? null) : null;
        return { serialNumberHex: e.serialNumberHex, reason: e.reason, revokedAt: e.revokedAt, invalidityDate: e.invalidityDate, certificateId: e.certificateId, commonName };
      }),
    };
  }

  /**
   * Signs the CRL with the number reserved for it. Numbers are reserved under the lock but signed
   * outside it, so another process may publish a higher number meanwhile; then this one stays in the
   * history only, and a fresh number is reserved and signed (with the book as it is now), so what is
   * returned — and handed to the user to deploy — is always the newest CRL at the moment it landed.
   */
  async #sign(authorityId: string, number: number, entries: ReadonlyMap<string, Revocation>): Promise<CrlSummary> {
    for (let attempt = 1; ; attempt++) {
      const signed = await this.#signOnce(authorityId, number, entries);
      if (signed.latest || attempt >= MAX_SIGN_ATTEMPTS) return signed.summary;
      const next = this.#vault.updateRevocations(authorityId, (book) => ({ lastCrlNumber: book.lastCrlNumber + 1, result: { number: book.lastCrlNumber + 1, entries: book.entries } }));
      ({ number, entries } = next);
    }
  }

  async #signOnce(authorityId: string, number: number, entries: ReadonlyMap<string, Revocation>): Promise<{ summary: CrlSummary; latest: boolean }> {
    const issuer = await this.#issuing.issuer(authorityId, 'id', 'status');
    const certificate = issuer.chain[0]!;
    const ski = certificate.getExtension(X509.SubjectKeyIdentifierExtension);
    if (!ski) throw new CertwrightError('INTERNAL', msg('errors:revoking.noSki'));
    const thisUpdate = new Date(Math.floor(this.#now().getTime() / 1000) * 1000);
    const nextUpdate = new Date(Math.min(thisUpdate.getTime() + issuer.settings.crlNextUpdateDays * DAY_MS, Math.max(certificate.notAfter.getTime(), thisUpdate.getTime() + 1000)));
    const der = await buildCrl(
      {
        issuerName: new Uint8Array(certificate.subjectName.toArrayBuffer()),
        issuerKeyId: new Uint8Array(Buffer.from(ski.keyId, 'hex')),
        crlNumber: number,
        thisUpdate,
        nextUpdate,
        entries: Array.from(entries.values(), (e) => ({ serialNumberHex: e.serialNumberHex, revokedAt: new Date(e.revokedAt), reason: e.reason, invalidityDate: e.invalidityDate ? new Date(e.invalidityDate) : null })),
      },
      issuer.signer,
      this.#crypto,
    );
    const record: CrlRecord = { number, thisUpdate: thisUpdate.toISOString(), nextUpdate: nextUpdate.toISOString(), entries: entries.size, sha256: sha256(der) };
    const latest = this.#vault.recordCrl(authorityId, record, der);
    return { summary: summary(authorityId, record), latest };
  }
}

/** Another process publishing at the same moment can overtake a CRL this many times before it is returned anyway. */
const MAX_SIGN_ATTEMPTS = 5;

/** The subject CN, for the audit log (the DER walker: cheap enough for a bulk revocation of thousands). */
function commonNameOf(derB64: string): string | null {
  return leafFacts(new Uint8Array(Buffer.from(derB64, 'base64')))?.subject.commonName ?? null;
}

/**
 * Enters revocations in an authority's book in one locked write, re-checking each entry (another
 * process may have been first). `reserveCrl`: also reserves the next CRL number, for the CRL the
 * caller signs; a remote authority's book (remote-issuing.ts) records what its server revoked and
 * signs no CRL (the key is on the server).
 */
export function enterRevocations(vault: Vault, authorityId: string, targets: readonly Target[], reason: RevocationReason, invalidityDate: Date | null, now: Date, reserveCrl: boolean): { number: number; entries: ReadonlyMap<string, Revocation> } {
  const revokedAt = now.toISOString();
  return vault.updateRevocations(authorityId, (book) => {
    const entries = new Map(book.entries);
    for (const target of targets) {
      const existing = entries.get(target.serial);
      refuseAgain(target, existing, reason);
      entries.set(target.serial, { serialNumberHex: target.serial, reason, revokedAt: existing?.revokedAt ?? revokedAt, invalidityDate: invalidityDate?.toISOString() ?? null, certificateId: target.certificateId });
    }
    const audit = targets.map((target) => ({
      kind: target.authority === true ? ('authority.revoked' as const) : ('certificate.revoked' as const),
      authorityId,
      subject: target.commonName,
      serial: target.serial,
      details: { reason, certificateId: target.certificateId, invalidityDate: invalidityDate?.toISOString() ?? null },
    }));
    const number = reserveCrl ? book.lastCrlNumber + 1 : book.lastCrlNumber;
    return { entries, lastCrlNumber: number, result: { number, entries }, audit };
  });
}

/** What is being revoked, as the book keys it and as a refusal names it. */
export interface Target {
  readonly commonName: string | null;
  readonly serial: string;
  readonly certificateId: string | null;
  /** "The certificate with serial …", "This CA" (errors:revoking.target.*), named in a refusal. */
  readonly what: Msg;
  readonly field: string;
  /** A CA's own certificate (audited as authority.revoked); a serial without a record in the vault is still a certificate. */
  readonly authority?: true;
}

/** A hold may become a final revocation; anything else is already done. */
function refuseAgain(target: Target, existing: Revocation | undefined, reason: RevocationReason): void {
  if (!existing || (existing.reason === 'certificateHold' && reason !== 'certificateHold')) return;
  const what = { ...target.what.params, what: target.what.key };
  const state =
    existing.reason === 'certificateHold'
      ? atField(target.field, 'errors:revoking.alreadyOnHold', what)
      : atField(target.field, 'errors:revoking.alreadyRevoked', { ...what, reasonLabel: `errors:reasonLabel.${existing.reason}`, date: existing.revokedAt.slice(0, 10) });
  throw new CertwrightError('INVALID_INPUT', state, { field: target.field });
}

function sha256(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase();
}

function summary(authorityId: string, r: CrlRecord): CrlSummary {
  return { authorityId, number: r.number, thisUpdate: r.thisUpdate, nextUpdate: r.nextUpdate, entries: r.entries, sha256: r.sha256 };
}
