/**
 * Answers OCSP requests for one authority from the vault's current state: revoked (with time and
 * reason, a hold included) from its revocation book, good for serials it issued, unknown otherwise.
 * Signed with the CA's own key (RFC 6960 §2.6: the CA itself may sign), ResponderID by key hash.
 */
import { createHash } from 'node:crypto';
import { CertwrightError } from '../../shared/errors.js';
import { buildOcspResponse, issuerHashes, ocspErrorResponse, OcspRequestError, parseOcspRequest, type CertificateState } from '../engine/ocsp.js';
import { normalizeSerial } from '../vault/revocations.js';
import type { Vault } from '../vault/vault.js';
import type { Signer } from '../engine/certificate-builder.js';
import { issueOcspSigner, type Issuer } from '../engine/issue.js';
import { exportPkcs8, exportSpki, generateKeyPair, importPrivateKey } from '../engine/keys.js';
import { RateBudget } from './listeners/budget.js';
import type { Issuing } from './issuing.js';

/** How long a response may be cached by the client. */
const RESPONSE_LIFETIME_MS = 3_600_000;
/** A delegated responder certificate lives a day, and is replaced an hour before it ends. */
const DELEGATE_LIFETIME_MS = 86_400_000;
const DELEGATE_RENEW_MS = 3_600_000;

/**
 * Signed responses per second, per responder; beyond it the answer is tryLater (unsigned). A signature
 * costs 0.1 ms with a P-256 key but ~5 ms with RSA 4096 (measured here), on the thread pool the vault
 * and the window's work share. Real clients on this machine (openssl, a TLS server stapling, a browser
 * checking a few certificates) ask a handful of times per second; 50 is far above that, and bounds
 * what a local process hammering the port can make the CA key do to ~25% of one core at worst.
 */
export const OCSP_SIGNATURES_PER_SECOND = 50;

/** Who signs the responses: the CA's own key, or a delegated OCSP-signing certificate it issued. */
export type OcspSigner = 'ca' | 'delegated';

interface Delegate {
  readonly certificateDer: Uint8Array;
  readonly signer: Signer;
  readonly notAfter: number;
  readonly caFingerprint: string;
}

