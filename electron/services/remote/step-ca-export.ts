/**
 * "Hand an intermediate to step-ca" (issue 20, docs/step-ca.md): a new intermediate under a root of
 * the vault, written in the layout `step ca init` makes, so that step-ca starts from the folder with
 * the password and nothing else:
 *
 *   certs/root_ca.crt           the vault's root (its key never leaves the vault)
 *   certs/intermediate_ca.crt   the new intermediate, signed here by the root
 *   secrets/intermediate_ca_key its key, encrypted PKCS#8 (PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC),
 *                               the form step-ca's pemutil decrypts with --password-file
 *   config/ca.json              address, dnsNames, database, TLS, and a JWK provisioner whose key
 *                               pair is made here: the public JWK, and the private one encrypted as
 *                               step's CLI does (a compact JWE, PBES2-HS256+A128KW / A256GCM, cty
 *                               jwk+json, 100,000 PBKDF2 rounds) with the same password;
 *                               optionally an ACME provisioner named "acme"
 *   README.md                   how to start it and how to connect Certwright to it
 *
 * Paths in ca.json are relative: step-ca 0.19 opens them from its working directory, so it is started
 * in the folder ({@link STEP_CA_START_LINE}); the folder can move as a whole, or travel as a zip.
 * The intermediate is an ordinary authority record under the root (path length 0: step-ca signs only
 * leaves), so the root can revoke it; its key leaves the vault once, encrypted, audited as
 * `key.exported` with purpose "step-ca".
 */
import { readdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CompactEncrypt, exportJWK, type JWK } from 'jose';
import { STEP_CA_START_LINE, type StepCaDatabase, type StepCaExport } from '../../../shared/domain/remote.js';
import { CertwrightError, atField } from '../../../shared/errors.js';
import { msg, type MsgParams } from '../../../shared/i18n/message.js';
import type { ValidInput } from '../../../shared/ipc/contract.js';
import type { BundleFile } from '../../engine/export/pem-set.js';
import { encryptPkcs8Pem } from '../../engine/export/pkcs8-encrypt.js';
import { zipBundle } from '../../engine/export/zip.js';
import { publicJwk } from '../../engine/jwt/keys.js';
import { generateKeyPair } from '../../engine/keys.js';
import { toPem } from '../../engine/pem.js';
import { checkPathLength } from '../../engine/policy.js';
import type { EngineCrypto } from '../../engine/webcrypto.js';
import type { AuthorityRecord } from '../../vault/records.js';
import type { Vault } from '../../vault/vault.js';
import { safeName, type AssembledBundle } from '../bundle.js';
import type { Catalog } from '../catalog.js';
import type { ChooseDestination } from '../destination.js';
import type { Issuing } from '../issuing.js';
import { noProgress, steps, type OnProgress } from '../progress.js';
import { writeBundle } from '../write-bundle.js';
import { fingerprintOf } from './step-client.js';

/** Where each file goes, relative to the exported folder: the names `step ca init` uses. */
export const STEP_CA_LAYOUT = {
  root: 'certs/root_ca.crt',
  intermediate: 'certs/intermediate_ca.crt',
  key: 'secrets/intermediate_ca_key',
  config: 'config/ca.json',
  readme: 'README.md',
} as const;

/**
 * The certificate lifetimes every exported provisioner allows (step-ca durations). The default is
 * step's own, 24 hours: what ACME clients and `step ca certificate` get without asking — short-lived
 * service certificates, renewed daily. The maximum, 90 days, lets Certwright's wizards ask for their
 * default (30 days) and the common 90-day practice, and nothing longer: a longer life belongs to an
 * offline CA, not an online one. Five minutes is step's minimum.
 */
export const STEP_CA_CLAIMS = { minTLSCertDuration: '5m', maxTLSCertDuration: '2160h', defaultTLSCertDuration: '24h' } as const;

/** The ACME provisioner's name: its directory is https://HOST:PORT/acme/acme/directory. */
export const STEP_CA_ACME_PROVISIONER = 'acme';

/** step's PBKDF2 rounds for an encrypted JWK (go.step.sm/crypto/jose PBKDF2Iterations). */
const JWE_PBES2_COUNT = 100_000;

/** Cipher suites for TLS 1.2 (1.3 has its own): step's defaults; step-ca's own TLS key is always ECDSA. */
const TLS = {
  cipherSuites: ['TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'],
  minVersion: 1.2,
  maxVersion: 1.3,
  renegotiation: false,
} as const;

const DEFAULT_NAME_SUFFIX = ' Online Intermediate';
const CN_MAX = 64;

function invalid(field: string, key: string, params?: MsgParams): CertwrightError {
  return new CertwrightError('INVALID_INPUT', atField(field, key, params), { field });
}

