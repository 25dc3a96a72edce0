/**
 * The object identifiers Certwright refers to, and the names an engineer knows them by: one table.
 * Code names an OID as `OID.serverAuth`, never as a string of digits; the name tables below are keyed
 * by the same constants. (@peculiar/asn1-x509's `id_ce_*` constants name the extensions it parses.)
 */
import type { KeyAlgorithmId } from '../../shared/domain/keys.js';

export const OID = {
  // Name attributes (X.520, RFC 4519, PKCS#9)
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  countryName: '2.5.4.6',
  localityName: '2.5.4.7',
  stateOrProvinceName: '2.5.4.8',
  streetAddress: '2.5.4.9',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  title: '2.5.4.12',
  businessCategory: '2.5.4.15',
  postalCode: '2.5.4.17',
  givenName: '2.5.4.42',
  initials: '2.5.4.43',
  dnQualifier: '2.5.4.46',
  pseudonym: '2.5.4.65',
  organizationIdentifier: '2.5.4.97',
  userId: '0.9.2342.19200300.100.1.1',
  domainComponent: '0.9.2342.19200300.100.1.25',
  emailAddress: '1.2.840.113549.1.9.1',
  jurisdictionLocality: '1.3.6.1.4.1.311.60.2.1.1',
  jurisdictionState: '1.3.6.1.4.1.311.60.2.1.2',
  jurisdictionCountry: '1.3.6.1.4.1.311.60.2.1.3',

  // Certificate and CRL extensions (RFC 5280 §4.2, §5.2, §5.3)
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  cRLNumber: '2.5.29.20',
  cRLReason: '2.5.29.21',
  invalidityDate: '2.5.29.24',
  deltaCRLIndicator: '2.5.29.27',
  issuingDistributionPoint: '2.5.29.28',
  nameConstraints: '2.5.29.30',
  cRLDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  authorityKeyIdentifier: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  freshestCRL: '2.5.29.46',
  inhibitAnyPolicy: '2.5.29.54',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  subjectInfoAccess: '1.3.6.1.5.5.7.1.11',
  tlsFeature: '1.3.6.1.5.5.7.1.24',
  ctPrecertificateScts: '1.3.6.1.4.1.11129.2.4.2',
  ctPrecertificatePoison: '1.3.6.1.4.1.11129.2.4.3',
  netscapeCertType: '2.16.840.1.113730.1.1',
  netscapeComment: '2.16.840.1.113730.1.13',

  // Access methods, policy qualifiers, policies
  ocsp: '1.3.6.1.5.5.7.48.1',
  caIssuers: '1.3.6.1.5.5.7.48.2',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
  cps: '1.3.6.1.5.5.7.2.1',
  userNotice: '1.3.6.1.5.5.7.2.2',
  anyPolicy: '2.5.29.32.0',
  evGuidelines: '2.23.140.1.1',
  domainValidated: '2.23.140.1.2.1',
  organizationValidated: '2.23.140.1.2.2',
  individualValidated: '2.23.140.1.2.3',

  // Extended key usages
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  ipsecIke: '1.3.6.1.5.5.7.3.17',
  anyExtendedKeyUsage: '2.5.29.37.0',
  msServerGatedCrypto: '1.3.6.1.4.1.311.10.3.3',
  nsServerGatedCrypto: '2.16.840.1.113730.4.1',
  msSmartcardLogon: '1.3.6.1.4.1.311.20.2.2',

  // Public keys and curves
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  dsa: '1.2.840.10040.4.1',
  x25519: '1.3.101.110',
  x448: '1.3.101.111',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  p256: '1.2.840.10045.3.1.7',
  p384: '1.3.132.0.34',
  p521: '1.3.132.0.35',
  secp256k1: '1.3.132.0.10',
  p192: '1.2.840.10045.3.1.1',
  p224: '1.3.132.0.33',
  brainpoolP256r1: '1.3.36.3.3.2.8.1.1.7',
  brainpoolP384r1: '1.3.36.3.3.2.8.1.1.11',
  brainpoolP512r1: '1.3.36.3.3.2.8.1.1.13',

  // Signatures and digests
  md5WithRsa: '1.2.840.113549.1.1.4',
  sha1WithRsa: '1.2.840.113549.1.1.5',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
  sha224WithRsa: '1.2.840.113549.1.1.14',
  ecdsaWithSha1: '1.2.840.10045.4.1',
  ecdsaWithSha224: '1.2.840.10045.4.3.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  dsaWithSha1: '1.2.840.10040.4.3',
  dsaWithSha256: '2.16.840.1.101.3.4.3.2',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',

  // CMS / PKCS#7 content types, PKCS#9 attributes, PKCS#12 bags
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  encryptedData: '1.2.840.113549.1.7.6',
  challengePassword: '1.2.840.113549.1.9.7',
  extensionRequest: '1.2.840.113549.1.9.14',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',

  // Password-based encryption (PKCS#5, PKCS#12, RFC 7914) and the ciphers and PRFs it names
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  scrypt: '1.3.6.1.4.1.11591.4.11',
  pbeSha3DES: '1.2.840.113549.1.12.1.3',
  pbeSha2DES: '1.2.840.113549.1.12.1.4',
  pbeShaRc2_128: '1.2.840.113549.1.12.1.5',
  pbeShaRc2_40: '1.2.840.113549.1.12.1.6',
  hmacWithSHA1: '1.2.840.113549.2.7',
  hmacWithSHA224: '1.2.840.113549.2.8',
  hmacWithSHA256: '1.2.840.113549.2.9',
  hmacWithSHA384: '1.2.840.113549.2.10',
  hmacWithSHA512: '1.2.840.113549.2.11',
  aes128cbc: '2.16.840.1.101.3.4.1.2',
  aes192cbc: '2.16.840.1.101.3.4.1.22',
  aes256cbc: '2.16.840.1.101.3.4.1.42',
  desEde3Cbc: '1.2.840.113549.3.7',
} as const;

