/**
 * The diagnosis: what will break a TLS handshake, in plain words, with what to do about it and the
 * error text the engineer has most likely already seen (Go's crypto/x509 and crypto/tls, OpenSSL's
 * verify errors, curl, browsers).
 */
import { isIP } from 'node:net';
import { OctetString } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';
import { LEAF_VALIDITY_WARN_DAYS, PRIVATE_LEAF_VALIDITY_WARN_DAYS } from '../../../shared/domain/certificate.js';
import type { Finding, FindingId, FindingSeverity, InspectOptions } from '../../../shared/domain/inspect.js';
import { msg, type Msg } from '../../../shared/i18n/message.js';
import { canonicalIp } from '../../../shared/validation/san.js';
import { OID, WEAK_SIGNATURES } from '../oids.js';
import { CURL, GO, GO_INSECURE_ALGORITHMS, OPENSSL, opensslVerifyError, OTHERS, UNKNOWN_AUTHORITY_TEXTS, type GoKeyFamily } from '../peer-errors.js';
import { certificateName, signatureAlgorithmName, type ParsedCertificate } from './certificate.js';
import { nameConstraintViolations, type BuiltPath, type PoolCert } from './path.js';

export interface Situation {
  readonly leaf: PoolCert;
  readonly path: BuiltPath;
  /** Every certificate of the input, in input order. */
  readonly inputCertificates: readonly PoolCert[];
  /** Public keys of the private keys in the input (null when encrypted and not opened). */
  readonly privateKeys: ReadonlyArray<{ readonly source: Msg; readonly spki: Uint8Array | null }>;
  readonly options: InspectOptions;
  readonly now: Date;
  /** Where the certificates came from: null for the input, else the endpoint ("api.internal:8443") that sent them. */
  readonly servedBy: string | null;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const DAY = 86_400_000;

/** A finding's words are catalog keys (the window says them in the user's language); `seenAs` is quoted verbatim. */
function finding(id: FindingId, severity: FindingSeverity, title: Msg, detail: Msg, advice: Msg, seenAs: string[] = []): Finding {
  return { id, severity, title, detail, advice, seenAs };
}

const UNKNOWN_AUTHORITY = [...UNKNOWN_AUTHORITY_TEXTS];

/** The words for certificates from the input, or the variant naming the endpoint that sent them. */
const served = (s: Situation, inputKey: string, servedKey: string, params: Readonly<Record<string, string>>): Msg => (s.servedBy === null ? msg(inputKey, params) : msg(servedKey, { ...params, target: s.servedBy }));

/** How Go names a candidate issuer in its errors: the Common Name, else the first Organization, else the serial. */
function goName(cert: ParsedCertificate): string {
  const cn = cert.subject.filter((a) => a.short === 'CN').at(-1)?.value;
  if (cn) return cn;
  const o = cert.subject.find((a) => a.short === 'O')?.value;
  return o ?? `serial:${BigInt(`0x${cert.serialHex || '0'}`).toString()}`;
}

/** The key family a signature algorithm needs. */
const SIGNATURE_FAMILY: Readonly<Record<string, 'rsa' | 'ec' | 'ed25519'>> = {
  ...Object.fromEntries([OID.md5WithRsa, OID.sha1WithRsa, OID.sha224WithRsa, OID.sha256WithRsa, OID.sha384WithRsa, OID.sha512WithRsa, OID.rsassaPss].map((o) => [o, 'rsa' as const])),
  ...Object.fromEntries([OID.ecdsaWithSha1, OID.ecdsaWithSha224, OID.ecdsaWithSha256, OID.ecdsaWithSha384, OID.ecdsaWithSha512].map((o) => [o, 'ec' as const])),
  [OID.ed25519]: 'ed25519',
};
/** Certwright's key families as Go's crypto/x509 knows them. */
const GO_KEY_FAMILY: Readonly<Record<string, GoKeyFamily>> = { rsa: 'rsa', ec: 'ecdsa', ed25519: 'ed25519' };

/**
 * Why Go's CheckSignatureFrom refuses `candidate` as the issuer of `cert`, in its words and in its
 * order: a parent that may not sign certificates, an insecure algorithm, a key of the wrong type,
 * then the signature itself.
 */
function goCandidateError(cert: ParsedCertificate, candidate: ParsedCertificate): string {
  const mayNotSign = (candidate.version >= 3 && !candidate.isCa) || (candidate.keyUsage !== null && candidate.keyUsage !== 0 && (candidate.keyUsage & asn.KeyUsageFlags.keyCertSign) === 0);
  if (mayNotSign) return GO.parentCannotSign;
  const insecure = GO_INSECURE_ALGORITHMS[cert.signatureOid];
  if (insecure) return GO.insecureAlgorithmError(insecure);
  const wanted = SIGNATURE_FAMILY[cert.signatureOid];
  const have = GO_KEY_FAMILY[candidate.publicKey.family];
  if (have === undefined) return GO.unsupportedAlgorithm;
  if (wanted && wanted !== candidate.publicKey.family) return GO.signatureKeyTypeMismatch(GO_KEY_FAMILY[wanted]!, have);
  return GO.signatureVerification(have);
}

const keyIdHex = (value: unknown): string | null => (value instanceof OctetString ? Buffer.from(value.buffer).toString('hex') : null);

/**
 * OpenSSL does not take a certificate of the right name as the issuer when its Subject Key
 * Identifier is not the Authority Key Identifier asked for, or its key cannot make that kind of
 * signature: then the issuer is missing (20); otherwise the signature failed (7).
 */
function opensslCandidateError(cert: ParsedCertificate, candidate: ParsedCertificate): string {
  const aki = cert.decoded.get(OID.authorityKeyIdentifier);
  const wantedId = aki instanceof asn.AuthorityKeyIdentifier ? keyIdHex(aki.keyIdentifier) : null;
  const haveId = keyIdHex(candidate.decoded.get(OID.subjectKeyIdentifier));
  const wanted = SIGNATURE_FAMILY[cert.signatureOid];
  const passedOver = (wantedId !== null && haveId !== null && wantedId !== haveId) || (wanted !== undefined && wanted !== candidate.publicKey.family);
  return opensslVerifyError(passedOver ? 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' : 'CERT_SIGNATURE_FAILURE');
}

// ---- Hostnames ----------------------------------------------------------------------------------------

function dnsMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!p.startsWith('*.')) return p === h;
  const rest = p.slice(1); // ".example.com"
  return h.endsWith(rest) && !h.slice(0, -rest.length).includes('.') && h.length > rest.length;
}

