/**
 * The error texts engineers meet when TLS fails — Go's crypto/x509 and crypto/tls, OpenSSL's verify
 * errors, curl — written once, for every place Certwright quotes them: the diagnosis of a chain
 * (inspect/diagnose.ts), the handshake proof of a bundle (services/prove-bundle.ts) and the wording
 * of live handshake failures (tls/failures.ts). Pure data and functions; each text is the tool's
 * own, so that a search for what a user pasted finds the finding that explains it.
 */

import { OID } from './oids.js';

/** Go prints times as RFC 3339 in UTC, without fractions. */
export function goTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Go's crypto/x509 and crypto/tls. */
export const GO = {
  unknownAuthority: 'x509: certificate signed by unknown authority',
  /** Unknown authority, with the reason a candidate issuer was refused (UnknownAuthorityError.Error()). */
  unknownAuthorityBecause: (reason: string, candidate: string | null) =>
    `x509: certificate signed by unknown authority (possibly because of "${reason}" while trying to verify candidate authority certificate${candidate === null ? '' : ` "${candidate}"`})`,
  /** Unknown authority because a candidate issuer's key did not verify the signature. */
  unknownAuthorityBadSignature: (keyType: GoKeyFamily, candidate: string | null): string => GO.unknownAuthorityBecause(GO.signatureVerification(keyType), candidate),
  /**
   * A signature on a certificate that its issuer's key does not verify, as crypto/x509's
   * checkSignature says it (for RSA it passes crypto/rsa's error on). Chain verification — also
   * inside a TLS handshake — says this; "ECDSA verification failure" without "x509: " is crypto/tls's
   * word for a bad handshake signature (CertificateVerify), not for a certificate.
   */
  signatureVerification: (keyType: GoKeyFamily) => GO_SIGNATURE_VERIFICATION[keyType],
  /** A signature algorithm for one key family, and an issuer key of another (signaturePublicKeyAlgoMismatchError). */
  signatureKeyTypeMismatch: (wanted: GoKeyFamily, have: GoKeyFamily) => `x509: signature algorithm specifies an ${GO_KEY_FAMILY[wanted]} public key, but have public key of type ${GO_KEY_TYPE[have]}`,
  unsupportedAlgorithm: 'x509: cannot verify signature: algorithm unimplemented',
  expiredOrNotYetValid: 'x509: certificate has expired or is not yet valid',
  expired: (now: Date, notAfter: Date) => `x509: certificate has expired or is not yet valid: current time ${goTime(now)} is after ${goTime(notAfter)}`,
  notYetValid: (now: Date, notBefore: Date) => `x509: certificate has expired or is not yet valid: current time ${goTime(now)} is before ${goTime(notBefore)}`,
  validFor: (names: readonly string[], host: string) => `x509: certificate is valid for ${names.join(', ')}, not ${host}`,
  notValidForAnyNames: (host: string) => `x509: certificate is not valid for any names, but wanted to match ${host}`,
  noIpSans: (host: string) => `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs`,
  legacyCommonName: 'x509: certificate relies on legacy Common Name field, use SANs instead',
  incompatibleKeyUsage: 'x509: certificate specifies an incompatible key usage',
  tooManyIntermediates: 'x509: too many intermediates for path length constraint',
  parentCannotSign: 'x509: invalid signature: parent certificate cannot sign this kind of certificate',
  notAuthorizedForName: 'x509: a root or intermediate certificate is not authorized to sign for this name',
  /** InsecureAlgorithmError without the GODEBUG hint Go appends for SHA-1 (a prefix of what Go prints). */
  insecureAlgorithm: (algorithm: string) => `x509: cannot verify signature: insecure algorithm ${algorithm}`,
  /** InsecureAlgorithmError.Error() in full: SHA1-RSA and ECDSA-SHA1 carry the GODEBUG hint. */
  insecureAlgorithmError: (algorithm: string): string => `${GO.insecureAlgorithm(algorithm)}${algorithm === 'SHA1-RSA' || algorithm === 'ECDSA-SHA1' ? ' (temporarily override with GODEBUG=x509sha1=1)' : ''}`,
  /** A leaf key on a curve Go's TLS cannot sign with (P-224), and one crypto/x509 cannot even parse. */
  unsupportedCertificateCurve: (curve: string) => `tls: unsupported certificate curve (${curve})`,
  unsupportedEllipticCurve: 'x509: unsupported elliptic curve',
  keyMismatch: 'tls: private key does not match public key',
  noPemData: (input: 'certificate' | 'key') => `tls: failed to find any PEM data in ${input} input`,
  certificateRequired: 'tls: certificate required',
  badCertificate: 'tls: bad certificate',
  handshakeFailure: 'tls: handshake failure',
  failedToVerify: (reason: string) => `tls: failed to verify certificate: ${reason}`,
  /** An alert the peer sent, as a Go client or server reports it ("remote error: tls: bad certificate"). */
  remoteError: (alertText: string) => `remote error: tls: ${alertText}`,
} as const;

