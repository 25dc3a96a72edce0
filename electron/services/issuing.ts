/**
 * The issuing workflows: resolve the issuer, apply the policy (validity, path length, name
 * constraints), build with the engine, and store certificate and sealed key in one write. Nothing is
 * stored until everything has succeeded, so a refusal or failure never leaves half an issuance.
 */
import type { AuthoritySettings, NameConstraints } from '../../shared/domain/authority.js';
import { csrRefusal, leafRefusals, type CsrSummary, type Profile } from '../../shared/domain/certificate.js';
import type { KeyAlgorithmId } from '../../shared/domain/keys.js';
import { CertwrightError, atField, fieldReason } from '../../shared/errors.js';
import type { SanEntry } from '../../shared/validation/san.js';
import type { SubjectFields } from '../../shared/validation/subject.js';
import { defaultIntermediateDays } from '../../shared/domain/hierarchy.js';
import { buildChain } from '../engine/chain.js';
import { createIntermediateCsr } from '../engine/csr.js';
import { issueIntermediate, issueLeaf, type Issuer } from '../engine/issue.js';
import { exportSpki, generateKeyPair, generateKeyPairDer, keyFamily } from '../engine/keys.js';
import { abandonOnCancel } from './operations.js';
import { generateP256Der } from '../engine/p256-keys.js';
import { decodeField } from '../engine/pem.js';
import { authorityValidity, checkNameConstraints, checkPathLength, leafValidity, requireIssuerValid, type ValidityRequest } from '../engine/policy.js';
import { X509, type Bytes, type EngineCrypto } from '../engine/webcrypto.js';
import type { AuthorityRecord, CertificateRecord } from '../vault/records.js';
import type { NewCertificate, Vault } from '../vault/vault.js';
import type { RemoteIssuing } from './remote/remote-issuing.js';

/** Issuances in flight at once in bulk. */
const CONCURRENCY = 16;
/** Certificates stored in one atomic write of a bulk issue (and the most private keys held in clear at once). */
export const BATCH = 1_000;
/** Progress is reported every this many certificates within a batch. */
const REPORT_EVERY = 25;
/** The longest the issuing loop keeps the event loop before it lets other work in. */
const YIELD_MS = 2;
import type { Catalog } from './catalog.js';
import type { ProgressStep } from './progress.js';
import { msg, type Msg } from '../../shared/i18n/message.js';

export type Progress = (done: number, step: ProgressStep) => void;

export interface LeafRequest {
  readonly authorityId: string;
  readonly profile: Profile;
  readonly subject: SubjectFields;
  readonly sans: readonly SanEntry[];
  readonly keyAlgorithm: KeyAlgorithmId;
  readonly validity?: ValidityRequest;
  /** Renewal: certify this existing key (its PKCS#8, when Certwright holds it, is sealed anew) instead of a new one. */
  readonly existingKey?: { readonly spki: Uint8Array; readonly pkcs8: Bytes | null; readonly keyAlgorithm: KeyAlgorithmId | null };
  /** The certificate this one renews or rekeys. */
  readonly replacesId?: string;
}

/**
 * The checks an authority passes before anything is signed under it, wherever its key is (here, or
 * on a step-ca server): active, not revoked nor any CA above it in the vault (for issuing; a revoked
 * CA may still speak about what it issued, `purpose: 'status'`), and valid now. Answers its chain.
 */
export function issuableChain(vault: Vault, catalog: Catalog, record: AuthorityRecord, now: Date, field = 'authorityId', purpose: 'issue' | 'status' = 'issue'): ReturnType<Catalog['issuerChain']> {
  if (record.state !== 'active') {
    throw new CertwrightError('INVALID_INPUT', atField(field, 'errors:issuing.pending'), { field });
  }
  if (purpose === 'issue') {
    for (let current: AuthorityRecord | null = record, depth = 0; current && depth < 16; current = current.parentId ? vault.getAuthority(current.parentId) : null, depth++) {
      const revoked = catalog.authorityRevocation(current);
      if (revoked) {
        const name = catalog.certificate(current.certificateDerB64 ?? '').subjectName.getField('CN')[0] ?? 'A CA above it';
        throw new CertwrightError('INVALID_INPUT', atField(field, 'errors:issuing.issuerRevoked', { name, reasonLabel: `errors:reasonLabel.${revoked.reason}`, date: revoked.revokedAt.slice(0, 10) }), { field });
      }
    }
  }
  const chain = catalog.issuerChain(record);
  requireIssuerValid(chain, now);
  return chain;
}