export function hostCovered(cert: ParsedCertificate, host: string): boolean {
  const sans = cert.sans ?? [];
  if (isIP(host)) {
    const wanted = canonicalIp(host);
    return sans.some((n) => n.iPAddress !== undefined && canonicalIp(n.iPAddress) === wanted);
  }
  return sans.some((n) => n.dNSName !== undefined && dnsMatches(n.dNSName, host));
}

/** Without any SAN, Go still tells a Common Name that would have matched (cn-only says that one). */
const cnWouldMatch = (cert: ParsedCertificate, host: string) => isIP(host) === 0 && dnsMatches(cert.commonName, host);

function hostFinding(cert: ParsedCertificate, host: string): Finding | null {
  if (hostCovered(cert, host) || (cert.sans === null && cnWouldMatch(cert, host))) return null;
  const sans = cert.sans ?? [];
  const ip = isIP(host) !== 0;
  const names = sans.flatMap((n) => (ip ? (n.iPAddress !== undefined ? [n.iPAddress] : []) : n.dNSName !== undefined ? [n.dNSName] : []));
  // crypto/x509 HostnameError.Error()
  const goText = ip && names.length === 0 ? GO.noIpSans(host) : names.length === 0 ? GO.notValidForAnyNames(host) : GO.validFor(names, host);
  return finding(
    'hostname-mismatch',
    'error',
    msg('diagnosis:hostname.title', { host }),
    names.length > 0 ? msg('diagnosis:hostname.detail', { names: names.join(', ') }) : ip ? msg('diagnosis:hostname.detailNoIp') : msg('diagnosis:hostname.detailNoDns'),
    ip ? msg('diagnosis:hostname.adviceIp', { host }) : msg('diagnosis:hostname.adviceDns', { host }),
    [goText, CURL.hostname(host), opensslVerifyError(ip ? 'IP_ADDRESS_MISMATCH' : 'HOSTNAME_MISMATCH'), OTHERS.chromeCommonNameInvalid],
  );
}

