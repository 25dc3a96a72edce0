/**
 * `certwright`: the command line over the app's engine and vault.
 * Exit codes: 0 success, 1 the operation failed (one line on stderr says what and why), 2 usage error,
 * 3 a finding (inspect found errors, jwt verify an invalid token, policy check a denied call, watch
 * run an error at an endpoint),
 * 130 cancelled at the passphrase prompt (Ctrl+C).
 */
import { parseArgs } from 'node:util';
import { ACME_OPTIONS, ACME_USAGE, acmeCommand, checkAcmeOptions } from './acme.js';
import { caImport, exportIstio, signSubCa } from './byo-pki.js';
import { caCreate, caList, daysOption, exportBundle, intOption, issue, keyOption, listCertificates, show, signCsr, verifyBundle, type CommandIo, type Values } from './commands.js';
import { CertwrightError } from '../../shared/errors.js';
import { CliError, usageError } from './errors.js';
import { crl, ocspServe, release, revoke } from './revocation.js';
import { PUBLICATION_USAGE, publishCommand } from './publication.js';
import { inspect } from './inspect.js';
import { checkIdentityOptions, IDENTITY_OPTIONS, IDENTITY_USAGE, IDENTITY_VERBS, identityCommand } from './jwt.js';
import { metrics, renew } from './expiry.js';
import { defaultVaultDirectory } from './location.js';
import { readPassphrase, takePassphraseFromEnv, type PassphraseSource } from './passphrase.js';
import { Session } from './session.js';
import { audit, backup, changePassphrase, restore } from './vault-care.js';
import { checkWatchArgs, WATCH_OPTIONS, WATCH_USAGE, watchCommand } from './watch.js';
import { REMOTE_EXPORT_OPTIONS, REMOTE_EXPORT_USAGE, remoteExportIntermediate } from './remote-export.js';
import { REMOTE_OPTIONS, REMOTE_USAGE, remoteCommand } from './remote.js';

