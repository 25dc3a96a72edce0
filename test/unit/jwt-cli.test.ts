/**
 * `certwright jwt …`, `policy …` and `services` (issue 15) as users run them: the CLI bundled from
 * the current sources and run as a child process against a temp vault. Exit codes: 0 done / valid /
 * allowed, 3 an invalid token or a denied call, 1 a failure (an unknown issuer, a refused file),
 * 2 a usage error. Refusals say what is wrong and store nothing.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createPublicKey, type JsonWebKey as NodeJwk } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { formatPolicy, type ServicePolicy } from '../../shared/domain/service-policy.js';
import { tempDir } from '../support/temp.js';
import { bundleCli, runCli, type CliRun } from '../support/cli-bundle.js';
import { cheapVault, FIXTURE_PASSPHRASE } from '../support/vault-fixtures.js';

const PASSPHRASE = FIXTURE_PASSPHRASE;

let entry = '';

const cli = (args: readonly string[], stdin?: string) => runCli(entry, args, stdin === undefined ? {} : { stdin });
const POLICY = `{
  "version": 1,
  "services": {
    "order-service": { "calls": ["payment-service:charge", "inventory-service:reserve"] },
    "payment-service": { "calls": [], "tokenMinutes": 5 },
    "inventory-service": { "calls": [] }
  }
}
`;

async function newVault() {
  const dir = await tempDir('certwright-jwt-cli-');
  const vault = join(dir, 'vault');
  const passFile = join(dir, 'pass.txt');
  await writeFile(passFile, `${PASSPHRASE}\n`, { mode: 0o600 });
  await chmod(passFile, 0o600);
  const run = (...args: string[]) => cli(['--vault', vault, '--passphrase-file', passFile, ...args]);
  const runWithStdin = (stdin: string, ...args: string[]) => cli(['--vault', vault, '--passphrase-file', passFile, ...args], stdin);
  // Made here with a cheap KDF (the CLI unlocks with the header's parameters): some 60 runs each
  // pay an unlock, and at the default cost that was most of this file's minute and more.
  await mkdir(vault, { mode: 0o700 });
  (await cheapVault(vault)).lock();
  return { dir, vault, passFile, run, runWithStdin };
}

/** How many audit entries of a kind the vault holds (through the CLI's own audit command). */
async function audited(run: (...args: string[]) => Promise<CliRun>, kind: string): Promise<number> {
  const page = await run('audit', '--kind', kind, '--limit', '500', '--json');
  assert.equal(page.code, 0, page.stderr);
  return (JSON.parse(page.stdout) as { total: number }).total;
}

