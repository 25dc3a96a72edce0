/**
 * `certwright acme serve`: the ACME server (RFC 8555, issue 16) of one authority until interrupted
 * (Ctrl+C, SIGTERM), over the same AcmeServers service the authority view starts, its input checked
 * against the contract's `acme.start` schema. It prints the directory URL, the external account
 * binding when asked for one, loud warnings for lab mode and for a bind address others can reach,
 * and certbot and lego command lines ready to paste (with where their CA bundle comes from).
 */
import { optionValues } from './commands.js';
import { isIP } from 'node:net';
import type { AuthoritySummary } from '../../shared/domain/authority.js';
import type { AcmeServerStatus } from '../../shared/domain/acme.js';
import { CertwrightError } from '../../shared/errors.js';
import { english } from '../../shared/i18n/english.js';
import type { CommandIo, Values } from './commands.js';
import { CliError, usageError } from './errors.js';
import type { Signals } from './jwt.js';
import type { Session } from './session.js';

/** The options `acme serve` adds to main.ts's (--ca, --port and --json are shared). */
export const ACME_OPTIONS = {
  bind: { type: 'string' },
  'http01-port': { type: 'string' },
  resolve: { type: 'string', multiple: true },
  eab: { type: 'boolean' },
  'lab-mode': { type: 'boolean' },
  'max-days': { type: 'string' },
  'dns-resolver': { type: 'string' },
  'ip-only-profile': { type: 'string' },
} as const;

/** Help lines, in main.ts's USAGE layout. */
export const ACME_USAGE = `  acme serve --ca CA [--port N] [--bind ADDR] [--http01-port M] [--resolve NAME=ADDR]… [--eab]
            [--lab-mode] [--max-days N] [--dns-resolver ADDR[:PORT]] [--ip-only-profile server|client]
                                         an ACME server (RFC 8555) for certbot, lego, cert-manager
                                         until Ctrl+C: HTTPS on 127.0.0.1 unless --bind (others can
                                         then reach it), a certificate per order that passes the CA's
                                         rules (at most --max-days, 30 by default). http-01 is checked
                                         on port M (80) of the address each NAME resolves to (--resolve
                                         names lab hosts); --dns-resolver offers dns-01; --eab requires
                                         the printed key id and HMAC key; --lab-mode approves without
                                         any check (lab only, in the audit log); an order of IP
                                         addresses only gets a client certificate with
                                         --ip-only-profile client (server by default)`;


function wholeNumber(value: Values[string], flag: string, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{1,6}$/.test(value)) throw usageError(`${flag} takes ${what}, not "${String(value)}"`);
  return Number(value);
}

/** "NAME=ADDR" → { name, address }; the contract judges the name and the address themselves. */
function resolveEntry(text: string): { name: string; address: string } {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1) throw usageError(`--resolve takes NAME=ADDRESS (such as a.lab.test=127.0.0.1), not "${text}"`);
  return { name: text.slice(0, at).trim().toLowerCase().replace(/\.$/, ''), address: text.slice(at + 1).trim().replace(/^\[(.*)\]$/, '$1') };
}

/** Malformed option values are usage errors, found before the vault is touched (ranges are the contract's). */
export function checkAcmeOptions(values: Values): void {
  wholeNumber(values['http01-port'], '--http01-port', 'a port number');
  wholeNumber(values['max-days'], '--max-days', 'a whole number of days');
  for (const entry of optionValues(values.resolve)) resolveEntry(entry);
  const profile = values['ip-only-profile'];
  if (profile !== undefined && profile !== 'server' && profile !== 'client') throw usageError(`--ip-only-profile takes server or client, not "${String(profile)}"`);
}

/** Runs `acme …` on an unlocked session. */
export async function acmeCommand(session: Session, rest: readonly string[], values: Values, io: CommandIo, signals: Signals = process): Promise<void> {
  const [sub, ...args] = rest;
  if (sub !== 'serve') throw usageError('acme takes serve');
  if (args.length > 0) throw usageError(`Unexpected argument "${args[0]}"`);
  await serve(session, values, io, signals);
}

const isLoopback = (address: string) => address === '::1' || (isIP(address) === 4 && address.startsWith('127.'));

/** The top of the CA's chain in this vault: what clients must trust (a root, or an intermediate signed outside). */
function trustAnchor(authorities: readonly AuthoritySummary[], start: AuthoritySummary): AuthoritySummary {
  let current = start;
  for (let depth = 0; current.parentId !== null && depth < 64; depth++) {
    const parent = authorities.find((a) => a.id === current.parentId);
    if (!parent) break;
    current = parent;
  }
  return current;
}

/** certbot and lego command lines for this server, as printed and in --json. */
function clientLines(status: AcmeServerStatus, bundle: string): { certbot: string; lego: string } {
  const url = status.directoryUrl ?? '';
  const options = status.options;
  const port = options?.http01Port ?? 80;
  const name = options?.resolve[0]?.name ?? 'NAME';
  const eab = status.eab;
  const certbot = [
    `REQUESTS_CA_BUNDLE=${bundle} certbot certonly --standalone --http-01-port ${port} --server ${url}`,
    '--agree-tos -m you@example.com',
    ...(eab ? [`--eab-kid ${eab.keyId} --eab-hmac-key ${eab.hmacKey}`] : []),
    `-d ${name}`,
  ].join(' ');
  const lego = [
    `LEGO_CA_CERTIFICATES=${bundle} lego --server ${url} --accept-tos --email you@example.com`,
    ...(eab ? [`--eab --kid ${eab.keyId} --hmac ${eab.hmacKey}`] : []),
    `--http --http.port :${port} -d ${name} run`,
  ].join(' ');
  return { certbot, lego };
}

