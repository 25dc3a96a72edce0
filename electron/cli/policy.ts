/**
 * `certwright policy …` and `certwright services`: the service policy (service-policy.json) —
 * imported only whole and only when every line is right, exported, asked about — and the services
 * the policy and the vault's client certificates name, as the window's Services view shows them.
 */
import { english } from '../../shared/i18n/english.js';
import { resolve } from 'node:path';
import type { CommandIo, Values } from './commands.js';
import { CliError, usageError } from './errors.js';
import type { Session } from './session.js';
import { daysLeft, table } from './table.js';

/** Exit code of a denied `policy check` (the same as an invalid token's). */
const DENIED_EXIT_CODE = 3;

export async function policyCommand(session: Session, rest: readonly string[], values: Values, io: CommandIo): Promise<number> {
  const [sub, ...args] = rest;
  switch (sub) {
    case 'import':
      if (args.length !== 1) throw usageError('policy import needs one FILE (service-policy.json)');
      await policyImport(session, args[0]!, io);
      return 0;
    case 'export':
      if (args.length > 0) throw usageError('policy export writes to --out FILE (or stdout)');
      await policyExport(session, values, io);
      return 0;
    case 'check':
      if (args.length !== 2) throw usageError('policy check needs CALLER and SERVICE:ACTION, as in: policy check order-service payment-service:charge');
      return policyCheck(session, args[0]!, args[1]!, io);
    default:
      throw usageError('policy takes import, export or check');
  }
}

async function policyImport(session: Session, file: string, io: CommandIo): Promise<void> {
  const path = resolve(file);
  const identity = session.services.identity;
  let view;
  try {
    view = await session.run('policy.import', {}, () => identity.importPolicy(async () => path));
  } catch (error) {
    // The service names the first problem as `text: Line L, column C: …`: say which file, and that nothing changed.
    if (error instanceof CliError && error.exitCode === 1) {
      const problem = error.message.replace(/^(?:text|path): /, '');
      throw new CliError(`${file} was not imported (the policy is unchanged): ${problem}`);
    }
    throw error;
  }
  if (view === null) throw new CliError(`${file} was not imported`);
  if (io.json) return io.out(JSON.stringify(view, null, 2));
  io.out(`Imported ${path}: ${view.services} service${view.services === 1 ? '' : 's'} in the policy`);
  if (view.withoutCertificate.length > 0) io.err.write(`note: no client certificate in the vault yet for ${view.withoutCertificate.join(', ')}\n`);
}

async function policyExport(session: Session, values: Values, io: CommandIo): Promise<void> {
  const identity = session.services.identity;
  if (typeof values.out === 'string') {
    const out = values.out;
    const result = await session.run('policy.export', {}, () => identity.exportPolicy(async () => out));
    return io.out(io.json ? JSON.stringify({ files: result.paths }) : `Wrote ${result.paths.join(', ')}`);
  }
  const view = await session.run('policy.get', {}, async () => identity.policy());
  io.out(io.json ? JSON.stringify(view, null, 2) : view.text.trimEnd());
}

async function policyCheck(session: Session, caller: string, action: string, io: CommandIo): Promise<number> {
  const decision = await session.run('policy.check', { caller, action }, async (v) => session.services.identity.check(v.caller, v.action));
  const reason = english(decision.reason);
  io.out(io.json ? JSON.stringify({ allowed: decision.allowed, reason }, null, 2) : `${decision.allowed ? 'Allowed' : 'Denied'}: ${reason}`);
  return decision.allowed ? 0 : DENIED_EXIT_CODE;
}

export async function servicesCommand(session: Session, io: CommandIo): Promise<void> {
  const rows = await session.run('services.list', {}, async () => session.services.identity.services());
  if (io.json) return io.out(JSON.stringify(rows, null, 2));
  if (rows.length === 0) return io.out('No services: import a policy (certwright policy import FILE) or issue client certificates.');
  const now = new Date();
  io.out(
    table(
      ['SERVICE', 'POLICY', 'CERTIFICATE', 'CALLS', 'CALLED BY', 'TOKEN TTL'],
      rows.map((r) => {
        const newest = r.certificates[0];
        const certificate = newest ? `${newest.status}, ${newest.notAfter.slice(0, 10)} (${daysLeft(newest.notAfter, now)})${r.certificates.length > 1 ? ` +${r.certificates.length - 1}` : ''}` : 'none';
        return [
          r.name,
          r.inPolicy ? 'yes' : 'no',
          certificate,
          r.calls.join(', ') || '-',
          r.calledBy.map((c) => `${c.caller} (${c.actions.map((a) => a.slice(a.indexOf(':') + 1)).join(', ')})`).join(', ') || '-',
          `${Math.round(r.tokenTtlSeconds / 60)} min`,
        ];
      }),
    ),
  );
}
