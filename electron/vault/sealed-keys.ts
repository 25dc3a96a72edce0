/**
 * Private keys at rest: each PKCS#8 sealed with AES-256-GCM under the seal key, its associated data
 * binding it to the kind of record that holds it, the record's id and the SHA-256 of the public key
 * it belongs to. A sealed key copied onto another record — a certificate record planted with an
 * authority's id, an authority's key moved to another authority — does not open there; and before
 * a key signs, its public half is compared with the certificate it signs for.
 */
import { createHash, createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { CertwrightError } from '../../shared/errors.js';
import { certificateSpki } from '../engine/certificate-spki.js';
import { X509, type Bytes } from '../engine/webcrypto.js';
import { msg } from '../../shared/i18n/message.js';

export type KeyHolder = 'authority' | 'certificate' | 'token-issuer' | 'remote-provisioner';

export const sealedKeyContext = (holder: KeyHolder, recordId: string, spkiSha256: string) => `certwright:private-key:v3:${holder}:${recordId}:${spkiSha256}`;

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** SHA-256 of the SubjectPublicKeyInfo that belongs to a PKCS#8 private key. */
export function spkiHashOfPrivateKey(pkcs8: Bytes): string {
  const key = createPrivateKey({ key: Buffer.from(pkcs8.buffer, pkcs8.byteOffset, pkcs8.byteLength), format: 'der', type: 'pkcs8' });
  return sha256Hex(createPublicKey(key).export({ type: 'spki', format: 'der' }));
}

const certificateHashes = new Map<string, string>();

/** SHA-256 of a certificate's SubjectPublicKeyInfo (memoised by the certificate's base64; the list is small per session). */
export function spkiHashOfCertificate(derB64: string): string {
  let hash = certificateHashes.get(derB64);
  if (hash === undefined) {
    try {
      const der = Buffer.from(derB64, 'base64');
      hash = sha256Hex(certificateSpki(der) ?? new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' }));
    } catch {
      throw new CertwrightError('VAULT_CORRUPT', msg('errors:vault.unreadableCertificate'));
    }
    if (certificateHashes.size > 50_000) certificateHashes.clear();
    certificateHashes.set(derB64, hash);
  }
  return hash;
}

export function spkiHashOfCsr(derB64: string): string {
  try {
    return sha256Hex(new Uint8Array(new X509.Pkcs10CertificateRequest(Buffer.from(derB64, 'base64')).publicKey.rawData));
  } catch {
    throw new CertwrightError('VAULT_CORRUPT', msg('errors:vault.unreadableRequest'));
  }
}

/**
 * The public key a record's sealed key must belong to: its certificate's, (a pending authority) its
 * request's, or (a token issuer's key, which has no certificate) the SubjectPublicKeyInfo it records.
 */
export function expectedSpkiHash(record: { readonly certificateDerB64?: string | undefined; readonly csrDerB64?: string | undefined; readonly spkiDerB64?: string | undefined }): string {
  if (record.certificateDerB64) return spkiHashOfCertificate(record.certificateDerB64);
  if (record.spkiDerB64) return sha256Hex(Buffer.from(record.spkiDerB64, 'base64'));
  if (record.csrDerB64) return spkiHashOfCsr(record.csrDerB64);
  throw new CertwrightError('VAULT_CORRUPT', msg('errors:vault.keyWithoutCertificate'));
}
