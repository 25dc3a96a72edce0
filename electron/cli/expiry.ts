/** The CLI's expiry verbs: renew (or rekey) certificates, and write Prometheus metrics. */
import { writeFileAtomically } from '../services/atomic-write.js';
import { currentMetrics } from '../services/metrics.js';
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

/**
 * `metrics [--out FILE]`: the Prometheus text of the vault's certificates and of the watched
 * endpoints' last stored probes (services/metrics.ts), on stdout or written atomically to FILE
 * (node_exporter's textfile collector). `metrics serve` serves the same text live.
 */
export async function metrics(session: Session, rest: readonly string[], values: Values, io: CommandIo, signals: Signals = process): Promise<void> {
  if (rest[0] === 'serve') return metricsServe(session, values, io, signals);
  if (rest.length > 0) throw usageError('metrics takes serve, or nothing');
  const { services } = session;
  const { text, input } = await session.do(() => currentMetrics(services));
  const out = typeof values.out === 'string' ? values.out : null;
  if (out === null) return io.out(text.trimEnd());
  await writeAtomically(out, text);
  io.err.write(`Wrote the metrics of ${input.certificates.length} certificates and ${input.endpoints?.length ?? 0} endpoints to ${out}\n`);
}

type Signals = { once(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown };

/**
 * `metrics serve [--port P]`: /metrics on 127.0.0.1 until SIGINT or SIGTERM. The watched endpoints
 * are probed on their schedule in this process meanwhile (the session was opened with the schedule
 * on), so the figures stay fresh without the app.
 */
async function metricsServe(session: Session, values: Values, io: CommandIo, signals: Signals): Promise<void> {
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(String(values.port)) || port < 1024 || port > 65535) throw usageError('--port takes a port from 1024 to 65535');
  }
  const { metricsServer, watching } = session.services;
  const status = await session.do(() => metricsServer.start(port));
  if (!status.running || status.url === null) {
    // The schedule started with the unlock: stopped (its probe under way finished and recorded) before saying why.
    watching.stop();
    await watching.idle();
    if (status.problem?.key === 'watch:metrics.portInUse') throw new CliError(`Port ${status.problem.params?.port} on 127.0.0.1 is in use; choose another with --port`);
    throw new CliError(status.problem ? english(status.problem) : 'The metrics listener did not start');
  }
  const endpoints = watching.list().length;
  if (io.json) io.out(JSON.stringify({ url: status.url, endpoints }));
  io.err.write(`Serving metrics on ${status.url}; ${endpoints} watched endpoint${endpoints === 1 ? ' is' : 's are'} probed on their schedule meanwhile (Ctrl+C stops it)\n`);
  await new Promise<void>((resolve) => {
    signals.once('SIGINT', resolve);
    signals.once('SIGTERM', resolve);
  });
  await metricsServer.stop();
  // Stops the schedule (a round under way ends before its next probe) and locks the vault.
  session.services.session.lock();
  await watching.idle();
}
