/**
 * Builds a certification path leaf → root from every certificate we can see (the input, the vault's
 * CAs and the CAs it trusts, optionally the system store) and checks each link the way a TLS client
 * does: signature, validity window, CA flag and path length, keyCertSign, name constraints, EKU
 * nesting, revocation where we know it.
 */
import { BlockList, isIP } from 'node:net';
import * as asn from '@peculiar/asn1-x509';
import type { CertificateOrigin, InspectRole, LinkCheck } from '../../../shared/domain/inspect.js';
import { msg, type Msg } from '../../../shared/i18n/message.js';
import { OID } from '../oids.js';
import { certificateName, signedBy, type ParsedCertificate } from './certificate.js';

export interface PoolCert {
  readonly cert: ParsedCertificate;
  readonly origin: CertificateOrigin;
  readonly objectIndex: number | null;
  readonly authorityId: string | null;
  /** A trust anchor: a vault authority or outside CA the vault trusts, or a system root (when asked for). */
  readonly anchor: CertificateOrigin | null;
}

export interface Revoked {
  readonly revokedAt: string;
  readonly reason: string | null;
  /** Who says so: the vault's records of the issuer, or the issuer's CRL in the input. */
  readonly source: 'vault' | 'crl';
  /** The issuer's Common Name. */
  readonly issuerName: string;
}

export interface PathContext {
  readonly now: Date;
  readonly role: InspectRole;
  readonly revocationOf: (cert: ParsedCertificate, issuer: PoolCert) => Revoked | null;
}

export interface PathEntry {
  readonly pool: PoolCert;
  readonly checks: LinkCheck[];
}

export interface BuiltPath {
  readonly entries: PathEntry[];
  /** The top certificate is a trust anchor. */
  readonly anchor: CertificateOrigin | null;
  /** The top is self-issued (a root), trusted or not. */
  readonly reachedRoot: boolean;
  /** When the path stops short: the top certificate's issuer could not be found … */
  readonly missingIssuer: boolean;
  /** … or was found, but its key does not verify the signature. */
  readonly signatureFailedAgainst: PoolCert | null;
}

const MAX_PATH = 10;
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const same = (a: ParsedCertificate, b: ParsedCertificate) => Buffer.from(a.sha256).equals(b.sha256);
const day = (d: Date) => d.toISOString().slice(0, 10);

/** Certificates by subject, to find issuers by name. */
export class Pool {
  readonly #bySubject = new Map<string, PoolCert[]>();
  readonly #base: Pool | null;

  /**
   * `base`: certificates shared with other pools, listed before this pool's own and never added to
   * through it — the vault's CAs and the system roots every inspection starts from, gathered once.
   */
  constructor(base: Pool | null = null) {
    this.#base = base;
  }

  add(entry: PoolCert): void {
    const key = hex(entry.cert.subjectDer);
    const list = this.#bySubject.get(key);
    if (list) list.push(entry);
    else this.#bySubject.set(key, [entry]);
  }

  issuersNamed(cert: ParsedCertificate): PoolCert[] {
    return this.named(cert.issuerDer);
  }

  /** Certificates whose subject is exactly this DER name. */
  named(nameDer: Uint8Array): PoolCert[] {
    return this.#named(hex(nameDer));
  }

  #named(key: string): PoolCert[] {
    const own = this.#bySubject.get(key);
    const shared = this.#base ? this.#base.#named(key) : [];
    return own ? [...shared, ...own] : shared;
  }
}

function validNow(cert: ParsedCertificate, now: Date): boolean {
  return cert.notBefore <= now && now < cert.notAfter;
}

/** Anchors first, then certificates valid now, then the one that lives longest, then what the input gave. */
function preference(now: Date) {
  return (a: PoolCert, b: PoolCert) =>
    Number(b.anchor !== null) - Number(a.anchor !== null) ||
    Number(validNow(b.cert, now)) - Number(validNow(a.cert, now)) ||
    b.cert.notAfter.getTime() - a.cert.notAfter.getTime() ||
    Number(a.origin !== 'input') - Number(b.origin !== 'input');
}

export function buildPath(leaf: PoolCert, pool: Pool, context: PathContext): BuiltPath {
  const path: PoolCert[] = [leaf];
  let missingIssuer = false;
  let signatureFailedAgainst: PoolCert | null = null;
  let selfSignatureOk = true;
  for (;;) {
    const current = path.at(-1)!;
    if (current.cert.selfIssued) {
      // A trust anchor is trusted by configuration; RFC 5280 does not check its self-signature.
      selfSignatureOk = current.anchor !== null || signedBy(current.cert, current.cert);
      break;
    }
    if (current.anchor !== null && current.origin !== 'input' && current.authorityId === null) break; // an outside CA the vault trusts, root or not
    if (path.length >= MAX_PATH) break;
    const candidates = pool
      .issuersNamed(current.cert)
      .filter((c) => !path.some((p) => same(p.cert, c.cert)))
      .sort(preference(context.now));
    const issuer = candidates.find((c) => signedBy(current.cert, c.cert));
    if (!issuer) {
      missingIssuer = candidates.length === 0;
      signatureFailedAgainst = candidates[0] ?? null;
      break;
    }
    path.push(issuer);
  }
  const top = path.at(-1)!;
  const entries = path.map((pool, i) => ({ pool, checks: linkChecks(path, i, context, { missingIssuer, signatureFailedAgainst, selfSignatureOk }) }));
  return { entries, anchor: top.anchor, reachedRoot: top.cert.selfIssued, missingIssuer, signatureFailedAgainst };
}