// ---- The checks ---------------------------------------------------------------------------------------

function validityFindings(s: Situation): Finding[] {
  const out: Finding[] = [];
  const leaf = s.leaf.cert;
  if (leaf.notAfter <= s.now) {
    const ago = Math.floor((s.now.getTime() - leaf.notAfter.getTime()) / DAY);
    out.push(
      finding('expired', 'error', ago === 0 ? msg('diagnosis:expired.titleToday') : msg('diagnosis:expired.title', { count: ago }), msg('diagnosis:expired.detail', { name: leaf.commonName, date: day(leaf.notAfter) }), msg('diagnosis:expired.advice'), [
        GO.expired(s.now, leaf.notAfter),
        opensslVerifyError('CERT_HAS_EXPIRED'),
        CURL.expired,
      ]),
    );
  } else if (leaf.notBefore > s.now) {
    out.push(
      finding('not-yet-valid', 'error', msg('diagnosis:notYetValid.title', { date: day(leaf.notBefore) }), msg('diagnosis:notYetValid.detail', { name: leaf.commonName, start: leaf.notBefore.toISOString() }), msg('diagnosis:notYetValid.advice'), [
        GO.notYetValid(s.now, leaf.notBefore),
        opensslVerifyError('CERT_NOT_YET_VALID'),
      ]),
    );
  }
  for (const { pool } of s.path.entries.slice(1)) {
    const ca = pool.cert;
    const root = ca.selfIssued;
    if (ca.notBefore > s.now) {
      out.push(
        finding('not-yet-valid', 'error', msg('diagnosis:notYetValid.caTitle', { ca: ca.commonName, date: day(ca.notBefore) }), msg(root ? 'diagnosis:notYetValid.rootDetail' : 'diagnosis:notYetValid.intermediateDetail', { start: ca.notBefore.toISOString(), name: leaf.commonName }), msg('diagnosis:notYetValid.caAdvice', { ca: ca.commonName }), [
          GO.notYetValid(s.now, ca.notBefore),
          opensslVerifyError('CERT_NOT_YET_VALID'),
        ]),
      );
      continue;
    }
    if (ca.notAfter > s.now) continue;
    out.push(
      finding('chain-expired', 'error', msg('diagnosis:chainExpired.title', { ca: ca.commonName, date: day(ca.notAfter) }), msg(root ? 'diagnosis:chainExpired.rootDetail' : 'diagnosis:chainExpired.intermediateDetail', { name: leaf.commonName, date: day(leaf.notAfter) }), msg(root ? 'diagnosis:chainExpired.rootAdvice' : 'diagnosis:chainExpired.intermediateAdvice', { ca: ca.commonName }), [
        GO.expired(s.now, ca.notAfter),
        opensslVerifyError('CERT_HAS_EXPIRED'),
      ]),
    );
  }
  return out;
}

/** A certificate TLS would use for a service: it names hosts, claims a TLS purpose, or plays the role asked for. */
function usedForTls(cert: ParsedCertificate, role: InspectOptions['role']): boolean {
  return role !== 'any' || (cert.sans ?? []).some((n) => n.dNSName !== undefined || n.iPAddress !== undefined) || (cert.extendedKeyUsage ?? []).some((o) => o === OID.serverAuth || o === OID.clientAuth);
}

/** The path ends at a root nothing here trusts: a self-signed service certificate, a lone root, or a chain's root. */
function untrustedRoot(s: Situation, top: PoolCert, leafOnly: boolean): Finding {
  const name = top.cert.commonName;
  const system = s.options.useSystemStore;
  if (leafOnly && (!top.cert.isCa || usedForTls(top.cert, s.options.role))) {
    return finding('unknown-authority', 'error', msg('diagnosis:selfSigned.title', { name }), msg('diagnosis:selfSigned.detail'), msg('diagnosis:selfSigned.advice'), [GO.unknownAuthority, opensslVerifyError('DEPTH_ZERO_SELF_SIGNED_CERT')]);
  }
  if (leafOnly) {
    return finding('unknown-authority', 'info', msg('diagnosis:loneRoot.title', { name }), msg(system ? 'diagnosis:loneRoot.detailSystem' : 'diagnosis:loneRoot.detail'), msg('diagnosis:loneRoot.advice'), []);
  }
  return finding('unknown-authority', 'warning', msg('diagnosis:untrustedRoot.title', { name }), msg(system ? 'diagnosis:untrustedRoot.detailSystem' : 'diagnosis:untrustedRoot.detail', { name }), msg('diagnosis:untrustedRoot.advice', { name }), [GO.unknownAuthority, opensslVerifyError('SELF_SIGNED_CERT_IN_CHAIN')]);
}

