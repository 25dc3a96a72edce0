/**
 * `certwright jwt …`: token issuers (create, rotate, list), their public keys (JWKS, PEM), test
 * tokens, the check of a pasted token, and the lab token endpoint — over the same ServiceIdentity
 * and TokenEndpoints services the window uses, each input checked against the contract's schema.
 * The `policy` and `services` verbs are in policy.ts; {@link identityCommand} dispatches all three.
 *
 * Exit codes beyond main.ts's: `jwt verify` and `policy check` exit 3 when the token is invalid or
 * the call is denied (0: valid, allowed); 1 is kept for failures (an unknown issuer, a bad file).
 */
import { readFile, stat } from 'node:fs/promises';
import type { TokenAlgorithm, TokenDiagnosis, TokenIssuerSummary } from '../../shared/domain/service-identity.js';
import { TOKEN_ALGORITHMS } from '../../shared/domain/service-identity.js';
import { CertwrightError } from '../../shared/errors.js';
import { english } from '../../shared/i18n/english.js';
import type { CommandIo, Values } from './commands.js';
import { CliError, usageError } from './errors.js';
import { policyCommand, servicesCommand } from './policy.js';
import type { Session } from './session.js';
import { table } from './table.js';

/** Exit code of `jwt verify` for an invalid token and of `policy check` for a denied call. */
export const REFUSED_EXIT_CODE = 3;

/** The verbs this module (with policy.ts) answers. */
export const IDENTITY_VERBS = ['jwt', 'policy', 'services'] as const;

/** The options the identity verbs add to main.ts's (--service, --out, --port, --ca, --json are shared). */
export const IDENTITY_OPTIONS = {
  name: { type: 'string' },
  alg: { type: 'string' },
  'rsa-bits': { type: 'string' },
  issuer: { type: 'string' },
  aud: { type: 'string' },
  ttl: { type: 'string' },
  'client-cert': { type: 'string' },
  action: { type: 'string' },
  jwks: { type: 'string' },
} as const;

/** Help lines, in main.ts's USAGE layout. */
export const IDENTITY_USAGE = `  jwt issuer create --name N [--alg ES256|RS256|EdDSA] [--rsa-bits 2048|3072|4096]
                                         a token issuer (its name is the tokens' iss) with a signing key
                                         sealed in the vault; ES256 unless --alg
  jwt issuer rotate N                    a new signing key; the old one stays in the JWKS until the
                                         last token it signed has expired
  jwt issuer list
  jwt jwks --issuer N [--out FILE]       the issuer's JWKS (public keys only; stdout without --out)
  jwt pubkey --issuer N [--out FILE]     the current public key as PEM
  jwt mint --issuer N --service S --aud A [--ttl 10m]
                                         a token for service S to call A, scope from the policy;
                                         the token on stdout, warnings on stderr (--ttl: 30s, 10m, 1h)
  jwt verify TOKEN|- --issuer N [--jwks FILE] [--aud A] [--client-cert ID] [--action SERVICE:ACTION]
                                         check a token (- reads stdin) as the called service would;
                                         prints each failed check, its advice and golang-jwt's error.
                                         With --jwks, against that key set from elsewhere, N being
                                         the iss its tokens carry. Exit 0 valid, 3 invalid
  jwt serve --issuer N --ca CA [--port N]
                                         the lab token endpoint on 127.0.0.1 until Ctrl+C: HTTPS,
                                         GET /token?aud=SERVICE with a client certificate of CA (its
                                         CN is the token's sub), GET /.well-known/jwks.json
  policy import FILE                     replace the service policy (service-policy.json), checked
                                         line by line first: nothing is stored when it has a problem
  policy export [--out FILE]             the service policy (stdout without --out)
  policy check CALLER SERVICE:ACTION     may CALLER call it? Exit 0 allowed, 3 denied, with the reason
  services                               every service the policy or a client certificate names`;

/** "30s", "10m", "1h", "1h30m" → seconds; a bare number or another unit is a usage error. */
export function durationOption(value: Values[string], flag: string): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (!/^(?:\d{1,6}[hms])+$/.test(text)) throw usageError(`${flag} takes a duration such as 30s, 10m or 1h, not "${text}"`);
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([hms])/g)) seconds += Number(amount) * (unit === 'h' ? 3600 : unit === 'm' ? 60 : 1);
  return seconds;
}

