/**
 * The files of an export bundle in the names servers expect: cert.pem, key.pem, chain.pem, ca.pem,
 * fullchain.pem and cert.der; and the trust-store-only set (ca.pem). Pure: returns contents.
 */
import { decodeObjects, toPem } from '../pem.js';

/** The file names this module writes; snippets and the README refer to the same names. */
export const FILE_NAMES = {
  cert: 'cert.pem',
  certDer: 'cert.der',
  key: 'key.pem',
  encryptedKey: 'key.enc.pem',
  chain: 'chain.pem',
  ca: 'ca.pem',
  fullchain: 'fullchain.pem',
  p7b: 'chain.p7b',
  p7bDer: 'chain.p7b.der',
  readme: 'README.txt',
} as const;

/** Unix mode a secret file should have, and the mode of everything else. */
export const SECRET_MODE = 0o600;
export const PUBLIC_MODE = 0o644;

export interface BundleFile {
  readonly name: string;
  /** Text files are strings (PEM, YAML, …); binary ones are bytes. */
  readonly contents: string | Uint8Array;
  /** True for private keys: write with {@link SECRET_MODE} and never share. */
  readonly secret: boolean;
  readonly mode: number;
}

export interface PemSetInput {
  readonly leafDer: Uint8Array;
  /** Intermediate CA certificates, leaf-first (the leaf's issuer first). May be empty. */
  readonly intermediatesDer: readonly Uint8Array[];
  readonly rootDer: Uint8Array;
  /** DER PKCS#8 PrivateKeyInfo, or null when the bundle carries no key (CSR-issued, or chosen). */
  readonly privateKeyPkcs8: Uint8Array | null;
}

/** Concatenated CERTIFICATE blocks, in the given order. Empty string for no certificates. */
export function certificatesPem(ders: readonly Uint8Array[]): string {
  return ders.map((der) => toPem('CERTIFICATE', der)).join('');
}

function file(name: string, contents: string | Uint8Array, secret = false): BundleFile {
  return { name, contents, secret, mode: secret ? SECRET_MODE : PUBLIC_MODE };
}

/**
 * cert.pem (leaf), key.pem (unencrypted PKCS#8, only when a key is given), chain.pem
 * (intermediates, leaf-first; omitted when there are none), ca.pem (root), fullchain.pem (leaf then
 * intermediates: what servers send), cert.der (leaf, binary).
 */
export function pemSet(input: PemSetInput): BundleFile[] {
  const files = [file(FILE_NAMES.cert, certificatesPem([input.leafDer]))];
  if (input.privateKeyPkcs8) files.push(file(FILE_NAMES.key, toPem('PRIVATE KEY', input.privateKeyPkcs8), true));
  if (input.intermediatesDer.length > 0) files.push(file(FILE_NAMES.chain, certificatesPem(input.intermediatesDer)));
  files.push(
    file(FILE_NAMES.ca, certificatesPem([input.rootDer])),
    file(FILE_NAMES.fullchain, certificatesPem([input.leafDer, ...input.intermediatesDer])),
    file(FILE_NAMES.certDer, new Uint8Array(input.leafDer)),
  );
  return files;
}

export interface TruststoreInput {
  readonly rootDer: Uint8Array;
  readonly intermediatesDer?: readonly Uint8Array[];
  /**
   * Also put the intermediates in ca.pem (after the root). Only needed for peers that do not send
   * their chain; trusting an intermediate directly is otherwise unnecessary.
   */
  readonly includeIntermediates?: boolean;
}

/** A trust-store-only bundle: ca.pem with the root (and, if asked, the intermediates). */
export function truststoreSet(input: TruststoreInput): BundleFile[] {
  const extra = input.includeIntermediates ? (input.intermediatesDer ?? []) : [];
  return [file(FILE_NAMES.ca, certificatesPem([input.rootDer, ...extra]))];
}

/** The DER certificates of a PEM chain (e.g. CertificateDetail.chainPem), in order. */
export function certificatesFromPem(pem: string): Uint8Array[] {
  if (pem.trim() === '') return [];
  return decodeObjects(pem).map((block) => {
    if (block.label !== 'CERTIFICATE') throw new Error(`Expected a CERTIFICATE block, found ${block.label ?? 'bare DER'} (block ${block.index})`);
    return block.der;
  });
}

/** {@link PemSetInput} from the PEM fields of a CertificateDetail (certificatePem, chainPem, rootPem). */
export function pemSetInputFromDetail(
  detail: { readonly certificatePem: string; readonly chainPem: string; readonly rootPem: string },
  privateKeyPkcs8: Uint8Array | null,
): PemSetInput {
  const [leafDer] = certificatesFromPem(detail.certificatePem);
  const [rootDer] = certificatesFromPem(detail.rootPem);
  if (!leafDer || !rootDer) throw new Error('The certificate or its root is missing');
  return { leafDer, intermediatesDer: certificatesFromPem(detail.chainPem), rootDer, privateKeyPkcs8 };
}

/** UTF-8 bytes of a bundle file, for zipping or writing. */
export function fileBytes(f: BundleFile): Uint8Array {
  return typeof f.contents === 'string' ? new TextEncoder().encode(f.contents) : f.contents;
}