function expectExit(result: CliRun, code: number, what: string): void {
  assert.equal(result.code, code, `${what}: exit ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
}

describe('certwright jwt, policy and services', { timeout: 300_000 }, () => {
  let dispose: () => Promise<void> = async () => undefined;
  after(() => dispose());
  before(async () => {
    ({ entry, dispose } = await bundleCli('certwright-jwt-cli-build-'));
  });

  test('issuers, keys, the policy, tokens minted and verified: exit 0 valid, 3 invalid, 1 failure, 2 usage', async () => {
    const { dir, run, runWithStdin } = await newVault();

    // ---- Issuers: usage errors before the vault is touched; then one per algorithm.
    expectExit(await run('jwt', 'issuer', 'create', '--name', 'auth.lab', '--alg', 'HS256'), 2, 'HS256');
    expectExit(await run('jwt', 'issuer', 'create', '--name', 'auth.lab', '--alg', 'RS256', '--rsa-bits', '1024'), 2, '1024 bits');
    expectExit(await run('jwt', 'issuer', 'create', '--name', 'auth.lab', '--rsa-bits', '3072'), 2, '--rsa-bits without RS256');
    expectExit(await run('jwt', 'issuer', 'create'), 2, 'no --name');
    const badName = await run('jwt', 'issuer', 'create', '--name', 'has space');
    expectExit(badName, 1, 'a name the contract refuses');
    assert.match(badName.stderr, /^certwright: name: An issuer name is 1–128 letters, digits or \. _ : \/ - \(it becomes the tokens' iss\)\n$/);

    const created = await run('jwt', 'issuer', 'create', '--name', 'auth.lab', '--json');
    expectExit(created, 0, 'create ES256');
    const issuer = JSON.parse(created.stdout) as { id: string; algorithm: string; keys: Array<{ kid: string }> };
    assert.equal(issuer.algorithm, 'ES256');
    const rsa = await run('jwt', 'issuer', 'create', '--name', 'auth.rsa', '--alg', 'RS256', '--rsa-bits', '3072');
    expectExit(rsa, 0, 'create RS256');
    assert.match(rsa.stdout, /^Token issuer auth\.rsa \(RS256\)\n {2}id {7}[0-9a-f]{32}\n {2}kid {6}[A-Za-z0-9_-]{43}\n {2}tokens {3}0 signed\n$/);
    expectExit(await run('jwt', 'issuer', 'create', '--name', 'auth.ed', '--alg', 'EdDSA'), 0, 'create EdDSA');
    const duplicate = await run('jwt', 'issuer', 'create', '--name', 'auth.lab');
    expectExit(duplicate, 1, 'a second issuer of the same name');
    assert.match(duplicate.stderr, /There is already a token issuer named auth\.lab/);
    const listed = await run('jwt', 'issuer', 'list');
    expectExit(listed, 0, 'list');
    assert.match(listed.stdout, /^NAME +ALG +CURRENT KID +KEYS +TOKENS +CREATED +ENDPOINT\n/);
    assert.match(listed.stdout, new RegExp(`^auth\\.lab +ES256 +${issuer.keys[0]!.kid} +1 +0 +\\d{4}-\\d\\d-\\d\\d +-$`, 'm'));
    assert.match(listed.stdout, /^auth\.ed +EdDSA /m);

    // ---- Public keys: the JWKS and the PEM are one key; --out never overwrites.
    const jwks = await run('jwt', 'jwks', '--issuer', 'auth.lab');
    expectExit(jwks, 0, 'jwks');
    const keys = (JSON.parse(jwks.stdout) as { keys: Array<Record<string, string>> }).keys;
    assert.deepEqual(Object.keys(keys[0]!).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    const pem = await run('jwt', 'pubkey', '--issuer', 'auth.lab');
    expectExit(pem, 0, 'pubkey');
    assert.match(pem.stdout, /^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    assert.deepEqual(createPublicKey(pem.stdout).export({ format: 'der', type: 'spki' }), createPublicKey({ key: keys[0] as NodeJwk, format: 'jwk' }).export({ format: 'der', type: 'spki' }));
    const jwksFile = join(dir, 'auth.jwks.json');
    expectExit(await run('jwt', 'jwks', '--issuer', 'auth.lab', '--out', jwksFile), 0, 'jwks --out');
    assert.equal(await readFile(jwksFile, 'utf8'), `${jwks.stdout.trimEnd()}\n`);
    const again = await run('jwt', 'jwks', '--issuer', 'auth.lab', '--out', jwksFile);
    expectExit(again, 1, 'jwks --out over an existing file');
    assert.match(again.stderr, /already exists; Certwright never overwrites a file/);
    const nobody = await run('jwt', 'jwks', '--issuer', 'nobody');
    expectExit(nobody, 1, 'an unknown issuer');
    assert.equal(nobody.stderr, 'certwright: No token issuer named nobody in this vault\n');

    // ---- The policy: a file with a problem is refused whole, naming the line; nothing is stored.
    const policyFile = join(dir, 'service-policy.json');
    await writeFile(policyFile, POLICY);
    const imported = await run('policy', 'import', policyFile);
    expectExit(imported, 0, 'policy import');
    assert.equal(imported.stdout, `Imported ${policyFile}: 3 services in the policy\n`);
    assert.match(imported.stderr, /^note: no client certificate in the vault yet for order-service, payment-service, inventory-service\n$/);
    const typo = join(dir, 'typo.json');
    const typoText = POLICY.replace('"inventory-service:reserve"', '"inventroy-service:reserve"').replace('"tokenMinutes": 5', '"tokenMinutes": 5000');
    await writeFile(typo, typoText);
    const column = typoText.split('\n')[3]!.indexOf('"inventroy-service:reserve"') + 1;
    const refused = await run('policy', 'import', typo);
    expectExit(refused, 1, 'a policy with an unknown service');
    assert.equal(
      refused.stderr,
      `certwright: ${typo} was not imported (the policy is unchanged): Line 4, column ${column}: Unknown service "inventroy-service" in "inventroy-service:reserve" (called by "order-service"): declare "inventroy-service" under "services" or fix the name (and 1 more)\n`,
    );
    const broken = join(dir, 'broken.json');
    await writeFile(broken, POLICY.replace('"calls": [] }', '"calls": [], }'));
    const syntax = await run('policy', 'import', broken);
    expectExit(syntax, 1, 'a policy with a syntax error');
    assert.match(syntax.stderr, /broken\.json was not imported \(the policy is unchanged\): Line 6, column 41: Not valid JSON: a field name \(in double quotes\) was expected\n$/);
    const huge = join(dir, 'huge.json');
    await writeFile(huge, POLICY + ' '.repeat(1024 * 1024));
    const tooBig = await run('policy', 'import', huge);
    expectExit(tooBig, 1, 'a policy over 1 MiB');
    assert.match(tooBig.stderr, /huge\.json was not imported \(the policy is unchanged\): .*huge\.json is 1,048,8\d\d bytes; a policy is at most 1 MiB\n$/);
    expectExit(await run('policy', 'import', join(dir, 'missing.json')), 1, 'a policy file that does not exist');
    expectExit(await run('policy', 'import'), 2, 'policy import without a file');
    const exported = await run('policy', 'export');
    expectExit(exported, 0, 'policy export');
    assert.equal(exported.stdout, formatPolicy(JSON.parse(POLICY) as ServicePolicy));
    assert.equal(await audited(run, 'policy.changed'), 1, 'only the good import changed the policy');
    const exportFile = join(dir, 'exported.json');
    expectExit(await run('policy', 'export', '--out', exportFile), 0, 'policy export --out');
    assert.equal(await readFile(exportFile, 'utf8'), exported.stdout);

    // ---- policy check: 0 allowed, 3 denied, the reason printed either way.
    const allowed = await run('policy', 'check', 'order-service', 'payment-service:charge');
    expectExit(allowed, 0, 'an allowed call');
    assert.equal(allowed.stdout, 'Allowed: The policy lets "order-service" call payment-service:charge\n');
    const denied = await run('policy', 'check', 'order-service', 'payment-service:refund');
    expectExit(denied, 3, 'a denied call');
    assert.equal(denied.stdout, 'Denied: "order-service" may call payment-service:charge on payment-service, not refund\n');
    const deniedJson = await run('policy', 'check', 'payment-service', 'order-service:create', '--json');
    expectExit(deniedJson, 3, 'a denied call, --json');
    assert.deepEqual(JSON.parse(deniedJson.stdout), { allowed: false, reason: 'The policy grants "payment-service" nothing on order-service' });
    expectExit(await run('policy', 'check', 'order-service'), 2, 'policy check without the action');
    expectExit(await run('policy', 'check', 'bad caller', 'payment-service:charge'), 1, 'a caller name the contract refuses');

    // ---- services: the policy and the client certificates, as the Services view shows them.
    expectExit(await run('ca', 'create', '--cn', 'JWT CLI Root'), 0, 'a CA');
    expectExit(await run('issue', 'client', '--ca', 'JWT CLI Root', '--cn', 'order-service', '--uri', 'spiffe://lab/order-service', '--from-root'), 0, 'a client certificate');
    expectExit(await run('issue', 'client', '--ca', 'JWT CLI Root', '--cn', 'reporting', '--from-root'), 0, 'a client certificate outside the policy');
    const services = await run('services');
    expectExit(services, 0, 'services');
    assert.match(services.stdout, /^SERVICE +POLICY +CERTIFICATE +CALLS +CALLED BY +TOKEN TTL\n/);
    assert.match(services.stdout, /^order-service +yes +valid, \d{4}-\d\d-\d\d \(\d+d left\) +payment-service:charge, inventory-service:reserve +- +10 min$/m);
    assert.match(services.stdout, /^payment-service +yes +none +- +order-service \(charge\) +5 min$/m);
    assert.match(services.stdout, /^reporting +no +valid, /m);
    const servicesJson = JSON.parse((await run('services', '--json')).stdout) as Array<{ name: string; certificates: Array<{ uris: string[] }> }>;
    assert.deepEqual(
      servicesJson.map((s) => s.name),
      ['inventory-service', 'order-service', 'payment-service', 'reporting'],
    );
    assert.deepEqual(servicesJson[1]!.certificates[0]!.uris, ['spiffe://lab/order-service']);

    // ---- mint: the token alone on stdout, warnings on stderr; durations as 30s, 10m, 1h.
    const minted = await run('jwt', 'mint', '--issuer', 'auth.lab', '--service', 'order-service', '--aud', 'payment-service', '--ttl', '10m');
    expectExit(minted, 0, 'mint');
    assert.match(minted.stdout, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/);
    assert.equal(minted.stderr, '');
    const token = minted.stdout.trim();
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    assert.equal((claims.exp as number) - (claims.iat as number), 600);
    assert.deepEqual([claims.iss, claims.sub, claims.aud, claims.scope], ['auth.lab', 'order-service', 'payment-service', 'payment-service:charge']);
    const long = await run('jwt', 'mint', '--issuer', 'auth.lab', '--service', 'order-service', '--aud', 'payment-service', '--ttl', '1h');
    expectExit(long, 0, 'mint for an hour');
    assert.equal(long.stderr, 'warning: It lives 60 minutes: service tokens should live 5–15 minutes, so a leaked one is soon useless.\n');
    expectExit(await run('jwt', 'mint', '--issuer', 'auth.lab', '--service', 'order-service', '--aud', 'payment-service', '--ttl', '600'), 2, '--ttl without a unit');
    const short = await run('jwt', 'mint', '--issuer', 'auth.lab', '--service', 'order-service', '--aud', 'payment-service', '--ttl', '20s');
    expectExit(short, 1, '--ttl under the minimum');
    assert.equal(short.stderr, 'certwright: ttlSeconds: A token lives at least 30 seconds\n');
    expectExit(await run('jwt', 'mint', '--issuer', 'auth.lab', '--service', 'order-service'), 2, 'mint without --aud');
    expectExit(await run('jwt', 'mint', '--issuer', 'nobody', '--service', 'order-service', '--aud', 'payment-service'), 1, 'mint from an unknown issuer');
    assert.equal(await audited(run, 'token.signed'), 2);

    // ---- verify: 0 valid, 3 invalid with each failed check, its advice and golang-jwt's words; 1 failure.
    const valid = await run('jwt', 'verify', token, '--issuer', 'auth.lab', '--aud', 'payment-service', '--client-cert', 'order-service', '--action', 'payment-service:charge');
    expectExit(valid, 0, 'a valid token');
    assert.match(valid.stdout, /^Valid: /);
    assert.match(valid.stdout, /^ {2}ok {3}certificate sub matches the client certificate's CommonName "order-service"$/m);
    assert.match(valid.stdout, /^golang-jwt \(the generated Go middleware\) accepts it\n$/m);
    const piped = await runWithStdin(`${token}\n`, 'jwt', 'verify', '-', '--issuer', 'auth.lab', '--json');
    expectExit(piped, 0, 'a valid token on stdin');
    assert.equal((JSON.parse(piped.stdout) as { valid: boolean }).valid, true);

    // Against a JWKS from elsewhere (here: the one exported above), --issuer naming the iss.
    const byJwks = await run('jwt', 'verify', token, '--jwks', jwksFile, '--issuer', 'auth.lab', '--aud', 'payment-service');
    expectExit(byJwks, 0, 'a valid token against a JWKS file');
    assert.match(byJwks.stdout, /^Valid: the token passes every check made against auth\.lab\n/);
    const wrongIss = await run('jwt', 'verify', token, '--jwks', jwksFile, '--issuer', 'someone.else');
    expectExit(wrongIss, 3, 'a JWKS file, another iss');
    assert.match(wrongIss.stdout, /FAIL issuer {6}iss is "auth\.lab", not "someone\.else"/);
    const secretJwks = join(dir, 'secret.jwks.json');
    await writeFile(secretJwks, JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'shared', alg: 'HS256' }] }));
    const refusedJwks = await run('jwt', 'verify', token, '--jwks', secretJwks, '--issuer', 'auth.lab');
    expectExit(refusedJwks, 1, 'a JWKS holding a shared secret');
    assert.match(refusedJwks.stderr, /^certwright: .*shared/);
    expectExit(await run('jwt', 'verify', token, '--jwks', join(dir, 'none.json'), '--issuer', 'auth.lab'), 1, 'a JWKS file that does not exist');

    const wrongAudience = await run('jwt', 'verify', token, '--issuer', 'auth.lab', '--aud', 'inventory-service');
    expectExit(wrongAudience, 3, 'a token for another service');
    assert.equal(
      wrongAudience.stdout,
      [
        'INVALID: the token fails a check',
        '  FAIL audience    aud is "payment-service", but this is inventory-service',
        '                   what to do: The caller asked for a token for another service; it must ask for aud=inventory-service. A token for one service must never open another.',
        'golang-jwt (the generated Go middleware) says: token has invalid audience',
        '',
      ].join('\n'),
    );
    const stolen = await run('jwt', 'verify', token, '--issuer', 'auth.lab', '--client-cert', 'reporting', '--action', 'payment-service:refund');
    expectExit(stolen, 3, 'a token shown with another service\'s certificate, for an action not granted');
    assert.match(stolen.stdout, /^INVALID: the token fails these checks\n {2}FAIL certificate sub "order-service" is not the client certificate's CommonName "reporting"/);
    assert.match(stolen.stdout, /^ {2}FAIL scope {7}"order-service" may call payment-service:charge on payment-service, not refund$/m);
    assert.match(stolen.stdout, /^golang-jwt \(the generated Go middleware\) says: token subject "order-service" is not the client certificate's CommonName "reporting"$/m);
    const otherIssuer = await run('jwt', 'verify', token, '--issuer', 'auth.ed');
    expectExit(otherIssuer, 3, 'a token of another issuer');
    assert.match(otherIssuer.stdout, /FAIL algorithm {3}"alg": "ES256", but auth\.ed signs with EdDSA/);
    assert.match(otherIssuer.stdout, /golang-jwt \(the generated Go middleware\) says: signing method ES256 is invalid\n$/);
    const [h, , s] = token.split('.');
    const edited = `${h}.${Buffer.from(JSON.stringify({ ...claims, scope: 'payment-service:charge payment-service:refund' })).toString('base64url')}.${s}`;
    const tampered = await run('jwt', 'verify', edited, '--issuer', 'auth.lab');
    expectExit(tampered, 3, 'a token whose claims were edited');
    assert.match(tampered.stdout, /FAIL signature {3}The signature does not verify with key /);
    assert.match(tampered.stdout, /says: crypto\/ecdsa: verification error\n$/);

    // Refusals with specific words: a malformed token, a megabyte "token", neither stored anywhere.
    const malformed = await run('jwt', 'verify', 'not-a-token', '--issuer', 'auth.lab');
    expectExit(malformed, 3, 'a malformed token');
    assert.match(malformed.stdout, /FAIL format {6}A signed JWT has three dot-separated parts; this has 1\n.*what to do: Copy the whole token: header\.claims\.signature\./);
    assert.match(malformed.stdout, /says: token contains an invalid number of segments\n$/);
    const notJson = await run('jwt', 'verify', 'e30.bm90IGpzb24.c2ln', '--issuer', 'auth.lab');
    expectExit(notJson, 3, 'claims that are not JSON');
    assert.match(notJson.stdout, /FAIL format {6}The claims part is not JSON/);
    const megabyte = await runWithStdin(`${'A'.repeat(512 * 1024)}.${'B'.repeat(512 * 1024 - 2)}.`, 'jwt', 'verify', '-', '--issuer', 'auth.lab');
    expectExit(megabyte, 3, 'a 1 MiB token');
    assert.match(megabyte.stdout, /FAIL size {8}The token is 1,048,576 bytes; Certwright reads tokens of up to 16 KiB \(a service token is a few hundred bytes\)\n.*what to do: Paste the token itself, not a log or a file it was found in\./);
    const overCap = await runWithStdin('A'.repeat(2 * 1024 * 1024 + 1), 'jwt', 'verify', '-', '--issuer', 'auth.lab');
    expectExit(overCap, 1, 'over 2 MiB on stdin');
    assert.equal(overCap.stderr, 'certwright: The input on stdin is over 2 MiB: not a token\n');
    expectExit(await runWithStdin('', 'jwt', 'verify', '-', '--issuer', 'auth.lab'), 1, 'nothing on stdin');
    const unknown = await run('jwt', 'verify', token, '--issuer', 'nobody');
    expectExit(unknown, 1, 'verify against an unknown issuer');
    assert.equal(unknown.stderr, 'certwright: No token issuer named nobody in this vault\n');
    expectExit(await run('jwt', 'verify', '--issuer', 'auth.lab'), 2, 'verify without a token');
    expectExit(await run('jwt', 'verify', token, '--issuer', 'auth.lab', '--client-cert', 'nobody'), 1, 'an unknown client certificate');
    assert.equal(await audited(run, 'token.signed'), 2, 'verifying signs and stores nothing');
    assert.equal(await audited(run, 'policy.changed'), 1);

    // ---- Rotation: the old key stays published while its tokens live; they still verify.
    const rotated = await run('jwt', 'issuer', 'rotate', 'auth.lab', '--json');
    expectExit(rotated, 0, 'rotate');
    const after = JSON.parse(rotated.stdout) as { keys: Array<{ kid: string; state: string; leavesJwksAt: string | null }> };
    assert.deepEqual(
      after.keys.map((k) => k.state),
      ['current', 'retiring'],
    );
    assert.equal(after.keys[1]!.kid, issuer.keys[0]!.kid);
    assert.equal(after.keys[1]!.leavesJwksAt, new Date(((JSON.parse(Buffer.from(long.stdout.split('.')[1]!, 'base64url').toString()) as { exp: number }).exp) * 1000).toISOString());
    expectExit(await run('jwt', 'verify', token, '--issuer', 'auth.lab'), 0, 'a token of the retired key');
    expectExit(await run('jwt', 'issuer', 'rotate'), 2, 'rotate without a name');
    expectExit(await run('jwt', 'issuer', 'rotate', 'nobody'), 1, 'rotate an unknown issuer');
    expectExit(await run('jwt', 'frobnicate'), 2, 'an unknown jwt verb');
    expectExit(await run('policy'), 2, 'policy without a verb');
    assert.equal(await audited(run, 'token.keyRotated'), 1);
  });

  test('jwt serve: the token endpoint on 127.0.0.1 until interrupted; a client certificate gets a token that verifies', async () => {
    const { dir, vault, passFile, run } = await newVault();
    expectExit(await run('ca', 'create', '--cn', 'JWT Serve Root'), 0, 'a CA');
    expectExit(await run('jwt', 'issuer', 'create', '--name', 'serve.lab'), 0, 'an issuer');
    const policyFile = join(dir, 'policy.json');
    await writeFile(policyFile, POLICY);
    expectExit(await run('policy', 'import', policyFile), 0, 'the policy');
    const client = JSON.parse((await run('issue', 'client', '--ca', 'JWT Serve Root', '--cn', 'order-service', '--json', '--from-root')).stdout) as { certificate: { id: string } };
    const bundle = join(dir, 'order-service');
    expectExit(await run('export', client.certificate.id, '--format', 'pem', '--out', bundle), 0, 'the client bundle');
    const caPem = (await run('show', 'JWT Serve Root', '--pem')).stdout;
    expectExit(await run('jwt', 'serve', '--issuer', 'serve.lab', '--ca', 'JWT Serve Root', '--port', '80'), 2, 'a privileged port');
    expectExit(await run('jwt', 'serve', '--issuer', 'serve.lab'), 2, 'serve without --ca');

    const child = spawn(process.execPath, [entry, '--vault', vault, '--passphrase-file', passFile, 'jwt', 'serve', '--issuer', 'serve.lab', '--ca', 'JWT Serve Root', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]!);
        });
        child.on('close', () => reject(new Error(`jwt serve exited: ${out} ${stderr}`)));
      });
      const started = JSON.parse(line) as { url: string; issuer: string };
      assert.match(started.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(started.issuer, 'serve.lab');
      const get = (path: string, withCertificate: boolean) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          void (async () => {
            const tls = withCertificate ? { cert: await readFile(join(bundle, 'fullchain.pem'), 'utf8'), key: await readFile(join(bundle, 'key.pem'), 'utf8') } : {};
            const request = httpsRequest(`${started.url}${path}`, { ca: caPem, ...tls }, (response) => {
              let body = '';
              response.on('data', (d: Buffer) => (body += d.toString()));
              response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
            });
            request.on('error', reject);
            request.end();
          })().catch(reject);
        });
      // The JWKS is public; the server's certificate chains to the vault's CA for 127.0.0.1.
      const jwks = await get('/.well-known/jwks.json', false);
      assert.equal(jwks.status, 200);
      assert.equal(jwks.body.trim(), (await run('jwt', 'jwks', '--issuer', 'serve.lab')).stdout.trim());
      assert.equal((await get('/token?aud=payment-service', false)).status, 401);
      const answer = await get('/token?aud=payment-service', true);
      assert.equal(answer.status, 200, answer.body);
      const { access_token: accessToken } = JSON.parse(answer.body) as { access_token: string };
      const checked = await run('jwt', 'verify', accessToken, '--issuer', 'serve.lab', '--aud', 'payment-service', '--client-cert', 'order-service', '--action', 'payment-service:charge');
      expectExit(checked, 0, 'the endpoint\'s token');
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0, stderr);
    assert.equal(await audited(run, 'token.endpointStarted'), 1);
    assert.equal(await audited(run, 'token.endpointStopped'), 1);
  });
});
