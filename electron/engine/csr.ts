/**
 * PKCS#10 certificate signing requests: reading and judging one before it is signed, and making one
 * for an intermediate whose certificate comes from an outside CA.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';
import type { CsrSummary, Profile } from '../../shared/domain/certificate.js';
import type { NameConstraints } from '../../shared/domain/authority.js';
import type { KeyAlgorithmId } from '../../shared/domain/keys.js';
import { CertwrightError, atField } from '../../shared/errors.js';
import { msg, type Msg } from '../../shared/i18n/message.js';
import { checkSan, type SanEntry } from '../../shared/validation/san.js';
import { SubjectInput, type SubjectFields } from '../../shared/validation/subject.js';
import { parseSpki } from './certificate-builder.js';
import { explainExtensions, generalNameText } from './explain.js';
import * as ext from './extensions.js';
import { describeKey } from './key-info.js';
import { importPrivateKey, importPublicKey, signingAlgorithm } from './keys.js';
import { nameToSubject, rfc4514, SUBJECT_ATTRIBUTE_OIDS, subjectToName } from './names.js';
import { OID } from './oids.js';
import { decodeField } from './pem.js';
import { X509, type EngineCrypto } from './webcrypto.js';

const CSR_LABELS = new Set(['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);

export interface ParsedCsr {
  readonly csr: X509.Pkcs10CertificateRequest;
  readonly spki: asn.SubjectPublicKeyInfo;
}

/** Reads a CSR from PEM text or base64 DER, with a specific message for what else it might be. */
export function parseCsr(text: string): ParsedCsr {
  const blocks = decodeField(text, 'csr');
  const requests = blocks.filter((b) => b.label === null || CSR_LABELS.has(b.label));
  if (requests.length === 0) {
    const labels = blocks.map((b) => b.label).join(', ');
    throw new CertwrightError('INVALID_INPUT', labels.includes('CERTIFICATE') ? atField('csr', 'errors:csr.isCertificate') : atField('csr', 'errors:csr.isOtherBlock', { labels }), { field: 'csr' });
  }
  if (requests.length > 1) throw new CertwrightError('INVALID_INPUT', atField('csr', 'errors:csr.onlyOne'), { field: 'csr' });
  try {
    const csr = new X509.Pkcs10CertificateRequest(requests[0]!.der);
    return { csr, spki: parseSpki(csr.publicKey.rawData) };
  } catch {
    throw new CertwrightError('INVALID_INPUT', atField('csr', 'errors:csr.notPkcs10'), { field: 'csr' });
  }
}

function requestedSans(csr: X509.Pkcs10CertificateRequest, notes: Msg[], uncopied: string[]): SanEntry[] {
  const extension = csr.extensions.find((e) => e.type === asn.id_ce_subjectAltName);
  if (!extension) return [];
  const sans: SanEntry[] = [];
  for (const name of AsnConvert.parse(extension.value, asn.SubjectAlternativeName)) {
    const [type, value] =
      name.dNSName !== undefined ? (['dns', name.dNSName] as const)
      : name.iPAddress !== undefined ? (['ip', name.iPAddress] as const)
      : name.rfc822Name !== undefined ? (['email', name.rfc822Name] as const)
      : name.uniformResourceIdentifier !== undefined ? (['uri', name.uniformResourceIdentifier] as const)
      : ([null, generalNameText(name)] as const);
    const check = type ? checkSan(type, value) : null;
    if (check?.ok) sans.push(check.entry);
    else {
      uncopied.push(value);
      notes.push(check && !check.ok ? msg('errors:csr.note.nameRefused', { ...check.reason.params, value, reasonKey: check.reason.key }) : msg('errors:csr.note.nameKind', { value }));
    }
  }
  return sans;
}

function requestedSubject(csr: X509.Pkcs10CertificateRequest, notes: Msg[]): SubjectFields {
  const others = csr.subjectName.toJSON().flatMap((rdn) => Object.keys(rdn)).filter((type) => !['CN', 'O', 'OU', 'C', 'ST', 'L'].includes(type));
  const otherOids = AsnConvert.parse(csr.subjectName.toArrayBuffer(), asn.Name).flatMap((rdn) => rdn.map((atv) => atv.type)).filter((t) => !SUBJECT_ATTRIBUTE_OIDS.has(t));
  if (others.length > 0 || otherOids.length > 0) notes.push(msg('errors:csr.note.subjectAttributes', { attributes: [...new Set(others)].join(', ') || otherOids.join(', ') }));
  const parsed = SubjectInput.safeParse(nameToSubject(csr.subjectName));
  return parsed.success ? parsed.data : { commonName: '' };
}

function suggestedProfile(csr: X509.Pkcs10CertificateRequest): Profile | null {
  const eku = csr.extensions.find((e) => e.type === asn.id_ce_extKeyUsage);
  if (!eku) return null;
  const oids = AsnConvert.parse(eku.value, asn.ExtendedKeyUsage);
  const server = oids.includes(OID.serverAuth);
  const client = oids.includes(OID.clientAuth);
  return server && client ? 'peer' : server ? 'server' : client ? 'client' : null;
}

const KEY_USAGES_NOTE = msg('errors:csr.note.keyUsages');

