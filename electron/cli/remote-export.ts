/**
 * `certwright remote export-intermediate`: the "Hand an intermediate to step-ca" export on the
 * command line (services/remote/step-ca-export.ts): the same service call as the window's, checked
 * by the same schema. The password file's password encrypts the intermediate's key and the JWK
 * provisioner's key; step-ca starts with the same file.
 */
import { resolve } from 'node:path';
import { STEP_CA_DEFAULT_PORT, STEP_CA_START_LINE } from '../../shared/domain/remote.js';
import type { Input } from '../../shared/ipc/contract.js';
import { intOption, keyOption, readPasswordFile, type CommandIo, type Values, optionValues } from './commands.js';
import { CliError, usageError } from './errors.js';
import type { Session } from './session.js';

export const REMOTE_EXPORT_OPTIONS = {
  address: { type: 'string' },
  name: { type: 'string' },
  provisioner: { type: 'string' },
  acme: { type: 'boolean' },
  mysql: { type: 'string' },
  'mysql-database': { type: 'string' },
  zip: { type: 'boolean' },
} as const;

/** Help lines, in main.ts's USAGE layout. */
export const REMOTE_EXPORT_USAGE = `  remote export-intermediate --ca ROOT --out DIR --password-file F [--address HOST:PORT] [--dns NAME]…
            [--name CN] [--key K] [--days N] [--provisioner P] [--acme] [--mysql DSN
            [--mysql-database DB]] [--zip]
                                         hand a new intermediate under ROOT to step-ca: certs/, secrets/
                                         (its key, encrypted with F's password), config/ca.json (a JWK
                                         provisioner P, default certwright, its key encrypted with the
                                         same password; --acme adds one named acme) and a README, in a
                                         new folder (--zip: DIR is the zip file). The root's key stays
                                         in the vault. --address defaults to :${STEP_CA_DEFAULT_PORT}, --dns to the
                                         address's host or localhost; --mysql DSN (user:pw@tcp(h:p)/)
                                         for several instances sharing a database, else built in (db/)`;


/** The host part of HOST:PORT ([v6]:PORT too), empty for ":PORT". */
function hostOf(address: string): string {
  const host = address.slice(0, address.lastIndexOf(':'));
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

export async function remoteExportIntermediate(session: Session, rest: readonly string[], values: Values, io: CommandIo): Promise<void> {
  if (rest.length > 0) throw usageError(`remote export-intermediate takes no arguments (got ${rest.join(' ')}): name the root with --ca`);
  if (typeof values.ca !== 'string') throw usageError('remote export-intermediate needs --ca ROOT (the root in the vault that signs the new intermediate)');
  if (typeof values.out !== 'string') throw usageError(`remote export-intermediate needs --out ${values.zip === true ? 'FILE.zip' : 'DIR (a new or empty folder)'}`);
  if (typeof values['password-file'] !== 'string') throw usageError('remote export-intermediate needs --password-file F: its password encrypts the exported keys, and step-ca starts with it');
  if (values['mysql-database'] !== undefined && typeof values.mysql !== 'string') throw usageError('--mysql-database goes with --mysql DSN');
  const address = typeof values.address === 'string' ? values.address : `:${STEP_CA_DEFAULT_PORT}`;
  const dns = optionValues(values.dns);
  const dnsNames = dns.length > 0 ? dns : [hostOf(address) || 'localhost'];
  const password = await readPasswordFile(values['password-file']);
  const root = await session.authority(values.ca);
  const validityDays = intOption(values.days, '--days');
  const keyAlgorithm = keyOption(values.key);
  if (keyAlgorithm === 'ed25519') throw usageError('--key ed25519 is not offered for step-ca: choose p256 (default), p384, rsa2048, rsa3072 or rsa4096');
  const request: Input<'authority.exportStepCa'> = {
    rootId: root.id,
    password,
    address,
    dnsNames,
    acme: values.acme === true,
    format: values.zip === true ? 'zip' : 'folder',
    database: typeof values.mysql === 'string' ? { type: 'mysql', dataSource: values.mysql, ...(typeof values['mysql-database'] === 'string' ? { database: values['mysql-database'] } : {}) } : { type: 'badgerv2', dataSource: 'db' },
    ...(typeof values.name === 'string' ? { commonName: values.name } : {}),
    ...(typeof values.provisioner === 'string' ? { provisioner: values.provisioner } : {}),
    ...(keyAlgorithm ? { keyAlgorithm } : {}),
    ...(validityDays !== undefined ? { validityDays } : {}),
  };
  const out = values.out;
  let result;
  try {
    result = await session.run('authority.exportStepCa', request, (v) => session.services.remotes.exportStepCa(v, session.services.issuing, async () => out));
  } catch (error) {
    // The service names the window's field; here the root is --ca.
    if (error instanceof CliError && error.message.startsWith('rootId: ')) throw new CliError(`--ca ${values.ca}: ${error.message.slice('rootId: '.length)}`);
    throw error;
  }
  if (io.json) return io.out(JSON.stringify(result, null, 2));
  const target = resolve(out);
  io.out(`Wrote ${result.paths.length === 1 ? target : `${result.paths.length} files to ${target}`} for step-ca`);
  io.out(`  intermediate   ${result.authorityId} (recorded under ${root.subject.commonName})`);
  io.out(`  root sha256    ${result.rootFingerprint}`);
  io.err.write("note: secrets/intermediate_ca_key and config/ca.json hold the keys, encrypted with the password file's password (mode 0600)\n");
  io.out(values.zip === true ? `Then unzip it on the server and, in that folder: ${STEP_CA_START_LINE}` : `Then: cd ${target} && ${STEP_CA_START_LINE}`);
}