export const USAGE = `Usage: certwright [--vault DIR] [--passphrase-file FILE] [--json] <command>

Commands:
  init                                   create a vault (refuses to overwrite one)
  ca create --cn NAME [--key K] [--days N] [--parent CA] [--path-len N]
            [--permit-dns D]… [--exclude-dns D]… [--permit-ip CIDR]… [--exclude-ip CIDR]…
            [--crl-url U] [--ocsp-url U] [--ca-issuers-url U] [--o ORG] [--ou UNIT] [--c CC]
  ca list
  ca import FILE [--password-file F]     an existing CA with its private key: a PKCS#12 (.p12/.pfx),
                                         or PEM holding the certificate, its key and any chain
  issue server|client|peer --ca CA --cn NAME [--dns D]… [--ip A]… [--uri U]… [--email E]… [--days N] [--key K] [--from-root]
  issue pair --ca CA --service NAME [--dns D]… [--ip A]… [--uri U] [--days N] [--key K] [--from-root]
  sign-csr FILE --ca CA --profile server|client|peer [--days N] [--from-root]
  sign-csr FILE --ca CA --profile ca [--path-len N] [--permit-dns D]… [--exclude-dns D]…
            [--permit-ip CIDR]… [--exclude-ip CIDR]… [--days N] --out FILE --yes
                                         sign an outside sub-CA's request (Istio, Vault PKI) with the
                                         path length, name constraints and validity given here (by
                                         default ends well before the CA); without --yes nothing is
                                         signed. FILE gets the sub-CA certificate and its chain
                                         a root CA signs leaves only with --from-root: roots should
                                         sign only intermediates (issue from one instead)
  list [--status valid|expired|revoked] [--expiring 30d] [--ca CA]
  show ID|SERIAL|CN [--pem] [--chain]
  export ID --format pem|zip|p12|p7b|der|truststore [--target modern|legacy] --out PATH
            [--password-file F] [--no-key]
  export CA --format istio --out DIR     an intermediate for Istio's plug-in CA: ca-cert.pem,
                                         ca-key.pem (its private key), root-cert.pem, cert-chain.pem
                                         and the kubectl line, written at once into a new folder
  revoke ID… --reason R [--invalidity DATE]
                                         revoke and publish the issuer's next CRL; R is one of
                                         unspecified, keyCompromise, cACompromise, affiliationChanged,
                                         superseded, cessationOfOperation, certificateHold,
                                         privilegeWithdrawn, aACompromise (only a hold can be lifted)
  revoke --ca REMOTE --serial HEX --reason R
                                         revoke on a step-ca server a certificate this vault may not
                                         hold (issued from another desktop); under a remote authority
                                         no CRL is signed here: the server records the revocation
  release ID                             lift a certificate hold
  crl --ca CA [--der] [--out FILE] [--publish]
                                         the CA's latest CRL (PEM on stdout without --out);
                                         --publish signs a fresh one first
  ocsp serve --ca CA [--port N] [--delegated]
                                         an OCSP responder (GET and POST, RFC 6960) on 127.0.0.1
                                         answering from the vault until Ctrl+C; --delegated signs with a
                                         one-day OCSP-signing certificate the CA issues (kept in memory)
${PUBLICATION_USAGE}
${ACME_USAGE}
${WATCH_USAGE}
${REMOTE_USAGE}
${REMOTE_EXPORT_USAGE}
  inspect FILE|-|host:port [--servername N] [--client ID] [--host-check NAME] [--role R]
            [--system-store] [--password-file F] [--no-vault]
                                         explain any certificate, chain, key, CSR, CRL, PKCS#7 or
                                         PKCS#12 (type told by content), or what a TLS server serves;
                                         chains use the vault's CAs (unless --no-vault) and with
                                         --system-store the OS roots. Exit 3 when errors were found
  renew ID… | --expiring 30d [--rekey] [--revoke-old-after 7d] [--days N]
                                         renew (same key) or rekey (new key) certificates, or all in
                                         service expiring within the days; the new ones link to what
                                         they replace, which is revoked as superseded after the overlap
  metrics [--out FILE]                   Prometheus text (node_exporter textfile collector): each
                                         certificate's notAfter and effective notAfter, counts by
                                         status, CAs' notAfter, CRLs' nextUpdate, and each watched
                                         endpoint's last probe (certwright_endpoint_*, named after
                                         blackbox_exporter's probe_* series); FILE written atomically
  metrics serve [--port P]               the same on http://127.0.0.1:P/metrics (default 9469) for
                                         Prometheus to scrape until Ctrl+C, probing the watched
                                         endpoints on their schedule meanwhile
  backup --out FILE                      one encrypted, authenticated file holding the whole vault
                                         (opens with the vault passphrase as it is now)
  restore FILE                           restore a backup into --vault DIR, which must be empty or
                                         absent; CRL numbers move ahead of any published since
  passphrase [--new-passphrase-file F]   change the vault passphrase (asked twice without the file)
  audit [--verify] [--ca CA] [--kind K]… [--since DATE] [--limit N]
                                         what the CA keys signed and every trust change, newest
                                         first; --verify checks the hash chain, the MACs and that
                                         nothing was cut off (exit 1 when it fails)
  verify-bundle FOLDER [--server FOLDER] [--host NAME] [--as client|server]
                                         a real mTLS handshake on 127.0.0.1 with the bundle; without
                                         --server a throwaway certificate from its CA plays the other
                                         side (a client for a server bundle, a server for the rest;
                                         --as overrides which side FOLDER plays)
${IDENTITY_USAGE}

Keys (K): p256 (default), p384, rsa2048, rsa3072, rsa4096, ed25519.
CA and certificate arguments take the id, the serial (hex) or the common name when it is unique;
--ca also takes a step-ca server's name (remote add --name): issue, renew and revoke go to it.
Vault: --vault DIR, else CERTWRIGHT_VAULT, else the desktop app's (${defaultVaultDirectory()}).
Passphrase: --passphrase-file FILE, else CERTWRIGHT_PASSPHRASE (removed from the environment once
read), else a hidden prompt on a terminal (Ctrl+D ends it, Ctrl+C cancels with exit 130).
Secret files (--passphrase-file, --new-passphrase-file, --password-file) must be readable by you
alone (chmod 600): one that others can read is refused.`;

