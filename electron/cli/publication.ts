/**
 * `certwright publish`: the CA's latest CRL (DER .crl and PEM .crl.pem) and its certificate (.crt and
 * .pem) written atomically into a folder; `publish serve` serves them and OCSP over HTTP until
 * interrupted (Ctrl+C, SIGTERM), on 127.0.0.1:8080 unless --bind says otherwise.
 */
import { exposureWarning, PUBLICATION_DEFAULT_PORT } from '../../shared/domain/publication.js';
import { checkIp } from '../../shared/validation/san.js';
import { CertwrightError } from '../../shared/errors.js';
import { english } from '../../shared/i18n/english.js';
import type { CommandIo, Values } from './commands.js';
import { CliError, usageError } from './errors.js';
import type { Session } from './session.js';

export const PUBLICATION_USAGE = `  publish --ca CA --dir DIR            write the CA's latest CRL (DIR/NAME.crl DER, NAME.crl.pem) and
                                         its certificate (NAME.crt DER, NAME.pem) atomically, NAME
                                         from its common name: for a web server's folder or a sync
  publish serve --ca CA [--bind ADDR[:PORT]]
                                         serve the CA's CRL (/NAME.crl), certificate (/NAME.crt) and
                                         OCSP (/NAME/ocsp, and the paths of the CA's URLs) over HTTP
                                         until Ctrl+C; 127.0.0.1:${PUBLICATION_DEFAULT_PORT} by default (another address
                                         lets other machines read who is revoked)`;

type Signals = { once(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown };

/** "127.0.0.1:8080", "[::1]:8080", "192.0.2.10" (the default port) → address and port. */
export function bindOption(value: Values[string]): { bind: string; port: number } {
  if (value === undefined) return { bind: '127.0.0.1', port: PUBLICATION_DEFAULT_PORT };
  const text = String(value).trim();
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+)|([0-9a-fA-F:]+))(?::(\d{1,5}))?$/.exec(text);
  const address = match ? (match[1] ?? match[2] ?? match[3] ?? '') : '';
  // A bare IPv6 address has colons of its own: no port can follow it without brackets.
  const [bind, portText] = match?.[3] !== undefined ? [text, undefined] : [address, match?.[4]];
  if (!match || !checkIp(bind).ok) throw usageError(`--bind takes ADDRESS[:PORT] such as 127.0.0.1:8080 or [::1]:8080, not "${text}"`);
  const port = portText === undefined ? PUBLICATION_DEFAULT_PORT : Number(portText);
  if (port < 1024 || port > 65535) throw usageError('--bind takes a port from 1024 to 65535');
  return { bind, port };
}

export async function publishCommand(session: Session, rest: readonly string[], values: Values, io: CommandIo, signals: Signals = process): Promise<void> {
  const [sub, ...extra] = rest;
  if (sub !== undefined && sub !== 'serve') throw usageError(`publish takes --dir DIR, or serve; not "${sub}"`);
  if (extra.length > 0) throw usageError(`Unexpected argument "${extra[0]}"`);
  if (typeof values.ca !== 'string') throw usageError(`publish${sub ? ' serve' : ''} needs --ca CA`);
  if (sub === 'serve') return serve(session, values, io, signals);
  if (typeof values.dir !== 'string') throw usageError('publish needs --dir DIR (or publish serve)');
  const dir = values.dir;
  const authority = await session.authority(values.ca);
  const result = await session.run('authority.publishToFolder', { id: authority.id }, (v) => session.services.publication.toFolder(v.id, async () => dir));
  if (io.json) return io.out(JSON.stringify(result, null, 2));
  io.out(`Published CRL #${result.crlNumber} and the certificate of ${authority.subject.commonName} to ${result.folder}:`);
  for (const file of result.files) io.out(`  ${file}`);
}

async function serve(session: Session, values: Values, io: CommandIo, signals: Signals): Promise<void> {
  const { bind, port } = bindOption(values.bind);
  const authority = await session.authority(String(values.ca));
  const { publication } = session.services;
  let status;
  try {
    status = await session.run('authority.publicationStart', { id: authority.id, bind, port }, (v) => publication.start(v.id, { bind: v.bind, port: v.port }));
  } catch (error) {
    if (!(error instanceof CliError || error instanceof CertwrightError)) throw error;
    const message = error.message.replace(/^(port|bind): /, '').replace(/; choose another$/, '');
    throw new CliError(/in use|not an address|same name/.test(message) ? `${message}; choose another with --bind ADDRESS:PORT` : message);
  }
  const { url, urls } = status;
  // The CLI speaks English: the warning's words from the English catalog.
  const exposure = status.warning ?? exposureWarning(bind);
  const warning = exposure ? english(exposure) : null;
  if (io.json) io.out(JSON.stringify({ authorityId: authority.id, url, urls, warning: status.warning ? warning : null }));
  else {
    io.out(`Publishing ${authority.subject.commonName} on ${url} (Ctrl+C stops it):`);
    io.out(`  CRL              ${urls?.crl}`);
    io.out(`  CA certificate   ${urls?.certificate}`);
    io.out(`  OCSP             ${urls?.ocsp}`);
  }
  if (warning) io.err.write(`warning: ${warning}\n`);
  await new Promise<void>((resolve) => {
    signals.once('SIGINT', resolve);
    signals.once('SIGTERM', resolve);
  });
  await publication.stopAll();
  session.vault.lock();
}
