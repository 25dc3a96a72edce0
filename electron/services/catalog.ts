/**
 * The read model over the vault: parses stored DER once, resolves issuer chains, and turns records
 * into the plain summaries and details the renderer sees. No signing happens here.
 */
import type { AuthorityCounts, AuthorityDetail, AuthoritySummary, NameConstraints } from '../../shared/domain/authority.js';
import type { CertificateDetail, CertificateStatus, CertificateSummary, ChainLink, KeyDescription } from '../../shared/domain/certificate.js';
import { KEY_ALGORITHM_INFO } from '../../shared/domain/keys.js';
import type { SanEntry } from '../../shared/validation/san.js';
import { parseSpki } from '../engine/certificate-builder.js';
import { buildChain, type BuiltChain, type KnownIssuer } from '../engine/chain.js';
import { describeCertificate, type CertificateFacts } from '../engine/describe.js';
import { explainExtensions } from '../engine/explain.js';
import { describeKey } from '../engine/key-info.js';
import { nameToSubject, rfc4514 } from '../engine/names.js';
import { toPem } from '../engine/pem.js';
import { readNameConstraints } from '../engine/policy.js';
import { X509, type EngineCrypto } from '../engine/webcrypto.js';
import type { AuthorityRecord, CertificateRecord } from '../vault/records.js';
import { normalizeSerial } from '../vault/revocations.js';
import { fingerprint, leafFacts, normalizeSans, type LeafFacts } from './leaf-facts.js';
import type { RevocationInfo } from '../../shared/domain/revocation.js';
import { msg } from '../../shared/i18n/message.js';
import type { Vault } from '../vault/vault.js';
import { AsnConvert } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';

const EXPIRING_DAYS = 30;
const DAY_MS = 86_400_000;

export class Catalog {
  readonly #vault: Vault;
  readonly #crypto: EngineCrypto;
  readonly #now: () => Date;
  /** Parsed certificates and their facts, by base64 DER (records never change their DER). */
  readonly #parsed = new Map<string, X509.X509Certificate>();
  readonly #facts = new Map<string, Promise<CertificateFacts>>();
  /** The earliest notAfter of each authority's chain, by authority id and its certificate (which never changes once active). */
  readonly #chainLimits = new Map<string, { readonly derB64: string; readonly notAfter: Date }>();
  /** What a summary needs from each leaf, by base64 DER: read without building the whole certificate (see leafFacts). */
  readonly #leaves = new Map<string, LeafFacts>();
  /** Issuer names are shared by every leaf of an authority: their common name, by name DER. */
  readonly #issuerNames = new Map<string, string>();

  constructor(vault: Vault, crypto: EngineCrypto, now: () => Date) {
    this.#vault = vault;
    this.#crypto = crypto;
    this.#now = now;
  }

  certificate(derB64: string): X509.X509Certificate {
    let cert = this.#parsed.get(derB64);
    if (!cert) {
      cert = new X509.X509Certificate(new Uint8Array(Buffer.from(derB64, 'base64')));
      this.#parsed.set(derB64, cert);
    }
    return cert;
  }