async function serve(session: Session, values: Values, io: CommandIo, signals: Signals): Promise<void> {
  if (typeof values.ca !== 'string') throw usageError('acme serve needs --ca CA (the authority that signs what its clients order)');
  const port = wholeNumber(values.port, '--port', 'a port from 1024 to 65535');
  const http01Port = wholeNumber(values['http01-port'], '--http01-port', 'a port number');
  const maxValidityDays = wholeNumber(values['max-days'], '--max-days', 'a whole number of days');
  const bind = typeof values.bind === 'string' ? values.bind.trim().replace(/^\[(.*)\]$/, '$1') : undefined;
  const authority = await session.authority(values.ca);
  const { acme } = session.services;
  let status: AcmeServerStatus;
  try {
    status = await session.run(
      'acme.start',
      {
        authorityId: authority.id,
        ...(port === undefined ? {} : { port }),
        ...(bind === undefined ? {} : { bind }),
        ...(http01Port === undefined ? {} : { http01Port }),
        resolve: optionValues(values.resolve).map(resolveEntry),
        eab: values.eab === true,
        labMode: values['lab-mode'] === true,
        ...(maxValidityDays === undefined ? {} : { maxValidityDays }),
        ...(typeof values['dns-resolver'] === 'string' ? { dnsResolver: values['dns-resolver'].trim() } : {}),
        ...(values['ip-only-profile'] === 'client' ? { ipOnlyProfile: 'client' as const } : {}),
      },
      (v) => {
        const { authorityId, ...options } = v;
        return acme.start(authorityId, options);
      },
    );
  } catch (error) {
    if (error instanceof CliError && port !== undefined && /in use/i.test(error.message)) throw new CliError(`Port ${port} on ${bind ?? '127.0.0.1'} is in use; choose another with --port`);
    throw error;
  }
  const options = status.options;
  const labMode = options?.labMode ?? values['lab-mode'] === true;
  const address = options?.bind ?? bind ?? '127.0.0.1';
  // The server says what is dangerous about how it runs; the command line makes sure both cases are said.
  const warnings = status.warnings.map((w) => english(w));
  if (labMode && !warnings.some((w) => /lab mode/i.test(w))) warnings.push('LAB MODE: authorizations are approved without any validation: anyone who can reach this server gets a certificate for any name the CA allows');
  if (!isLoopback(address) && !warnings.some((w) => w.includes(address))) warnings.push(`Listening on ${address}: other machines that can reach this address can use the server, not only this one`);

  const anchor = trustAnchor(await session.do(() => session.services.authorities.list()), authority);
  const bundle = 'ca-bundle.pem';
  const bundleCommand = `certwright show ${anchor.id} --pem > ${bundle}`;
  const lines = clientLines(status, bundle);
  if (io.json) {
    io.out(
      JSON.stringify({
        authorityId: authority.id,
        directoryUrl: status.directoryUrl,
        options,
        eab: status.eab,
        warnings,
        trustAnchor: { authorityId: anchor.id, commonName: anchor.subject.commonName, kind: anchor.kind, command: bundleCommand },
        ...lines,
      }),
    );
  } else {
    io.out(`ACME server of ${authority.subject.commonName} on ${status.directoryUrl} (Ctrl+C stops it)`);
    if (options) {
      const resolved = options.resolve.map((r) => `${r.name}=${r.address}`).join(', ');
      io.out(`  http-01   ${labMode ? 'not checked (lab mode)' : `fetched from port ${options.http01Port} of ${resolved ? `the address each name resolves to (${resolved}, others by DNS)` : 'the address each name resolves to by DNS'}`}`);
      io.out(`  dns-01    ${options.dnsResolver ? `checked against ${options.dnsResolver}` : 'not offered (--dns-resolver ADDR offers it)'}`);
      io.out(`  lifetime  at most ${options.maxValidityDays} days`);
    }
    if (status.eab) {
      io.out('External account binding (accounts without it are refused):');
      io.out(`  key id    ${status.eab.keyId}`);
      io.out(`  HMAC key  ${status.eab.hmacKey}`);
    }
    io.out('');
    io.out(`Clients trust ${anchor.subject.commonName}${anchor.kind === 'root' ? '' : ' (and the root above it, outside this vault)'}; write it with:`);
    io.out(`  ${bundleCommand}`);
    io.out('then, for example:');
    io.out(`  ${lines.certbot}`);
    io.out(`  ${lines.lego}`);
  }
  // Last, so they stay on screen while it serves.
  for (const warning of warnings) io.err.write(`\n*** WARNING: ${warning} ***\n`);

  await new Promise<void>((resolve) => {
    signals.once('SIGINT', resolve);
    signals.once('SIGTERM', resolve);
  });
  try {
    if (!io.json) {
      const panel = acme.panel(authority.id);
      const valid = panel.orders.filter((o) => o.status === 'valid').length;
      io.out(`Stopping: ${panel.orders.length} order${panel.orders.length === 1 ? '' : 's'} this run (${valid} valid), ${panel.accounts.length} account${panel.accounts.length === 1 ? '' : 's'}`);
    }
    await acme.stop(authority.id);
  } catch (error) {
    if (!(error instanceof CertwrightError)) throw error;
    io.err.write(`warning: ${error.message}\n`);
  }
  session.vault.lock();
}
