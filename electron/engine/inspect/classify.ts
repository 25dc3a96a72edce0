/** Tells what a DER structure is from its shape alone — never from a file name or a PEM label. */
import { OID } from '../oids.js';
import { contents, isContext, isUniversal, oidText, smallInteger, UNIVERSAL, type DerNode } from './der.js';

export type DerKind =
  | 'certificate'
  | 'crl'
  | 'csr'
  | 'pkcs7'
  | 'pkcs12'
  | 'pkcs8'
  | 'encrypted-pkcs8'
  | 'pkcs1-private'
  | 'sec1'
  | 'spki'
  | 'pkcs1-public'
  | 'unknown';

// The kinds' names, long ("an X.509 certificate") and short ("PKCS#8 key"), are catalog texts:
// inspect:kindName.* and inspect:shortKind.* (shared/i18n/catalogs), nested into the reader's words.

/** What a PEM label promises, to compare with what the content is. */
export const PEM_LABEL_KINDS: Readonly<Record<string, DerKind>> = {
  CERTIFICATE: 'certificate',
  'X509 CERTIFICATE': 'certificate',
  'TRUSTED CERTIFICATE': 'certificate',
  'X509 CRL': 'crl',
  CRL: 'crl',
  'CERTIFICATE REQUEST': 'csr',
  'NEW CERTIFICATE REQUEST': 'csr',
  PKCS7: 'pkcs7',
  CMS: 'pkcs7',
  PKCS12: 'pkcs12',
  'PRIVATE KEY': 'pkcs8',
  'ENCRYPTED PRIVATE KEY': 'encrypted-pkcs8',
  'RSA PRIVATE KEY': 'pkcs1-private',
  'EC PRIVATE KEY': 'sec1',
  'PUBLIC KEY': 'spki',
  'RSA PUBLIC KEY': 'pkcs1-public',
};


function isTime(node: DerNode | undefined): boolean {
  return isUniversal(node, UNIVERSAL.utcTime) || isUniversal(node, UNIVERSAL.generalizedTime);
}

function isAlgorithm(node: DerNode | undefined): boolean {
  return isUniversal(node, UNIVERSAL.sequence) && isUniversal(node.children[0], UNIVERSAL.oid);
}

function integerIs(bytes: Uint8Array, node: DerNode | undefined, value: number): boolean {
  return isUniversal(node, UNIVERSAL.integer) && smallInteger(contents(bytes, node)) === value;
}

/** Certificate, CRL or CSR: a SEQUENCE { tbs, AlgorithmIdentifier, BIT STRING }. */
function signedKind(bytes: Uint8Array, tbs: DerNode): DerKind {
  const c = tbs.children;
  if (isContext(c[0], 0)) return 'certificate'; // v2/v3 certificate: [0] version first
  if (isAlgorithm(c[0])) return 'crl'; // v1 CRL: signature algorithm first
  if (isUniversal(c[0], UNIVERSAL.integer)) {
    if (isAlgorithm(c[1])) return isTime(c[3]) ? 'crl' : 'certificate'; // v2 CRL (version, alg, issuer, thisUpdate) or v1 certificate (serial, alg, issuer, validity)
    if (integerIs(bytes, c[0], 0) && isUniversal(c[1], UNIVERSAL.sequence) && isUniversal(c[2], UNIVERSAL.sequence)) return 'csr';
  }
  return 'unknown';
}

export function classify(bytes: Uint8Array, root: DerNode): DerKind {
  if (!isUniversal(root, UNIVERSAL.sequence)) return 'unknown';
  const c = root.children;
  if (isUniversal(c[0], UNIVERSAL.oid) && oidText(contents(bytes, c[0])) === OID.signedData) return 'pkcs7';
  if (integerIs(bytes, c[0], 3) && isUniversal(c[1], UNIVERSAL.sequence) && isUniversal(c[1].children[0], UNIVERSAL.oid)) return 'pkcs12';
  if (c.length === 3 && isUniversal(c[0], UNIVERSAL.sequence) && isAlgorithm(c[1]) && isUniversal(c[2], UNIVERSAL.bitString)) return signedKind(bytes, c[0]);
  if (c.length === 2 && isAlgorithm(c[0]) && isUniversal(c[1], UNIVERSAL.bitString)) return 'spki';
  if (c.length === 2 && isAlgorithm(c[0]) && isUniversal(c[1], UNIVERSAL.octetString)) return 'encrypted-pkcs8';
  if (c.length >= 3 && (integerIs(bytes, c[0], 0) || integerIs(bytes, c[0], 1)) && isAlgorithm(c[1]) && isUniversal(c[2], UNIVERSAL.octetString)) return 'pkcs8';
  if (c.length >= 2 && integerIs(bytes, c[0], 1) && isUniversal(c[1], UNIVERSAL.octetString)) return 'sec1';
  if (c.length >= 9 && c.every((n) => isUniversal(n, UNIVERSAL.integer)) && integerIs(bytes, c[0], 0)) return 'pkcs1-private';
  if (c.length === 2 && c.every((n) => isUniversal(n, UNIVERSAL.integer))) return 'pkcs1-public';
  return 'unknown';
}
