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
  readonly privateKeys: ReadonlyArray<{ readonly source: string; readonly spki: Uint8Array | null }>;
  readonly options: InspectOptions;
  readonly now: Date;
  /** Words for where the certificates came from: "the input", "what the server sent". */
  readonly inputName: string;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const DAY = 86_400_000;

function finding(id: FindingId, severity: FindingSeverity, title: string, detail: string, advice: string, seenAs: string[] = []): Finding {
  return { id, severity, title, detail, advice, seenAs };
}

const UNKNOWN_AUTHORITY = [...UNKNOWN_AUTHORITY_TEXTS];

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
    `${host} is not covered by this certificate`,
    names.length > 0 ? `It is valid for ${names.join(', ')}. A wildcard covers exactly one label (*.example.com covers a.example.com, not example.com or a.b.example.com).` : `It has no ${ip ? 'IP address' : 'DNS name'} in its Subject Alternative Name at all.`,
    `Issue a new certificate with ${ip ? `IP:${host}` : `DNS:${host}`} among its SANs, or connect by a name it does cover.`,
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
      finding('expired', 'error', `The certificate expired ${ago === 0 ? 'today' : `${ago} day${ago === 1 ? '' : 's'} ago`}`, `${leaf.commonName} was valid until ${day(leaf.notAfter)}.`, 'Renew it (same key, new dates) or issue a new one, and deploy it together with its chain.', [
        GO.expired(s.now, leaf.notAfter),
        opensslVerifyError('CERT_HAS_EXPIRED'),
        CURL.expired,
      ]),
    );
  } else if (leaf.notBefore > s.now) {
    out.push(
      finding('not-yet-valid', 'error', `The certificate is not valid until ${day(leaf.notBefore)}`, `${leaf.commonName} starts on ${leaf.notBefore.toISOString()}. If that is close, a clock is probably wrong — the issuing machine's or the client's.`, 'Check the clocks (NTP) on the CA host and the clients; reissue with a start time in the past if the CA clock was ahead.', [
        GO.notYetValid(s.now, leaf.notBefore),
        opensslVerifyError('CERT_NOT_YET_VALID'),
      ]),
    );
  }
  for (const { pool } of s.path.entries.slice(1)) {
    const ca = pool.cert;
    const kind = ca.selfIssued ? 'root' : 'intermediate';
    if (ca.notBefore > s.now) {
      out.push(
        finding('not-yet-valid', 'error', `${ca.commonName} in the chain is not valid until ${day(ca.notBefore)}`, `The ${kind} starts on ${ca.notBefore.toISOString()}, so ${leaf.commonName} does not verify before then either. If that is close, a clock is probably wrong — the issuing machine's or the client's.`, `Check the clocks (NTP) on the CA host and the clients; re-issue ${ca.commonName} with a start time in the past if the CA clock was ahead.`, [
          GO.notYetValid(s.now, ca.notBefore),
          opensslVerifyError('CERT_NOT_YET_VALID'),
        ]),
      );
      continue;
    }
    if (ca.notAfter > s.now) continue;
    out.push(
      finding('chain-expired', 'error', `${ca.commonName} in the chain expired on ${day(ca.notAfter)}`, `The ${kind} expired, so ${leaf.commonName} stopped working then too, although its own validity runs to ${day(leaf.notAfter)}.`, ca.selfIssued ? `Issue from a new root and distribute it to every client's trust store; re-issue the certificates under ${ca.commonName}.` : `Renew ${ca.commonName} (same key keeps existing certificates verifying) and ship the new intermediate in the chain file.`, [
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
  const store = s.options.useSystemStore ? ', nor in the system trust store' : '';
  if (leafOnly && (!top.cert.isCa || usedForTls(top.cert, s.options.role))) {
    return finding('unknown-authority', 'error', `${name} is self-signed`, 'No CA vouches for it: every client has to trust this exact certificate.', 'Issue it from a CA instead (Certwright’s server or client profile), and give clients the CA certificate.', [GO.unknownAuthority, opensslVerifyError('DEPTH_ZERO_SELF_SIGNED_CERT')]);
  }
  if (leafOnly) {
    return finding('unknown-authority', 'info', `${name} is a root this vault does not trust`, `It is a self-signed CA certificate, neither a CA of this vault nor one it trusts${store}.`, `If it is a CA you rely on, Add to vault: chains that end at it are then trusted here.`, []);
  }
  return finding('unknown-authority', 'warning', `The root ${name} is not trusted here`, `The chain ends at ${name}, which is neither a CA of this vault nor one it trusts${store}.`, `Clients need ${name} in their trust store (Go: tls.Config RootCAs / ClientCAs; curl --cacert). If it is yours, Add to vault so Certwright trusts it too.`, [GO.unknownAuthority, opensslVerifyError('SELF_SIGNED_CERT_IN_CHAIN')]);
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
      const where = pool.origin === 'vault' ? 'it is in your vault' : 'it is in the system trust store';
      // From the vault: clients are not given it, and a Go client that trusts the root refuses the
      // chain (x509: certificate signed by unknown authority) — an error. From the system store a
      // client's own store supplies it too.
      out.push(
        finding('incomplete-chain', pool.origin === 'vault' ? 'error' : 'warning', `The intermediate ${pool.cert.commonName} is missing — ${where}`, `${capitalised(s.inputName)} holds ${s.leaf.cert.commonName} but not the intermediate ${pool.cert.commonName} that signed it. Clients that only trust the root cannot build the path.`, `Add ${pool.cert.commonName} after the leaf in fullchain.pem (Export from Certwright writes it for you).`, UNKNOWN_AUTHORITY),
      );
    }
  }
  if (path.missingIssuer) {
    const missing = certificateName(top.cert.issuer.map((a) => [a]), top.cert.issuerDn);
    out.push(
      finding('incomplete-chain', 'error', `The chain stops at ${top.cert.commonName}: its issuer ${missing} is nowhere in sight`, `${missing} is not in ${s.inputName}, not in this vault${s.options.useSystemStore ? ', and not in the system trust store' : ''}.`, `Get ${missing}'s certificate from whoever runs that CA (a CA Issuers URL in the certificate says where) and put it in the chain file${s.options.useSystemStore ? '' : ', or turn on the system trust store if it is a public CA'}; use Add to vault to trust it here.`, UNKNOWN_AUTHORITY),
    );
  } else if (path.signatureFailedAgainst) {
    out.push(
      finding('bad-signature', 'error', `The signature of ${top.cert.commonName} does not verify`, `A CA named ${path.signatureFailedAgainst.cert.commonName} was found, but its key did not sign ${top.cert.commonName}: the certificate was altered, or it comes from a different CA that uses the same name (a re-created CA).`, 'Find the CA certificate that really issued it (compare the Authority Key Identifier with the CA’s Subject Key Identifier), or re-issue the certificate from the CA you have.', [
        GO.unknownAuthorityBecause(goCandidateError(top.cert, path.signatureFailedAgainst.cert), goName(path.signatureFailedAgainst.cert)),
        opensslCandidateError(top.cert, path.signatureFailedAgainst.cert),
      ]),
    );
  } else if (path.reachedRoot && path.anchor === null) {
    out.push(untrustedRoot(s, top, leafOnly));
  }
  const selfCheck = path.entries.at(-1)!.checks.find((c) => c.name === 'signature' && !c.ok);
  if (selfCheck && path.reachedRoot) out.push(finding('bad-signature', 'error', `The self-signature of ${top.cert.commonName} does not verify`, selfCheck.note, 'Do not trust this certificate; get the genuine root from its owner.', [opensslVerifyError('CERT_SIGNATURE_FAILURE')]));
  // Order: the input's certificates on the path should come leaf first, each followed by its issuer.
  const order = path.entries.filter((e) => e.pool.origin === 'input' && e.pool.objectIndex !== null).map((e) => e.pool.objectIndex!);
  const firstInputCert = s.inputCertificates[0];
  if (order.length >= 2 && (order.some((v, i) => i > 0 && v < order[i - 1]!) || (firstInputCert && firstInputCert.objectIndex !== order[0]))) {
    out.push(
      finding('wrong-order', 'warning', 'The chain is in the wrong order', `TLS sends the leaf first and then each issuer in turn; here the order is ${path.entries.filter((e) => e.pool.origin === 'input').map((e) => e.pool.cert.commonName).join(' → ')} by signature but ${s.inputCertificates.map((c) => c.cert.commonName).join(', ')} in ${s.inputName}.`, 'Write the leaf first, then its issuer, then that one’s issuer (the root may be left out). Go and OpenSSL reorder, but Java, older clients and some load balancers do not.', [
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
        case 'ca':
          out.push(finding('not-a-ca', 'error', `${name} is not a CA but signed ${s.path.entries[i - 1]?.pool.cert.commonName ?? 'a certificate'}`, check.note, 'Issue certificates only from a CA certificate (Basic Constraints CA:TRUE).', [GO.parentCannotSign, opensslVerifyError('INVALID_CA')]));
          break;
        case 'path-length':
          out.push(finding('path-length', 'error', `${name}'s path length is exceeded`, check.note, `Re-issue the intermediates under ${name} with fewer levels, or re-create ${name} with a larger path length.`, [GO.tooManyIntermediates, opensslVerifyError('PATH_LENGTH_EXCEEDED')]));
          break;
        case 'key-usage':
          out.push(finding('issuer-key-usage', 'error', `${name} may not sign certificates`, check.note, `Re-issue ${name} with Key Usage including Certificate Sign.`, [opensslVerifyError('KEYUSAGE_NO_CERTSIGN'), GO.parentCannotSign]));
          break;
        case 'name-constraints': {
          const kinds = new Set(s.path.entries.slice(1).flatMap((e) => nameConstraintViolations(pool.cert, e.pool.cert).map((v) => v.kind)));
          const openssl = [...(kinds.has('not-permitted') ? [opensslVerifyError('PERMITTED_VIOLATION')] : []), ...(kinds.has('excluded') ? [opensslVerifyError('EXCLUDED_VIOLATION')] : [])];
          out.push(finding('name-constraints', 'error', 'A name is outside the CA’s name constraints', check.note, 'Issue the certificate only for names inside the constraints, or from a CA whose constraints cover them.', [GO.notAuthorizedForName, ...openssl]));
          break;
        }
        case 'eku':
          if (i === 0 && !check.note.includes(' limits ')) {
            const role = s.options.role;
            out.push(finding('wrong-eku', 'error', `This certificate is not for ${role === 'server' ? 'TLS servers' : 'TLS clients'}`, `${check.note}. It ${pool.cert.extendedKeyUsage?.length ? `allows ${pool.cert.extendedKeyUsage.map((o) => (o === OID.serverAuth ? 'serverAuth' : o === OID.clientAuth ? 'clientAuth' : o)).join(', ')}` : 'has no usable key purpose'}.`, `Issue a ${role} certificate (Certwright’s ${role} or peer profile) for this service.`, [GO.incompatibleKeyUsage, opensslVerifyError('INVALID_PURPOSE')]));
          } else {
            out.push(finding('eku-nesting', 'error', 'A CA in the chain does not allow this use', check.note, 'Issue from a CA whose Extended Key Usage includes the purpose, or one without an EKU restriction.', [GO.incompatibleKeyUsage, opensslVerifyError('INVALID_PURPOSE')]));
          }
          break;
        case 'revocation':
          out.push(finding('revoked', 'error', `${name} is revoked`, check.note, i === 0 ? 'Issue a new certificate and deploy it; a revoked certificate cannot be un-revoked (unless it was only on hold).' : `Everything under ${name} is refused by clients that check its CRL: re-issue under a valid CA.`, [opensslVerifyError('CERT_REVOKED'), CURL.revoked]));
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
      finding('cn-only', role === 'server' || hostCheck ? 'error' : 'warning', 'No Subject Alternative Name: only the legacy Common Name', `${leaf.commonName} names its host only in the Common Name. Go (since 1.15), Chrome and current curl ignore the Common Name for hostname checks.`, `Re-issue it with the name in the SAN (DNS:${/^[a-z0-9.*-]+$/i.test(leaf.commonName) ? leaf.commonName : 'host.example'}). Certwright's server profile always writes one.`, [...goSays, OTHERS.chromeCommonNameInvalid]),
    );
  }
  if (leaf.isCa && s.path.entries.length > 0) {
    if (usedForTls(leaf, role)) {
      out.push(finding('ca-leaf', 'warning', 'A CA certificate used as a server or client certificate', `${leaf.commonName} says CA:TRUE, yet it carries ${role !== 'any' ? `the ${role} role` : 'host names or TLS purposes'}. Anyone holding its key can issue certificates for any name your clients trust.`, 'Keep CA keys for signing only; issue a separate leaf certificate (CA:FALSE) for the service.', []));
    }
  }
  if (!leaf.isCa) {
    const days = Math.round((leaf.notAfter.getTime() - leaf.notBefore.getTime()) / DAY);
    // The 398-day limit is the public Web PKI's (a chain up to a system root); under a private root
    // only Apple's 825 days for any TLS server certificate applies.
    const publicRoot = s.path.anchor === 'system';
    if (publicRoot && days > LEAF_VALIDITY_WARN_DAYS) {
      out.push(finding('validity-too-long', 'warning', `Valid for ${days} days — more than ${LEAF_VALIDITY_WARN_DAYS}`, `Browsers refuse publicly trusted server certificates valid longer than ${LEAF_VALIDITY_WARN_DAYS} days, and Apple platforms refuse any TLS server certificate over ${PRIVATE_LEAF_VALIDITY_WARN_DAYS} days. Long lives also make a leaked key useful for longer.`, 'Issue shorter-lived certificates and renew them automatically.', [OTHERS.chromeValidityTooLong, OTHERS.appleNotCompliant]));
    } else if (!publicRoot && days > PRIVATE_LEAF_VALIDITY_WARN_DAYS) {
      out.push(finding('validity-too-long', 'warning', `Valid for ${days} days — more than ${PRIVATE_LEAF_VALIDITY_WARN_DAYS}`, `Apple platforms refuse any TLS server certificate valid longer than ${PRIVATE_LEAF_VALIDITY_WARN_DAYS} days, from a private CA too (the ${LEAF_VALIDITY_WARN_DAYS}-day limit of browsers is for publicly trusted CAs only). Long lives also make a leaked key useful for longer.`, 'Issue shorter-lived certificates (Certwright defaults to 30 days) and renew them automatically.', [OTHERS.appleNotCompliant]));
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
      finding('key-mismatch', 'error', `The private key (${key.source}) does not match ${s.leaf.cert.commonName}`, `Its public half is not the public key of ${s.inputCertificates.length === 1 ? 'the certificate' : 'any certificate'} in ${s.inputName}. A server configured with this pair refuses to start.`, 'Find the key that was generated with the certificate’s CSR (compare SPKI pins), or issue a new certificate for this key.', [GO.keyMismatch, OPENSSL.keyMismatch, OTHERS.nginxKeyMismatch]),
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
        out.push(finding('weak-signature', 'info', `${cert.commonName} signs itself with ${algorithm}`, `TLS clients do not check the signature a self-signed certificate puts on itself: they trust it, or not, because it is in their trust store. ${algorithm} here does no harm; what it issues must still be signed with SHA-256 or better.`, 'Nothing to do for this certificate itself.', []));
      } else {
        out.push(finding('weak-signature', 'error', `${cert.commonName} is signed with ${algorithm}`, 'SHA-1 (and MD5) signatures can be forged; Go refuses them since 1.18 and OpenSSL at its default security level refuses them in chains.', 'Re-issue it with SHA-256 (Certwright never signs with SHA-1).', [GO.insecureAlgorithm(GO_INSECURE_ALGORITHMS[cert.signatureOid] ?? algorithm), opensslVerifyError('CA_MD_TOO_WEAK')]));
      }
    }
    const key = cert.publicKey;
    // OpenSSL security level 2 (Debian's default for TLS): 112 bits of security, RSA ≥ 2048, EC ≥ 224.
    if ((key.family === 'rsa' && key.bits !== null && key.bits < 2048) || (key.family === 'ec' && key.bits !== null && key.bits < 224)) {
      out.push(finding('weak-key', 'error', `${cert.commonName} has a ${key.label} key`, 'Keys this small are below what current TLS stacks accept (OpenSSL security level 2 needs RSA ≥ 2048 bits and EC ≥ 224 bits, Go rejects RSA keys under 1024 bits).', 'Re-key: issue a new certificate for an ECDSA P-256 or RSA ≥ 2048 key.', [opensslVerifyError(pool === s.leaf ? 'EE_KEY_TOO_SMALL' : 'CA_KEY_TOO_SMALL'), OPENSSL.handshakeFailureAlert]));
    } else if (pool === s.leaf && key.family === 'ec' && !TLS_CURVES.has(key.label.replace(/^ECDSA /, ''))) {
      // Strong enough, and chains verify, but the key must sign the handshake: TLS 1.3 has signature
      // schemes for P-256, P-384 and P-521 only (RFC 8446 §4.2.3); Go's TLS knows no other curve.
      const curve = key.label.replace(/^ECDSA /, '');
      out.push(finding('weak-key', 'error', `${cert.commonName} has a ${key.label} key, which TLS cannot sign with`, `Its chain verifies, but a server or client signs the handshake with this key, and TLS 1.3 defines signatures for P-256, P-384 and P-521 only: Go refuses to use it and OpenSSL finds no signature algorithm for it.`, 'Re-key: issue a new certificate for an ECDSA P-256 or RSA ≥ 2048 key.', [curve === 'P-224' ? GO.unsupportedCertificateCurve(curve) : GO.unsupportedEllipticCurve, GO.remoteError('handshake failure')]));
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