export class OcspResponder {
  /**
   * The delegated responder: a fresh P-256 key that lives in memory only, and a one-day certificate
   * for it signed by the CA (never stored: the CA key signs it once per day of running).
   */
  async #delegateFor(issuer: Issuer, caDer: Uint8Array, now: Date): Promise<Delegate> {
    const caFingerprint = createHash('sha256').update(caDer).digest('hex');
    const current = this.#delegate;
    if (current && current.caFingerprint === caFingerprint && current.notAfter - now.getTime() > DELEGATE_RENEW_MS) return current;
    const keys = await generateKeyPair('p256', this.#crypto);
    const { der, serialNumberHex } = await issueOcspSigner(
      {
        subject: { commonName: `${issuer.chain[0]!.subjectName.getField('CN')[0] ?? 'CA'} OCSP responder` },
        subjectPublicKeyInfo: await exportSpki(keys.publicKey, this.#crypto),
        notBefore: new Date(now.getTime() - 60_000),
        notAfter: new Date(Math.min(now.getTime() + DELEGATE_LIFETIME_MS, issuer.chain[0]!.notAfter.getTime())),
        usedSerials: this.#vault.usedSerials(this.#authorityId),
      },
      issuer,
      this.#crypto,
    );
    this.#vault.recordAudit([{ kind: 'ocsp.delegatedIssued', authorityId: this.#authorityId, serial: serialNumberHex, details: { lifetimeHours: DELEGATE_LIFETIME_MS / 3_600_000 } }]);
    // Kept as a non-extractable key; the PKCS#8 used to get there is wiped at once.
    const pkcs8 = await exportPkcs8(keys.privateKey, this.#crypto);
    let signingKey: CryptoKey;
    try {
      signingKey = await importPrivateKey(pkcs8, 'p256', this.#crypto);
    } finally {
      pkcs8.fill(0);
    }
    this.#delegate = { certificateDer: der, signer: { privateKey: signingKey, algorithm: 'p256' }, notAfter: now.getTime() + DELEGATE_LIFETIME_MS, caFingerprint };
    return this.#delegate;
  }

  readonly #vault: Vault;
  readonly #issuing: Issuing;
  readonly #authorityId: string;
  readonly #crypto: Crypto;
  readonly #now: () => Date;

  readonly #mode: OcspSigner;
  #delegate: Delegate | null = null;
  #hashes: { readonly der: Uint8Array; readonly sha1: { name: string; key: string }; readonly sha256: { name: string; key: string } } | null = null;

  /** The CA's CertID hashes, computed once per CA certificate rather than per request. */
  #hashesOf(caDer: Uint8Array) {
    if (!this.#hashes || !Buffer.from(this.#hashes.der).equals(caDer)) this.#hashes = { der: caDer, sha1: issuerHashes(caDer, 'sha1'), sha256: issuerHashes(caDer, 'sha256') };
    return this.#hashes;
  }

  readonly #budget: RateBudget;

  constructor(vault: Vault, issuing: Issuing, authorityId: string, crypto: Crypto, now: () => Date, mode: OcspSigner = 'ca', budget = new RateBudget(OCSP_SIGNATURES_PER_SECOND)) {
    this.#budget = budget;
    this.#mode = mode;
    this.#vault = vault;
    this.#issuing = issuing;
    this.#authorityId = authorityId;
    this.#crypto = crypto;
    this.#now = now;
  }

  /**
   * An OCSP response (DER) for request bytes; never throws: failures are OCSP error responses. Only a
   * well-formed request (a nonce of 1 to 32 bytes, bounded CertIDs) about this CA, within the budget,
   * is signed; the rest get unsigned malformedRequest, unauthorized or tryLater.
   */
  async respond(requestDer: Uint8Array): Promise<Uint8Array> {
    let request;
    try {
      request = parseOcspRequest(requestDer);
    } catch (error) {
      if (error instanceof OcspRequestError) return ocspErrorResponse('malformedRequest');
      return ocspErrorResponse('internalError');
    }
    try {
      if (this.#vault.state() !== 'unlocked') return ocspErrorResponse('tryLater');
      const issuer = await this.#issuing.issuer(this.#authorityId, 'id', 'status');
      const caDer = new Uint8Array(issuer.chain[0]!.rawData);
      const hashes = this.#hashesOf(caDer);
      const ours = request.certificates.map((c) => c.hash !== null && hashes[c.hash].name === c.issuerNameHash && hashes[c.hash].key === c.issuerKeyHash);
      // Not a single certificate of this CA: this responder is not authoritative for the request.
      if (!ours.some(Boolean)) return ocspErrorResponse('unauthorized');
      // What follows reads the revocation book and ends in a signature: within the budget only.
      if (!this.#budget.take()) return ocspErrorResponse('tryLater');
      const book = this.#vault.revocations(this.#authorityId);
      const issued = this.#vault.usedSerials(this.#authorityId);
      const issuedNormalized = new Set(Array.from(issued.values(), normalizeSerial));
      const now = this.#now();
      const answers = request.certificates.map((c, i) => {
        const entry = ours[i] ? book.entries.get(c.serialNumberHex) : undefined;
        const state: CertificateState = !ours[i]
          ? { status: 'unknown' }
          : entry
            ? { status: 'revoked', revokedAt: new Date(entry.revokedAt), reason: entry.reason }
            : issuedNormalized.has(c.serialNumberHex)
              ? { status: 'good' }
              : { status: 'unknown' };
        return { certId: c.certId, state, thisUpdate: now, nextUpdate: new Date(now.getTime() + RESPONSE_LIFETIME_MS) };
      });
      if (this.#mode === 'ca') return await buildOcspResponse({ responderCertificateDer: caDer, producedAt: now, answers, nonce: request.nonce }, issuer.signer, this.#crypto);
      const delegate = await this.#delegateFor(issuer, caDer, now);
      return await buildOcspResponse({ responderCertificateDer: delegate.certificateDer, producedAt: now, answers, nonce: request.nonce, certificatesDer: [delegate.certificateDer] }, delegate.signer, this.#crypto);
    } catch (error) {
      if (error instanceof CertwrightError && error.code === 'VAULT_LOCKED') return ocspErrorResponse('tryLater');
      return ocspErrorResponse('internalError');
    }
  }
}
