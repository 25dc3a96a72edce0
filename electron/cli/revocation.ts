/** The CLI's revocation verbs: revoke, release (lift a hold) and crl. */
import { writeBundle } from '../services/write-bundle.js';
import { REASON_INFO, REVOCATION_REASONS, type RevocationReason } from '../../shared/domain/revocation.js';
import type { CommandIo, Values } from './commands.js';
import { CertwrightError } from '../../shared/errors.js';
import { CliError, usageError } from './errors.js';
import type { Session } from './session.js';

/** "2026-11-30" or a full ISO date-time → ISO date-time. */
function invalidityOption(value: Values[string]): string | null {
  if (value === undefined) return null;
  const text = String(value);
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime())) throw usageError(`--invalidity takes a date such as 2026-11-30 or 2026-11-30T14:00:00Z, not "${text}"`);
  return date.toISOString();
}

function reasonOption(value: Values[string]): RevocationReason {
  if (value === undefined) throw usageError(`revoke needs --reason (${REVOCATION_REASONS.join(', ')})`);
  if (!REVOCATION_REASONS.includes(value as RevocationReason)) throw usageError(`--reason must be one of ${REVOCATION_REASONS.join(', ')}`);
  return value as RevocationReason;
}

export async function revoke(session: Session, references: readonly string[], values: Values, io: CommandIo): Promise<void> {
  if (values.serial !== undefined) return revokeOnServer(session, references, values, io);
  if (references.length === 0) throw usageError('revoke needs at least one certificate (id, serial or common name)');
  const reason = reasonOption(values.reason);
  const invalidityDate = invalidityOption(values.invalidity);
  const ids = await Promise.all(references.map(async (r) => (await session.certificate(r)).id));
  const result = await session.run('certificate.revoke', { ids, reason, invalidityDate }, (v, p) => session.services.revocations.revoke(v, p));
  if (io.json) return io.out(JSON.stringify(result, null, 2));
  for (const c of result.revoked) io.out(`Revoked ${c.subject.commonName} (serial ${c.serialNumberHex}): ${REASON_INFO[reason].label}`);
  for (const crl of result.crls) io.out(`Published CRL #${crl.number} of ${crl.entries} entr${crl.entries === 1 ? 'y' : 'ies'}, next update ${crl.nextUpdate}`);
  if (reason !== 'certificateHold') io.err.write('note: this revocation is final; only a certificate hold can be lifted\n');
}

/**
 * `revoke --ca REMOTE --serial HEX`: a certificate of a step-ca server revoked there by its serial —
 * possibly one another desktop issued, so not in this vault (services/remote/remote-issuing.ts).
 */
async function revokeOnServer(session: Session, references: readonly string[], values: Values, io: CommandIo): Promise<void> {
  if (references.length > 0) throw usageError('revoke --serial takes no certificate arguments');
  if (typeof values.ca !== 'string' || typeof values.serial !== 'string') throw usageError('revoke --serial HEX needs --ca REMOTE (the step-ca server that issued it)');
  const reason = reasonOption(values.reason);
  if (values.invalidity !== undefined) throw usageError('--invalidity is not recorded by step-ca; leave it out with --serial');
  const authority = await session.authority(values.ca);
  if (!authority.remoteId) throw usageError(`--serial revokes on a step-ca server: "${values.ca}" is a CA of this vault; give the certificate (id, serial or common name) instead`);
  const serial = values.serial;
  const result = await session.do(() => session.services.issuing.remote.revokeSerial(authority.id, serial, reason));
  if (io.json) return io.out(JSON.stringify({ authorityId: authority.id, ...result, reason }, null, 2));
  io.out(`Revoked serial ${result.serialNumberHex} on the step-ca server of ${authority.subject.commonName}: ${REASON_INFO[reason].label}${result.certificateId ? '' : ' (not in this vault; recorded in its revocation list)'}`);
  io.err.write('note: a revocation on step-ca is final; the server refuses to renew the certificate from now on\n');
}

export async function release(session: Session, reference: string | undefined, io: CommandIo): Promise<void> {
  if (!reference) throw usageError('release needs the certificate on hold (id, serial or common name)');
  const result = await session.run('certificate.release', { id: (await session.certificate(reference)).id }, (v) => session.services.revocations.release(v.id));
  if (io.json) return io.out(JSON.stringify(result, null, 2));
  io.out(`Lifted the hold on ${result.certificate.subject.commonName}; CRL #${result.crl.number} no longer lists it`);
}

export async function crl(session: Session, values: Values, io: CommandIo): Promise<void> {
  if (typeof values.ca !== 'string') throw usageError('crl needs --ca CA');
  const authority = await session.authority(values.ca);
  // The first CRL is published on demand: a CA that never revoked anything still has a (empty) CRL to hand out.
  const detail = (!values.publish && (await session.run('authority.crl', { id: authority.id }, async (v) => session.services.revocations.latestCrl(v.id)))) || (await session.run('authority.publishCrl', { id: authority.id }, (v) => session.services.revocations.publishCrl(v.id)));
  if (typeof values.out !== 'string') {
    if (values.der) throw usageError('--der writes binary: give --out FILE');
    return io.out(io.json ? JSON.stringify(detail, null, 2) : detail.pem.trimEnd());
  }
  const contents = await session.services.revocations.crlBytes(authority.id, values.der ? 'der' : 'pem');
  const [written] = await writeBundle({ layout: 'file', files: [{ name: 'crl', contents, secret: false, mode: 0o644 }] }, values.out);
  const { history: _history, pem: _pem, ...facts } = detail;
  if (io.json) return io.out(JSON.stringify({ ...facts, file: written }, null, 2));
  io.out(`Wrote CRL #${detail.number} of ${authority.subject.commonName} (${detail.entries} entr${detail.entries === 1 ? 'y' : 'ies'}, next update ${detail.nextUpdate}) to ${written}`);
}

/** `ocsp serve`: a local OCSP responder for one CA until interrupted (Ctrl+C, SIGTERM). */
export async function ocspServe(session: Session, values: Values, io: CommandIo, signals: { once(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown } = process): Promise<void> {
  if (typeof values.ca !== 'string') throw usageError('ocsp serve needs --ca CA');
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(String(values.port)) || port < 1024 || port > 65535) throw usageError('--port takes a port from 1024 to 65535');
  }
  const authority = await session.authority(values.ca);
  const { ocsp } = session.services;
  let status;
  try {
    status = await ocsp.start(authority.id, { port, delegated: values.delegated === true });
  } catch (error) {
    if (error instanceof CertwrightError && error.details?.field === 'port') throw new CliError(`Port ${port} on 127.0.0.1 is in use; choose another with --port`);
    throw error;
  }
  const { url, signer } = status;
  io.out(io.json ? JSON.stringify({ authorityId: authority.id, url, signer }) : `OCSP responder for ${authority.subject.commonName} on ${url}, signing with ${signer === 'ca' ? 'the CA key' : 'a delegated OCSP certificate'} (Ctrl+C stops it)`);
  await new Promise<void>((resolve) => {
    signals.once('SIGINT', resolve);
    signals.once('SIGTERM', resolve);
  });
  await ocsp.stopAll();
  session.vault.lock();
}