/** The new intermediate's name when none is given: "<root CN> Online Intermediate", within 64 characters. */
export function defaultIntermediateName(rootCommonName: string): string {
  return `${rootCommonName.slice(0, CN_MAX - DEFAULT_NAME_SUFFIX.length).trimEnd()}${DEFAULT_NAME_SUFFIX}`;
}

// ---- The JWK provisioner ------------------------------------------------------------------------

export interface StepCaProvisionerKey {
  /** The public JWK with kid (its RFC 7638 thumbprint), alg ES256 and use sig, as ca.json lists it. */
  readonly publicJwk: JWK;
  /** The private JWK, JSON, as a compact JWE encrypted with the password: ca.json's encryptedKey. */
  readonly encryptedKey: string;
}

/**
 * A new P-256 key pair for the JWK provisioner. Its private half exists in clear only here, in
 * memory, long enough to be encrypted; Certwright keeps nothing of it (connecting to the server
 * later decrypts the JWE the server lists, and seals the key in the vault).
 */
export async function newProvisionerKey(password: string, crypto: EngineCrypto): Promise<StepCaProvisionerKey> {
  const pair = await generateKeyPair('p256', crypto);
  const { jwk } = await publicJwk(pair.publicKey, 'ES256');
  const { d } = await exportJWK(pair.privateKey);
  const plaintext = new TextEncoder().encode(JSON.stringify({ ...jwk, d }));
  try {
    const encryptedKey = await new CompactEncrypt(plaintext)
      .setProtectedHeader({ alg: 'PBES2-HS256+A128KW', enc: 'A256GCM', cty: 'jwk+json' })
      .setKeyManagementParameters({ p2c: JWE_PBES2_COUNT })
      .encrypt(new TextEncoder().encode(password));
    return { publicJwk: jwk, encryptedKey };
  } finally {
    plaintext.fill(0);
  }
}

// ---- ca.json and the README ---------------------------------------------------------------------

export interface StepCaConfigInput {
  readonly address: string;
  readonly dnsNames: readonly string[];
  readonly provisioner: { readonly name: string } & StepCaProvisionerKey;
  readonly acme: boolean;
  readonly database: StepCaDatabase;
}

/** ca.json as `step ca init` writes it, with relative paths (resolved from the folder step-ca starts in). */
export function stepCaConfig(input: StepCaConfigInput): Record<string, unknown> {
  const provisioners: Array<Record<string, unknown>> = [{ type: 'JWK', name: input.provisioner.name, key: input.provisioner.publicJwk, encryptedKey: input.provisioner.encryptedKey, claims: { ...STEP_CA_CLAIMS } }];
  if (input.acme) provisioners.push({ type: 'ACME', name: STEP_CA_ACME_PROVISIONER, claims: { ...STEP_CA_CLAIMS } });
  return {
    root: STEP_CA_LAYOUT.root,
    federatedRoots: null,
    crt: STEP_CA_LAYOUT.intermediate,
    key: STEP_CA_LAYOUT.key,
    address: input.address,
    insecureAddress: '',
    dnsNames: [...input.dnsNames],
    logger: { format: 'text' },
    db: input.database.type === 'mysql' ? { type: 'mysql', dataSource: input.database.dataSource, database: input.database.database } : { type: 'badgerv2', dataSource: input.database.dataSource },
    authority: { provisioners, backdate: '1m0s' },
    tls: { ...TLS, cipherSuites: [...TLS.cipherSuites] },
  };
}

