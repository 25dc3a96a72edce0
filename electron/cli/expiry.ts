/** The CLI's expiry verbs: renew (or rekey) certificates, and write Prometheus metrics. */
import { writeFileAtomically } from '../services/atomic-write.js';
import { prometheusText } from '../services/metrics.js';
import { daysOption, intOption, warn, type CommandIo, type Values } from './commands.js';
import { CliError, usageError } from './errors.js';
import { english } from '../../shared/i18n/english.js';
import { progressBar } from './progress.js';
import type { Session } from './session.js';

export async function renew(session: Session, references: readonly string[], values: Values, io: CommandIo): Promise<void> {
  const expiring = daysOption(values.expiring, '--expiring');
  if (references.length === 0 && expiring === undefined) throw usageError('renew needs certificates (id, serial or common name) or --expiring 30d');
  if (references.length > 0 && expiring !== undefined) throw usageError('renew takes certificates or --expiring, not both');
  const revokeOldAfter = daysOption(values['revoke-old-after'], '--revoke-old-after');
  const days = intOption(values.days, '--days');
  const ids = await Promise.all(references.map(async (r) => (await session.certificate(r)).id));
  const result = await session.run(
    'certificate.renew',
    {
      ids,
      expiringWithinDays: expiring ?? null,
      rekey: values.rekey === true,
      ...(days === undefined ? {} : { validity: { days } }),
      revokeOldAfterDays: revokeOldAfter ?? null,
      operationId: 'cli-renew',
    },
    (v, p) => session.services.certificates.renew(v, p),
    progressBar(io.err),
  );
  // The JSON keeps its shape for scripts: each reason in English words, as before.
  if (io.json) return io.out(JSON.stringify({ ...result, skipped: result.skipped.map((s) => ({ ...s, reason: english(s.reason) })), warnings: result.warnings.map((w) => english(w)) }, null, 2));
  const verb = values.rekey === true ? 'Rekeyed' : 'Renewed';
  for (const r of result.renewed) io.out(`${verb} ${r.certificate.subject.commonName}: new ${r.certificate.id} (serial ${r.certificate.serialNumberHex}), valid until ${r.certificate.notAfter}; replaces ${r.replacedId}`);
  for (const s of result.skipped) io.err.write(`skipped ${s.commonName} (${s.id}): ${english(s.reason)}\n`);
  if (result.renewed.length === 0 && result.skipped.length === 0) io.out('Nothing to renew.');
  if (result.revokeOldAt) io.out(`The replaced certificates will be revoked as superseded on ${result.revokeOldAt} (or at the first unlock after).`);
  warn(io, result.warnings);
}

/**
 * Written next to the target under an unpredictable name, created exclusively, and renamed over it:
 * node_exporter never reads half a file, and a symlink planted in its (often shared) folder is never
 * written through — one at FILE itself is replaced.
 */
async function writeAtomically(path: string, text: string): Promise<void> {
  try {
    await writeFileAtomically(path, text, { mode: 0o644 });
  } catch (error) {
    throw new CliError(`Cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

export async function metrics(session: Session, values: Values, io: CommandIo): Promise<void> {
  const [authorities, certificates] = await Promise.all([session.run('authority.list', {}, () => session.services.authorities.list()), session.run('certificate.list', {}, () => session.services.certificates.list())]);
  const crlNextUpdates = new Map<string, string | null>();
  for (const a of authorities) if (a.state === 'active') crlNextUpdates.set(a.id, (await session.run('authority.crl', { id: a.id }, async (v) => session.services.revocations.latestCrl(v.id)))?.nextUpdate ?? null);
  const text = prometheusText({ authorities, certificates, crlNextUpdates });
  const out = typeof values.out === 'string' ? values.out : null;
  if (out === null) return io.out(text.trimEnd());
  await writeAtomically(out, text);
  io.err.write(`Wrote ${certificates.length} certificates' metrics to ${out}\n`);
}