function algorithmOption(value: Values[string]): TokenAlgorithm | undefined {
  if (value === undefined) return undefined;
  if (!(TOKEN_ALGORITHMS as readonly string[]).includes(String(value))) throw usageError(`--alg must be one of ${TOKEN_ALGORITHMS.join(', ')} (never HS256 or none)`);
  return value as TokenAlgorithm;
}

function rsaBitsOption(value: Values[string]): 2048 | 3072 | 4096 | undefined {
  if (value === undefined) return undefined;
  const bits = Number(value);
  if (bits !== 2048 && bits !== 3072 && bits !== 4096) throw usageError('--rsa-bits takes 2048, 3072 or 4096');
  return bits;
}

function portOption(value: Values[string]): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(String(value)) || port < 1024 || port > 65535) throw usageError('--port takes a port from 1024 to 65535');
  return port;
}

/** Malformed option values are usage errors, found before the vault is touched. */
export function checkIdentityOptions(values: Values): void {
  algorithmOption(values.alg);
  rsaBitsOption(values['rsa-bits']);
  durationOption(values.ttl, '--ttl');
}

function requireString(values: Values, flag: string, what: string): string {
  const value = values[flag];
  if (typeof value !== 'string') throw usageError(`${what} needs --${flag}`);
  return value;
}

/** Runs `jwt …`, `policy …` or `services` on an unlocked session; returns the exit code (0, or 3 for an invalid token or a denied call). */
export async function identityCommand(session: Session, verb: string, rest: readonly string[], values: Values, io: CommandIo, stdin: NodeJS.ReadableStream, signals?: Signals): Promise<number> {
  switch (verb) {
    case 'jwt':
      return jwtCommand(session, rest, values, io, stdin, signals);
    case 'policy':
      return policyCommand(session, rest, values, io);
    case 'services':
      if (rest.length > 0) throw usageError('services takes no arguments');
      await servicesCommand(session, io);
      return 0;
    default:
      throw usageError(`Unknown command "${verb}". Run certwright --help`);
  }
}