function chainFindings(s: Situation): Finding[] {
  const out: Finding[] = [];
  const { path } = s;
  const top = path.entries.at(-1)!.pool;
  const leafOnly = path.entries.length === 1;
  // Intermediates found outside the input: the input (a fullchain.pem, what a server sends) lacks them.
  if (s.leaf.origin === 'input') {
    for (const { pool } of path.entries.slice(1)) {
      if (pool.origin === 'input' || pool.cert.selfIssued) continue;
      // From the vault: clients are not given it, and a Go client that trusts the root refuses the
      // chain (x509: certificate signed by unknown authority) — an error. From the system store a
      // client's own store supplies it too.
      out.push(
        finding(
          'incomplete-chain',
          pool.origin === 'vault' ? 'error' : 'warning',
          msg(pool.origin === 'vault' ? 'diagnosis:missingIntermediate.titleVault' : 'diagnosis:missingIntermediate.titleSystem', { ca: pool.cert.commonName }),
          served(s, 'diagnosis:missingIntermediate.detail', 'diagnosis:missingIntermediate.detailServed', { name: s.leaf.cert.commonName, ca: pool.cert.commonName }),
          msg('diagnosis:missingIntermediate.advice', { ca: pool.cert.commonName }),
          UNKNOWN_AUTHORITY,
        ),
      );
    }
  }
  if (path.missingIssuer) {
    const missing = certificateName(top.cert.issuer.map((a) => [a]), top.cert.issuerDn);
    out.push(
      finding(
        'incomplete-chain',
        'error',
        msg('diagnosis:missingIssuer.title', { name: top.cert.commonName, issuer: missing }),
        s.options.useSystemStore
          ? served(s, 'diagnosis:missingIssuer.detailSystem', 'diagnosis:missingIssuer.detailServedSystem', { issuer: missing })
          : served(s, 'diagnosis:missingIssuer.detail', 'diagnosis:missingIssuer.detailServed', { issuer: missing }),
        msg(s.options.useSystemStore ? 'diagnosis:missingIssuer.adviceSystem' : 'diagnosis:missingIssuer.advice', { issuer: missing }),
        UNKNOWN_AUTHORITY,
      ),
    );
  } else if (path.signatureFailedAgainst) {
    out.push(
      finding('bad-signature', 'error', msg('diagnosis:badSignature.title', { name: top.cert.commonName }), msg('diagnosis:badSignature.detail', { ca: path.signatureFailedAgainst.cert.commonName, name: top.cert.commonName }), msg('diagnosis:badSignature.advice'), [
        GO.unknownAuthorityBecause(goCandidateError(top.cert, path.signatureFailedAgainst.cert), goName(path.signatureFailedAgainst.cert)),
        opensslCandidateError(top.cert, path.signatureFailedAgainst.cert),
      ]),
    );
  } else if (path.reachedRoot && path.anchor === null) {
    out.push(untrustedRoot(s, top, leafOnly));
  }
  const selfCheck = path.entries.at(-1)!.checks.find((c) => c.name === 'signature' && !c.ok);
  if (selfCheck && path.reachedRoot) out.push(finding('bad-signature', 'error', msg('diagnosis:badSignature.selfTitle', { name: top.cert.commonName }), selfCheck.note, msg('diagnosis:badSignature.selfAdvice'), [opensslVerifyError('CERT_SIGNATURE_FAILURE')]));
  // Order: the input's certificates on the path should come leaf first, each followed by its issuer.
  const order = path.entries.filter((e) => e.pool.origin === 'input' && e.pool.objectIndex !== null).map((e) => e.pool.objectIndex!);
  const firstInputCert = s.inputCertificates[0];
  if (order.length >= 2 && (order.some((v, i) => i > 0 && v < order[i - 1]!) || (firstInputCert && firstInputCert.objectIndex !== order[0]))) {
    out.push(
      finding('wrong-order', 'warning', msg('diagnosis:wrongOrder.title'), served(s, 'diagnosis:wrongOrder.detail', 'diagnosis:wrongOrder.detailServed', { bySignature: path.entries.filter((e) => e.pool.origin === 'input').map((e) => e.pool.cert.commonName).join(' → '), asGiven: s.inputCertificates.map((c) => c.cert.commonName).join(', ') }), msg('diagnosis:wrongOrder.advice'), [
        OTHERS.javaNoPath,
        OPENSSL.sClientUnknownIssuer,
      ]),
    );
  }
  return out;
}