/** Distinguished-name attributes: short form (as OpenSSL and RFC 4514 print them) and label. */
export const NAME_ATTRIBUTES: Readonly<Record<string, { short: string; label: string }>> = {
  [OID.commonName]: { short: 'CN', label: 'Common Name' },
  [OID.surname]: { short: 'SN', label: 'Surname' },
  [OID.serialNumber]: { short: 'serialNumber', label: 'Serial Number' },
  [OID.countryName]: { short: 'C', label: 'Country' },
  [OID.localityName]: { short: 'L', label: 'Locality' },
  [OID.stateOrProvinceName]: { short: 'ST', label: 'State or Province' },
  [OID.streetAddress]: { short: 'street', label: 'Street Address' },
  [OID.organizationName]: { short: 'O', label: 'Organization' },
  [OID.organizationalUnitName]: { short: 'OU', label: 'Organizational Unit' },
  [OID.title]: { short: 'title', label: 'Title' },
  [OID.businessCategory]: { short: 'businessCategory', label: 'Business Category' },
  [OID.postalCode]: { short: 'postalCode', label: 'Postal Code' },
  [OID.givenName]: { short: 'GN', label: 'Given Name' },
  [OID.initials]: { short: 'initials', label: 'Initials' },
  [OID.dnQualifier]: { short: 'dnQualifier', label: 'DN Qualifier' },
  [OID.pseudonym]: { short: 'pseudonym', label: 'Pseudonym' },
  [OID.organizationIdentifier]: { short: 'organizationIdentifier', label: 'Organization Identifier' },
  [OID.userId]: { short: 'UID', label: 'User ID' },
  [OID.domainComponent]: { short: 'DC', label: 'Domain Component' },
  [OID.emailAddress]: { short: 'emailAddress', label: 'Email Address' },
  [OID.jurisdictionLocality]: { short: 'jurisdictionL', label: 'Jurisdiction Locality' },
  [OID.jurisdictionState]: { short: 'jurisdictionST', label: 'Jurisdiction State' },
  [OID.jurisdictionCountry]: { short: 'jurisdictionC', label: 'Jurisdiction Country' },
};

/** The names @peculiar/x509 gives attribute types (Name.toJSON) where they differ from ours. */
const X509_NAME_ALIASES: Readonly<Record<string, string>> = { E: OID.emailAddress, G: OID.givenName, I: OID.initials, T: OID.title };

const ATTRIBUTE_BY_SHORT: ReadonlyMap<string, string> = new Map([...Object.entries(NAME_ATTRIBUTES).map(([oid, { short }]) => [short, oid] as const), ...Object.entries(X509_NAME_ALIASES)]);

/** The OID of an attribute type written as a short name ("CN", or x509's "E") or as dotted digits; null when unknown. */
export function nameAttributeOid(type: string): string | null {
  if (/^\d+(\.\d+)+$/.test(type)) return type;
  return ATTRIBUTE_BY_SHORT.get(type) ?? null;
}

