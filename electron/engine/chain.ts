/**
 * Builds a certificate's chain up to a root from the certificates we know (the vault's authorities
 * and any external issuers stored with them), checking every link: signature, validity window and
 * the issuer's CA flag.
 */
import type { ChainLink, LinkStatus } from '../../shared/domain/certificate.js';
import { msg, type Msg } from '../../shared/i18n/message.js';
import { rfc4514 } from './names.js';
import { X509, type EngineCrypto } from './webcrypto.js';

export interface KnownIssuer {
  readonly certificate: X509.X509Certificate;
  /** The vault authority this certificate belongs to, if any. */
  readonly authorityId: string | null;
}

export interface BuiltChain {
  readonly links: ChainLink[];
  /** The certificates of the chain in order, leaf first. */
  readonly certificates: X509.X509Certificate[];
  /** Whether the chain ends in a self-signed root whose links all verified. */
  readonly complete: boolean;
}

const MAX_DEPTH = 10;

const sameBytes = (a: ArrayBuffer, b: ArrayBuffer) => Buffer.from(a).equals(Buffer.from(b));

function cn(cert: X509.X509Certificate): string {
  return cert.subjectName.getField('CN')[0] ?? rfc4514(cert.subjectName);
}

function isCa(cert: X509.X509Certificate): boolean {
  return cert.getExtension(X509.BasicConstraintsExtension)?.ca === true;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

async function signedBy(cert: X509.X509Certificate, issuer: X509.X509Certificate, crypto: EngineCrypto): Promise<boolean> {
  try {
    return await cert.verify({ publicKey: issuer.publicKey, signatureOnly: true }, crypto);
  } catch {
    return false;
  }
}

export async function buildChain(
  start: X509.X509Certificate,
  startAuthorityId: string | null,
  known: readonly KnownIssuer[],
  now: Date,
  crypto: EngineCrypto,
): Promise<BuiltChain> {
  const links: ChainLink[] = [];
  const certificates: X509.X509Certificate[] = [];
  let current: KnownIssuer = { certificate: start, authorityId: startAuthorityId };
  let complete = false;

  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const cert = current.certificate;
    certificates.push(cert);
    const selfIssued = sameBytes(cert.subjectName.toArrayBuffer(), cert.issuerName.toArrayBuffer());
    const role: ChainLink['role'] = selfIssued ? 'root' : depth === 0 && !isCa(cert) ? 'leaf' : 'intermediate';
    let status: LinkStatus = 'ok';
    let note: Msg;
    let next: KnownIssuer | null = null;

    if (selfIssued) {
      const verified = await signedBy(cert, cert, crypto);
      status = verified ? 'ok' : 'bad-signature';
      note = msg(verified ? 'errors:chain.selfSignedRoot' : 'errors:chain.selfSignatureBad');
      complete = verified;
    } else {
      const candidates = known.filter((k) => sameBytes(k.certificate.subjectName.toArrayBuffer(), cert.issuerName.toArrayBuffer()));
      for (const candidate of candidates) {
        if (await signedBy(cert, candidate.certificate, crypto)) {
          next = candidate;
          break;
        }
      }
      const issuerName = cert.issuerName.getField('CN')[0] ?? rfc4514(cert.issuerName);
      if (next) {
        note = msg('errors:chain.signedBy', { name: cn(next.certificate) });
        if (!isCa(next.certificate)) {
          status = 'not-a-ca';
          note = msg('errors:chain.signerNotCa', { name: cn(next.certificate) });
        }
      } else if (candidates.length > 0) {
        status = 'bad-signature';
        note = msg('errors:chain.signatureBad', { issuer: issuerName });
      } else {
        status = 'issuer-missing';
        note = msg('errors:chain.issuerMissing', { issuer: issuerName });
      }
    }
    if (status === 'ok' || status === 'not-a-ca') {
      if (cert.notAfter <= now) {
        status = 'expired';
        note = msg('errors:chain.expired', { date: day(cert.notAfter) });
      } else if (cert.notBefore > now) {
        status = 'not-yet-valid';
        note = msg('errors:chain.notYetValid', { date: day(cert.notBefore) });
      }
    }
    links.push({
      role,
      commonName: cn(cert),
      subjectDn: rfc4514(cert.subjectName),
      serialNumberHex: cert.serialNumber.toUpperCase(),
      notAfter: cert.notAfter.toISOString(),
      status,
      note,
      authorityId: current.authorityId,
    });
    if (selfIssued || !next) break;
    current = next;
  }
  return { links, certificates, complete: complete && links.every((l) => l.status === 'ok') };
}