const OPTIONS = {
  vault: { type: 'string' },
  'passphrase-file': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  cn: { type: 'string' },
  o: { type: 'string' },
  ou: { type: 'string' },
  c: { type: 'string' },
  key: { type: 'string' },
  days: { type: 'string' },
  parent: { type: 'string' },
  'path-len': { type: 'string' },
  'permit-dns': { type: 'string', multiple: true },
  'exclude-dns': { type: 'string', multiple: true },
  'permit-ip': { type: 'string', multiple: true },
  'exclude-ip': { type: 'string', multiple: true },
  'crl-url': { type: 'string' },
  'ocsp-url': { type: 'string' },
  'ca-issuers-url': { type: 'string' },
  ca: { type: 'string' },
  'from-root': { type: 'boolean' },
  dns: { type: 'string', multiple: true },
  ip: { type: 'string', multiple: true },
  uri: { type: 'string', multiple: true },
  email: { type: 'string', multiple: true },
  service: { type: 'string' },
  profile: { type: 'string' },
  status: { type: 'string' },
  expiring: { type: 'string' },
  pem: { type: 'boolean' },
  format: { type: 'string' },
  target: { type: 'string' },
  out: { type: 'string' },
  'password-file': { type: 'string' },
  'no-key': { type: 'boolean' },
  yes: { type: 'boolean' },
  server: { type: 'string' },
  host: { type: 'string' },
  as: { type: 'string' },
  chain: { type: 'boolean' },
  reason: { type: 'string' },
  serial: { type: 'string' },
  invalidity: { type: 'string' },
  der: { type: 'boolean' },
  publish: { type: 'boolean' },
  port: { type: 'string' },
  delegated: { type: 'boolean' },
  dir: { type: 'string' },
  servername: { type: 'string' },
  client: { type: 'string' },
  'host-check': { type: 'string' },
  role: { type: 'string' },
  'system-store': { type: 'boolean' },
  'no-vault': { type: 'boolean' },
  rekey: { type: 'boolean' },
  'revoke-old-after': { type: 'string' },
  'new-passphrase-file': { type: 'string' },
  verify: { type: 'boolean' },
  kind: { type: 'string', multiple: true },
  since: { type: 'string' },
  limit: { type: 'string' },
  ...IDENTITY_OPTIONS,
  ...ACME_OPTIONS,
  ...WATCH_OPTIONS,
  ...REMOTE_EXPORT_OPTIONS,
  ...REMOTE_OPTIONS,
} as const;

export interface CliIo {
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
}

