/**
 * What clients see at a CA's URLs: each configured URL (CRL distribution point, OCSP, CA Issuers) is
 * fetched as a client would (bounded in time and size, services/publication/fetch.ts), what comes back
 * is read in the untrusted-input worker (it is outside input, whoever serves it), and compared with
 * the vault: "the CRL at this URL is #12, the latest is #14", "the CA Issuers URL serves a different
 * certificate", "OCSP answers good for serial …, as the vault says".
 */
import { createHash, randomBytes } from 'node:crypto';
import { REACHABILITY_MAX_BYTES, REACHABILITY_TIMEOUT_MS, type ReachabilityKind, type ReachabilityReport, type ReachabilityResult, type ReachabilityVerdict } from '../../../shared/domain/publication.js';
import { CertwrightError } from '../../../shared/errors.js';
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

const result = (kind: ReachabilityKind, url: string | null, verdict: ReachabilityVerdict, summary: string): ReachabilityResult => ({ kind, url, verdict, summary });
/** A time as the app shows it: 2026-12-14 12:55 UTC. */
const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const fingerprint = (hex: string) => `${hex.slice(0, 16).toUpperCase().replace(/(..)(?=.)/g, '$1:')}…`;

/** A fetch that did not give a 200 answer, in words; null when it did. */
function failure(got: Fetched): string | null {
  if (!got.ok) return `Clients get nothing: ${got.problem}.`;
  if (got.status >= 300 && got.status < 400) return `It redirects (HTTP ${got.status}${got.location ? ` to ${got.location}` : ''}); OpenSSL and many clients do not follow redirects when fetching revocation data.`;
  if (got.status !== 200) return `It answers HTTP ${got.status}: clients get nothing usable.`;
  return null;
}