/** Signature algorithms, by OpenSSL's names. */
export const SIGNATURE_ALGORITHMS: Readonly<Record<string, string>> = {
  [OID.md5WithRsa]: 'md5WithRSAEncryption',
  [OID.sha1WithRsa]: 'sha1WithRSAEncryption',
  [OID.rsassaPss]: 'rsassaPss',
  [OID.sha256WithRsa]: 'sha256WithRSAEncryption',
  [OID.sha384WithRsa]: 'sha384WithRSAEncryption',
  [OID.sha512WithRsa]: 'sha512WithRSAEncryption',
  [OID.sha224WithRsa]: 'sha224WithRSAEncryption',
  [OID.ecdsaWithSha1]: 'ecdsa-with-SHA1',
  [OID.ecdsaWithSha224]: 'ecdsa-with-SHA224',
  [OID.ecdsaWithSha256]: 'ecdsa-with-SHA256',
  [OID.ecdsaWithSha384]: 'ecdsa-with-SHA384',
  [OID.ecdsaWithSha512]: 'ecdsa-with-SHA512',
  [OID.ed25519]: 'ED25519',
  [OID.ed448]: 'ED448',
  [OID.dsaWithSha1]: 'dsa_with_SHA1',
  [OID.dsaWithSha256]: 'dsa_with_SHA256',
};

/** Signature algorithms no current TLS stack accepts in a chain (Go refuses SHA-1 since 1.18). */
export const WEAK_SIGNATURES: ReadonlySet<string> = new Set([OID.md5WithRsa, OID.sha1WithRsa, OID.ecdsaWithSha1, OID.dsaWithSha1]);

export const KEY_ALGORITHMS: Readonly<Record<string, string>> = {
  [OID.rsaEncryption]: 'rsaEncryption',
  [OID.rsassaPss]: 'rsassaPss',
  [OID.ecPublicKey]: 'id-ecPublicKey',
  [OID.x25519]: 'X25519',
  [OID.x448]: 'X448',
  [OID.ed25519]: 'ED25519',
  [OID.ed448]: 'ED448',
  [OID.dsa]: 'dsaEncryption',
};

/** Named curves: name, field size, and Certwright's algorithm id for the ones it generates keys on. */
export const CURVES: Readonly<Record<string, { name: string; bits: number; id: KeyAlgorithmId | null }>> = {
  [OID.p256]: { name: 'P-256', bits: 256, id: 'p256' },
  [OID.p384]: { name: 'P-384', bits: 384, id: 'p384' },
  [OID.p521]: { name: 'P-521', bits: 521, id: null },
  [OID.secp256k1]: { name: 'secp256k1', bits: 256, id: null },
  [OID.p192]: { name: 'P-192', bits: 192, id: null },
  [OID.p224]: { name: 'P-224', bits: 224, id: null },
  [OID.brainpoolP256r1]: { name: 'brainpoolP256r1', bits: 256, id: null },
  [OID.brainpoolP384r1]: { name: 'brainpoolP384r1', bits: 384, id: null },
  [OID.brainpoolP512r1]: { name: 'brainpoolP512r1', bits: 512, id: null },
};

/** Extended key usages in words. */
export const EKU_LABELS: Readonly<Record<string, string>> = {
  [OID.serverAuth]: 'TLS Web Server Authentication (serverAuth)',
  [OID.clientAuth]: 'TLS Web Client Authentication (clientAuth)',
  [OID.codeSigning]: 'Code Signing',
  [OID.emailProtection]: 'Email Protection',
  [OID.timeStamping]: 'Time Stamping',
  [OID.ocspSigning]: 'OCSP Signing',
  [OID.anyExtendedKeyUsage]: 'Any Extended Key Usage',
  [OID.msServerGatedCrypto]: 'Microsoft Server Gated Crypto',
  [OID.nsServerGatedCrypto]: 'Netscape Server Gated Crypto',
  [OID.ipsecIke]: 'IPsec Internet Key Exchange',
  [OID.msSmartcardLogon]: 'Microsoft Smartcard Logon',
};

/** Certificate policies in words. */
export const POLICY_LABELS: Readonly<Record<string, string>> = {
  [OID.anyPolicy]: 'Any Policy',
  [OID.evGuidelines]: 'Extended Validation (CA/B Forum)',
  [OID.domainValidated]: 'Domain Validated (CA/B Forum)',
  [OID.organizationValidated]: 'Organization Validated (CA/B Forum)',
  [OID.individualValidated]: 'Individual Validated (CA/B Forum)',
};

