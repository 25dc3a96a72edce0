/**
 * What clients see at a CA's URLs: each configured URL (CRL distribution point, OCSP, CA Issuers) is
 * fetched as a client would (bounded in time and size, services/publication/fetch.ts), what comes back
 * is read in the untrusted-input worker (it is outside input, whoever serves it), and compared with
 * the vault: "the CRL at this URL is #12, the latest is #14", "the CA Issuers URL serves a different
 * certificate", "OCSP answers good for serial …, as the vault says".
 */
import { createHash, randomBytes } from 'node:crypto';
import { REACHABILITY_MAX_BYTES, REACHABILITY_TIMEOUT_MS, type ReachabilityKind, type ReachabilityReport, type ReachabilityResult, type ReachabilityVerdict } from '../../../shared/domain/publication.js';
import { CertwrightError, atField } from '../../../shared/errors.js';
import { msg, type Msg } from '../../../shared/i18n/message.js';
import { buildOcspRequest } from '../../engine/ocsp-client.js';
import { normalizeSerial } from '../../vault/revocations.js';
import type { Vault } from '../../vault/vault.js';
import type { UntrustedPool } from '../../workers/pool.js';
import { crlIssuers } from '../inspecting.js';
import type { Revoking } from '../revoking.js';
import { fetchBounded, type Fetched } from './fetch.js';

export interface ReachabilityDeps {
  readonly vault: Vault;
  readonly revoking: Revoking;
  readonly untrusted: Pick<UntrustedPool, 'run'>;
  readonly now: () => Date;
  /** Tests shorten it. */
  readonly timeoutMs?: number;
}

const result = (kind: ReachabilityKind, url: string | null, verdict: ReachabilityVerdict, summary: Msg, note: Msg | null = null): ReachabilityResult => ({ kind, url, verdict, summary, note });
/** A time as the app shows it: 2026-12-14 12:55 UTC. */
const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const fingerprint = (hex: string) => `${hex.slice(0, 16).toUpperCase().replace(/(..)(?=.)/g, '$1:')}…`;

/** A fetch that did not give a 200 answer, in words; null when it did. */
function failure(got: Fetched): Msg | null {
  if (!got.ok) return got.problem;
  if (got.status >= 300 && got.status < 400) return got.location ? msg('publication:reach.redirect', { status: got.status, location: got.location }) : msg('publication:reach.redirectNowhere', { status: got.status });
  if (got.status !== 200) return msg('publication:reach.httpStatus', { status: got.status });
  return null;
}

