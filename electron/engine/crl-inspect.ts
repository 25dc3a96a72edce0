/**
 * Opens any CRL (PEM or DER, ours or from outside), decodes it with the asn1-x509 schema and checks
 * its signature against the vault's CAs whose subject matches its issuer.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';
import { CRL_INSPECT_ENTRY_LIMIT, REASON_INFO, type CrlInspection, type RevocationReason } from '../../shared/domain/revocation.js';
import { CertwrightError, atField } from '../../shared/errors.js';
import { msg, type Msg, type MsgParams } from '../../shared/i18n/message.js';
import type { KnownIssuer } from './chain.js';
import { rfc4514 } from './names.js';
import { decodeField } from './pem.js';
import { canonicalSerialHex } from './serial.js';
import { X509, type EngineCrypto } from './webcrypto.js';

const REASON_BY_CODE = new Map<number, RevocationReason>(Object.entries(REASON_INFO).map(([reason, info]) => [info.code, reason as RevocationReason]));

const time = (t: asn.Time | undefined) => (t ? t.getTime().toISOString() : null);

function invalid(key: string, params?: MsgParams): CertwrightError {
  return new CertwrightError('INVALID_INPUT', atField('crl', key, params), { field: 'crl' });
}

export async function inspectCrl(text: string, known: readonly KnownIssuer[], now: Date, crypto: EngineCrypto): Promise<CrlInspection> {
  const blocks = decodeField(text, 'crl');
  const block = blocks.find((b) => b.label === null || b.label === 'X509 CRL');
  if (!block) throw invalid('errors:crl.notCrlBlock', { labels: blocks.map((b) => b.label).join(', ') });
  return inspectCrlDer(block.der, known, now, crypto);
}

/** The same for DER bytes already known to be a CRL by their shape. */
export async function inspectCrlDer(der: Uint8Array, known: readonly KnownIssuer[], now: Date, crypto: EngineCrypto): Promise<CrlInspection> {
  let list: asn.CertificateList;
  try {
    list = AsnConvert.parse(der, asn.CertificateList);
  } catch {
    throw invalid('errors:crl.notCrl');
  }
  const tbs = list.tbsCertList;
  const issuerName = new X509.Name(tbs.issuer);
  const issuerDn = rfc4514(issuerName);
  const numberExt = tbs.crlExtensions?.find((e) => e.extnID === asn.id_ce_cRLNumber);
  const number = numberExt ? String(AsnConvert.parse(numberExt.extnValue, asn.CRLNumber).value) : null;
  const revoked = tbs.revokedCertificates ?? [];
  const entries = revoked.slice(0, CRL_INSPECT_ENTRY_LIMIT).map((entry) => {
    const reasonExt = entry.crlEntryExtensions?.find((e) => e.extnID === asn.id_ce_cRLReasons);
    const code = reasonExt ? AsnConvert.parse(reasonExt.extnValue, asn.CRLReason).reason : null;
    const invalidityExt = entry.crlEntryExtensions?.find((e) => e.extnID === asn.id_ce_invalidityDate);
    return {
      serialNumberHex: canonicalSerialHex(Buffer.from(entry.userCertificate).toString('hex')),
      revokedAt: entry.revocationDate.getTime().toISOString(),
      reason: code === null ? null : code === 8 ? ('removeFromCRL' as const) : (REASON_BY_CODE.get(code) ?? null),
      invalidityDate: invalidityExt ? AsnConvert.parse(invalidityExt.extnValue, asn.InvalidityDate).value.toISOString() : null,
    };
  });

  // The signature, against every vault CA with this subject (a renewed CA may share its name).
  const crl = new X509.X509Crl(list);
  const candidates = known.filter((k) => k.certificate.subject === crl.issuer);
  let signature: CrlInspection['signature'] = { status: 'unknown-issuer', by: null, authorityId: null };
  for (const candidate of candidates) {
    const ok = await crl.verify({ publicKey: candidate.certificate }, crypto).catch(() => false);
    signature = { status: ok ? 'verified' : 'invalid', by: candidate.certificate.subjectName.getField('CN')[0] ?? issuerDn, authorityId: candidate.authorityId };
    if (ok) break;
  }

  const thisUpdate = time(tbs.thisUpdate)!;
  const nextUpdate = time(tbs.nextUpdate);
  const warnings: Msg[] = [];
  if (nextUpdate && Date.parse(nextUpdate) <= now.getTime()) warnings.push(msg('revocation:inspection.expired', { date: nextUpdate.slice(0, 10), issuer: issuerDn }));
  if (Date.parse(thisUpdate) > now.getTime()) warnings.push(msg('revocation:inspection.notYetValid', { date: thisUpdate.slice(0, 10) }));
  if (signature.status === 'unknown-issuer') warnings.push(msg('revocation:inspection.unknownIssuer', { issuer: issuerDn }));
  if (signature.status === 'invalid') warnings.push(msg('revocation:inspection.invalid', { name: signature.by ?? issuerDn }));
  return {
    issuerDn,
    issuerCommonName: issuerName.getField('CN')[0] ?? issuerDn,
    number,
    thisUpdate,
    nextUpdate,
    signatureAlgorithm: list.signatureAlgorithm.algorithm,
    signature,
    total: revoked.length,
    entries,
    warnings,
  };
}
