/**
 * Inspect anything: read the input, describe every object, build the chain of its end-entity
 * certificate from what was given plus the vault (plus, if asked, the system store), and diagnose it.
 */
import { createHash } from 'node:crypto';
import type { AsnTree, CertificateOrigin, Finding, InspectChain, InspectedObject, InspectionReport, InspectLink, InspectOptions, InputProblem } from '../../../shared/domain/inspect.js';
import type { LinkStatus } from '../../../shared/domain/certificate.js';
import type { KnownIssuer } from '../chain.js';
import { inspectCrlDer } from '../crl-inspect.js';
import { inspectCsr } from '../csr.js';
import { parseSpki } from '../certificate-builder.js';
import { toPem } from '../pem.js';
import { X509, type EngineCrypto } from '../webcrypto.js';
import { asn1Tree } from './asn1-tree.js';
import { describeInspected, parseCertificate, type ParsedCertificate } from './certificate.js';
import { diagnose } from './diagnose.js';
import { buildPath, Pool, type BuiltPath, type PoolCert, type Revoked } from './path.js';
import { describePublicKey } from './public-key.js';
import type { DerNode } from './der.js';
import { readInput, type Item } from './read-input.js';
import { problem, servedCertificateSource } from './words.js';

/** A CA certificate the vault holds: one of its authorities (authorityId set) or an outside CA it trusts. */
export interface VaultCa {
  readonly der: Uint8Array;
  readonly authorityId: string | null;
}

export interface InspectContext {
  readonly vault: readonly VaultCa[];
  /** The system trust store's roots; consulted only when options.useSystemStore. */
  readonly system: () => readonly Uint8Array[];
  readonly now: Date;
  readonly crypto: EngineCrypto;
  /** How the vault records a certificate issued by one of its authorities; null when not revoked. */
  readonly revocationOf: (authorityId: string, serialHex: string) => { revokedAt: string; reason: string | null } | null;
  /**
   * Called once before the first {@link revocationOf}, with the serials of every certificate that can
   * be asked about (the input's and the vault's CAs): a context that holds no vault (the untrusted
   * worker) fetches the vault's answers for exactly these.
   */
  readonly prepareRevocations?: (serialsHex: readonly string[]) => Promise<void>;
}

export type InspectRequest = InspectOptions & { readonly password: string | null };

const parsedCache = new WeakMap<Uint8Array, ParsedCertificate | null>();
/**
 * The same certificates by the SHA-256 of their DER, held weakly (they live as long as their bytes
 * do in parsedCache), so that one a server sends — most often the vault's own intermediate, in the
 * chain of every endpoint that serves a vault certificate — is not parsed a second time, and its
 * signature checks reuse OpenSSL's copy of it (certificate.ts keeps that per parsed certificate).
 */
const parsedByDigest = new Map<string, WeakRef<ParsedCertificate>>();
const MAX_DIGESTS = 10_000;

/** Parses a vault or system certificate once per byte array. */
function parsedOnce(der: Uint8Array): ParsedCertificate | null {
  if (!parsedCache.has(der)) {
    let cert: ParsedCertificate | null;
    try {
      cert = parseCertificate(der);
    } catch {
      cert = null;
    }
    parsedCache.set(der, cert);
    if (cert) {
      if (parsedByDigest.size >= MAX_DIGESTS) parsedByDigest.clear();
      parsedByDigest.set(fingerprint(cert), new WeakRef(cert));
    }
  }
  return parsedCache.get(der)!;
}

/** A certificate from outside: the vault's or the system's parse of the very same bytes when there is one, else its own (throws as parseCertificate does). */
function parsedFromOutside(der: Uint8Array): ParsedCertificate {
  if (parsedByDigest.size > 0) {
    const known = parsedByDigest.get(createHash('sha256').update(der).digest('hex'))?.deref();
    if (known && Buffer.compare(known.der, der) === 0) return known;
  }
  return parseCertificate(der);
}

const fingerprint = (cert: ParsedCertificate) => Buffer.from(cert.sha256).toString('hex');

interface Anchors {
  readonly pool: Pool;
  /** Serials of the vault's CA certificates (a vault intermediate can be revoked by its vault parent). */
  readonly vaultSerials: readonly string[];
  /** Fingerprint → where the vault or system holds the same certificate. */
  readonly known: ReadonlyMap<string, { origin: CertificateOrigin; authorityId: string | null }>;
}