/** The key families Go's crypto/x509 verifies signatures with. */
export type GoKeyFamily = 'rsa' | 'ecdsa' | 'ed25519';

const GO_SIGNATURE_VERIFICATION: Readonly<Record<GoKeyFamily, string>> = { rsa: 'crypto/rsa: verification error', ecdsa: 'x509: ECDSA verification failure', ed25519: 'x509: Ed25519 verification failure' };
/** PublicKeyAlgorithm.String(), and the %T of the key Go holds. */
const GO_KEY_FAMILY: Readonly<Record<GoKeyFamily, string>> = { rsa: 'RSA', ecdsa: 'ECDSA', ed25519: 'Ed25519' };
const GO_KEY_TYPE: Readonly<Record<GoKeyFamily, string>> = { rsa: '*rsa.PublicKey', ecdsa: '*ecdsa.PublicKey', ed25519: 'ed25519.PublicKey' };

/** Go's names (SignatureAlgorithm.String()) of the signature algorithms it calls insecure, by OID. */
export const GO_INSECURE_ALGORITHMS: Readonly<Record<string, string>> = { [OID.md5WithRsa]: 'MD5-RSA', [OID.sha1WithRsa]: 'SHA1-RSA', [OID.ecdsaWithSha1]: 'ECDSA-SHA1', [OID.dsaWithSha1]: 'DSA-SHA1' };

/**
 * OpenSSL 3's verify errors (X509_V_ERR_*), by the code Node reports them with
 * (`socket.authorizationError.code`): their number and text, as `openssl verify` prints them.
 */
export const OPENSSL_VERIFY = {
  UNABLE_TO_GET_ISSUER_CERT: [2, 'unable to get issuer certificate'],
  CERT_SIGNATURE_FAILURE: [7, 'certificate signature failure'],
  CERT_NOT_YET_VALID: [9, 'certificate is not yet valid'],
  CERT_HAS_EXPIRED: [10, 'certificate has expired'],
  DEPTH_ZERO_SELF_SIGNED_CERT: [18, 'self-signed certificate'],
  SELF_SIGNED_CERT_IN_CHAIN: [19, 'self-signed certificate in certificate chain'],
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: [20, 'unable to get local issuer certificate'],
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: [21, 'unable to verify the first certificate'],
  CERT_REVOKED: [23, 'certificate revoked'],
  PATH_LENGTH_EXCEEDED: [25, 'path length constraint exceeded'],
  INVALID_PURPOSE: [26, 'unsuitable certificate purpose'],
  CERT_UNTRUSTED: [27, 'certificate not trusted'],
  KEYUSAGE_NO_CERTSIGN: [32, 'key usage does not include certificate signing'],
  PERMITTED_VIOLATION: [47, 'permitted subtree violation'],
  EXCLUDED_VIOLATION: [48, 'excluded subtree violation'],
  HOSTNAME_MISMATCH: [62, 'hostname mismatch'],
  IP_ADDRESS_MISMATCH: [64, 'IP address mismatch'],
  EE_KEY_TOO_SMALL: [66, 'EE certificate key too weak'],
  CA_KEY_TOO_SMALL: [67, 'CA certificate key too weak'],
  CA_MD_TOO_WEAK: [68, 'CA signature digest algorithm too weak'],
  INVALID_CA: [79, 'invalid CA certificate'],
} as const satisfies Record<string, readonly [number, string]>;

export type OpensslVerifyCode = keyof typeof OPENSSL_VERIFY;

/** "OpenSSL: unable to get local issuer certificate (verify error 20)". */
export function opensslVerifyError(code: OpensslVerifyCode): string {
  const [number, text] = OPENSSL_VERIFY[code];
  return `OpenSSL: ${text} (verify error ${number})`;
}

/** Other OpenSSL texts: from loading a key pair, and from s_client. */
export const OPENSSL = {
  keyMismatch: 'OpenSSL: X509_check_private_key:key values mismatch',
  sClientUnknownIssuer: 'OpenSSL (s_client): verify error:num=20:unable to get local issuer certificate',
  handshakeFailureAlert: 'ssl/tls alert handshake failure',
} as const;