export async function checkReachability(deps: ReachabilityDeps, id: string): Promise<ReachabilityReport> {
  const { vault } = deps;
  vault.assertUnlocked();
  const record = vault.getAuthority(id);
  if (record.state !== 'active' || !record.certificateDerB64) throw new CertwrightError('INVALID_INPUT', atField('id', 'errors:publication.pendingNoUrls'), { field: 'id' });
  const caDer = new Uint8Array(Buffer.from(record.certificateDerB64, 'base64'));
  const latest = deps.revoking.latest(id);
  const latestNumber = latest?.number ?? null;
  const timeoutMs = deps.timeoutMs ?? REACHABILITY_TIMEOUT_MS;
  const fetch = (url: string, post?: { type: string; body: Uint8Array }) => fetchBounded(url, { timeoutMs, maxBytes: REACHABILITY_MAX_BYTES, ...(post ? { post } : {}) });
  const { crlUrl, ocspUrl, caIssuersUrl } = record.settings;

  async function crl(): Promise<ReachabilityResult> {
    if (crlUrl === null) return result('crl', null, 'notConfigured', msg('publication:reach.crl.notSet'));
    const got = await fetch(crlUrl);
    const problem = failure(got);
    if (problem || !got.ok) return result('crl', crlUrl, 'error', problem!);
    const pem = Buffer.from(got.body.subarray(0, 64)).toString('latin1').includes('-----BEGIN');
    let inspection;
    try {
      inspection = await deps.untrusted.run('crl.inspect', { crl: pem ? Buffer.from(got.body).toString('latin1') : Buffer.from(got.body).toString('base64'), known: crlIssuers(vault), now: deps.now().getTime() });
    } catch (error) {
      // The worker's reason, quoted (its own words, English; the errors helper words errors by key).
      return result('crl', crlUrl, 'error', msg('publication:reach.crl.notCrl', { detail: error instanceof Error ? error.message.replace(/^crl: /, '') : String(error) }));
    }
    if (inspection.signature.status !== 'verified' || inspection.signature.authorityId !== id) {
      const summary =
        inspection.signature.status === 'verified'
          ? msg('publication:reach.crl.otherCa', { name: inspection.signature.by ?? inspection.issuerCommonName })
          : inspection.signature.status === 'invalid'
            ? msg('publication:reach.crl.badSignature', { name: inspection.issuerCommonName })
            : msg('publication:reach.crl.unknownCa', { name: inspection.issuerCommonName });
      return result('crl', crlUrl, 'error', summary);
    }
    const number = inspection.number === null ? null : Number(inspection.number);
    const asPem = pem ? msg('publication:reach.crl.pem') : null;
    if (inspection.nextUpdate !== null && Date.parse(inspection.nextUpdate) <= deps.now().getTime()) {
      const date = when(inspection.nextUpdate);
      const latest = latestNumber ?? undefined;
      const summary =
        number === null
          ? latest === undefined
            ? msg('publication:reach.crl.expiredUnnumbered', { date })
            : msg('publication:reach.crl.expiredUnnumberedLatest', { date, latest })
          : latest === undefined
            ? msg('publication:reach.crl.expired', { number, date })
            : msg('publication:reach.crl.expiredLatest', { number, date, latest });
      return result('crl', crlUrl, 'error', summary);
    }
    if (number === null) return result('crl', crlUrl, 'warning', msg('publication:reach.crl.unnumbered'), asPem);
    if (latestNumber === null) return result('crl', crlUrl, 'warning', msg('publication:reach.crl.noneToCompare', { number }), asPem);
    if (number < latestNumber) return result('crl', crlUrl, 'warning', msg('publication:reach.crl.older', { number, latest: latestNumber }), asPem);
    if (number > latestNumber) return result('crl', crlUrl, 'warning', msg('publication:reach.crl.newer', { number, latest: latestNumber }), asPem);
    const current = inspection.nextUpdate === null ? msg('publication:reach.crl.latestNoEnd', { number }) : msg('publication:reach.crl.latest', { number, date: when(inspection.nextUpdate) });
    return result('crl', crlUrl, pem ? 'warning' : 'ok', current, asPem);
  }

  async function caIssuers(): Promise<ReachabilityResult> {
    if (caIssuersUrl === null) return result('caIssuers', null, 'notConfigured', msg('publication:reach.caIssuers.notSet'));
    const got = await fetch(caIssuersUrl);
    const problem = failure(got);
    if (problem || !got.ok) return result('caIssuers', caIssuersUrl, 'error', problem!);
    if (Buffer.from(got.body).equals(caDer)) return result('caIssuers', caIssuersUrl, 'ok', msg('publication:reach.caIssuers.ok'));
    const served = await deps.untrusted.run('certificate.identify', { bytes: got.body });
    const ours = createHash('sha256').update(caDer).digest('hex');
    if (served === null) return result('caIssuers', caIssuersUrl, 'error', msg('publication:reach.caIssuers.notCertificate', { bytes: got.body.length }));
    if (served.sha256 === ours) return result('caIssuers', caIssuersUrl, 'warning', msg('publication:reach.caIssuers.pem'));
    return result('caIssuers', caIssuersUrl, 'error', msg('publication:reach.caIssuers.different', { subject: served.subject, served: fingerprint(served.sha256), ours: fingerprint(ours) }));
  }

  async function ocsp(): Promise<ReachabilityResult> {
    if (ocspUrl === null) return result('ocsp', null, 'notConfigured', msg('publication:reach.ocsp.notSet'));
    // The test serial: the newest certificate this CA issued (what the vault says of it is known), else a random one (unknown).
    const issued = vault.listCertificates(id);
    const newest = issued.reduce<(typeof issued)[number] | undefined>((best, c) => (!best || c.createdAt > best.createdAt ? c : best), undefined);
    const serial = newest ? normalizeSerial(newest.serialNumberHex) : randomBytes(16).toString('hex').replace(/^[89a-f]/, '1');
    const entry = vault.revocations(id).entries.get(serial);
    const expected = !newest ? 'unknown' : entry ? 'revoked' : 'good';
    // Which serial was asked about: the newest certificate, or a made-up one (each its own sentence).
    const about = { serial: newest ? newest.serialNumberHex.toUpperCase() : serial.toUpperCase() };
    const asked = buildOcspRequest(caDer, serial);
    const got = await fetch(ocspUrl, { type: 'application/ocsp-request', body: asked.der });
    const problem = failure(got);
    if (problem || !got.ok) return result('ocsp', ocspUrl, 'error', problem!);
    const reading = await deps.untrusted.run('ocsp.read', { response: got.body, caDerB64: record.certificateDerB64!, serialHex: serial, nonceHex: asked.nonceHex });
    if (reading === null) return result('ocsp', ocspUrl, 'error', msg('publication:reach.ocsp.notOcsp'));
    if (reading.responseStatus !== 'successful') {
      if (reading.responseStatus === 'unknown') return result('ocsp', ocspUrl, 'error', msg('publication:reach.ocsp.undefinedStatus'));
      if (reading.responseStatus === 'unauthorized') return result('ocsp', ocspUrl, 'error', msg('publication:reach.ocsp.unauthorized'));
      if (reading.responseStatus === 'tryLater') return result('ocsp', ocspUrl, 'error', msg('publication:reach.ocsp.tryLater'));
      return result('ocsp', ocspUrl, 'error', msg('publication:reach.ocsp.status', { status: reading.responseStatus }));
    }
    if (reading.signature !== 'verified') return result('ocsp', ocspUrl, 'error', msg(reading.signature === 'unverifiable' ? 'publication:reach.ocsp.unverifiable' : 'publication:reach.ocsp.badSignature'));
    if (reading.nonceMatches === false) return result('ocsp', ocspUrl, 'error', msg('publication:reach.ocsp.replay'));
    if (reading.certStatus === null) return result('ocsp', ocspUrl, 'error', msg(newest ? 'publication:reach.ocsp.silentNewest' : 'publication:reach.ocsp.silentMadeUp', about));
    if (reading.certStatus !== expected) return result('ocsp', ocspUrl, 'error', msg(newest ? 'publication:reach.ocsp.staleNewest' : 'publication:reach.ocsp.staleMadeUp', { ...about, status: reading.certStatus, expected }));
    const key = newest
      ? reading.signer === 'delegated'
        ? 'publication:reach.ocsp.okNewestDelegated'
        : 'publication:reach.ocsp.okNewestCa'
      : reading.signer === 'delegated'
        ? 'publication:reach.ocsp.okMadeUpDelegated'
        : 'publication:reach.ocsp.okMadeUpCa';
    return result('ocsp', ocspUrl, 'ok', msg(key, { ...about, status: reading.certStatus }));
  }

  const results = await Promise.all([crl(), ocsp(), caIssuers()]);
  return { checkedAt: deps.now().toISOString(), latestCrlNumber: latestNumber, results };
}