/**
 * The last anchors gathered and what from. A worker inspects with the same vault CAs (the same byte
 * arrays: tasks.ts interns them) and the same system roots task after task — an endpoint watch's
 * round, once per endpoint — so they are gathered again only when those change.
 */
let lastAnchors: { readonly vault: readonly VaultCa[]; readonly system: readonly Uint8Array[] | null; readonly anchors: Anchors } | null = null;

const sameCas = (a: readonly VaultCa[], b: readonly VaultCa[]) => a.length === b.length && a.every((ca, i) => ca.der === b[i]!.der && ca.authorityId === b[i]!.authorityId);

/** The anchors of one inspection: a pool of its own (its certificates join it) over the shared one. */
function anchorsOf(context: InspectContext, useSystemStore: boolean): Anchors {
  const system = useSystemStore ? context.system() : null;
  if (lastAnchors === null || lastAnchors.system !== system || !sameCas(lastAnchors.vault, context.vault)) {
    lastAnchors = { vault: context.vault, system, anchors: gatherAnchors(context.vault, system ?? []) };
  }
  const { pool, known, vaultSerials } = lastAnchors.anchors;
  return { pool: new Pool(pool), known, vaultSerials };
}

function gatherAnchors(vault: readonly VaultCa[], system: readonly Uint8Array[]): Anchors {
  const pool = new Pool();
  const known = new Map<string, { origin: CertificateOrigin; authorityId: string | null }>();
  const vaultSerials: string[] = [];
  const add = (der: Uint8Array, origin: CertificateOrigin, authorityId: string | null) => {
    const cert = parsedOnce(der);
    if (!cert) return;
    if (origin === 'vault') vaultSerials.push(cert.serialHex);
    const key = fingerprint(cert);
    if (known.has(key)) return;
    known.set(key, { origin, authorityId });
    // Vault authorities and outside CAs the vault trusts are anchors; so are system roots when asked for.
    pool.add({ cert, origin, objectIndex: null, authorityId, anchor: origin });
  };
  for (const ca of vault) add(ca.der, 'vault', ca.authorityId);
  for (const der of system) add(der, 'system', null);
  return { pool, known, vaultSerials };
}

/** The end entity: the first certificate that is not a CA; else the lowest CA (one that signed nothing here). */
function chooseLeaf(certs: readonly PoolCert[]): PoolCert | null {
  const endEntity = certs.find((c) => !c.cert.isCa);
  if (endEntity) return endEntity;
  const issuers = new Set(certs.map((c) => Buffer.from(c.cert.issuerDer).toString('hex')));
  return certs.find((c) => c.cert.selfIssued || !issuers.has(Buffer.from(c.cert.subjectDer).toString('hex'))) ?? certs[0] ?? null;
}

const STATUS_OF_CHECK: Readonly<Record<string, LinkStatus>> = {
  signature: 'bad-signature',
  ca: 'not-a-ca',
  revocation: 'revoked',
  'path-length': 'constraint-violated',
  'key-usage': 'constraint-violated',
  'name-constraints': 'constraint-violated',
  eku: 'constraint-violated',
};

function linkStatus(entry: BuiltPath['entries'][number], path: BuiltPath, isTop: boolean, now: Date): LinkStatus {
  const failed = entry.checks.find((c) => !c.ok);
  if (failed?.name === 'validity') return entry.pool.cert.notAfter <= now ? 'expired' : 'not-yet-valid';
  if (failed?.name === 'signature' && isTop && path.missingIssuer) return 'issuer-missing';
  if (failed) return STATUS_OF_CHECK[failed.name] ?? 'constraint-violated';
  if (isTop && path.reachedRoot && path.anchor === null && path.entries.length > 1) return 'untrusted';
  return 'ok';
}