/** Everything else the tree view may meet, for naming OBJECT IDENTIFIER nodes (OpenSSL's short names). */
const OTHER: Readonly<Record<string, string>> = {
  [OID.subjectKeyIdentifier]: 'subjectKeyIdentifier',
  [OID.keyUsage]: 'keyUsage',
  [OID.subjectAltName]: 'subjectAltName',
  [OID.issuerAltName]: 'issuerAltName',
  [OID.basicConstraints]: 'basicConstraints',
  [OID.cRLNumber]: 'cRLNumber',
  [OID.cRLReason]: 'cRLReason',
  [OID.invalidityDate]: 'invalidityDate',
  [OID.deltaCRLIndicator]: 'deltaCRLIndicator',
  [OID.issuingDistributionPoint]: 'issuingDistributionPoint',
  [OID.nameConstraints]: 'nameConstraints',
  [OID.cRLDistributionPoints]: 'cRLDistributionPoints',
  [OID.certificatePolicies]: 'certificatePolicies',
  [OID.policyMappings]: 'policyMappings',
  [OID.authorityKeyIdentifier]: 'authorityKeyIdentifier',
  [OID.policyConstraints]: 'policyConstraints',
  [OID.extKeyUsage]: 'extKeyUsage',
  [OID.freshestCRL]: 'freshestCRL',
  [OID.inhibitAnyPolicy]: 'inhibitAnyPolicy',
  [OID.anyPolicy]: 'anyPolicy',
  [OID.authorityInfoAccess]: 'authorityInfoAccess',
  [OID.subjectInfoAccess]: 'subjectInfoAccess',
  [OID.tlsFeature]: 'tlsFeature',
  [OID.ocsp]: 'ocsp',
  [OID.caIssuers]: 'caIssuers',
  [OID.ocspNoCheck]: 'ocspNoCheck',
  [OID.cps]: 'cps',
  [OID.userNotice]: 'unotice',
  [OID.serverAuth]: 'serverAuth',
  [OID.clientAuth]: 'clientAuth',
  [OID.codeSigning]: 'codeSigning',
  [OID.emailProtection]: 'emailProtection',
  [OID.timeStamping]: 'timeStamping',
  [OID.ocspSigning]: 'OCSPSigning',
  [OID.anyExtendedKeyUsage]: 'anyExtendedKeyUsage',
  [OID.ctPrecertificateScts]: 'ctPrecertificateSCTs',
  [OID.ctPrecertificatePoison]: 'ctPrecertificatePoison',
  [OID.netscapeCertType]: 'netscapeCertType',
  [OID.netscapeComment]: 'netscapeComment',
  [OID.evGuidelines]: 'ev-guidelines',
  [OID.domainValidated]: 'domain-validated',
  [OID.organizationValidated]: 'organization-validated',
  [OID.individualValidated]: 'individual-validated',
  [OID.data]: 'data',
  [OID.signedData]: 'signedData',
  [OID.encryptedData]: 'encryptedData',
  [OID.friendlyName]: 'friendlyName',
  [OID.localKeyId]: 'localKeyID',
  [OID.extensionRequest]: 'extensionRequest',
  [OID.challengePassword]: 'challengePassword',
  [OID.x509Certificate]: 'x509Certificate',
  [OID.keyBag]: 'keyBag',
  [OID.shroudedKeyBag]: 'pkcs8ShroudedKeyBag',
  [OID.certBag]: 'certBag',
  [OID.pbeSha3DES]: 'pbeWithSHA1And3-KeyTripleDES-CBC',
  [OID.pbeShaRc2_40]: 'pbeWithSHA1And40BitRC2-CBC',
  [OID.pbes2]: 'PBES2',
  [OID.pbkdf2]: 'PBKDF2',
  [OID.hmacWithSHA1]: 'hmacWithSHA1',
  [OID.hmacWithSHA256]: 'hmacWithSHA256',
  [OID.aes128cbc]: 'aes-128-cbc',
  [OID.aes256cbc]: 'aes-256-cbc',
  [OID.sha1]: 'sha1',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

/** A name for any OID we know, else null. */
export function oidName(oid: string): string | null {
  return NAME_ATTRIBUTES[oid]?.short ?? SIGNATURE_ALGORITHMS[oid] ?? KEY_ALGORITHMS[oid] ?? CURVES[oid]?.name ?? OTHER[oid] ?? null;
}