export class Issuing {
  readonly #vault: Vault;
  readonly #catalog: Catalog;
  readonly #crypto: EngineCrypto;
  readonly #now: () => Date;
  /** Issuing, renewing and revoking under a remote authority: its step-ca server signs (issue 20). */
  readonly remote: RemoteIssuing;

  constructor(vault: Vault, catalog: Catalog, crypto: EngineCrypto, now: () => Date, remote: RemoteIssuing) {
    this.#vault = vault;
    this.#catalog = catalog;
    this.#crypto = crypto;
    this.#now = now;
    this.remote = remote;
  }

  /**
   * An authority ready to sign: active, valid now, with its key unsealed. For issuing (the default)
   * it must not be revoked, nor any CA above it in the vault; for CRLs and OCSP (`purpose: 'status'`)
   * a revoked CA may still speak about what it issued.
   */
  async issuer(authorityId: string, field = 'authorityId', purpose: 'issue' | 'status' = 'issue'): Promise<Issuer & { record: AuthorityRecord }> {
    const record = this.#vault.getAuthority(authorityId);
    // A remote authority's key is on its step-ca server: whatever asks for it here (a CRL, OCSP, a sub-CA…) is told so.
    if (record.remoteId) throw this.remote.noLocalKey(record, field);
    const chain = issuableChain(this.#vault, this.#catalog, record, this.#now(), field, purpose);
    return { record, chain, signer: { privateKey: await this.#vault.signingKey(record.id), algorithm: record.keyAlgorithm }, settings: record.settings };
  }

  /**
   * Issues leaves under one authority. Up to BATCH of them are stored together in one atomic write
   * (an mTLS pair lands whole); a bigger bulk is stored BATCH at a time, each batch atomic, so keys
   * in clear never number more than a batch and the work done survives a cancel. `signal`: checked
   * between batches — a cancelled bulk keeps the batches already stored and answers how many.
   * `collect: false`: the records stored are not handed back (a bulk issue needs only the count).
   */
  async issueLeaves(
    requests: readonly LeafRequest[],
    progress: Progress = () => undefined,
    options: { readonly signal?: AbortSignal; readonly collect?: boolean } = {},
  ): Promise<{ records: CertificateRecord[]; ids: string[]; issued: number; warnings: Msg[]; cancelled: boolean }> {
    const authorityId = requests[0]!.authorityId;
    if (this.remote.isRemote(authorityId)) return this.remote.issueLeaves(requests, progress, options);
    const issuer = await this.issuer(authorityId);
    const now = this.#now();
    // The same remark for every certificate of a bulk is said once.
    const warnings = new Map<string, Msg>();
    const planned = requests.map((request) => {
      const window = leafValidity(request.validity ?? { days: issuer.settings.defaultValidityDays }, issuer.chain, now);
      checkNameConstraints(issuer.chain, request.sans, request.subject.commonName);
      window.warnings.forEach((w) => warnings.set(JSON.stringify(w), w));
      return { request, window };
    });
    const usedSerials = this.#vault.usedSerials(authorityId);
    const bulk = planned.length > BATCH;
    const records: CertificateRecord[] = [];
    /** Every stored certificate's id, even without `collect` (a bulk's "Export all" needs them). */
    const ids: string[] = [];
    let issued = 0;

    const make = async ({ request, window }: (typeof planned)[number]): Promise<NewCertificate> => {
      const existing = request.existingKey;
      // P-256 (the default) without OpenSSL's encoders: see engine/p256-keys.ts for the measurement.
      const keys = existing ?? (request.keyAlgorithm === 'p256' ? generateP256Der() : await generateKeyPairDer(request.keyAlgorithm));
      this.#vault.assertUnlocked(); // locked while the key was made: sign nothing
      const issued = await issueLeaf(
        // An existing key's family (for Key Usage) is read from its SPKI.
        { profile: request.profile, subject: request.subject, sans: request.sans, subjectPublicKeyInfo: keys.spki, ...(existing ? {} : { keyFamily: keyFamily(request.keyAlgorithm) }), notBefore: window.notBefore, notAfter: window.notAfter, usedSerials },
        issuer,
        this.#crypto,
      );
      usedSerials.add(issued.serialNumberHex);
      const keyAlgorithm = existing ? (existing.pkcs8 ? existing.keyAlgorithm : null) : request.keyAlgorithm;
      return { profile: request.profile, certificateDer: issued.der, serialNumberHex: issued.serialNumberHex, keyAlgorithm, privateKey: keys.pkcs8, replacesId: request.replacesId ?? null, commonName: request.subject.commonName, publicKeySpki: keys.spki };
    };

    // Much of the work is synchronous (microtasks only): every YIELD_MS all workers wait on one
    // setImmediate together, so other calls (a cancel, the window's pings) get in.
    let yielded = performance.now();
    let pause: Promise<void> | null = null;
    const breather = async () => {
      if (!pause && performance.now() - yielded < YIELD_MS) return;
      pause ??= new Promise<void>((resolve) =>
        setImmediate(() => {
          pause = null;
          yielded = performance.now();
          resolve();
        }),
      );
      await pause;
    };

    for (let first = 0; first < planned.length; first += BATCH) {
      if (first > 0 && options.signal?.aborted) return { records, ids, issued, warnings: [...warnings.values()], cancelled: true };
      const batch = planned.slice(first, first + BATCH);
      const made: NewCertificate[] = new Array(batch.length);
      try {
        // A few in flight at once: RSA and P-384 keys are made on libuv's thread pool, so that keeps
        // both cores busy (P-256 keys and Node's own signatures are synchronous and cheaper in all;
        // see engine/p256-keys.ts). Serial numbers are drawn synchronously, so the used-set stays exact.
        let next = 0;
        let done = 0;
        const worker = async () => {
          for (let i = next++; i < batch.length; i = next++) {
            await breather();
            // A lock (idle, suspend, screen lock) ends a bulk issue between certificates with
            // VAULT_LOCKED: nothing more is signed, and this batch's write never happens.
            this.#vault.assertUnlocked();
            made[i] = await make(batch[i]!);
            done++;
            if (done % REPORT_EVERY === 0) progress((first + done) * 2 - 1, planned.length > 1 ? msg('issue:progress.issuingOf', { done: first + done, total: planned.length }) : msg('issue:progress.signing'));
          }
        };
        if (planned.length === 1) progress(0, msg('issue:progress.generatingKey'));
        await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batch.length) }, worker));
        this.#vault.assertUnlocked(); // locked while the last were signed: nothing more is reported or stored
        progress((first + batch.length) * 2 - 1, bulk ? msg('issue:progress.saving', { from: first + 1, to: first + batch.length }) : msg('issue:progress.sealing'));
        const stored = await this.#vault.addCertificates(authorityId, made);
        issued += stored.length;
        for (const r of stored) ids.push(r.id);
        if (options.collect !== false) records.push(...stored);
      } finally {
        // A key generated here that was not stored (a failure, a lock) is wiped; the vault wipes those it sealed.
        made.forEach((item, i) => {
          if (item.privateKey instanceof Uint8Array && !batch[i]!.request.existingKey) item.privateKey.fill(0);
        });
      }
      progress((first + batch.length) * 2, bulk ? msg('issue:progress.issuedOf', { done: first + batch.length, total: planned.length }) : msg('issue:progress.saved'));
    }
    return { records, ids, issued, warnings: [...warnings.values()], cancelled: false };
  }

  /** Signs a reviewed CSR: the subject and SANs are the ones the user confirmed, never copied blindly. */
  /**
   * Signs a CSR that the untrusted-input worker has read and judged (`reviewed`: its summary and its
   * SubjectPublicKeyInfo); the CSR's own bytes are not parsed here, where the keys live.
   */
  async signCsr(
    params: { csr: string; authorityId: string; profile: Profile; subject: SubjectFields; sans: readonly SanEntry[]; validity?: ValidityRequest; origin?: { readonly acmeAccountId: string } },
    reviewed: { readonly summary: CsrSummary; readonly spki: Uint8Array },
  ): Promise<{ record: CertificateRecord; warnings: Msg[] }> {
    const { summary } = reviewed;
    // A request to be a CA is never signed as a leaf (byo-pki.ts signs it as a sub-CA).
    const refusals = leafRefusals(summary);
    if (refusals.length > 0) {
      const refusal = csrRefusal(refusals);
      throw new CertwrightError('INVALID_INPUT', atField('csr', refusal.key, refusal.params), { field: 'csr' });
    }
    if (this.remote.isRemote(params.authorityId)) return this.remote.signCsr(params, reviewed);
    const issuer = await this.issuer(params.authorityId);
    const window = leafValidity(params.validity ?? { days: issuer.settings.defaultValidityDays }, issuer.chain, this.#now());
    checkNameConstraints(issuer.chain, params.sans, params.subject.commonName);
    const issued = await issueLeaf(
      { profile: params.profile, subject: params.subject, sans: params.sans, subjectPublicKeyInfo: new Uint8Array(reviewed.spki), notBefore: window.notBefore, notAfter: window.notAfter, usedSerials: this.#vault.usedSerials(params.authorityId) },
      issuer,
      this.#crypto,
    );
    const [record] = await this.#vault.addCertificates(params.authorityId, [
      { profile: params.profile, certificateDer: issued.der, serialNumberHex: issued.serialNumberHex, keyAlgorithm: null, privateKey: null, commonName: params.subject.commonName, acmeAccountId: params.origin?.acmeAccountId ?? null },
    ]);
    return { record: record!, warnings: window.warnings };
  }

  async createIntermediate(
    params: { parentId: string; subject: SubjectFields; keyAlgorithm: KeyAlgorithmId; validityDays?: number | undefined; pathLength: number; nameConstraints: NameConstraints | null; settings?: AuthoritySettings },
    progress: Progress = () => undefined,
    signal?: AbortSignal,
  ): Promise<{ record: AuthorityRecord; clampedTo: Date | null }> {
    const parent = await this.issuer(params.parentId, 'parentId');
    checkPathLength(parent.chain, params.pathLength);
    const now = this.#now();
    // No validity asked: five years, or less to end well before the parent chain (never with it).
    const validityDays = params.validityDays ?? defaultIntermediateDays(chainEnd(parent.chain), now);
    const window = authorityValidity(validityDays, parent.chain, now);
    progress(0, msg('newIntermediate:progress.generatingKey'));
    // A cancel abandons the generation: nothing is written until the key is made.
    const keys = await abandonOnCancel(generateKeyPair(params.keyAlgorithm, this.#crypto), signal, msg('errors:operations.cancelledIntermediate'));
    progress(1, msg('newIntermediate:progress.signingCertificate'));
    const subjectPublicKeyInfo = await exportSpki(keys.publicKey, this.#crypto);
    const issued = await issueIntermediate(
      { subject: params.subject, subjectPublicKeyInfo, pathLength: params.pathLength, nameConstraints: emptyToNull(params.nameConstraints), notBefore: window.notBefore, notAfter: window.notAfter, usedSerials: this.#vault.usedSerials(params.parentId) },
      parent,
      this.#crypto,
    );
    progress(2, msg('newIntermediate:progress.sealing'));
    const record = await this.#vault.addAuthority({
      kind: 'intermediate',
      parentId: params.parentId,
      keyAlgorithm: params.keyAlgorithm,
      certificateDer: issued.der,
      serialNumberHex: issued.serialNumberHex,
      privateKey: keys.privateKey,
      commonName: params.subject.commonName,
      ...(params.settings ? { settings: params.settings } : {}),
    });
    return { record, clampedTo: window.clampedTo };
  }

  async createPending(
    params: { subject: SubjectFields; keyAlgorithm: KeyAlgorithmId; pathLength: number; nameConstraints: NameConstraints | null; settings?: AuthoritySettings },
    progress: Progress = () => undefined,
    signal?: AbortSignal,
  ): Promise<AuthorityRecord> {
    progress(0, msg('newIntermediate:progress.generatingKey'));
    const keys = await abandonOnCancel(generateKeyPair(params.keyAlgorithm, this.#crypto), signal, msg('errors:operations.cancelledIntermediate'));
    progress(1, msg('newIntermediate:progress.signingRequest'));
    const csr = await createIntermediateCsr({ ...params, nameConstraints: emptyToNull(params.nameConstraints), keys }, this.#crypto);
    progress(2, msg('newIntermediate:progress.sealing'));
    return this.#vault.addAuthority({
      kind: 'intermediate',
      state: 'pending',
      keyAlgorithm: params.keyAlgorithm,
      certificateDer: null,
      csrDer: new Uint8Array(csr.rawData),
      privateKey: keys.privateKey,
      commonName: params.subject.commonName,
      ...(params.settings ? { settings: params.settings } : {}),
    });
  }

  /**
   * Activates a pending intermediate with the certificate an outside CA signed. The paste must hold
   * that certificate and its issuers up to a self-signed root; every link is verified.
   */
  async activate(id: string, text: string): Promise<AuthorityRecord> {
    const record = this.#vault.getAuthority(id);
    if (record.state !== 'pending' || !record.csrDerB64) throw new CertwrightError('INVALID_INPUT', msg('errors:issuing.alreadyActive'), { field: 'id' });
    const csr = new X509.Pkcs10CertificateRequest(new Uint8Array(Buffer.from(record.csrDerB64, 'base64')));
    const certificates = readCertificates(text);
    const same = (a: ArrayBuffer, b: ArrayBuffer) => Buffer.from(a).equals(Buffer.from(b));
    const own = certificates.find((c) => same(c.publicKey.rawData, csr.publicKey.rawData));
    if (!own) throw new CertwrightError('INVALID_INPUT', atField('certificatePem', 'errors:issuing.notThisKey'), { field: 'certificatePem' });
    if (!same(own.subjectName.toArrayBuffer(), csr.subjectName.toArrayBuffer())) {
      throw new CertwrightError('INVALID_INPUT', atField('certificatePem', 'errors:issuing.subjectDiffers', { subject: own.subject, requested: csr.subject }), { field: 'certificatePem' });
    }
    const basic = own.getExtension(X509.BasicConstraintsExtension);
    const usage = own.getExtension(X509.KeyUsagesExtension);
    if (!basic?.ca || (usage && !(usage.usages & X509.KeyUsageFlags.keyCertSign))) {
      throw new CertwrightError('INVALID_INPUT', atField('certificatePem', 'errors:issuing.signedAsLeaf'), { field: 'certificatePem' });
    }
    if (own.notAfter <= this.#now()) throw new CertwrightError('INVALID_INPUT', atField('certificatePem', 'errors:issuing.expired', { date: own.notAfter.toISOString() }), { field: 'certificatePem' });

    const others = certificates.filter((c) => c !== own);
    const vaultIssuers = this.#catalog.knownIssuers().filter((k) => k.authorityId !== null);
    const chain = await buildChain(own, id, [...vaultIssuers, ...others.map((certificate) => ({ certificate, authorityId: null }))], this.#now(), this.#crypto);
    if (!chain.complete) {
      const broken = chain.links.find((l) => l.status !== 'ok');
      throw new CertwrightError(
        'INVALID_INPUT',
        broken?.note ? atField('certificatePem', 'errors:issuing.chainBroken', { ...broken.note.params, noteKey: broken.note.key }) : atField('certificatePem', 'errors:issuing.chainWithoutRoot'),
        { field: 'certificatePem' },
      );
    }
    // The outside chain must leave room for this CA, or nothing it issues would ever verify.
    try {
      checkPathLength(chain.certificates.slice(1), basic.pathLength ?? 0);
    } catch (error) {
      if (error instanceof CertwrightError) {
        // The path-length refusal, now about the pasted certificate: its text without its own field.
        const inner = error.reason ? (fieldReason(error.reason) ?? error.reason) : msg('errors:issuing.detail', { detail: error.message.replace(/^pathLength: /, '') });
        throw new CertwrightError('INVALID_INPUT', atField('certificatePem', inner.key, inner.params), { field: 'certificatePem' });
      }
      throw error;
    }
    const parentLink = chain.links[1];
    const parentId = parentLink?.authorityId ?? null;
    const external = parentId ? [] : chain.certificates.slice(1).map((c) => new Uint8Array(c.rawData));
    return this.#vault.updateAuthority(id, {
      state: 'active',
      parentId,
      certificateDer: new Uint8Array(own.rawData),
      serialNumberHex: own.serialNumber.toLowerCase(),
      externalChainDer: external,
    });
  }
}

/** The earliest end along an issuer chain: nothing below it verifies longer. */
function chainEnd(chain: readonly X509.X509Certificate[]): Date {
  return new Date(Math.min(...chain.map((c) => c.notAfter.getTime())));
}

export function emptyToNull(constraints: NameConstraints | null): NameConstraints | null {
  if (!constraints) return null;
  const any = constraints.permittedDns.length + constraints.excludedDns.length + constraints.permittedIp.length + constraints.excludedIp.length;
  return any === 0 ? null : constraints;
}

function readCertificates(text: string): X509.X509Certificate[] {
  const blocks = decodeField(text, 'certificatePem');
  const certificates = [];
  for (const block of blocks) {
    if (block.label !== null && block.label !== 'CERTIFICATE') continue;
    try {
      certificates.push(new X509.X509Certificate(block.der));
    } catch {
      throw new CertwrightError('INVALID_INPUT', atField('certificatePem', 'errors:issuing.badBlock', { index: block.index }), { field: 'certificatePem' });
    }
  }
  if (certificates.length === 0) throw new CertwrightError('INVALID_INPUT', atField('certificatePem', 'errors:issuing.noCertificate'), { field: 'certificatePem' });
  return certificates;
}