function constraintFindings(s: Situation): Finding[] {
  const out: Finding[] = [];
  for (const [i, { pool, checks }] of s.path.entries.entries()) {
    for (const check of checks) {
      if (check.ok) continue;
      const name = pool.cert.commonName;
      switch (check.name) {
        case 'ca': {
          const signed = s.path.entries[i - 1]?.pool.cert.commonName;
          out.push(finding('not-a-ca', 'error', signed === undefined ? msg('diagnosis:notACa.titleUnknown', { name }) : msg('diagnosis:notACa.title', { name, signed }), check.note, msg('diagnosis:notACa.advice'), [GO.parentCannotSign, opensslVerifyError('INVALID_CA')]));
          break;
        }
        case 'path-length':
          out.push(finding('path-length', 'error', msg('diagnosis:pathLength.title', { name }), check.note, msg('diagnosis:pathLength.advice', { name }), [GO.tooManyIntermediates, opensslVerifyError('PATH_LENGTH_EXCEEDED')]));
          break;
        case 'key-usage':
          out.push(finding('issuer-key-usage', 'error', msg('diagnosis:issuerKeyUsage.title', { name }), check.note, msg('diagnosis:issuerKeyUsage.advice', { name }), [opensslVerifyError('KEYUSAGE_NO_CERTSIGN'), GO.parentCannotSign]));
          break;
        case 'name-constraints': {
          // Each refused name is a check of its own; the finding is made once per CA whose constraints refuse.
          if (checks.find((c) => c.name === 'name-constraints' && !c.ok && c.note.params?.['ca'] === check.note.params?.['ca']) !== check) break;
          const kinds = new Set(s.path.entries.slice(1).flatMap((e) => nameConstraintViolations(pool.cert, e.pool.cert).map((v) => v.kind)));
          const openssl = [...(kinds.has('not-permitted') ? [opensslVerifyError('PERMITTED_VIOLATION')] : []), ...(kinds.has('excluded') ? [opensslVerifyError('EXCLUDED_VIOLATION')] : [])];
          out.push(finding('name-constraints', 'error', msg('diagnosis:nameConstraints.title'), check.note, msg('diagnosis:nameConstraints.advice'), [GO.notAuthorizedForName, ...openssl]));
          break;
        }
        case 'eku':
          if (i === 0 && check.note.key === 'diagnosis:check.ekuLacks') {
            const server = s.options.role === 'server';
            const usage = check.note.params?.['usage'] ?? '';
            const allowed = pool.cert.extendedKeyUsage ?? [];
            const detail = allowed.length > 0 ? msg('diagnosis:wrongEku.detail', { usage, allowed: allowed.map((o) => (o === OID.serverAuth ? 'serverAuth' : o === OID.clientAuth ? 'clientAuth' : o)).join(', ') }) : msg('diagnosis:wrongEku.detailNone', { usage });
            out.push(finding('wrong-eku', 'error', msg(server ? 'diagnosis:wrongEku.titleServer' : 'diagnosis:wrongEku.titleClient'), detail, msg(server ? 'diagnosis:wrongEku.adviceServer' : 'diagnosis:wrongEku.adviceClient'), [GO.incompatibleKeyUsage, opensslVerifyError('INVALID_PURPOSE')]));
          } else {
            out.push(finding('eku-nesting', 'error', msg('diagnosis:ekuNesting.title'), check.note, msg('diagnosis:ekuNesting.advice'), [GO.incompatibleKeyUsage, opensslVerifyError('INVALID_PURPOSE')]));
          }
          break;
        case 'revocation':
          out.push(finding('revoked', 'error', msg('diagnosis:revoked.title', { name }), check.note, i === 0 ? msg('diagnosis:revoked.adviceLeaf') : msg('diagnosis:revoked.adviceCa', { name }), [opensslVerifyError('CERT_REVOKED'), CURL.revoked]));
          break;
        default:
          break;
      }
    }
  }
  return out;
}