/** curl's (60) errors. */
export const CURL = {
  unknownAuthority: 'curl: (60) SSL certificate problem: unable to get local issuer certificate',
  expired: 'curl: (60) SSL certificate problem: certificate has expired',
  revoked: 'curl: (60) SSL certificate problem: certificate revoked',
  hostname: (host: string) => `curl: (60) SSL: no alternative certificate subject name matches target host name '${host}'`,
} as const;

/** What other clients and servers say. */
export const OTHERS = {
  chromeCommonNameInvalid: 'Chrome: NET::ERR_CERT_COMMON_NAME_INVALID',
  chromeValidityTooLong: 'Chrome: NET::ERR_CERT_VALIDITY_TOO_LONG',
  appleNotCompliant: 'macOS/iOS: "certificate is not standards compliant"',
  javaNoPath: 'Java: PKIX path building failed: unable to find valid certification path to requested target',
  nginxKeyMismatch: 'nginx: SSL_CTX_use_PrivateKey(…) failed (… key values mismatch)',
} as const;

/** The texts of a chain that does not reach a trusted root, as Go, OpenSSL and curl print them. */
export const UNKNOWN_AUTHORITY_TEXTS: readonly string[] = [GO.unknownAuthority, opensslVerifyError('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'), CURL.unknownAuthority];

/**
 * TLS alerts (RFC 8446 §6) by the reason OpenSSL gives them in Node's error codes
 * (ERR_SSL_TLSV1_ALERT_UNKNOWN_CA → 'UNKNOWN_CA'): the alert's RFC name and Go's text for it.
 */
const ALERTS = {
  UNEXPECTED_MESSAGE: ['unexpected_message', 'unexpected message'],
  BAD_RECORD_MAC: ['bad_record_mac', 'bad record MAC'],
  RECORD_OVERFLOW: ['record_overflow', 'record overflow'],
  HANDSHAKE_FAILURE: ['handshake_failure', 'handshake failure'],
  BAD_CERTIFICATE: ['bad_certificate', 'bad certificate'],
  UNSUPPORTED_CERTIFICATE: ['unsupported_certificate', 'unsupported certificate'],
  CERTIFICATE_REVOKED: ['certificate_revoked', 'revoked certificate'],
  CERTIFICATE_EXPIRED: ['certificate_expired', 'expired certificate'],
  CERTIFICATE_UNKNOWN: ['certificate_unknown', 'unknown certificate'],
  ILLEGAL_PARAMETER: ['illegal_parameter', 'illegal parameter'],
  UNKNOWN_CA: ['unknown_ca', 'unknown certificate authority'],
  ACCESS_DENIED: ['access_denied', 'access denied'],
  DECODE_ERROR: ['decode_error', 'error decoding message'],
  DECRYPT_ERROR: ['decrypt_error', 'error decrypting message'],
  PROTOCOL_VERSION: ['protocol_version', 'protocol version not supported'],
  INSUFFICIENT_SECURITY: ['insufficient_security', 'insufficient security level'],
  INTERNAL_ERROR: ['internal_error', 'internal error'],
  USER_CANCELLED: ['user_canceled', 'user canceled'],
  MISSING_EXTENSION: ['missing_extension', 'missing extension'],
  UNSUPPORTED_EXTENSION: ['unsupported_extension', 'unsupported extension'],
  UNRECOGNIZED_NAME: ['unrecognized_name', 'unrecognized name'],
  UNKNOWN_PSK_IDENTITY: ['unknown_psk_identity', 'unknown PSK identity'],
  CERTIFICATE_REQUIRED: ['certificate_required', 'certificate required'],
  NO_APPLICATION_PROTOCOL: ['no_application_protocol', 'no application protocol'],
} as const satisfies Record<string, readonly [string, string]>;

export interface AlertName {
  /** The RFC name: "unknown_ca". */
  readonly rfc: string;
  /** Go's words for it: "unknown certificate authority". */
  readonly go: string;
}

/** The alert in a Node error code (ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE, ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED), or null. */
export function alertOfCode(code: string): AlertName | null {
  const reason = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_([A-Z_]+)$/.exec(code)?.[1];
  const alert = reason === undefined ? undefined : (ALERTS as Record<string, readonly [string, string]>)[reason];
  return alert ? { rfc: alert[0], go: alert[1] } : null;
}