/** Everything a person needs to decide whether to sign, and the reasons Certwright will not. */
export async function inspectCsr(parsed: ParsedCsr, crypto: EngineCrypto): Promise<CsrSummary> {
  const { csr, spki } = parsed;
  const refusals: Msg[] = [];
  const notes: Msg[] = [];
  const uncopied: string[] = [];
  let signatureValid: boolean;
  try {
    signatureValid = await csr.verify(crypto);
  } catch {
    signatureValid = false;
  }
  if (!signatureValid) refusals.push(msg('errors:csr.refusal.badSignature'));

  const key = describeKey(spki);
  if (key.family === 'rsa' && (key.bits ?? 0) < 2048) refusals.push(msg('errors:csr.refusal.weakRsa', { bits: key.bits ?? 0 }));
  if (key.family === 'ec' && key.bits === null) refusals.push(msg('errors:csr.refusal.unsupportedCurve', { label: key.label }));
  if (key.family === 'other') refusals.push(msg('errors:csr.refusal.unsupportedKey', { label: key.label }));

  // A request to be a CA is no refusal: it is signed only as a sub-CA, with the path length, name
  // constraints and validity chosen by the signer (leafRefusals keeps it from becoming a leaf).
  let caRequest: CsrSummary['caRequest'] = null;
  for (const extension of csr.extensions) {
    if (extension.type === asn.id_ce_basicConstraints) {
      const basic = AsnConvert.parse(extension.value, asn.BasicConstraints);
      if (basic.cA) caRequest = { pathLength: basic.pathLenConstraint ?? null };
    }
    if (extension.type === asn.id_ce_keyUsage && AsnConvert.parse(extension.value, asn.KeyUsage).toNumber() & (asn.KeyUsageFlags.keyCertSign | asn.KeyUsageFlags.cRLSign)) {
      caRequest ??= { pathLength: null };
    }
    if ((extension.type === asn.id_ce_keyUsage || extension.type === asn.id_ce_extKeyUsage) && !notes.some((n) => n.key === KEY_USAGES_NOTE.key)) {
      notes.push(KEY_USAGES_NOTE);
    }
  }

  if (caRequest) {
    // For a sub-CA, it is not a profile that decides: Certwright gives every CA the same usages.
    const index = notes.findIndex((n) => n.key === KEY_USAGES_NOTE.key);
    const note = msg('errors:csr.note.subCaUsages');
    if (index >= 0) notes[index] = note;
    else notes.push(note);
  }
  return {
    subject: requestedSubject(csr, notes),
    subjectDn: rfc4514(csr.subjectName),
    sans: requestedSans(csr, notes, uncopied),
    uncopiedNames: uncopied,
    key: { algorithm: key.algorithm, label: key.label },
    signatureValid,
    requestedExtensions: explainExtensions(csr.extensions.map((e) => ({ type: e.type, critical: e.critical, value: e.value }))),
    refusals,
    notes,
    suggestedProfile: suggestedProfile(csr),
    caRequest,
  };
}

/** A CSR for an intermediate CA whose certificate an outside (often offline) root will sign. */
export async function createIntermediateCsr(
  params: { subject: SubjectFields; keys: CryptoKeyPair; keyAlgorithm: KeyAlgorithmId; pathLength: number; nameConstraints: NameConstraints | null },
  crypto: EngineCrypto,
): Promise<X509.Pkcs10CertificateRequest> {
  const constraints = params.nameConstraints ? ext.nameConstraints(params.nameConstraints) : null;
  return X509.Pkcs10CertificateRequestGenerator.create(
    {
      name: subjectToName(params.subject),
      keys: params.keys,
      signingAlgorithm: signingAlgorithm(params.keyAlgorithm),
      extensions: [
        new X509.BasicConstraintsExtension(true, params.pathLength, true),
        new X509.KeyUsagesExtension(X509.KeyUsageFlags.keyCertSign | X509.KeyUsageFlags.cRLSign | X509.KeyUsageFlags.digitalSignature, true),
        ...(constraints ? [new X509.Extension(constraints)] : []),
      ],
    },
    crypto,
  );
}

/**
 * A CSR for a leaf whose key Certwright generated and another CA signs (a step-ca server, issue 20):
 * the subject and the SANs asked for, nothing else — the signing CA decides the usages. The keys are
 * the DER pair the issuance generated; the private one is imported non-extractable for this one
 * signature.
 */
export async function createLeafCsr(
  params: { subject: SubjectFields; sans: readonly SanEntry[]; keyAlgorithm: KeyAlgorithmId; spki: Uint8Array; pkcs8: Uint8Array },
  crypto: EngineCrypto,
): Promise<X509.Pkcs10CertificateRequest> {
  const keys = {
    privateKey: await importPrivateKey(new Uint8Array(params.pkcs8), params.keyAlgorithm, crypto),
    publicKey: await importPublicKey(new Uint8Array(params.spki), params.keyAlgorithm, crypto),
  };
  return X509.Pkcs10CertificateRequestGenerator.create(
    {
      name: subjectToName(params.subject),
      keys,
      signingAlgorithm: signingAlgorithm(params.keyAlgorithm),
      extensions: params.sans.length > 0 ? [new X509.Extension(ext.subjectAltName(params.sans))] : [],
    },
    crypto,
  );
}
