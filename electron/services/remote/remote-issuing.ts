/**
 * Issuing, renewing and revoking under a remote authority (issue 20, docs/step-ca.md): the authority's
 * key is on a step-ca server, so the server signs. Keys are generated HERE (the same algorithms as a
 * local issuance) and sealed in the vault; the server sees a PKCS#10 request and a one-time token
 * naming the CN and SANs (`POST /sign`). What comes back is checked before anything is written — the
 * public key is ours, the remote authority's certificate signed it, that authority chains to the
 * pinned root, the names are those asked for — and then stored with its sealed key in ONE vault write,
 * exactly like a local issuance: a server that fails or vanishes mid-operation leaves no record and
 * no key behind.
 *
 * Renewal keeps the key and goes over mutual TLS with the certificate itself (`POST /renew`, the
 * server decides the new dates: the same duration as before). Rekeying is a new key through `/sign`
 * with a token (step-ca's `/rekey` would also do, but the token path is the one every issuance already
 * proves). Revocation is `POST /revoke` with a token, then entered in the authority's revocation book
 * with no CRL signed (the key is on the server, and step-ca 0.19 publishes none).
 */
import { inLanes } from '../../../shared/lanes.js';
import type { RevocationReason } from '../../../shared/domain/revocation.js';
import { REASON_INFO } from '../../../shared/domain/revocation.js';
import { CertwrightError, atField } from '../../../shared/errors.js';
import { msg, type Msg } from '../../../shared/i18n/message.js';
import type { SanEntry } from '../../../shared/validation/san.js';
import { createLeafCsr } from '../../engine/csr.js';
import { generateKeyPairDer } from '../../engine/keys.js';
import { generateP256Der } from '../../engine/p256-keys.js';
import { checkNameConstraints, leafValidity, type ValidityRequest } from '../../engine/policy.js';
import { decodeField, toPem } from '../../engine/pem.js';
import { X509, type Bytes, type EngineCrypto } from '../../engine/webcrypto.js';
import type { AuthorityRecord, CertificateRecord } from '../../vault/records.js';
import { normalizeSerial } from '../../vault/revocations.js';
import type { NewCertificate, Vault } from '../../vault/vault.js';
import type { Catalog } from '../catalog.js';
import { issuableChain, type LeafRequest, type Progress } from '../issuing.js';
import { normalizeSans } from '../leaf-facts.js';
import { enterRevocations, type Target } from '../revoking.js';
import type { Remotes } from './remotes.js';
import { decimalSerial, type SignedByServer, type StepClient } from './step-client.js';

/** Requests in flight at once to the server in a bulk issue: a few, so one slow answer does not stall the rest, and the server is not flooded. */
const IN_FLIGHT = 4;

type IssueResult = { records: CertificateRecord[]; ids: string[]; issued: number; warnings: Msg[]; cancelled: boolean };

/** What the server was asked for, to check what it answered against. */
interface Asked {
  readonly commonName: string;
  readonly sans: readonly SanEntry[];
  readonly spki: Uint8Array;
}

export class RemoteIssuing {
  readonly #vault: Vault;
  readonly #catalog: Catalog;
  readonly #crypto: EngineCrypto;
  readonly #remotes: Remotes;
  readonly #now: () => Date;

  constructor(deps: { vault: Vault; catalog: Catalog; crypto: EngineCrypto; remotes: Remotes; now: () => Date }) {
    this.#vault = deps.vault;
    this.#catalog = deps.catalog;
    this.#crypto = deps.crypto;
    this.#remotes = deps.remotes;
    this.#now = deps.now;
  }