export async function runCli(cli: CliIo): Promise<number> {
  // First of all, before any worker or child could inherit it.
  const passphraseFromEnv = takePassphraseFromEnv(cli.env);
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: [...cli.argv], options: OPTIONS, allowPositionals: true, strict: true });
    } catch (error) {
      throw usageError(error instanceof Error ? error.message : String(error));
    }
    const values = parsed.values as Values;
    const [verb, ...rest] = parsed.positionals;
    if (values.help || verb === undefined || verb === 'help') {
      cli.stdout.write(`${USAGE}\n`);
      return verb === undefined && !values.help ? 2 : 0;
    }
    checkOptionValues(values);
    const directory = (values.vault as string | undefined) ?? cli.env.CERTWRIGHT_VAULT ?? defaultVaultDirectory();
    const io: CommandIo = { out: (text) => cli.stdout.write(`${text}\n`), err: cli.stderr, json: values.json === true };
    const passphraseSource: PassphraseSource = { file: values['passphrase-file'] as string | undefined, fromEnv: passphraseFromEnv, stdin: cli.stdin, stderr: cli.stderr };
    // `metrics serve` runs for days: the watched endpoints are probed on their schedule meanwhile.
    const session = new Session(directory, { watchSchedule: verb === 'metrics' && rest[0] === 'serve' });

    if (verb === 'init') {
      if (Session.exists(directory)) throw new CliError(`A vault already exists in ${directory}; nothing was changed`);
      const passphrase = await readPassphrase(passphraseSource, 'New vault passphrase: ', true);
      await session.run('vault.create', { passphrase }, (v) => session.services.session.create(v.passphrase));
      io.out(io.json ? JSON.stringify({ vault: directory, state: 'unlocked' }) : `Created a vault in ${directory}`);
      return 0;
    }

    if (verb === 'inspect') {
      // Inspecting needs no vault; with one (and its passphrase), chains also use its CAs.
      const useVault = values['no-vault'] !== true && Session.exists(directory);
      if (useVault) await session.run('vault.unlock', { passphrase: await readPassphrase(passphraseSource, 'Vault passphrase: ') }, (v) => session.services.session.unlock(v.passphrase));
      else if (typeof values.client === 'string') throw new CliError('--client needs the vault that holds the certificate and its key');
      return await inspect(session, rest[0], values, io, cli.stdin);
    }

    if (verb === 'restore') {
      await restore(directory, rest[0], passphraseSource, io);
      return 0;
    }

    const known = ['backup', 'passphrase', 'audit', 'ca', 'issue', 'sign-csr', 'list', 'show', 'export', 'verify-bundle', 'revoke', 'release', 'crl', 'ocsp', 'publish', 'acme', 'renew', 'metrics', 'watch', 'remote', ...IDENTITY_VERBS];
    if (!known.includes(verb)) throw usageError(`Unknown command "${verb}". Run certwright --help`);
    if (verb === 'ca' && rest[0] !== 'create' && rest[0] !== 'list' && rest[0] !== 'import') throw usageError('ca takes create, list or import');
    if (verb === 'ocsp' && rest[0] !== 'serve') throw usageError('ocsp takes serve');
    if (verb === 'acme' && rest[0] !== 'serve') throw usageError('acme takes serve');
    if (verb === 'remote' && !['add', 'list', 'export-intermediate'].includes(rest[0] ?? '')) throw usageError('remote takes add, list or export-intermediate');
    if (verb === 'metrics' && rest.length > 0 && (rest[0] !== 'serve' || rest.length > 1)) throw usageError('metrics takes serve, or nothing');
    if (verb === 'watch') checkWatchArgs(rest, values);
    if (!Session.exists(directory)) throw new CliError(`No vault in ${directory}: create one with certwright init, or pass --vault DIR`);
    const passphrase = await readPassphrase(passphraseSource, 'Vault passphrase: ');
    await session.run('vault.unlock', { passphrase }, (v) => session.services.session.unlock(v.passphrase));

    let code = 0;
    switch (verb) {
      case 'backup':
        await backup(session, values, io);
        break;
      case 'passphrase':
        await changePassphrase(session, passphrase, values, passphraseSource, io);
        break;
      case 'audit':
        await audit(session, values, io);
        break;
      case 'ca':
        await (rest[0] === 'create' ? caCreate(session, values, io) : rest[0] === 'import' ? caImport(session, rest[1], values, io) : caList(session, values, io));
        break;
      case 'issue':
        await issue(session, rest[0], values, io);
        break;
      case 'sign-csr':
        await (values.profile === 'ca' ? signSubCa(session, rest[0], values, io) : signCsr(session, rest[0], values, io));
        break;
      case 'list':
        await listCertificates(session, values, io);
        break;
      case 'show':
        await show(session, rest[0], values, io);
        break;
      case 'export':
        await (values.format === 'istio' ? exportIstio(session, rest[0], values, io) : exportBundle(session, rest[0], values, io));
        break;
      case 'verify-bundle':
        await verifyBundle(session, rest[0], values, io);
        break;
      case 'revoke':
        await revoke(session, rest, values, io);
        break;
      case 'release':
        await release(session, rest[0], io);
        break;
      case 'crl':
        await crl(session, values, io);
        break;
      case 'ocsp':
        await ocspServe(session, values, io);
        break;
      case 'publish':
        await publishCommand(session, rest, values, io);
        break;
      case 'acme':
        await acmeCommand(session, rest, values, io);
        break;
      case 'renew':
        await renew(session, rest, values, io);
        break;
      case 'metrics':
        await metrics(session, rest, values, io);
        break;
      case 'watch':
        code = await watchCommand(session, rest, values, io, cli.stdin);
        break;
      case 'remote':
        // export-intermediate: remote-export.ts; add and list connect to a step-ca server.
        if (rest[0] === 'export-intermediate') await remoteExportIntermediate(session, rest.slice(1), values, io);
        else await remoteCommand(session, rest, values, io);
        break;
      default:
        code = await identityCommand(session, verb, rest, values, io, cli.stdin);
    }
    // A command that read only part of the vault still reports damage anywhere in it before exiting
    // (the vault checks its certificate files in the background after unlock).
    await session.vault.fullyVerified().catch((error: unknown) => {
      if (error instanceof CertwrightError && error.code === 'VAULT_LOCKED') return; // `ocsp serve`, `acme serve` and `jwt serve` lock when they end
      throw error instanceof CertwrightError ? new CliError(error.message) : error;
    });
    return code;
  } catch (error) {
    if (error instanceof CliError) {
      cli.stderr.write(`certwright: ${error.message}\n`);
      if (error.exitCode === 2) cli.stderr.write('Run certwright --help for usage.\n');
      return error.exitCode;
    }
    cli.stderr.write(`certwright: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** Malformed option values are usage errors, found before the vault is touched. */
function checkOptionValues(values: Values): void {
  keyOption(values.key);
  intOption(values.days, '--days');
  intOption(values['path-len'], '--path-len');
  daysOption(values.expiring, '--expiring');
  daysOption(values['revoke-old-after'], '--revoke-old-after');
  checkIdentityOptions(values);
  checkAcmeOptions(values);
}