interface PathEnd {
  readonly missingIssuer: boolean;
  readonly signatureFailedAgainst: PoolCert | null;
  readonly selfSignatureOk: boolean;
}

function signatureCheck(path: readonly PoolCert[], i: number, end: PathEnd): LinkCheck {
  const { cert, anchor } = path[i]!;
  const issuer = path[i + 1];
  if (issuer) return { name: 'signature', ok: true, note: msg('diagnosis:check.signedBy', { issuer: issuer.cert.commonName }) };
  if (cert.selfIssued) {
    if (anchor) return { name: 'signature', ok: true, note: msg(anchor === 'system' ? 'diagnosis:check.anchorSystem' : 'diagnosis:check.anchorVault') };
    return end.selfSignatureOk ? { name: 'signature', ok: true, note: msg('diagnosis:check.selfSigned') } : { name: 'signature', ok: false, note: msg('diagnosis:check.selfSignatureBroken') };
  }
  if (anchor) return { name: 'signature', ok: true, note: msg('diagnosis:check.trustedOutsideCa') };
  if (end.signatureFailedAgainst) return { name: 'signature', ok: false, note: msg('diagnosis:check.signatureFailed', { ca: end.signatureFailedAgainst.cert.commonName }) };
  // Its Common Name, else its whole DN in RFC 4514 (names.ts), as everywhere else.
  return { name: 'signature', ok: false, note: msg('diagnosis:check.issuerNotFound', { issuer: certificateName(cert.issuer.map((a) => [a]), cert.issuerDn) }) };
}

function validityCheck(cert: ParsedCertificate, now: Date): LinkCheck {
  if (cert.notAfter <= now) return { name: 'validity', ok: false, note: msg('diagnosis:check.expired', { date: day(cert.notAfter) }) };
  if (cert.notBefore > now) return { name: 'validity', ok: false, note: msg('diagnosis:check.notYetValid', { date: day(cert.notBefore) }) };
  return { name: 'validity', ok: true, note: msg('diagnosis:check.valid', { from: day(cert.notBefore), until: day(cert.notAfter) }) };
}

/** Certificates below position i that count against its path length: non-self-issued intermediates. */
function intermediatesBelow(path: readonly PoolCert[], i: number): number {
  return path.slice(1, i).filter((p) => !p.cert.selfIssued).length;
}

function issuerChecks(path: readonly PoolCert[], i: number): LinkCheck[] {
  const { cert } = path[i]!;
  const checks: LinkCheck[] = [];
  checks.push(cert.isCa ? { name: 'ca', ok: true, note: msg('diagnosis:check.isCa') } : { name: 'ca', ok: false, note: msg('diagnosis:check.notCa') });
  if (cert.keyUsage !== null) {
    const ok = (cert.keyUsage & asn.KeyUsageFlags.keyCertSign) !== 0;
    checks.push({ name: 'key-usage', ok, note: msg(ok ? 'diagnosis:check.keyUsageOk' : 'diagnosis:check.keyUsageNoCertSign') });
  }
  if (cert.pathLength !== null) {
    const below = intermediatesBelow(path, i);
    const ok = below <= cert.pathLength;
    checks.push({ name: 'path-length', ok, note: ok ? msg('diagnosis:check.pathLengthOk', { length: cert.pathLength, count: below }) : msg('diagnosis:check.pathLengthExceeded', { count: cert.pathLength, below }) });
  }
  return checks;
}

// ---- Name constraints (RFC 5280 §4.2.1.10), for DNS names and IP addresses ------------------------

function dnsWithin(name: string, base: string): boolean {
  const n = name.toLowerCase().replace(/^\*\./, '');
  const b = base.toLowerCase();
  if (b.startsWith('.')) return n.endsWith(b);
  return n === b || n.endsWith(`.${b}`);
}

function ipWithin(ip: string, cidr: string): boolean {
  const [address, prefix] = cidr.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || family !== isIP(ip)) return false;
  const list = new BlockList();
  list.addSubnet(address!, Number(prefix ?? (family === 4 ? 32 : 128)), family === 4 ? 'ipv4' : 'ipv6');
  return list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

function constraintMatches(name: asn.GeneralName, base: asn.GeneralName): boolean | null {
  if (name.dNSName !== undefined && base.dNSName !== undefined) return dnsWithin(name.dNSName, base.dNSName);
  if (name.iPAddress !== undefined && base.iPAddress !== undefined) return ipWithin(name.iPAddress, base.iPAddress);
  return null; // different types: this subtree says nothing about the name
}

export interface NameConstraintViolation {
  /** An excluded subtree holds the name, or no permitted subtree of its type does. */
  readonly kind: 'excluded' | 'not-permitted';
  /** In words: `DNS name "a.example" is excluded by Acme CA`. */
  readonly text: Msg;
}