  /** Whether this authority signs on a step-ca server (an unknown id is NOT_FOUND, as everywhere). */
  isRemote(authorityId: string): boolean {
    return Boolean(this.#vault.getAuthority(authorityId).remoteId);
  }

  /** The refusal for whatever would sign with a remote authority's key here: a CRL, an OCSP answer, a sub-CA, a publication, ACME. */
  noLocalKey(record: AuthorityRecord, field = 'authorityId'): CertwrightError {
    return new CertwrightError('INVALID_INPUT', atField(field, 'remote:issue.noLocalKey', { name: this.#commonName(record) }), { field });
  }

  /** A revocation step-ca can record: not a hold (a revocation there cannot be lifted). Checked before the server is asked. */
  checkRevocation(authorityId: string, reason: RevocationReason): void {
    this.#vault.getAuthority(authorityId);
    if (reason === 'certificateHold') throw new CertwrightError('INVALID_INPUT', atField('reason', 'remote:issue.noHold'), { field: 'reason' });
  }

  /**
   * Issue.ts's issueLeaves for a remote authority, with the same answer. A request with `existingKey`
   * and `replacesId` is a renewal (mutual TLS), one with only `replacesId` a rekey (a new key, /sign).
   * One certificate or a pair lands whole or not at all. A bulk issue (`collect: false` or a signal) keeps
   * the certificates the server issued before a cancel or a failure — each is whole — and stops
   * starting new ones at a cancel (checked between certificates).
   */
  async issueLeaves(requests: readonly LeafRequest[], progress: Progress = () => undefined, options: { readonly signal?: AbortSignal; readonly collect?: boolean } = {}): Promise<IssueResult> {
    const authority = this.#vault.getAuthority(requests[0]!.authorityId);
    const now = this.#now();
    const chain = issuableChain(this.#vault, this.#catalog, authority, now);
    const client = this.#remotes.clientFor(authority);
    this.#requirePinnedRoot(authority, chain, client);
    const server = await this.#serverName(authority);
    const warnings = new Map<string, Msg>();
    // Everything refused locally is refused before the server is asked for anything.
    const planned = requests.map((request) => {
      const renewal = request.replacesId !== undefined && request.existingKey !== undefined;
      if (renewal) {
        if (request.validity) warnings.set('renewValidity', msg('remote:issue.renewValidity', { server }));
        return { request, notAfter: null };
      }
      checkNameConstraints(chain, request.sans, request.subject.commonName);
      // Validity: what the wizard asked is sent; nothing asked, the server's own default applies.
      if (!request.validity) return { request, notAfter: null };
      const window = leafValidity(request.validity, chain, now);
      window.warnings.forEach((w) => warnings.set(JSON.stringify(w), w));
      return { request, notAfter: window.notAfter };
    });

    const bulk = options.collect === false || options.signal !== undefined;
    const made: Array<NewCertificate | undefined> = new Array(planned.length);
    const failure: { error?: unknown } = {};
    let done = 0;
    if (planned.length === 1) progress(0, msg('issue:progress.generatingKey'));
    await inLanes(
      planned,
      IN_FLIGHT,
      async ({ request, notAfter }, i) => {
        try {
          // Locked meanwhile: nothing more is asked of the server, and nothing is stored.
          this.#vault.assertUnlocked();
          made[i] = await this.#one(request, notAfter, authority, client, server);
        } catch (error) {
          if (!('error' in failure)) failure.error = error;
          return;
        }
        done++;
        progress(done * 2 - 1, planned.length > 1 ? msg('issue:progress.issuingOf', { done, total: planned.length }) : msg('issue:progress.signing'));
      },
      () => 'error' in failure || options.signal?.aborted === true,
    );

    const complete = made.filter((m): m is NewCertificate => m !== undefined);
    const keep = 'error' in failure && !bulk ? [] : complete;
    let stored: CertificateRecord[] = [];
    try {
      if (keep.length > 0) {
        this.#vault.assertUnlocked();
        progress(done * 2 - 1, msg('issue:progress.sealing'));
        stored = await this.#vault.addCertificates(authority.id, keep);
      }
    } finally {
      // A key generated here and not stored is wiped; a renewal's key is the caller's (it stays sealed in the vault).
      if (stored.length === 0) made.forEach((item, i) => item?.privateKey instanceof Uint8Array && !planned[i]!.request.existingKey && item.privateKey.fill(0));
    }
    if ('error' in failure) throw failure.error;
    progress(planned.length * 2, msg('issue:progress.saved'));
    return { records: options.collect === false ? [] : stored, ids: stored.map((r) => r.id), issued: stored.length, warnings: [...warnings.values()], cancelled: options.signal?.aborted === true && stored.length < planned.length };
  }

  /**
   * A reviewed CSR (its key is not ours: nothing is sealed) signed by the server: the CSR as it came,
   * with a token for the subject and SANs the user confirmed (step-ca's template takes the names from
   * the token; its policy refuses a CSR whose names differ, in its words). The answer is checked as
   * any other, for the CSR's key, and stored in one write.
   */
  async signCsr(params: { csr: string; authorityId: string; profile: LeafRequest['profile']; subject: LeafRequest['subject']; sans: readonly SanEntry[]; validity?: ValidityRequest; origin?: { readonly acmeAccountId: string } }, reviewed: { readonly spki: Uint8Array }): Promise<{ record: CertificateRecord; warnings: Msg[] }> {
    const authority = this.#vault.getAuthority(params.authorityId);
    const now = this.#now();
    const chain = issuableChain(this.#vault, this.#catalog, authority, now);
    const client = this.#remotes.clientFor(authority);
    this.#requirePinnedRoot(authority, chain, client);
    checkNameConstraints(chain, params.sans, params.subject.commonName);
    const window = params.validity ? leafValidity(params.validity, chain, now) : null;
    const server = await this.#serverName(authority);
    // Only its PEM framing is read here (the worker judged its contents): the request block, re-armoured as step-ca reads it.
    const block = decodeField(params.csr, 'csr').find((b) => b.label === null || b.label.endsWith('CERTIFICATE REQUEST'));
    if (!block) throw new CertwrightError('INVALID_INPUT', atField('csr', 'errors:csr.notPkcs10'), { field: 'csr' });
    const pem = toPem('CERTIFICATE REQUEST', block.der);
    const ott = await this.#remotes.token(authority, 'sign', params.subject.commonName, params.sans.map((s) => s.value));
    let signed: SignedByServer;
    try {
      signed = await client.sign(pem, ott, window ? { notAfter: window.notAfter } : undefined);
    } catch (error) {
      throw signRefusal(error, server);
    }
    const serial = await this.#check(signed, { commonName: params.subject.commonName, sans: params.sans, spki: reviewed.spki }, authority, server);
    this.#vault.assertUnlocked();
    const [record] = await this.#vault.addCertificates(authority.id, [
      { profile: params.profile, certificateDer: signed.certificateDer, serialNumberHex: serial, keyAlgorithm: null, privateKey: null, commonName: params.subject.commonName, acmeAccountId: params.origin?.acmeAccountId ?? null, auditDetails: { remote: server } },
    ]);
    return { record: record!, warnings: window?.warnings ?? [] };
  }

  /** One certificate from the server: a renewal over mutual TLS, or a new key through /sign. */
  async #one(request: LeafRequest, notAfter: Date | null, authority: AuthorityRecord, client: StepClient, server: string): Promise<NewCertificate> {
    const commonName = request.subject.commonName;
    if (request.replacesId !== undefined && request.existingKey !== undefined) return this.#renewOne(request.replacesId, request.existingKey.pkcs8, authority, client, server);

    const keys = request.keyAlgorithm === 'p256' ? generateP256Der() : await generateKeyPairDer(request.keyAlgorithm);
    try {
      const csr = await createLeafCsr({ subject: request.subject, sans: request.sans, keyAlgorithm: request.keyAlgorithm, spki: keys.spki, pkcs8: keys.pkcs8 }, this.#crypto);
      const ott = await this.#remotes.token(authority, 'sign', commonName, request.sans.map((s) => s.value));
      let signed: SignedByServer;
      try {
        signed = await client.sign(csr.toString('pem'), ott, notAfter ? { notAfter } : undefined);
      } catch (error) {
        throw signRefusal(error, server);
      }
      const serial = await this.#check(signed, { commonName, sans: request.sans, spki: keys.spki }, authority, server);
      return { profile: request.profile, certificateDer: signed.certificateDer, serialNumberHex: serial, keyAlgorithm: request.keyAlgorithm, privateKey: keys.pkcs8, replacesId: request.replacesId ?? null, commonName, publicKeySpki: keys.spki, auditDetails: { remote: server } };
    } catch (error) {
      keys.pkcs8.fill(0);
      throw error;
    }
  }

  async #renewOne(replacesId: string, pkcs8: Bytes | null, authority: AuthorityRecord, client: StepClient, server: string): Promise<NewCertificate> {
    const old = this.#vault.getCertificate(replacesId);
    const leaf = this.#catalog.leaf(old.certificateDerB64);
    const name = leaf.subject.commonName || old.serialNumberHex;
    // Renewal proves possession with the certificate's own key: without it, only a rekey can replace the certificate.
    if (!pkcs8 || !old.keyAlgorithm) throw new CertwrightError('INVALID_INPUT', atField('ids', 'remote:issue.renewNeedsKey', { name }), { field: 'ids' });
    if (leaf.notAfter.getTime() <= this.#now().getTime()) throw new CertwrightError('INVALID_INPUT', atField('ids', 'remote:issue.renewExpired', { name, date: leaf.notAfterIso.slice(0, 10) }), { field: 'ids' });
    let signed: SignedByServer;
    try {
      signed = await client.renew(b64Bytes(old.certificateDerB64), [b64Bytes(authority.certificateDerB64 ?? '')], pkcs8);
    } catch (error) {
      throw this.#renewRefusal(error, authority, old, name, server);
    }
    const serial = await this.#check(signed, { commonName: leaf.subject.commonName, sans: leaf.sans, spki: leaf.spki }, authority, server);
    if (serial === normalizeSerial(old.serialNumberHex)) throw refused('remote:issue.sameSerial', { server });
    return { profile: old.profile, certificateDer: signed.certificateDer, serialNumberHex: serial, keyAlgorithm: old.keyAlgorithm, privateKey: pkcs8, replacesId: old.id, commonName: leaf.subject.commonName, publicKeySpki: leaf.spki, auditDetails: { remote: server, renewedOnServer: true } };
  }

  /**
   * A renewal the server refused. step-ca 0.19 answers a revoked certificate's renewal with 401
   * ("The request lacked necessary authorization…"): then it was revoked on the server — from another
   * desktop, or with the step CLI — and it is recorded as revoked here too, and said so.
   */
  #renewRefusal(error: unknown, authority: AuthorityRecord, old: CertificateRecord, name: string, server: string): unknown {
    if (!(error instanceof CertwrightError) || error.code !== 'REMOTE_REFUSED' || (httpStatus(error) !== 401 && !REVOKED_ON_RENEW.test(serverWords(error)))) return error;
    const target = certificateTarget(old.serialNumberHex, old.id, name);
    if (!this.#vault.revocations(authority.id).entries.has(target.serial)) {
      enterRevocations(this.#vault, authority.id, [target], 'unspecified', null, this.#now(), false);
    }
    return new CertwrightError('REMOTE_REFUSED', atField('ids', 'remote:issue.revokedOnServer', { name, server, words: serverWords(error) }), { field: 'ids' });
  }

  /**
   * What the server answered, checked before it is stored: a certificate (not garbage), for our key,
   * signed by the remote authority's certificate (which chains to the pinned root: #requirePinnedRoot),
   * with the names asked for. Answers its serial (lower-case hex, as the vault keeps it).
   */
  async #check(signed: SignedByServer, asked: Asked, authority: AuthorityRecord, server: string): Promise<string> {
    let certificate: X509.X509Certificate;
    try {
      certificate = new X509.X509Certificate(new Uint8Array(signed.certificateDer));
    } catch {
      throw refused('remote:issue.notCertificate', { server });
    }
    const leaf = this.#catalog.leaf(Buffer.from(signed.certificateDer).toString('base64'));
    if (!Buffer.from(leaf.spki).equals(Buffer.from(asked.spki))) throw refused('remote:issue.notOurKey', { server });
    const issuer = this.#catalog.certificate(authority.certificateDerB64 ?? '');
    const sameName = Buffer.from(certificate.issuerName.toArrayBuffer()).equals(Buffer.from(issuer.subjectName.toArrayBuffer()));
    const verified = sameName && (await certificate.verify({ publicKey: issuer.publicKey, signatureOnly: true }, this.#crypto).catch(() => false));
    if (!verified) throw refused('remote:issue.otherIssuer', { server, issuer: certificate.issuer, expected: issuer.subject });
    if (certificate.getExtension(X509.BasicConstraintsExtension)?.ca) throw refused('remote:issue.isCa', { server });
    const want = sanKeys(asked.sans);
    const got = sanKeys(leaf.sans);
    // step-ca's own rule: a token with no SANs gets the subject as the only SAN (authority/provisioner/jwk.go).
    const stepDefault = asked.sans.length === 0 && got.length === 1 && got[0] === `dns:${asked.commonName.toLowerCase()}`;
    if (leaf.subject.commonName !== asked.commonName || (want.join(' ') !== got.join(' ') && !stepDefault)) {
      throw refused('remote:issue.namesDiffer', { server, got: [leaf.subject.commonName, ...got].join(', '), wanted: [asked.commonName, ...want].join(', ') });
    }
    return normalizeSerial(leaf.serialNumberHex);
  }

  /** The remote authority's chain must end at the root pinned when the server was connected. */
  #requirePinnedRoot(authority: AuthorityRecord, chain: readonly X509.X509Certificate[], client: StepClient): void {
    const top = chain[chain.length - 1];
    if (!top || !Buffer.from(top.rawData).equals(Buffer.from(client.server.rootDer))) {
      throw new CertwrightError('REMOTE_REFUSED', atField('authorityId', 'remote:issue.rootDiffers', { name: this.#commonName(authority) }), { field: 'authorityId' });
    }
  }

  /**
   * Revokes certificates of one remote authority on its server, one `POST /revoke` each with its own
   * token, then enters those the server revoked in the book in one write — also when a later one
   * fails (the server has revoked the earlier ones; the failure is then thrown). A certificate the
   * server says is already revoked (another desktop was first) is entered too.
   */
  async revoke(authorityId: string, targets: readonly Target[], reason: RevocationReason, invalidityDate: Date | null): Promise<void> {
    this.checkRevocation(authorityId, reason);
    const authority = this.#vault.getAuthority(authorityId);
    const client = this.#remotes.clientFor(authority);
    const revoked: Target[] = [];
    let failure: unknown = null;
    for (const target of targets) {
      try {
        // step's own CLI names the certificate by its decimal serial in a revocation token's subject.
        const ott = await this.#remotes.token(authority, 'revoke', decimalSerial(target.serial), []);
        await client.revoke({ serialNumberHex: target.serial, reasonCode: REASON_INFO[reason].code, reason: REASON_INFO[reason].label, ott });
        revoked.push(target);
      } catch (error) {
        if (error instanceof CertwrightError && ALREADY_REVOKED.test(serverWords(error))) {
          revoked.push(target);
          continue;
        }
        failure = error;
        break;
      }
    }
    if (revoked.length > 0) enterRevocations(this.#vault, authorityId, revoked, reason, invalidityDate, this.#now(), false);
    if (failure !== null) throw failure;
  }

  /**
   * Revokes a certificate by its serial on a remote authority's server (`revoke --ca REMOTE --serial
   * HEX`): it may have been issued from another desktop, so it need not be in this vault. Recorded in
   * the book either way (linked to the record when this vault has it).
   */
  async revokeSerial(authorityId: string, serialHex: string, reason: RevocationReason): Promise<{ serialNumberHex: string; certificateId: string | null }> {
    // Checked before normalising (which drops anything not hex): a mistyped serial must not revoke another certificate.
    const typed = serialHex.replace(/[:\s]/g, '');
    if (!/^[0-9a-f]{1,40}$/i.test(typed)) throw new CertwrightError('INVALID_INPUT', atField('serial', 'remote:issue.badSerial', { serial: serialHex }), { field: 'serial' });
    const serial = normalizeSerial(typed);
    const record = this.#vault.listCertificates(authorityId).find((r) => normalizeSerial(r.serialNumberHex) === serial) ?? null;
    const target = certificateTarget(serial, record?.id ?? null, record ? this.#catalog.leaf(record.certificateDerB64).subject.commonName : null);
    const existing = this.#vault.revocations(authorityId).entries.get(serial);
    if (existing) throw new CertwrightError('INVALID_INPUT', atField('serial', 'errors:revoking.alreadyRevoked', { what: 'errors:revoking.target.certificate', serial, reasonLabel: `errors:reasonLabel.${existing.reason}`, date: existing.revokedAt.slice(0, 10) }), { field: 'serial' });
    await this.revoke(authorityId, [target], reason, null);
    return { serialNumberHex: serial, certificateId: record?.id ?? null };
  }

  async #serverName(authority: AuthorityRecord): Promise<string> {
    return authority.remoteId ? this.#vault.getRemote(authority.remoteId).name : this.#commonName(authority);
  }

  #commonName(record: AuthorityRecord): string {
    return record.certificateDerB64 ? (this.#catalog.certificate(record.certificateDerB64).subjectName.getField('CN')[0] ?? record.id) : record.id;
  }
}

/**
 * step-ca 0.19 answers renewing a revoked certificate with 401 and its generic "The request lacked
 * necessary authorization…" (authority/authorize.go authorizeRenew); the status decides, these words
 * only if a later step-ca says it outright.
 */
const REVOKED_ON_RENEW = /has been revoked/i;
/** step-ca's answer to revoking a certificate already revoked (authority/tls.go Revoke: db.ErrAlreadyExists). */
const ALREADY_REVOKED = /is already revoked/i;
/** step-ca's answer to a validity beyond the provisioner's maxTLSCertDuration (authority/provisioner/sign_options.go). */
const TOO_LONG = /authorized maximum|more than the authorized/i;

/** The server's own words in a refusal the step client raised (its `message` parameter: step-ca's JSON "message"), else the whole text. */
function serverWords(error: CertwrightError): string {
  const words = error.reason?.params?.message;
  return typeof words === 'string' && words !== '' ? words : error.message;
}

/** The HTTP status of a refusal the step client raised, when it answered one. */
function httpStatus(error: CertwrightError): number | null {
  const status = error.reason?.params?.status;
  return typeof status === 'number' ? status : null;
}

/** A /sign refusal: a validity beyond the provisioner's maximum gets what to do; any other stays the step client's. */
function signRefusal(error: unknown, server: string): unknown {
  if (error instanceof CertwrightError && error.code === 'REMOTE_REFUSED' && TOO_LONG.test(serverWords(error))) {
    return new CertwrightError('REMOTE_REFUSED', atField('validity', 'remote:issue.tooLong', { server, words: serverWords(error) }), { field: 'validity' });
  }
  return error;
}

function refused(key: string, params: Record<string, string>): CertwrightError {
  return new CertwrightError('REMOTE_REFUSED', msg(key, params));
}

function certificateTarget(serialHex: string, certificateId: string | null, commonName: string | null): Target {
  const serial = normalizeSerial(serialHex);
  return { serial, certificateId, commonName, what: msg('errors:revoking.target.certificate', { serial }), field: 'ids' };
}

/** SANs as comparable strings, sorted ("dns:a.example", "ip:10.0.0.1"). */
function sanKeys(sans: readonly SanEntry[]): string[] {
  return normalizeSans(sans)
    .map((s) => `${s.type}:${s.value.toLowerCase()}`)
    .sort();
}

function b64Bytes(derB64: string): Uint8Array {
  return new Uint8Array(Buffer.from(derB64, 'base64'));
}