/** The URL a client dials: the first DNS name (an IPv6 address in brackets) and the address's port. */
export function stepCaUrl(address: string, dnsNames: readonly string[]): string {
  const port = address.slice(address.lastIndexOf(':') + 1);
  const host = dnsNames[0] ?? 'localhost';
  return `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export interface StepCaReadmeInput {
  readonly rootName: string;
  readonly intermediateName: string;
  readonly notAfter: string;
  readonly fingerprint: string;
  readonly url: string;
  readonly provisioner: string;
  readonly acme: boolean;
  readonly database: StepCaDatabase;
}

export function stepCaReadme(r: StepCaReadmeInput): string {
  const db =
    r.database.type === 'mysql'
      ? `MySQL/MariaDB: the database \`${r.database.database}\` at the data source in config/ca.json (step-ca creates the database and its tables). Several step-ca instances started from copies of this folder share it: list all their URLs in Certwright, which fails over between them.`
      : `built in (BadgerDB), in the folder \`${r.database.dataSource}\` (created at the first start). One instance only: for several, export again with a MySQL/MariaDB database.`;
  return [
    `# step-ca: ${r.intermediateName}`,
    '',
    `An online intermediate CA for step-ca (smallstep), exported by Certwright under the root ${r.rootName}.`,
    "The root's private key stayed in the Certwright vault; the root can revoke this intermediate there.",
    '',
    '## Files',
    '',
    `- ${STEP_CA_LAYOUT.root}: the root CA ${r.rootName} (trust anchor; SHA-256 fingerprint below)`,
    `- ${STEP_CA_LAYOUT.intermediate}: the intermediate CA ${r.intermediateName}, valid until ${r.notAfter}`,
    `- ${STEP_CA_LAYOUT.key}: its private key, encrypted with the export password (PKCS#8, PBES2 AES-256)`,
    `- ${STEP_CA_LAYOUT.config}: step-ca's configuration: the address, the names in the server's TLS certificate, the database, and the provisioners:`,
    `  - "${r.provisioner}" (JWK): its private key is in ca.json, encrypted with the same password (a JWE, as step's CLI makes)`,
    ...(r.acme ? [`  - "${STEP_CA_ACME_PROVISIONER}" (ACME): directory ${r.url}/acme/${STEP_CA_ACME_PROVISIONER}/directory`] : []),
    `  Certificates last ${STEP_CA_CLAIMS.defaultTLSCertDuration} unless asked otherwise, at most ${STEP_CA_CLAIMS.maxTLSCertDuration} (90 days): see "claims" in ca.json.`,
    `- Database: ${db}`,
    '',
    '## Start step-ca',
    '',
    'Paths in config/ca.json are relative to this folder: start step-ca in it. Put the export password in a',
    'file only you can read (step-ca removes trailing blanks and the newline), then:',
    '',
    '    cd <this folder>',
    "    (umask 077; read -rs -p 'Password: ' pw && printf '%s\\n' \"$pw\" > password.txt)",
    `    ${STEP_CA_START_LINE}`,
    '',
    'STEPPATH keeps step\'s own files in this folder instead of ~/.step. In production use a password file outside',
    'the folder, or your secret store, and run step-ca as a service (systemd: WorkingDirectory=<this folder>).',
    '',
    '## Connect Certwright',
    '',
    'In the app: Authorities → Connect to step-ca, or on the command line:',
    '',
    `    certwright remote add --name ${safeName(r.intermediateName).toLowerCase()} --url ${r.url} \\`,
    `        --fingerprint ${r.fingerprint} \\`,
    `        --provisioner ${r.provisioner} --password-file password.txt`,
    '',
    `Root fingerprint (SHA-256): ${r.fingerprint}`,
    '',
    'Clients check it with `step certificate fingerprint certs/root_ca.crt` or',
    '`openssl x509 -in certs/root_ca.crt -noout -fingerprint -sha256`.',
    '',
  ].join('\n');
}

// ---- The export ---------------------------------------------------------------------------------

export interface StepCaExportDeps {
  readonly vault: Vault;
  readonly catalog: Catalog;
  readonly crypto: EngineCrypto;
}

const PROGRESS_TOTAL = 5;

/** Refuses, at rootId, an authority that is not a usable root of this vault, saying what it is. */
async function requireRoot(deps: StepCaExportDeps, record: AuthorityRecord): Promise<string> {
  const name = (await deps.catalog.authoritySummary(record)).subject.commonName;
  if (record.remoteId) throw invalid('rootId', 'remote:export.remoteAuthority', { name });
  if (record.state === 'pending') throw invalid('rootId', 'remote:export.pendingAuthority', { name });
  if (record.kind !== 'root') {
    let top = record;
    while (top.parentId) top = deps.vault.getAuthority(top.parentId);
    if (top.kind === 'root' && top.id !== record.id) throw invalid('rootId', 'remote:export.intermediate', { name, root: (await deps.catalog.authoritySummary(top)).subject.commonName });
    throw invalid('rootId', 'remote:export.intermediateNoRoot', { name });
  }
  return name;
}

/** Refuses before anything is made when the target would be: a folder that is not empty, a file that exists. */
async function requireFree(out: string, layout: 'directory' | 'file'): Promise<void> {
  const path = resolve(out);
  if (layout === 'file') {
    if (await stat(path).then(() => true, () => false)) throw new CertwrightError('INVALID_INPUT', msg('errors:exports.fileExists', { path }), { field: 'out' });
    return;
  }
  const entries = await readdir(path).catch(() => [] as string[]);
  if (entries.length > 0) throw new CertwrightError('INVALID_INPUT', msg('errors:exports.folderNotEmpty', { path }), { field: 'out' });
}

/**
 * The export: checks, asks where, makes and records the intermediate, encrypts its key and the new
 * provisioner key with the password, and writes every file at once (a folder renamed into place, or
 * one zip). Cancelled at the destination: nothing is made.
 */