export interface Signals {
  once(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

async function jwtCommand(session: Session, rest: readonly string[], values: Values, io: CommandIo, stdin: NodeJS.ReadableStream, signals: Signals = process): Promise<number> {
  const [sub, ...args] = rest;
  switch (sub) {
    case 'issuer': {
      const [action, name, ...extra] = args;
      if (extra.length > 0) throw usageError(`Unexpected argument "${extra[0]}"`);
      if (action === 'create') {
        if (name !== undefined) throw usageError('jwt issuer create takes the name as --name N');
        await issuerCreate(session, values, io);
      } else if (action === 'rotate') {
        if (name === undefined) throw usageError('jwt issuer rotate needs the issuer\'s name');
        await issuerRotate(session, name, io);
      } else if (action === 'list') {
        if (name !== undefined) throw usageError('jwt issuer list takes no arguments');
        await issuerList(session, io);
      } else {
        throw usageError('jwt issuer takes create, rotate or list');
      }
      return 0;
    }
    case 'jwks':
    case 'pubkey':
      if (args.length > 0) throw usageError(`jwt ${sub} takes the issuer as --issuer N`);
      await publicKeys(session, sub, values, io);
      return 0;
    case 'mint':
      if (args.length > 0) throw usageError(`Unexpected argument "${args[0]}"`);
      await mint(session, values, io);
      return 0;
    case 'verify':
      if (args.length !== 1) throw usageError('jwt verify needs the token, or - to read it from stdin');
      return verify(session, args[0]!, values, io, stdin);
    case 'serve':
      if (args.length > 0) throw usageError(`Unexpected argument "${args[0]}"`);
      await serve(session, values, io, signals);
      return 0;
    default:
      throw usageError('jwt takes issuer, jwks, pubkey, mint, verify or serve');
  }
}

// ---- Issuers --------------------------------------------------------------------------------

function describeIssuer(io: CommandIo, issuer: TokenIssuerSummary): void {
  io.out(`Token issuer ${issuer.name} (${issuer.algorithm})`);
  io.out(`  id       ${issuer.id}`);
  for (const key of issuer.keys) {
    io.out(`  ${key.state === 'current' ? 'kid     ' : 'retiring'} ${key.kid}${key.leavesJwksAt ? ` (in the JWKS until ${key.leavesJwksAt})` : ''}`);
  }
  io.out(`  tokens   ${issuer.tokensSigned} signed`);
}

async function issuerCreate(session: Session, values: Values, io: CommandIo): Promise<void> {
  const name = requireString(values, 'name', 'jwt issuer create');
  const algorithm = algorithmOption(values.alg);
  const rsaBits = rsaBitsOption(values['rsa-bits']);
  if (rsaBits !== undefined && algorithm !== 'RS256') throw usageError('--rsa-bits goes with --alg RS256');
  const created = await session.run(
    'jwt.createIssuer',
    { name, ...(algorithm ? { algorithm } : {}), ...(rsaBits ? { rsaBits } : {}) },
    (v) => session.services.identity.createIssuer(v),
  );
  if (io.json) return io.out(JSON.stringify(created, null, 2));
  describeIssuer(io, created);
}

/** The issuer with this name (or id): a CliError naming it when there is none. */
async function issuerId(session: Session, reference: string): Promise<string> {
  return (await session.do(() => session.services.identity.find(reference))).id;
}

async function issuerRotate(session: Session, name: string, io: CommandIo): Promise<void> {
  const id = await issuerId(session, name);
  const rotated = await session.run('jwt.rotateKey', { id }, (v) => session.services.identity.rotate(v.id));
  if (io.json) return io.out(JSON.stringify(rotated, null, 2));
  describeIssuer(io, rotated);
}

async function issuerList(session: Session, io: CommandIo): Promise<void> {
  const issuers = await session.run('jwt.issuers', {}, async () => session.services.identity.issuers());
  if (io.json) return io.out(JSON.stringify(issuers, null, 2));
  if (issuers.length === 0) return io.out('No token issuers. Create one with: certwright jwt issuer create --name NAME');
  io.out(
    table(
      ['NAME', 'ALG', 'CURRENT KID', 'KEYS', 'TOKENS', 'CREATED', 'ENDPOINT'],
      issuers.map((i) => [i.name, i.algorithm, i.keys.find((k) => k.state === 'current')?.kid ?? '-', String(i.keys.length), String(i.tokensSigned), i.createdAt.slice(0, 10), i.endpoint.url ?? '-']),
    ),
  );
}

async function publicKeys(session: Session, what: 'jwks' | 'pubkey', values: Values, io: CommandIo): Promise<void> {
  const id = await issuerId(session, requireString(values, 'issuer', `jwt ${what}`));
  const format = what === 'jwks' ? 'jwks' : 'pem';
  if (typeof values.out === 'string') {
    const out = values.out;
    const result = await session.run('jwt.exportKeys', { id, format }, (v) => session.services.identity.exportKeys(v, async () => out));
    return io.out(io.json ? JSON.stringify({ format, files: result.paths }) : `Wrote ${result.paths.join(', ')}`);
  }
  const keys = await session.run('jwt.publicKeys', { id }, async (v) => session.services.identity.publicKeys(v.id));
  if (io.json && what === 'pubkey') return io.out(JSON.stringify({ kid: keys.currentKid, pem: keys.currentPem }, null, 2));
  io.out((what === 'jwks' ? keys.jwks : keys.currentPem).trimEnd());
}

// ---- Tokens ---------------------------------------------------------------------------------

async function mint(session: Session, values: Values, io: CommandIo): Promise<void> {
  const issuer = requireString(values, 'issuer', 'jwt mint');
  const service = requireString(values, 'service', 'jwt mint');
  const audience = requireString(values, 'aud', 'jwt mint');
  const ttlSeconds = durationOption(values.ttl, '--ttl');
  const id = await issuerId(session, issuer);
  const minted = await session.run('jwt.mint', { id, service, audience, ...(ttlSeconds === undefined ? {} : { ttlSeconds }) }, (v) => session.services.identity.mint(v));
  const warning = minted.warnings.length > 0 ? minted.warnings.map((w) => english(w)).join(' ') : null;
  if (warning) io.err.write(`warning: ${warning}\n`);
  io.out(io.json ? JSON.stringify({ token: minted.token, header: minted.header, claims: minted.claims, warning }, null, 2) : minted.token);
}

/** What `jwt verify -` reads at most: the contract's cap (a token over 16 KiB is refused by the check itself). */
const STDIN_TOKEN_MAX = 2 * 1024 * 1024;

async function readToken(argument: string, stdin: NodeJS.ReadableStream): Promise<string> {
  if (argument !== '-') return argument;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += bytes.length;
    if (size > STDIN_TOKEN_MAX) throw new CliError('The input on stdin is over 2 MiB: not a token');
    chunks.push(bytes);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') throw new CliError('Nothing on stdin: pipe the token in, or give it as the argument');
  return text;
}

/** The contract's cap on a JWKS from elsewhere. */
const JWKS_MAX_BYTES = 512 * 1024;

async function readJwksFile(path: string): Promise<string> {
  try {
    const { size } = await stat(path);
    if (size > JWKS_MAX_BYTES) throw new CliError(`${path} is ${size.toLocaleString('en')} bytes; a JWKS is at most 512 KiB`);
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

const MARK: Readonly<Record<string, string>> = { pass: 'ok  ', fail: 'FAIL', skipped: '-   ' };

/** Valid: every check, skipped ones marked. Invalid: each failed check with its advice. Then golang-jwt's verdict. */
function printDiagnosis(io: CommandIo, issuer: string, diagnosis: TokenDiagnosis): void {
  io.out(diagnosis.valid ? `Valid: the token passes every check made against ${issuer}` : `INVALID: the token fails ${diagnosis.checks.filter((c) => c.outcome === 'fail').length === 1 ? 'a check' : 'these checks'}`);
  for (const check of diagnosis.checks) {
    if (check.outcome !== 'fail' && !diagnosis.valid) continue;
    io.out(`  ${MARK[check.outcome]} ${check.id.padEnd(11)} ${english(check.message)}`);
    if (check.advice) io.out(`       ${''.padEnd(11)} what to do: ${english(check.advice)}`);
  }
  io.out(diagnosis.golangJwt === null ? 'golang-jwt (the generated Go middleware) accepts it' : `golang-jwt (the generated Go middleware) says: ${diagnosis.golangJwt}`);
}

async function verify(session: Session, argument: string, values: Values, io: CommandIo, stdin: NodeJS.ReadableStream): Promise<number> {
  const issuer = requireString(values, 'issuer', 'jwt verify');
  const token = await readToken(argument, stdin);
  // The vault's issuer by name, or (--jwks) a key set from elsewhere whose tokens carry iss = --issuer.
  const against = typeof values.jwks === 'string' ? { jwks: await readJwksFile(values.jwks), issuerName: issuer } : { id: await issuerId(session, issuer) };
  const clientCertificateId = typeof values['client-cert'] === 'string' ? (await session.certificate(values['client-cert'])).id : undefined;
  const diagnosis = await session.run(
    'jwt.verify',
    {
      ...against,
      token,
      ...(typeof values.aud === 'string' ? { audience: values.aud } : {}),
      ...(clientCertificateId ? { clientCertificateId } : {}),
      ...(typeof values.action === 'string' ? { action: values.action } : {}),
    },
    (v) => session.services.identity.verify(v),
  );
  // Scripts read the checks' words in English, as they always have.
  if (io.json) io.out(JSON.stringify({ ...diagnosis, checks: diagnosis.checks.map((c) => ({ ...c, message: english(c.message), advice: c.advice ? english(c.advice) : null })) }, null, 2));
  else printDiagnosis(io, against.id === undefined ? issuer : session.services.identity.find(against.id).name, diagnosis);
  return diagnosis.valid ? 0 : REFUSED_EXIT_CODE;
}

// ---- The lab endpoint -----------------------------------------------------------------------

/** `jwt serve`: the issuer's token endpoint until interrupted (Ctrl+C, SIGTERM), like `ocsp serve`. */
async function serve(session: Session, values: Values, io: CommandIo, signals: Signals): Promise<void> {
  const issuer = requireString(values, 'issuer', 'jwt serve');
  if (typeof values.ca !== 'string') throw usageError('jwt serve needs --ca CA (the authority whose client certificates it accepts)');
  const port = portOption(values.port);
  const id = await issuerId(session, issuer);
  const authority = await session.authority(values.ca);
  const endpoints = session.services.tokenEndpoints;
  let status;
  try {
    status = await session.run('jwt.endpointStart', { id, authorityId: authority.id, ...(port === undefined ? {} : { port }) }, (v) => endpoints.start(v));
  } catch (error) {
    if (error instanceof CliError && port !== undefined && /in use/.test(error.message)) throw new CliError(`Port ${port} on 127.0.0.1 is in use; choose another with --port`);
    throw error;
  }
  io.out(
    io.json
      ? JSON.stringify({ issuerId: id, issuer, url: status.url, authorityId: authority.id })
      : `Token endpoint of ${issuer} on ${status.url}, for client certificates of ${authority.subject.commonName} (Ctrl+C stops it)`,
  );
  await new Promise<void>((resolve) => {
    signals.once('SIGINT', resolve);
    signals.once('SIGTERM', resolve);
  });
  try {
    await endpoints.stopAll();
  } catch (error) {
    if (!(error instanceof CertwrightError)) throw error;
    io.err.write(`warning: ${error.message}\n`);
  }
  session.vault.lock();
}
