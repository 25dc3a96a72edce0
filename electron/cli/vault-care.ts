/** The CLI verbs that look after the vault itself: backup, restore, passphrase, audit. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AUDIT_KINDS, type AuditKind } from '../../shared/domain/audit.js';
import { CertwrightError } from '../../shared/errors.js';
import { restoreBackup } from '../vault/backup.js';
import type { CommandIo, Values } from './commands.js';
import { CliError, usageError } from './errors.js';
import { readPassphrase, type PassphraseSource } from './passphrase.js';
import type { Session } from './session.js';
import { table } from './table.js';

/** `backup --out FILE`: one encrypted file holding the whole vault; never overwrites. */
export async function backup(session: Session, values: Values, io: CommandIo): Promise<void> {
  if (typeof values.out !== 'string') throw usageError('backup needs --out FILE');
  const out = resolve(values.out);
  if (existsSync(out)) throw new CliError(`${out} already exists; choose another name (a backup never overwrites a file)`);
  const result = await session.run('vault.backup', {}, () => session.services.vaultCare.backup(async () => out));
  io.out(io.json ? JSON.stringify(result) : `Backed up the vault to ${result.path} (${result.bytes} bytes, sha256 ${result.sha256}). It opens with the vault passphrase as it is now.`);
}

/** `restore FILE --vault DIR`: only into an empty location; checks the passphrase and every byte first. */
export async function restore(directory: string, file: string | undefined, passphrase: PassphraseSource, io: CommandIo): Promise<void> {
  if (file === undefined) throw usageError('restore needs the backup FILE');
  try {
    await restoreBackup(resolve(file), await readPassphrase(passphrase, 'Backup passphrase: '), directory, globalThis.crypto, new Date());
  } catch (error) {
    if (error instanceof CertwrightError) throw new CliError(error.message);
    throw error;
  }
  io.out(io.json ? JSON.stringify({ vault: directory, restored: resolve(file) }) : `Restored ${resolve(file)} into ${directory}. CRL numbers moved ahead so none published since the backup repeats.`);
}

/** `passphrase --new-passphrase-file F` (or a prompt, asked twice): re-wraps the vault key in one atomic write. */
export async function changePassphrase(session: Session, current: string, values: Values, source: PassphraseSource, io: CommandIo): Promise<void> {
  const file = values['new-passphrase-file'];
  // Only from its own file or the prompt: never the current passphrase's file or variable again.
  const next = await readPassphrase({ stdin: source.stdin, stderr: source.stderr, ...(typeof file === 'string' ? { file } : {}) }, 'New vault passphrase: ', true);
  await session.run('vault.changePassphrase', { current, next }, (v) => session.services.vaultCare.changePassphrase(v.current, v.next));
  io.out(io.json ? JSON.stringify({ changed: true }) : 'Changed the vault passphrase; the old one no longer opens the vault (backups made before still open with it).');
}

const kindOption = (value: Values[string]): AuditKind[] => {
  const kinds = Array.isArray(value) ? value : value === undefined ? [] : [String(value)];
  for (const k of kinds) if (!(AUDIT_KINDS as readonly string[]).includes(k)) throw usageError(`--kind takes one of ${AUDIT_KINDS.join(', ')}`);
  return kinds as AuditKind[];
};

/** `audit [--verify] [--ca CA] [--kind K]… [--since DATE] [--limit N]`: the audit log, newest first, or its check. */
export async function audit(session: Session, values: Values, io: CommandIo): Promise<void> {
  if (values.verify === true) {
    const result = await session.run('audit.verify', {}, async () => session.services.vaultCare.verifyAudit());
    if (io.json) io.out(JSON.stringify(result, null, 2));
    else if (result.ok) io.out(`The audit log is intact: ${result.entries} entries, hash chain and MACs check out, and it ends where the vault recorded.`);
    if (!result.ok) throw new CliError(`The audit log failed verification:\n${result.problems.map((p) => `  line ${p.line}: ${p.message}`).join('\n')}`);
    return;
  }
  const since = values.since === undefined ? undefined : new Date(String(values.since));
  if (since && Number.isNaN(since.getTime())) throw usageError('--since takes a date such as 2026-12-01');
  const limit = values.limit === undefined ? 100 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw usageError('--limit takes a number from 1 to 500');
  const authorityId = typeof values.ca === 'string' ? (await session.authority(values.ca)).id : undefined;
  const page = await session.run('audit.list', { filter: { kinds: kindOption(values.kind), ...(authorityId ? { authorityId } : {}), ...(since ? { from: since.toISOString() } : {}) }, limit }, async (v) => session.services.vaultCare.auditEntries(v));
  if (io.json) return io.out(JSON.stringify(page, null, 2));
  if (page.entries.length === 0) return io.out('No audit entries match.');
  io.out(table(['SEQ', 'AT', 'KIND', 'SUBJECT', 'SERIAL', 'DETAILS'], page.entries.map((e) => [String(e.seq), e.at.slice(0, 19), e.kind, e.subject ?? '-', e.serial ?? '-', Object.entries(e.details).map(([k, v]) => `${k}=${String(v)}`).join(' ') || '-'])));
  if (page.total > page.entries.length) io.out(`(${page.entries.length} of ${page.total}; --limit shows more)`);
}