/** The leaf names one CA's name constraints refuse. */
export function nameConstraintViolations(leaf: ParsedCertificate, ca: ParsedCertificate): NameConstraintViolation[] {
  const nc = ca.nameConstraints;
  if (!nc) return [];
  const violations: NameConstraintViolation[] = [];
  for (const name of leaf.sans ?? []) {
    const dns = name.dNSName !== undefined;
    const value = name.dNSName ?? name.iPAddress;
    if (value === undefined) continue;
    const params = { name: value, ca: ca.commonName };
    const excluded = (nc.excludedSubtrees ?? []).find((s) => constraintMatches(name, s.base) === true);
    if (excluded) {
      violations.push({ kind: 'excluded', text: msg(dns ? 'diagnosis:check.dnsExcluded' : 'diagnosis:check.ipExcluded', params) });
      continue;
    }
    const permittedOfType = (nc.permittedSubtrees ?? []).filter((s) => constraintMatches(name, s.base) !== null);
    if (permittedOfType.length > 0 && !permittedOfType.some((s) => constraintMatches(name, s.base) === true)) violations.push({ kind: 'not-permitted', text: msg(dns ? 'diagnosis:check.dnsNotPermitted' : 'diagnosis:check.ipNotPermitted', params) });
  }
  return violations;
}

// ---- EKU --------------------------------------------------------------------------------------------

const EKU_WORDS: Readonly<Record<string, string>> = { [OID.serverAuth]: 'serverAuth', [OID.clientAuth]: 'clientAuth' };

/** The usages the leaf must be good for: the chosen role, or else what its own EKU claims. */
export function requiredUsages(leaf: ParsedCertificate, role: InspectRole): string[] {
  if (role === 'server') return [OID.serverAuth];
  if (role === 'client') return [OID.clientAuth];
  return (leaf.extendedKeyUsage ?? []).filter((oid) => oid !== OID.anyExtendedKeyUsage);
}

export function allowsUsage(cert: ParsedCertificate, usage: string): boolean {
  const eku = cert.extendedKeyUsage;
  return eku === null || eku.includes(usage) || eku.includes(OID.anyExtendedKeyUsage);
}

function leafChecks(path: readonly PoolCert[], context: PathContext): LinkCheck[] {
  const leaf = path[0]!.cert;
  const checks: LinkCheck[] = [];
  if (context.role !== 'any') {
    const usage = requiredUsages(leaf, context.role)[0]!;
    const ok = allowsUsage(leaf, usage);
    checks.push({ name: 'eku', ok, note: msg(ok ? 'diagnosis:check.ekuAllows' : 'diagnosis:check.ekuLacks', { usage: EKU_WORDS[usage] ?? usage }) });
  }
  const usages = requiredUsages(leaf, context.role);
  for (const ca of path.slice(1)) {
    const refused = usages.filter((u) => !allowsUsage(ca.cert, u));
    if (refused.length > 0) checks.push({ name: 'eku', ok: false, note: msg('diagnosis:check.ekuLimited', { ca: ca.cert.commonName, allowed: (ca.cert.extendedKeyUsage ?? []).map((o) => EKU_WORDS[o] ?? o).join(', '), refused: refused.map((o) => EKU_WORDS[o] ?? o).join(', ') }) });
    const violations = nameConstraintViolations(leaf, ca.cert);
    // One check per refused name: each is a sentence of its own in every language.
    if (violations.length > 0) checks.push(...violations.map((v): LinkCheck => ({ name: 'name-constraints', ok: false, note: v.text })));
    else if (ca.cert.nameConstraints) checks.push({ name: 'name-constraints', ok: true, note: msg('diagnosis:check.withinConstraints', { ca: ca.cert.commonName }) });
  }
  return checks;
}

function revocationNote(revoked: Revoked): Msg {
  const params = { date: revoked.revokedAt.slice(0, 10), ca: revoked.issuerName };
  // The reason is a RevocationReason code (the vault's, or a CRL's), worded by the catalog.
  const reason = revoked.reason ? { reasonKey: `common:reason.${revoked.reason}` } : null;
  if (revoked.source === 'vault') return reason ? msg('diagnosis:check.revokedVaultReason', { ...params, ...reason }) : msg('diagnosis:check.revokedVault', params);
  return reason ? msg('diagnosis:check.revokedCrlReason', { ...params, ...reason }) : msg('diagnosis:check.revokedCrl', params);
}

function linkChecks(path: readonly PoolCert[], i: number, context: PathContext, end: PathEnd): LinkCheck[] {
  const entry = path[i]!;
  const checks: LinkCheck[] = [signatureCheck(path, i, end), validityCheck(entry.cert, context.now)];
  if (i > 0) checks.push(...issuerChecks(path, i));
  if (i === 0) checks.push(...leafChecks(path, context));
  const issuer = path[i + 1];
  if (issuer) {
    const revoked = context.revocationOf(entry.cert, issuer);
    if (revoked) checks.push({ name: 'revocation', ok: false, note: revocationNote(revoked) });
  }
  return checks;
}
