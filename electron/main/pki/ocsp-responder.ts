/**
 * Answers OCSP requests for one authority from the vault's current state: revoked (with time and
 * reason, a hold included) from its revocation book, good for serials it issued, unknown otherwise.
 * Signed with the CA's own key (RFC 6960 §2.6: the CA itself may sign), ResponderID by key hash.
 */
import { CertwrightError } from '../../../shared/ipc/errors.js';
import { buildOcspResponse, issuerHashes, ocspErrorResponse, OcspRequestError, parseOcspRequest, type CertificateState } from '../../engine/ocsp.js';
import { normalizeSerial } from '../../vault/revocations.js';
import type { Vault } from '../../vault/vault.js';
import type { Issuing } from './issuing.js';

/** How long a response may be cached by the client. */
const RESPONSE_LIFETIME_MS = 3_600_000;

export class OcspResponder {
  readonly #vault: Vault;
  readonly #issuing: Issuing;
  readonly #authorityId: string;
  readonly #crypto: Crypto;
  readonly #now: () => Date;

  constructor(vault: Vault, issuing: Issuing, authorityId: string, crypto: Crypto, now: () => Date) {
    this.#vault = vault;
    this.#issuing = issuing;
    this.#authorityId = authorityId;
    this.#crypto = crypto;
    this.#now = now;
  }

  /** An OCSP response (DER) for request bytes; never throws: failures are OCSP error responses. */
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
      const hashes = { sha1: issuerHashes(caDer, 'sha1'), sha256: issuerHashes(caDer, 'sha256') };
      const ours = request.certificates.map((c) => c.hash !== null && hashes[c.hash].name === c.issuerNameHash && hashes[c.hash].key === c.issuerKeyHash);
      // Not a single certificate of this CA: this responder is not authoritative for the request.
      if (!ours.some(Boolean)) return ocspErrorResponse('unauthorized');
      const book = this.#vault.revocations(this.#authorityId);
      const issued = this.#vault.usedSerials(this.#authorityId);
      const issuedNormalized = new Set([...issued].map(normalizeSerial));
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
      return await buildOcspResponse({ responderCertificateDer: caDer, producedAt: now, answers, nonce: request.nonce }, issuer.signer, this.#crypto);
    } catch (error) {
      if (error instanceof CertwrightError && error.code === 'VAULT_LOCKED') return ocspErrorResponse('tryLater');
      return ocspErrorResponse('internalError');
    }
  }
}