function leafFindings(s: Situation): Finding[] {
  const out: Finding[] = [];
  const leaf = s.leaf.cert;
  const { hostCheck, role } = s.options;
  if (hostCheck) {
    const host = hostFinding(leaf, hostCheck);
    if (host) out.push(host);
  }
  const serverish = role === 'server' || (role === 'any' && (leaf.extendedKeyUsage === null || leaf.extendedKeyUsage.includes(OID.serverAuth)));
  if (leaf.sans === null && !leaf.isCa && serverish) {
    // Go says "relies on legacy Common Name" only when the Common Name is the host asked for; else hostname-mismatch quotes it.
    const goSays = hostCheck === null || cnWouldMatch(leaf, hostCheck) ? [GO.legacyCommonName] : [];
    out.push(
      finding('cn-only', role === 'server' || hostCheck ? 'error' : 'warning', msg('diagnosis:cnOnly.title'), msg('diagnosis:cnOnly.detail', { name: leaf.commonName }), msg('diagnosis:cnOnly.advice', { host: /^[a-z0-9.*-]+$/i.test(leaf.commonName) ? leaf.commonName : 'host.example' }), [...goSays, OTHERS.chromeCommonNameInvalid]),
    );
  }
  if (leaf.isCa && s.path.entries.length > 0) {
    if (usedForTls(leaf, role)) {
      const detail = role === 'server' ? 'diagnosis:caLeaf.detailServer' : role === 'client' ? 'diagnosis:caLeaf.detailClient' : 'diagnosis:caLeaf.detailAny';
      out.push(finding('ca-leaf', 'warning', msg('diagnosis:caLeaf.title'), msg(detail, { name: leaf.commonName }), msg('diagnosis:caLeaf.advice'), []));
    }
  }
  if (!leaf.isCa) {
    const days = Math.round((leaf.notAfter.getTime() - leaf.notBefore.getTime()) / DAY);
    // The 398-day limit is the public Web PKI's (a chain up to a system root); under a private root
    // only Apple's 825 days for any TLS server certificate applies.
    const publicRoot = s.path.anchor === 'system';
    if (publicRoot && days > LEAF_VALIDITY_WARN_DAYS) {
      out.push(finding('validity-too-long', 'warning', msg('diagnosis:validityTooLong.title', { days, limit: LEAF_VALIDITY_WARN_DAYS }), msg('diagnosis:validityTooLong.publicDetail', { limit: LEAF_VALIDITY_WARN_DAYS, appleLimit: PRIVATE_LEAF_VALIDITY_WARN_DAYS }), msg('diagnosis:validityTooLong.publicAdvice'), [OTHERS.chromeValidityTooLong, OTHERS.appleNotCompliant]));
    } else if (!publicRoot && days > PRIVATE_LEAF_VALIDITY_WARN_DAYS) {
      out.push(finding('validity-too-long', 'warning', msg('diagnosis:validityTooLong.title', { days, limit: PRIVATE_LEAF_VALIDITY_WARN_DAYS }), msg('diagnosis:validityTooLong.privateDetail', { limit: LEAF_VALIDITY_WARN_DAYS, appleLimit: PRIVATE_LEAF_VALIDITY_WARN_DAYS }), msg('diagnosis:validityTooLong.privateAdvice'), [OTHERS.appleNotCompliant]));
    }
  }
  return out;
}