function chainOf(path: BuiltPath, now: Date): InspectChain {
  const links: InspectLink[] = path.entries.map((entry, i) => {
    const { cert } = entry.pool;
    const isTop = i === path.entries.length - 1;
    const failed = entry.checks.find((c) => !c.ok);
    return {
      role: i === 0 && !(cert.isCa && cert.selfIssued) ? 'leaf' : cert.selfIssued && isTop ? 'root' : 'intermediate',
      commonName: cert.commonName,
      subjectDn: cert.subjectDn,
      serialNumberHex: cert.serialHex,
      notAfter: cert.notAfter.toISOString(),
      status: linkStatus(entry, path, isTop, now),
      note: failed?.note ?? entry.checks[0]!.note,
      authorityId: entry.pool.authorityId,
      origin: entry.pool.origin,
      objectIndex: entry.pool.objectIndex,
      checks: entry.checks,
    };
  });
  const earliest = path.entries.reduce((a, b) => (b.pool.cert.notAfter < a.pool.cert.notAfter ? b : a));
  const trusted = path.anchor !== null && path.entries.every((e) => e.checks.every((c) => c.ok));
  return { links, trusted, anchor: path.anchor, effectiveNotAfter: earliest.pool.cert.notAfter.toISOString(), effectiveLimitedBy: earliest.pool.cert.commonName };
}

type CrlBook = Map<string, Map<string, { revokedAt: string; reason: string | null }>>;

/** Revocation from the vault's records and from the input's CRLs whose signature verified with the issuer's key. */
function revocationLookup(context: InspectContext, book: CrlBook) {
  return (cert: ParsedCertificate, issuer: PoolCert): Revoked | null => {
    if (issuer.authorityId) {
      const r = context.revocationOf(issuer.authorityId, cert.serialHex);
      if (r) return { ...r, source: 'vault', issuerName: issuer.cert.commonName };
    }
    const entry = book.get(fingerprint(issuer.cert))?.get(cert.serialHex);
    return entry ? { ...entry, source: 'crl', issuerName: issuer.cert.commonName } : null;
  };
}

function crlIssuerDer(item: { readonly der: Uint8Array; readonly root: DerNode }): Uint8Array | null {
  const tbs = item.root.children[0];
  const fields = tbs?.children ?? [];
  const issuer = fields[fields[0]?.tagNumber === 2 ? 2 : 1];
  return issuer ? item.der.subarray(issuer.offset, issuer.offset + issuer.headerLength + issuer.length) : null;
}

const peculiarCache = new WeakMap<ParsedCertificate, X509.X509Certificate>();
function peculiar(cert: ParsedCertificate): X509.X509Certificate {
  let value = peculiarCache.get(cert);
  if (!value) {
    value = new X509.X509Certificate(new Uint8Array(cert.der));
    peculiarCache.set(cert, value);
  }
  return value;
}

function keyView(spki: Uint8Array | null) {
  return spki ? describePublicKey(spki) : null;
}

/** Inspects the input and diagnoses its end-entity certificate. */
export async function inspectInput(input: Uint8Array, request: InspectRequest, context: InspectContext): Promise<InspectionReport> {
  const read = await readInput(input, request.password, context.crypto);
  return report(read.items, read.problems, read.needsPassword, request, context, null);
}

/** The raw ASN.1 tree of one object of the input. Private keys have none to show. */
export async function objectTree(input: Uint8Array, password: string | null, objectIndex: number, crypto: EngineCrypto): Promise<AsnTree | null> {
  const { items } = await readInput(input, password, crypto);
  const item = items[objectIndex];
  return item && 'root' in item ? asn1Tree(item.der, item.root) : null;
}

/** Inspects certificates received some other way (what the TLS server `servedBy` sent), in their order. */
export async function inspectCertificates(ders: readonly Uint8Array[], request: InspectOptions, context: InspectContext, servedBy: string): Promise<InspectionReport> {
  const items: Item[] = [];
  const problems: InputProblem[] = [];
  ders.forEach((der, i) => {
    const source = servedCertificateSource(i + 1);
    try {
      const cert = parsedFromOutside(der);
      items.push({ kind: 'certificate', source, der, root: cert.root, cert });
    } catch (error) {
      problems.push(problem(source, 'inspect:problem.damaged', { reason: error instanceof Error ? error.message : String(error) }));
    }
  });
  return report(items, problems, null, { ...request, password: null }, context, servedBy);
}