export async function checkReachability(deps: ReachabilityDeps, id: string): Promise<ReachabilityReport> {
  const { vault } = deps;
  vault.assertUnlocked();
  const record = vault.getAuthority(id);
  if (record.state !== 'active' || !record.certificateDerB64) throw new CertwrightError('INVALID_INPUT', 'id: This intermediate is waiting for its signed certificate; it has no URLs to check yet', { field: 'id' });
  const caDer = new Uint8Array(Buffer.from(record.certificateDerB64, 'base64'));
  const latest = deps.revoking.latest(id);
  const latestNumber = latest?.number ?? null;
  const timeoutMs = deps.timeoutMs ?? REACHABILITY_TIMEOUT_MS;
  const fetch = (url: string, post?: { type: string; body: Uint8Array }) => fetchBounded(url, { timeoutMs, maxBytes: REACHABILITY_MAX_BYTES, ...(post ? { post } : {}) });
  const { crlUrl, ocspUrl, caIssuersUrl } = record.settings;

  async function crl(): Promise<ReachabilityResult> {
    if (crlUrl === null) return result('crl', null, 'notConfigured', 'Not set: certificates from this CA carry no CRL distribution point, so clients that check revocation by CRL have nowhere to look.');
    const got = await fetch(crlUrl);
    const problem = failure(got);
    if (problem || !got.ok) return result('crl', crlUrl, 'error', problem ?? '');
    const pem = Buffer.from(got.body.subarray(0, 64)).toString('latin1').includes('-----BEGIN');
    let inspection;
    try {
      inspection = await deps.untrusted.run('crl.inspect', { crl: pem ? Buffer.from(got.body).toString('latin1') : Buffer.from(got.body).toString('base64'), known: crlIssuers(vault), now: deps.now().getTime() });
    } catch (error) {
      return result('crl', crlUrl, 'error', `What it serves is not a CRL clients can read: ${error instanceof Error ? error.message.replace(/^crl: /, '') : String(error)}`);
    }
    if (inspection.signature.status !== 'verified' || inspection.signature.authorityId !== id) {
      const whose = inspection.signature.status === 'verified' ? `another CA of this vault (${inspection.signature.by ?? inspection.issuerCommonName})` : inspection.signature.status === 'invalid' ? `${inspection.issuerCommonName}, but its signature does not verify` : `${inspection.issuerCommonName}, a CA not in this vault`;
      return result('crl', crlUrl, 'error', `It serves a CRL of ${whose}, not this CA's: clients cannot check this CA's certificates with it.`);
    }
    const number = inspection.number === null ? null : Number(inspection.number);
    const label = number === null ? 'a CRL without a number' : `#${number}`;
    const asPem = pem ? ' It is PEM; clients fetching a distribution point expect DER (application/pkix-crl).' : '';
    if (inspection.nextUpdate !== null && Date.parse(inspection.nextUpdate) <= deps.now().getTime()) {
      return result('crl', crlUrl, 'error', `The CRL at this URL is ${label} and expired on ${when(inspection.nextUpdate)}: clients refuse every certificate of this CA until a newer one is served${latestNumber !== null ? ` (the latest is #${latestNumber})` : ''}.`);
    }
    if (latestNumber === null || number === null) return result('crl', crlUrl, 'warning', `The CRL at this URL is ${label}; this vault has published none to compare it with.${asPem}`);
    if (number < latestNumber) return result('crl', crlUrl, 'warning', `The CRL at this URL is #${number}, the latest is #${latestNumber}: clients do not see the revocations since. Publish again where this URL is served from.${asPem}`);
    if (number > latestNumber) return result('crl', crlUrl, 'warning', `The CRL at this URL is #${number}, newer than the latest here (#${latestNumber}): another copy of this CA published it.${asPem}`);
    return result('crl', crlUrl, pem ? 'warning' : 'ok', `The CRL at this URL is #${number}, the latest, valid until ${inspection.nextUpdate === null ? 'no set time' : when(inspection.nextUpdate)}.${asPem}`);
  }

  async function caIssuers(): Promise<ReachabilityResult> {
    if (caIssuersUrl === null) return result('caIssuers', null, 'notConfigured', "Not set: clients missing this CA's certificate cannot fetch it (a server that sends an incomplete chain fails).");
    const got = await fetch(caIssuersUrl);
    const problem = failure(got);
    if (problem || !got.ok) return result('caIssuers', caIssuersUrl, 'error', problem ?? '');
    if (Buffer.from(got.body).equals(caDer)) return result('caIssuers', caIssuersUrl, 'ok', "It serves this CA's certificate (DER), as clients expect.");
    const served = await deps.untrusted.run('certificate.identify', { bytes: got.body });
    const ours = createHash('sha256').update(caDer).digest('hex');
    if (served === null) return result('caIssuers', caIssuersUrl, 'error', `It serves ${got.body.length.toLocaleString('en')} bytes that are not a certificate: clients cannot complete the chain with it.`);
    if (served.sha256 === ours) return result('caIssuers', caIssuersUrl, 'warning', "It serves this CA's certificate, but as PEM: RFC 5280 §4.2.2.1 asks for DER, and Windows and OpenSSL expect DER there.");
    return result('caIssuers', caIssuersUrl, 'error', `It serves a different certificate (${served.subject}, SHA-256 ${fingerprint(served.sha256)}), not this CA's (SHA-256 ${fingerprint(ours)}): clients build no chain with it.`);
  }

  async function ocsp(): Promise<ReachabilityResult> {
    if (ocspUrl === null) return result('ocsp', null, 'notConfigured', 'Not set: certificates from this CA carry no OCSP URL; clients check revocation by CRL only (or not at all).');
    // The test serial: the newest certificate this CA issued (what the vault says of it is known), else a random one (unknown).
    const issued = vault.listCertificates(id);
    const newest = issued.reduce<(typeof issued)[number] | undefined>((best, c) => (!best || c.createdAt > best.createdAt ? c : best), undefined);
    const serial = newest ? normalizeSerial(newest.serialNumberHex) : randomBytes(16).toString('hex').replace(/^[89a-f]/, '1');
    const entry = vault.revocations(id).entries.get(serial);
    const expected = !newest ? 'unknown' : entry ? 'revoked' : 'good';
    const about = newest ? `serial ${newest.serialNumberHex.toUpperCase()} (the newest certificate of this CA)` : `a made-up serial ${serial.toUpperCase()} (this CA has issued nothing yet)`;
    const asked = buildOcspRequest(caDer, serial);
    const got = await fetch(ocspUrl, { type: 'application/ocsp-request', body: asked.der });
    const problem = failure(got);
    if (problem || !got.ok) return result('ocsp', ocspUrl, 'error', problem ?? '');
    const reading = await deps.untrusted.run('ocsp.read', { response: got.body, caDerB64: record.certificateDerB64!, serialHex: serial, nonceHex: asked.nonceHex });
    if (reading === null) return result('ocsp', ocspUrl, 'error', 'What it answers is not an OCSP response.');
    if (reading.responseStatus !== 'successful') {
      const why = reading.responseStatus === 'unauthorized' ? ': it does not answer for this CA' : reading.responseStatus === 'tryLater' ? ': it is busy, or its vault is locked' : '';
      if (reading.responseStatus === 'unknown') return result('ocsp', ocspUrl, 'error', 'It answers with a response status RFC 6960 does not define: clients reject it.');
      return result('ocsp', ocspUrl, 'error', `OCSP answers ${reading.responseStatus}${why}.`);
    }
    if (reading.signature !== 'verified') return result('ocsp', ocspUrl, 'error', `The answer's signature ${reading.signature === 'unverifiable' ? 'uses an algorithm not checked here' : "does not verify with this CA's key, nor with a responder certificate it issued"}: clients reject it.`);
    if (reading.nonceMatches === false) return result('ocsp', ocspUrl, 'error', 'The answer carries another nonce than the one sent: it is a replay, and clients reject it.');
    if (reading.certStatus === null) return result('ocsp', ocspUrl, 'error', `The answer says nothing about ${about}.`);
    const signer = reading.signer === 'delegated' ? 'a delegated responder certificate' : 'the CA key';
    if (reading.certStatus !== expected) return result('ocsp', ocspUrl, 'error', `OCSP answers ${reading.certStatus} for ${about}, but the vault says ${expected}: this responder is out of date.`);
    return result('ocsp', ocspUrl, 'ok', `OCSP answers ${reading.certStatus} for ${about}, as the vault says; signed by ${signer}.`);
  }

  const results = await Promise.all([crl(), ocsp(), caIssuers()]);
  return { checkedAt: deps.now().toISOString(), latestCrlNumber: latestNumber, results };
}