export async function exportForStepCa(deps: StepCaExportDeps, input: ValidInput<'authority.exportStepCa'>, issuing: Issuing, choose: ChooseDestination, onProgress: OnProgress = noProgress): Promise<StepCaExport> {
  deps.vault.assertUnlocked();
  const rootRecord = deps.vault.getAuthority(input.rootId);
  const rootName = await requireRoot(deps, rootRecord);
  // step-ca trims trailing blanks from its password file (commands/app.go): such a password would never open the keys.
  if (input.password !== input.password.trimEnd()) throw invalid('password', 'remote:export.passwordTrailingBlank');
  // step-ca appends the database name to the data source (smallstep/nosql mysql.go).
  if (input.database.type === 'mysql' && !input.database.dataSource.endsWith('/')) throw invalid('database.dataSource', 'remote:export.dataSourceSlash');
  // The root must be able to sign a CA now (not revoked, not expired, a path length allowing one below it).
  const root = await issuing.issuer(input.rootId, 'rootId');
  try {
    checkPathLength(root.chain, 0);
  } catch (error) {
    if (error instanceof CertwrightError && error.details?.field === 'parentId') throw new CertwrightError(error.code, error.reason ?? error.message, { ...error.details, field: 'rootId' });
    throw error;
  }

  const commonName = input.commonName ?? defaultIntermediateName(rootName);
  const zip = input.format === 'zip';
  const base = `${safeName(commonName)}-step-ca`;
  const out = await choose(zip ? { kind: 'file', title: msg('remote:export.dialogTitle', { name: rootName }), defaultName: `${base}.zip`, extensions: ['zip'] } : { kind: 'folder', title: msg('remote:export.dialogTitle', { name: rootName }), defaultName: base });
  const rootFingerprint = fingerprintOf(new Uint8Array(root.chain.at(-1)!.rawData));
  if (out === null) return { authorityId: input.rootId, cancelled: true, paths: [], rootFingerprint };
  await requireFree(out, zip ? 'file' : 'directory');

  const progress = steps(onProgress, PROGRESS_TOTAL);
  const { record } = await issuing.createIntermediate({ parentId: input.rootId, subject: { commonName }, keyAlgorithm: input.keyAlgorithm, validityDays: input.validityDays, pathLength: 0, nameConstraints: null }, progress);
  progress(3, msg('remote:export.progress.encrypting'));
  const pkcs8 = await deps.vault.exportAuthorityKeyPkcs8(record.id, 'step-ca');
  let keyPem: string;
  try {
    keyPem = await encryptPkcs8Pem(pkcs8, input.password, deps.crypto);
  } finally {
    pkcs8.fill(0);
  }
  const provisioner = await newProvisionerKey(input.password, deps.crypto);

  const intermediateDer = Buffer.from(record.certificateDerB64!, 'base64');
  const intermediate = deps.catalog.certificate(record.certificateDerB64!);
  const config = stepCaConfig({ address: input.address, dnsNames: input.dnsNames, provisioner: { name: input.provisioner, ...provisioner }, acme: input.acme, database: input.database });
  const readme = stepCaReadme({
    rootName,
    intermediateName: commonName,
    notAfter: intermediate.notAfter.toISOString(),
    fingerprint: rootFingerprint,
    url: stepCaUrl(input.address, input.dnsNames),
    provisioner: input.provisioner,
    acme: input.acme,
    database: input.database,
  });
  const files: BundleFile[] = [
    { name: STEP_CA_LAYOUT.root, contents: toPem('CERTIFICATE', new Uint8Array(root.chain.at(-1)!.rawData)), secret: false, mode: 0o644 },
    { name: STEP_CA_LAYOUT.intermediate, contents: toPem('CERTIFICATE', new Uint8Array(intermediateDer)), secret: false, mode: 0o644 },
    { name: STEP_CA_LAYOUT.key, contents: keyPem, secret: true, mode: 0o600 },
    // 0600 as `step ca init` makes it: it holds the provisioner's encrypted key and, for MySQL, the database password.
    { name: STEP_CA_LAYOUT.config, contents: `${JSON.stringify(config, null, 2)}\n`, secret: true, mode: 0o600 },
    { name: STEP_CA_LAYOUT.readme, contents: readme, secret: false, mode: 0o644 },
  ];
  progress(4, msg('remote:export.progress.writing'));
  const bundle: AssembledBundle = zip ? { layout: 'file', files: [{ name: `${base}.zip`, contents: zipBundle(files), secret: true, mode: 0o600 }] } : { layout: 'directory', files };
  const paths = await writeBundle(bundle, out);
  progress(5, msg('remote:export.progress.done'));
  return { authorityId: record.id, cancelled: false, paths, rootFingerprint };
}
