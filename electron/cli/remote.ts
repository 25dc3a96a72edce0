/**
 * `certwright remote add` and `remote list`: connecting the vault to a step-ca server and showing
 * the servers it drives, over the same Remotes service the window uses (services/remote/remotes.ts),
 * each input checked by the contract's schema. `remote export-intermediate` is remote-export.ts.
 *
 * A CLI run is a session of its own, so `remote list` asks every server now (its health, version and
 * provisioners are kept in memory only, per session).
 */
import type { RemoteSummary } from '../../shared/domain/remote.js';
import { english } from '../../shared/i18n/english.js';
import { msg } from '../../shared/i18n/message.js';
import type { Input } from '../../shared/ipc/contract.js';
import { readPasswordFile, type CommandIo, type Values, optionValues } from './commands.js';
import { usageError } from './errors.js';
import type { Session } from './session.js';
import { table } from './table.js';

/** The options `remote add` adds to main.ts's (--name, --provisioner come with remote-export.ts's; --password-file, --json are shared). */
export const REMOTE_OPTIONS = {
  url: { type: 'string', multiple: true },
  fingerprint: { type: 'string' },
} as const;

/** Help lines, in main.ts's USAGE layout. */
export const REMOTE_USAGE = `  remote add --url U [--url U2]… --fingerprint F --provisioner P --password-file F [--name N]
                                         connect to a step-ca server: its root (SHA-256 F, as
                                         step certificate fingerprint prints it) is pinned on first
                                         contact; the JWK provisioner P's key, decrypted with the
                                         file's password, is sealed in the vault. The URLs are tried
                                         in order (several instances sharing a database). Its issuing
                                         CA becomes a remote authority: --ca N issues, renews and
                                         revokes through the server. N defaults to the first URL's host
  remote list [--json]                   the step-ca servers, each asked now: health, version,
                                         provisioners and every URL's state`;


/** A name the contract takes, from the first URL's host (`127.0.0.1`, `ca.example.org`; IPv6's colons become dashes). */
function defaultName(url: string): string {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return 'step-ca';
  }
  const name = host.replace(/[^\p{L}\p{N} ._-]/gu, '-').replace(/^[^\p{L}\p{N}]+/u, '').slice(0, 64);
  return name || 'step-ca';
}

export async function remoteCommand(session: Session, rest: readonly string[], values: Values, io: CommandIo): Promise<void> {
  if (rest[0] === 'add') return add(session, rest.slice(1), values, io);
  if (rest[0] === 'list') return listRemotes(session, rest.slice(1), io);
  throw usageError('remote takes add, list or export-intermediate');
}

async function add(session: Session, rest: readonly string[], values: Values, io: CommandIo): Promise<void> {
  if (rest.length > 0) throw usageError(`remote add takes no arguments (got ${rest.join(' ')}): give the server with --url`);
  const urls = optionValues(values.url);
  if (urls.length === 0) throw usageError('remote add needs --url https://HOST:PORT (repeat it for several instances, in failover order)');
  if (typeof values.fingerprint !== 'string') throw usageError('remote add needs --fingerprint F: the SHA-256 of the server\'s root (step certificate fingerprint root_ca.crt)');
  if (typeof values.provisioner !== 'string') throw usageError('remote add needs --provisioner P: the JWK provisioner whose key signs the one-time tokens');
  if (typeof values['password-file'] !== 'string') throw usageError('remote add needs --password-file F: the provisioner\'s password, to decrypt its key');
  const password = await readPasswordFile(values['password-file']);
  const request: Input<'remote.connect'> = {
    name: typeof values.name === 'string' ? values.name : defaultName(urls[0]!),
    urls,
    fingerprint: values.fingerprint,
    provisioner: values.provisioner,
    password,
  };
  const remote = await session.run('remote.connect', request, (v) => session.services.remotes.connect(v));
  if (io.json) return io.out(JSON.stringify(remote, null, 2));
  const authority = (await session.do(() => session.services.authorities.list())).find((a) => a.id === remote.authorityId);
  io.out(english(msg('remote:connect.connected', { name: remote.name, intermediate: authority?.subject.commonName ?? remote.authorityId, authorityId: remote.authorityId })));
  for (const line of details(remote)) io.out(line);
}

async function listRemotes(session: Session, rest: readonly string[], io: CommandIo): Promise<void> {
  if (rest.length > 0) throw usageError(`remote list takes no arguments (got ${rest.join(' ')})`);
  const known = await session.do(() => session.services.remotes.list());
  const checked = await Promise.all(known.map((r) => session.run('remote.check', { id: r.id }, (v) => session.services.remotes.check(v.id))));
  if (io.json) return io.out(JSON.stringify(checked, null, 2));
  if (checked.length === 0) return io.out(english(msg('remote:connect.none')));
  io.out(
    table(
      ['NAME', 'HEALTH', 'VERSION', 'PROVISIONERS', 'URLS'],
      checked.map((r) => [r.name, r.health, r.version ?? '-', r.provisioners.map((p) => `${p.name} (${p.type})`).join(', ') || '-', r.urls.join(' ')]),
    ),
  );
  for (const remote of checked) {
    for (const u of remote.urlStatus) if (u.problem) io.out(english(msg('remote:connect.urlProblem', { name: remote.name, url: u.url, problem: english(u.problem) })));
  }
}

function details(remote: RemoteSummary): string[] {
  return [
    `  health         ${remote.health}${remote.version ? ` (step-ca ${remote.version})` : ''}`,
    `  urls           ${remote.urls.join(' ')}`,
    `  root sha256    ${remote.rootFingerprint}`,
    `  provisioner    ${remote.provisioner}`,
    `  provisioners   ${remote.provisioners.map((p) => `${p.name} (${p.type})`).join(', ') || '-'}`,
  ];
}