async function report(items: readonly Item[], problems: InputProblem[], needsPassword: InspectionReport['needsPassword'], request: InspectRequest, context: InspectContext, servedBy: string | null): Promise<InspectionReport> {
  const { now, crypto } = context;
  const anchors = anchorsOf(context, request.useSystemStore);
  const inputCertificates: PoolCert[] = [];
  items.forEach((item, index) => {
    if (item.kind !== 'certificate') return;
    const same = anchors.known.get(fingerprint(item.cert));
    const entry: PoolCert = { cert: item.cert, origin: 'input', objectIndex: index, authorityId: same?.authorityId ?? null, anchor: same?.origin ?? null };
    inputCertificates.push(entry);
    anchors.pool.add(entry);
  });

  if (context.prepareRevocations) await context.prepareRevocations([...new Set([...anchors.vaultSerials, ...inputCertificates.map((c) => c.cert.serialHex)])]);

  // CRLs: their signature is checked against every certificate in sight with the issuer's name.
  const book: CrlBook = new Map();
  const objects: InspectedObject[] = [];
  for (const [index, item] of items.entries()) {
    const base = { index, source: item.source };
    switch (item.kind) {
      case 'certificate': {
        const same = anchors.known.get(fingerprint(item.cert));
        objects.push(describeInspected(item.cert, { ...base, now, vaultAuthorityId: same?.origin === 'vault' ? same.authorityId : null, vaultTrusted: same?.origin === 'vault' && same.authorityId === null }));
        break;
      }
      case 'crl': {
        const issuerDer = crlIssuerDer(item);
        const candidates = issuerDer ? anchors.pool.named(issuerDer) : [];
        const known: KnownIssuer[] = candidates.map((c) => ({ certificate: peculiar(c.cert), authorityId: fingerprint(c.cert) }));
        try {
          const crl = await inspectCrlDer(item.der, known, now, crypto);
          const signer = candidates.find((c) => fingerprint(c.cert) === crl.signature.authorityId);
          if (crl.signature.status === 'verified' && signer) {
            book.set(fingerprint(signer.cert), new Map(crl.entries.map((e) => [e.serialNumberHex.toUpperCase(), { revokedAt: e.revokedAt, reason: e.reason }])));
          }
          objects.push({ ...base, kind: 'crl', crl: { ...crl, signature: { ...crl.signature, authorityId: signer?.authorityId ?? null } }, pem: toPem('X509 CRL', item.der) });
        } catch (error) {
          problems.push(problem(item.source, 'inspect:problem.text', { text: error instanceof Error ? error.message.replace(/^crl: /, '') : String(error) }));
        }
        break;
      }
      case 'csr': {
        try {
          const csr = new X509.Pkcs10CertificateRequest(new Uint8Array(item.der));
          const request = await inspectCsr({ csr, spki: parseSpki(csr.publicKey.rawData) }, crypto);
          objects.push({ ...base, kind: 'csr', request, publicKey: describePublicKey(new Uint8Array(csr.publicKey.rawData)), pem: toPem('CERTIFICATE REQUEST', item.der) });
        } catch {
          problems.push(problem(item.source, 'inspect:problem.notPkcs10'));
        }
        break;
      }
      case 'pkcs7':
      case 'pkcs12':
        objects.push({ ...base, kind: item.kind, summary: item.summary });
        break;
      case 'private-key':
      case 'public-key': {
        const spki = item.spki ? Buffer.from(item.spki) : null;
        objects.push({
          ...base,
          kind: item.kind,
          format: item.format,
          publicKey: keyView(item.spki),
          matchesCertificates: spki ? inputCertificates.filter((c) => spki.equals(c.cert.spkiDer)).map((c) => c.objectIndex!) : [],
          publicKeyPem: item.spki ? toPem('PUBLIC KEY', item.spki) : null,
        });
        break;
      }
    }
  }

  const leaf = chooseLeaf(inputCertificates);
  let chain: InspectChain | null = null;
  let findings: Finding[] = [];
  if (leaf) {
    const path = buildPath(leaf, anchors.pool, { now, role: request.role, revocationOf: revocationLookup(context, book) });
    chain = chainOf(path, now);
    const privateKeys = items.flatMap((i) => (i.kind === 'private-key' ? [{ source: i.source, spki: i.spki }] : []));
    findings = diagnose({ leaf, path, inputCertificates, privateKeys, options: request, now, servedBy });
  }
  return { objects, problems, leafIndex: leaf?.objectIndex ?? null, chain, findings, needsPassword };
}