  facts(derB64: string): Promise<CertificateFacts> {
    let facts = this.#facts.get(derB64);
    if (!facts) {
      facts = describeCertificate(this.certificate(derB64), this.#crypto);
      this.#facts.set(derB64, facts);
    }
    return facts;
  }

  status(cert: Pick<X509.X509Certificate, 'notBefore' | 'notAfter'>): CertificateStatus {
    const now = this.#now();
    return cert.notAfter <= now ? 'expired' : cert.notBefore > now ? 'not-yet-valid' : 'valid';
  }

  /**
   * A leaf's summary facts, once per DER. Most come from a DER walk (leafFacts: ~10 µs, against
   * ~1 ms to build the certificate and its extensions with x509, which a 10,000-row list cannot
   * afford); anything the walk does not take on falls back to x509, with the same results.
   */
  leaf(derB64: string): LeafFacts {
    let facts = this.#leaves.get(derB64);
    if (!facts) {
      const der = new Uint8Array(Buffer.from(derB64, 'base64'));
      facts = leafFacts(der, this.#issuerNames) ?? this.#leafFromX509(derB64, der);
      this.#leaves.set(derB64, facts);
    }
    return facts;
  }

  #leafFromX509(derB64: string, der: Uint8Array): LeafFacts {
    const cert = this.certificate(derB64);
    return {
      issuerCommonName: cert.issuerName.getField('CN')[0] ?? rfc4514(cert.issuerName),
      subject: nameToSubject(cert.subjectName),
      subjectDn: rfc4514(cert.subjectName),
      sans: sansOf(cert),
      serialNumberHex: cert.serialNumber.toUpperCase(),
      notBefore: cert.notBefore,
      notAfter: cert.notAfter,
      notBeforeIso: cert.notBefore.toISOString(),
      notAfterIso: cert.notAfter.toISOString(),
      sha256Fingerprint: fingerprint(der),
      spki: new Uint8Array(cert.publicKey.rawData),
    };
  }

  /** Every CA certificate we know: active authorities and the outside issuers stored with them. */
  knownIssuers(): KnownIssuer[] {
    const known: KnownIssuer[] = [];
    for (const record of this.#vault.listAuthorities()) {
      if (record.certificateDerB64) known.push({ certificate: this.certificate(record.certificateDerB64), authorityId: record.id });
      for (const der of record.externalChainDerB64) known.push({ certificate: this.certificate(der), authorityId: null });
    }
    return known;
  }

  /** The authority's certificate and its issuers up to the root, itself first. */
  issuerChain(record: AuthorityRecord): X509.X509Certificate[] {
    const chain: X509.X509Certificate[] = [];
    let current: AuthorityRecord | null = record;
    const seen = new Set<string>();
    while (current && !seen.has(current.id)) {
      seen.add(current.id);
      if (!current.certificateDerB64) break;
      chain.push(this.certificate(current.certificateDerB64));
      if (current.externalChainDerB64.length > 0) {
        chain.push(...current.externalChainDerB64.map((der) => this.certificate(der)));
        break;
      }
      current = current.parentId ? this.#vault.getAuthority(current.parentId) : null;
    }
    return chain;
  }

  counts(record: AuthorityRecord): AuthorityCounts {
    const now = this.#now().getTime();
    let expiring = 0;
    const certificates = this.#vault.listCertificates(record.id);
    const revoked = this.#vault.revocations(record.id).entries;
    // Expiring is judged by effective expiry (the chain's earliest end), and only for certificates in service.
    const chainEnd = this.chainLimit(record)?.getTime() ?? Infinity;
    let revokedCount = 0;
    for (const c of certificates) {
      if (revoked.has(normalizeSerial(c.serialNumberHex))) {
        revokedCount++;
        continue;
      }
      if (c.replacedById) continue;
      const notAfter = Math.min(this.leaf(c.certificateDerB64).notAfter.getTime(), chainEnd);
      if (notAfter > now && notAfter - now <= EXPIRING_DAYS * DAY_MS) expiring++;
    }
    return { issued: certificates.length, revoked: revokedCount, expiring };
  }

  async authoritySummary(record: AuthorityRecord): Promise<AuthoritySummary> {
    const base = {
      revocation: this.authorityRevocation(record),
      id: record.id,
      kind: record.kind,
      state: record.state,
      parentId: record.parentId,
      keyAlgorithm: record.keyAlgorithm,
      settings: record.settings,
      counts: this.counts(record),
      remoteId: record.remoteId,
      createdAt: record.createdAt,
    };
    if (!record.certificateDerB64) {
      const csr = new X509.Pkcs10CertificateRequest(new Uint8Array(Buffer.from(record.csrDerB64 ?? '', 'base64')));
      return {
        ...base,
        subject: nameToSubject(csr.subjectName),
        subjectDn: rfc4514(csr.subjectName),
        serialNumberHex: '',
        notBefore: '',
        notAfter: '',
        sha256Fingerprint: '',
        pathLength: pendingPathLength(csr),
        nameConstraints: null,
      };
    }
    const facts = await this.facts(record.certificateDerB64);
    return {
      ...base,
      subject: facts.subject,
      subjectDn: facts.subjectDn,
      serialNumberHex: facts.serialNumberHex,
      notBefore: facts.notBefore,
      notAfter: facts.notAfter,
      sha256Fingerprint: facts.sha256Fingerprint,
      pathLength: facts.pathLength,
      nameConstraints: nameConstraintsOf(this.certificate(record.certificateDerB64)),
    };
  }

  async authorityDetail(record: AuthorityRecord): Promise<AuthorityDetail> {
    const summary = await this.authoritySummary(record);
    const csrDer = record.csrDerB64 && record.state === 'pending' ? Buffer.from(record.csrDerB64, 'base64') : null;
    const csrPem = csrDer ? toPem('CERTIFICATE REQUEST', csrDer) : null;
    const csrSha256 = csrDer ? fingerprint(csrDer) : null;
    if (!record.certificateDerB64) {
      return { ...summary, signatureAlgorithm: '', subjectKeyIdentifier: '', spkiSha256: '', certificatePem: '', extensions: [], chain: [], csrPem, csrSha256 };
    }
    const cert = this.certificate(record.certificateDerB64);
    const facts = await this.facts(record.certificateDerB64);
    const chain = await buildChain(cert, record.id, this.knownIssuers(), this.#now(), this.#crypto);
    return {
      ...summary,
      signatureAlgorithm: facts.signatureAlgorithm,
      subjectKeyIdentifier: facts.subjectKeyIdentifier,
      spkiSha256: facts.spkiSha256,
      certificatePem: facts.certificatePem,
      extensions: explainExtensions(cert.extensions),
      chain: this.markRevoked(chain.links),
      csrPem,
      csrSha256,
    };
  }

  /** The revocation of a CA certificate, from its in-vault issuer's book; null when it is not revoked. */
  authorityRevocation(record: AuthorityRecord): RevocationInfo | null {
    if (!record.parentId || !record.serialNumberHex) return null;
    const entry = this.#vault.revocations(record.parentId).entries.get(normalizeSerial(record.serialNumberHex));
    return entry ? { reason: entry.reason, revokedAt: entry.revokedAt, invalidityDate: entry.invalidityDate } : null;
  }

  /** Marks links whose certificate is revoked (a CA by its in-vault issuer, the leaf by `leaf`). */
  markRevoked(links: readonly ChainLink[], leaf: RevocationInfo | null = null): ChainLink[] {
    return links.map((link, i) => {
      const revocation = i === 0 && link.role === 'leaf' ? leaf : link.authorityId ? this.authorityRevocation(this.#vault.getAuthority(link.authorityId)) : null;
      return revocation ? { ...link, status: 'revoked', note: msg('errors:chain.revoked', { reasonLabel: `errors:reasonLabel.${revocation.reason}`, date: revocation.revokedAt.slice(0, 10) }) } : link;
    });
  }

  /** The revocation of a leaf, from its issuer's book; null when it is not revoked. */
  revocationOf(record: CertificateRecord): RevocationInfo | null {
    const entry = this.#vault.revocations(record.authorityId).entries.get(normalizeSerial(record.serialNumberHex));
    return entry ? { reason: entry.reason, revokedAt: entry.revokedAt, invalidityDate: entry.invalidityDate } : null;
  }

  /** When the authority's chain stops working: the earliest notAfter from it up to its root. */
  chainLimit(authority: AuthorityRecord): Date | null {
    if (!authority.certificateDerB64) return null;
    const cached = this.#chainLimits.get(authority.id);
    if (cached?.derB64 === authority.certificateDerB64) return cached.notAfter;
    const notAfter = new Date(Math.min(...this.issuerChain(authority).map((c) => c.notAfter.getTime())));
    this.#chainLimits.set(authority.id, { derB64: authority.certificateDerB64, notAfter });
    return notAfter;
  }

  /** The earliest notAfter in the certificate's chain. */
  effectiveNotAfter(record: CertificateRecord, cert: Pick<X509.X509Certificate, 'notAfter'>): Date {
    const limit = this.chainLimit(this.#vault.getAuthority(record.authorityId));
    return limit && limit < cert.notAfter ? limit : cert.notAfter;
  }

  /**
   * All synchronous (the promise is for callers): a list calls this for every record in one go, so
   * the vault checks each file once for the whole list (see vault/shard-files.ts).
   */
  async certificateSummary(record: CertificateRecord): Promise<CertificateSummary> {
    const leaf = this.leaf(record.certificateDerB64);
    const revocation = this.revocationOf(record);
    const key = record.keyAlgorithm ? { algorithm: record.keyAlgorithm, label: KEY_ALGORITHM_INFO[record.keyAlgorithm].label } : (leaf.key ??= describeKeyOf(leaf.spki));
    const effective = this.effectiveNotAfter(record, leaf);
    return {
      id: record.id,
      authorityId: record.authorityId,
      issuerCommonName: leaf.issuerCommonName,
      profile: record.profile,
      subject: leaf.subject,
      subjectDn: leaf.subjectDn,
      sans: [...leaf.sans],
      serialNumberHex: leaf.serialNumberHex,
      notBefore: leaf.notBeforeIso,
      notAfter: leaf.notAfterIso,
      status: revocation ? 'revoked' : this.status(leaf),
      revocation,
      key: { ...key },
      hasPrivateKey: record.sealedKey !== undefined,
      sha256Fingerprint: leaf.sha256Fingerprint,
      createdAt: record.createdAt,
      effectiveNotAfter: effective === leaf.notAfter ? leaf.notAfterIso : effective.toISOString(),
      replacesId: record.replacesId,
      replacedById: record.replacedById,
      scheduledRevocation: record.scheduledRevocation,
      acmeAccountId: record.acmeAccountId,
    };
  }

  async certificateDetail(record: CertificateRecord): Promise<CertificateDetail> {
    const summary = await this.certificateSummary(record);
    const cert = this.certificate(record.certificateDerB64);
    const facts = await this.facts(record.certificateDerB64);
    const chain = await this.chainOf(cert);
    const above = chain.certificates.slice(1);
    const root = above.at(-1);
    const rootIsSelfSigned = root !== undefined && chain.links.at(-1)?.role === 'root';
    const intermediates = rootIsSelfSigned ? above.slice(0, -1) : above;
    const aki = cert.getExtension(X509.AuthorityKeyIdentifierExtension);
    return {
      ...summary,
      signatureAlgorithm: facts.signatureAlgorithm,
      subjectKeyIdentifier: facts.subjectKeyIdentifier,
      authorityKeyIdentifier: aki?.keyId ? aki.keyId.toUpperCase().replace(/(..)(?!$)/g, '$1:') : '',
      spkiSha256: facts.spkiSha256,
      extensions: explainExtensions(cert.extensions),
      chain: this.markRevoked(chain.links, summary.revocation),
      certificatePem: facts.certificatePem,
      chainPem: intermediates.map((c) => toPem('CERTIFICATE', new Uint8Array(c.rawData))).join(''),
      rootPem: rootIsSelfSigned && root ? toPem('CERTIFICATE', new Uint8Array(root.rawData)) : '',
    };
  }

  chainOf(cert: X509.X509Certificate): Promise<BuiltChain> {
    return buildChain(cert, null, this.knownIssuers(), this.#now(), this.#crypto);
  }
}

export function sansOf(cert: X509.X509Certificate): SanEntry[] {
  const extension = cert.extensions.find((e) => e.type === asn.id_ce_subjectAltName);
  return extension ? sansFromExtension(extension.value) : [];
}

/** The SANs in a subjectAltName extension value (its OCTET STRING contents). */
function sansFromExtension(value: BufferSource): SanEntry[] {
  const out: SanEntry[] = [];
  for (const name of AsnConvert.parse(value, asn.SubjectAlternativeName)) {
    if (name.dNSName !== undefined) out.push({ type: 'dns', value: name.dNSName });
    else if (name.iPAddress !== undefined) out.push({ type: 'ip', value: name.iPAddress });
    else if (name.rfc822Name !== undefined) out.push({ type: 'email', value: name.rfc822Name });
    else if (name.uniformResourceIdentifier !== undefined) out.push({ type: 'uri', value: name.uniformResourceIdentifier });
  }
  return normalizeSans(out);
}

function describeKeyOf(spki: Uint8Array): KeyDescription {
  const { algorithm, label } = describeKey(parseSpki(spki));
  return { algorithm, label };
}

function nameConstraintsOf(cert: X509.X509Certificate): NameConstraints | null {
  const nc = readNameConstraints(cert);
  if (!nc) return null;
  const pick = (subtrees: asn.GeneralSubtrees | undefined, kind: 'dNSName' | 'iPAddress') =>
    Array.from(subtrees ?? [], (s) => s.base[kind]).filter((v): v is string => v !== undefined);
  return {
    permittedDns: pick(nc.permittedSubtrees, 'dNSName'),
    excludedDns: pick(nc.excludedSubtrees, 'dNSName'),
    permittedIp: pick(nc.permittedSubtrees, 'iPAddress'),
    excludedIp: pick(nc.excludedSubtrees, 'iPAddress'),
  };
}

function pendingPathLength(csr: X509.Pkcs10CertificateRequest): number | null {
  const extension = csr.extensions.find((e) => e.type === asn.id_ce_basicConstraints);
  return extension ? (AsnConvert.parse(extension.value, asn.BasicConstraints).pathLenConstraint ?? null) : null;
}