function keyMatchFindings(s: Situation): Finding[] {
  const out: Finding[] = [];
  const inputSpkis = s.inputCertificates.map((c) => Buffer.from(c.cert.spkiDer));
  for (const key of s.privateKeys) {
    if (key.spki === null) continue;
    const spki = Buffer.from(key.spki);
    if (inputSpkis.some((c) => c.equals(spki))) continue;
    out.push(
      finding(
        'key-mismatch',
        'error',
        msg('diagnosis:keyMismatch.title', { ...key.source.params, sourceKey: key.source.key, name: s.leaf.cert.commonName }),
        s.inputCertificates.length === 1 ? served(s, 'diagnosis:keyMismatch.detailOne', 'diagnosis:keyMismatch.detailOneServed', {}) : served(s, 'diagnosis:keyMismatch.detailAny', 'diagnosis:keyMismatch.detailAnyServed', {}),
        msg('diagnosis:keyMismatch.advice'),
        [GO.keyMismatch, OPENSSL.keyMismatch, OTHERS.nginxKeyMismatch],
      ),
    );
  }
  return out;
}

function weaknessFindings(s: Situation): Finding[] {
  const out: Finding[] = [];
  const top = s.path.entries.at(-1)!.pool;
  for (const { pool } of s.path.entries) {
    const cert = pool.cert;
    if (WEAK_SIGNATURES.has(cert.signatureOid)) {
      const algorithm = signatureAlgorithmName(cert.signatureOid);
      if (pool === top && s.path.reachedRoot) {
        // A self-signature proves nothing and nobody checks it: Go and OpenSSL trust an anchor by
        // configuration (RFC 5280 §6.1), whatever its signature algorithm. Not a defect.
        out.push(finding('weak-signature', 'info', msg('diagnosis:weakSignature.selfTitle', { name: cert.commonName, algorithm }), msg('diagnosis:weakSignature.selfDetail', { algorithm }), msg('diagnosis:weakSignature.selfAdvice'), []));
      } else {
        out.push(finding('weak-signature', 'error', msg('diagnosis:weakSignature.title', { name: cert.commonName, algorithm }), msg('diagnosis:weakSignature.detail'), msg('diagnosis:weakSignature.advice'), [GO.insecureAlgorithm(GO_INSECURE_ALGORITHMS[cert.signatureOid] ?? algorithm), opensslVerifyError('CA_MD_TOO_WEAK')]));
      }
    }
    const key = cert.publicKey;
    // OpenSSL security level 2 (Debian's default for TLS): 112 bits of security, RSA ≥ 2048, EC ≥ 224.
    if ((key.family === 'rsa' && key.bits !== null && key.bits < 2048) || (key.family === 'ec' && key.bits !== null && key.bits < 224)) {
      out.push(finding('weak-key', 'error', msg('diagnosis:weakKey.title', { name: cert.commonName, key: key.label }), msg('diagnosis:weakKey.detail'), msg('diagnosis:weakKey.advice'), [opensslVerifyError(pool === s.leaf ? 'EE_KEY_TOO_SMALL' : 'CA_KEY_TOO_SMALL'), OPENSSL.handshakeFailureAlert]));
    } else if (pool === s.leaf && key.family === 'ec' && !TLS_CURVES.has(key.label.replace(/^ECDSA /, ''))) {
      // Strong enough, and chains verify, but the key must sign the handshake: TLS 1.3 has signature
      // schemes for P-256, P-384 and P-521 only (RFC 8446 §4.2.3); Go's TLS knows no other curve.
      const curve = key.label.replace(/^ECDSA /, '');
      out.push(finding('weak-key', 'error', msg('diagnosis:weakKey.curveTitle', { name: cert.commonName, key: key.label }), msg('diagnosis:weakKey.curveDetail'), msg('diagnosis:weakKey.advice'), [curve === 'P-224' ? GO.unsupportedCertificateCurve(curve) : GO.unsupportedEllipticCurve, GO.remoteError('handshake failure')]));
    }
  }
  return out;
}

/** The curves TLS 1.3 can sign a handshake with (RFC 8446 §4.2.3). */
const TLS_CURVES: ReadonlySet<string> = new Set(['P-256', 'P-384', 'P-521']);

const SEVERITY_ORDER: Readonly<Record<FindingSeverity, number>> = { error: 0, warning: 1, info: 2 };

export function diagnose(s: Situation): Finding[] {
  const all = [...validityFindings(s), ...chainFindings(s), ...constraintFindings(s), ...leafFindings(s), ...keyMatchFindings(s), ...weaknessFindings(s)];
  return all.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

