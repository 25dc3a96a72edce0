/**
 * The real `certwright` command line, run as a child process against a temp vault, judged by
 * OpenSSL and by the vault files themselves. Where it quotes a peer (Go, OpenSSL, curl), the words
 * expected are that peer's, asked here about the same certificates (support/peer-verdicts.ts).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { chmod, lstat, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { defaultVaultDirectory } from '../../electron/cli/location.js';
import { progressBar } from '../../electron/cli/progress.js';
import { asOpensslQuote, curlRefusal, goJudge, goX509Reason, opensslJudge } from '../support/peer-verdicts.js';
import { runPeer, writeTemp } from '../support/peers.js';
import { withOpensslServer } from '../support/servers.js';
import { tempDir } from '../support/temp.js';
import { bundleCli, runCli } from '../support/cli-bundle.js';
import { cheapVault, FIXTURE_PASSPHRASE } from '../support/vault-fixtures.js';

const PASSPHRASE = FIXTURE_PASSPHRASE;

let entry = '';

const cli = (args: readonly string[], env: NodeJS.ProcessEnv = {}) => runCli(entry, args, { env });

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) out[name] = await readFile(join(dir, name), 'utf8');
  return out;
}

/** A passphrase or password file as it should be: readable by its owner only (others' are refused). */
async function writeSecret(dir: string, name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text, { mode: 0o600 });
  await chmod(path, 0o600);
  return path;
}

/**
 * A vault for one test: made by `certwright init` when the test is about that, else made here with a
 * cheap KDF (the CLI unlocks with the header's parameters; at the default cost, the unlock in each of
 * a hundred runs was most of this file's time).
 */
async function newVault(made: 'init' | 'cheap' = 'cheap') {
  const dir = await tempDir('certwright-cli-');
  const vault = join(dir, 'vault');
  const passFile = await writeSecret(dir, 'pass.txt', `${PASSPHRASE}\n`);
  const run = (...args: string[]) => cli(['--vault', vault, '--passphrase-file', passFile, ...args]);
  if (made === 'init') {
    const init = await run('init');
    assert.equal(init.code, 0, init.stderr);
  } else {
    await mkdir(vault, { mode: 0o700 });
    (await cheapVault(vault)).lock();
  }
  return { dir, vault, passFile, run };
}

describe('certwright CLI', { timeout: 300_000 }, () => {
  let dispose: () => Promise<void> = async () => undefined;
  after(() => dispose());
  before(async () => {
    ({ entry, dispose } = await bundleCli());
  });

  test('init → root → intermediate → pair → list --json → show --pem verified by openssl', async () => {
    const { dir, vault, run } = await newVault('init');
    const root = await run('ca', 'create', '--cn', 'CLI Root', '--key', 'p384', '--days', '3650', '--json');
    assert.equal(root.code, 0, root.stderr);
    const rootJson = JSON.parse(root.stdout);
    assert.equal(rootJson.kind, 'root');
    assert.equal(rootJson.keyAlgorithm, 'p384');

    const inter = await run('ca', 'create', '--cn', 'CLI Issuing', '--parent', 'CLI Root', '--path-len', '0', '--permit-dns', 'cli.internal', '--crl-url', 'http://crl.cli.internal/issuing.crl', '--json');
    assert.equal(inter.code, 0, inter.stderr);
    assert.deepEqual(JSON.parse(inter.stdout).nameConstraints.permittedDns, ['cli.internal']);
    // No --days: five years under a ten-year root, well before it ends; openssl reads the date.
    const interEnd = (await runPeer('openssl', ['x509', '-noout', '-enddate'], (await run('show', 'CLI Issuing', '--pem')).stdout)).stdout.trim().replace(/^notAfter=/, '');
    assert.ok(Math.abs((Date.parse(interEnd) - Date.now()) / 86_400_000 - 1825) < 1, `CLI Issuing ends ${interEnd}`);
    // Asked to end with the root: made (clamped), with the warning.
    const together = await run('ca', 'create', '--cn', 'CLI Late Issuing', '--parent', 'CLI Root', '--days', '3650');
    assert.equal(together.code, 0, together.stderr);
    assert.match(together.stderr, /warning: it ends with CLI Root: both expire together, so plan CLI Root's renewal first/);

    // The CA can be named by its serial too (with colons, as openssl prints them).
    const serialWithColons = (JSON.parse(inter.stdout).serialNumberHex as string).match(/../g)!.join(':');
    const pair = await run('issue', 'pair', '--ca', serialWithColons, '--service', 'orders', '--dns', 'orders.cli.internal', '--ip', '10.9.8.7', '--uri', 'spiffe://cli.internal/orders');
    assert.equal(pair.code, 0, pair.stderr);
    assert.match(pair.stdout, /server\s+orders\s+orders\.cli\.internal,10\.9\.8\.7/);

    const list = await run('list', '--json');
    assert.equal(list.code, 0);
    const certificates = JSON.parse(list.stdout); // stdout is one JSON document and nothing else
    assert.deepEqual(certificates.map((c: { profile: string }) => c.profile).sort(), ['client', 'server']);
    const server = certificates.find((c: { profile: string }) => c.profile === 'server');

    const leafPem = await run('show', server.id, '--pem');
    const chainPem = await run('show', server.serialNumberHex, '--chain');
    const rootPem = await run('show', 'CLI Root', '--pem');
    assert.equal(leafPem.code, 0, leafPem.stderr);
    assert.match(leafPem.stdout, /^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
    assert.equal(chainPem.stdout.match(/BEGIN CERTIFICATE/g)?.length, 3, 'leaf, intermediate, root');
    const rootFile = await writeTemp(dir, 'root.pem', rootPem.stdout);
    const chainFile = await writeTemp(dir, 'chain.pem', chainPem.stdout);
    const verify = await runPeer('openssl', ['verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', rootFile, '-untrusted', chainFile], leafPem.stdout);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /stdin: OK/);
    const text = await runPeer('openssl', ['x509', '-noout', '-text'], leafPem.stdout);
    assert.match(text.stdout, /URI:http:\/\/crl\.cli\.internal\/issuing\.crl/);

    // Human output is a table; filters work.
    const table = await run('list', '--ca', 'CLI Issuing', '--status', 'valid', '--expiring', '31d');
    assert.match(table.stdout, /^ID\s+PROFILE\s+CN/m);
    assert.equal(table.stdout.trim().split('\n').length, 3);
    assert.equal((await run('list', '--status', 'expired')).stdout.trim(), 'No certificates.');
    const cas = await run('ca', 'list');
    assert.match(cas.stdout, /CLI Issuing\s+p256\s+\S+ \(\d+d left\)\s+2\s+CLI Root/);
    assert.ok((await readdir(vault)).includes('vault.cwv'));
  });

  test('sign-csr signs an openssl request after judging it, and refuses a CA request', async () => {
    const { dir, run } = await newVault();
    assert.equal((await run('ca', 'create', '--cn', 'CSR Root')).code, 0);
    const csr = join(dir, 'req.csr');
    await runPeer('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'req.key'), '-subj', '/CN=billing', '-addext', 'subjectAltName=DNS:billing.internal', '-out', csr]);
    // A root signs a leaf only when told so: the refusal says why and names the flag.
    const unconfirmed = await run('sign-csr', csr, '--ca', 'CSR Root', '--profile', 'server', '--days', '7');
    assert.equal(unconfirmed.code, 1);
    assert.match(unconfirmed.stderr, /^certwright: CSR Root is a root CA\. A root CA should sign only intermediate CAs\..* add --from-root\.$/m);
    const signed = await run('sign-csr', csr, '--ca', 'CSR Root', '--profile', 'server', '--days', '7', '--json', '--from-root');
    assert.equal(signed.code, 0, signed.stderr);
    assert.deepEqual(JSON.parse(signed.stdout).certificate.sans, [{ type: 'dns', value: 'billing.internal' }]);

    const der = join(dir, 'ca.der');
    await runPeer('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'ca.key'), '-subj', '/CN=sneaky', '-addext', 'basicConstraints=critical,CA:TRUE', '-outform', 'DER', '-out', der]);
    const refused = await run('sign-csr', der, '--ca', 'CSR Root', '--profile', 'client');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^certwright: Refused: The request asks to be a CA/m);
  });

  test('failures exit 1 with one line naming what and why, and change nothing on disk', async () => {
    const { dir, vault, passFile, run } = await newVault();
    assert.equal((await run('ca', 'create', '--cn', 'Twin')).code, 0);
    assert.equal((await run('ca', 'create', '--cn', 'Twin')).code, 0);
    assert.equal((await run('ca', 'create', '--cn', 'Solo')).code, 0);
    const before = await snapshot(vault);
    const wrongPass = await writeSecret(dir, 'wrong.txt', 'not the passphrase at all');
    const cases: Array<[string[], RegExp]> = [
      [['--vault', vault, '--passphrase-file', passFile, 'issue', 'client', '--ca', 'Nobody', '--cn', 'x'], /^certwright: No authority matches "Nobody"/],
      [['--vault', vault, '--passphrase-file', passFile, 'issue', 'client', '--ca', 'Twin', '--cn', 'x'], /^certwright: "Twin" is ambiguous: 2 authorities have that common name/],
      [['--vault', vault, '--passphrase-file', passFile, 'issue', 'server', '--ca', 'Solo', '--cn', 'x', '--dns', 'bad..name'], /^certwright: sans\.0\.value: A DNS name cannot have an empty label/],
      [['--vault', vault, '--passphrase-file', passFile, 'issue', 'server', '--ca', 'Solo', '--cn', 'x'], /^certwright: sans: A server certificate needs at least one DNS name or IP address/],
      [['--vault', join(dir, 'nowhere'), '--passphrase-file', passFile, 'ca', 'list'], /^certwright: No vault in .*nowhere: create one with certwright init/],
      [['--vault', vault, '--passphrase-file', passFile, 'init'], /^certwright: A vault already exists/],
      [['--vault', vault, '--passphrase-file', join(dir, 'missing.txt'), 'ca', 'list'], /^certwright: Cannot read the passphrase file/],
      [['--vault', vault, 'ca', 'list'], /^certwright: No passphrase: use --passphrase-file FILE or set CERTWRIGHT_PASSPHRASE/],
      // Last: a failed unlock is counted (unlock-failures.log), and moved into the audit log at the next unlock.
      [['--vault', vault, '--passphrase-file', wrongPass, 'ca', 'list'], /^certwright: That passphrase is not correct; the vault stays locked$/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args);
      assert.equal(result.code, 1, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr.trimEnd(), message);
      assert.equal(result.stderr.trim().split('\n').length, 1, 'one line');
      assert.equal(result.stdout, '');
    }
    const { 'unlock-failures.log': failures, ...after } = await snapshot(vault);
    assert.deepEqual(after, before);
    assert.equal(failures?.trim().split('\n').length, 1, 'the failed unlock was counted');
    // The environment variable works where the file is not given.
    assert.equal((await cli(['--vault', vault, 'ca', 'list'], { CERTWRIGHT_PASSPHRASE: PASSPHRASE })).code, 0);
    assert.equal((await cli(['ca', 'list'], { CERTWRIGHT_PASSPHRASE: PASSPHRASE, CERTWRIGHT_VAULT: vault })).code, 0);
  });

  test('usage errors exit 2; there is no --passphrase option', async () => {
    for (const args of [['--passphrase', 'x', 'ca', 'list'], ['frobnicate'], ['ca', 'delete'], ['issue', 'client', '--days', 'ten', '--ca', 'x', '--cn', 'y'], []]) {
      const result = await cli(['--vault', '/nonexistent', ...args]);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    }
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /issue pair --ca CA --service NAME/);
  });

  test('two processes writing at once: every write lands or the loser says the vault is busy', async () => {
    const { vault, run } = await newVault();
    assert.equal((await run('ca', 'create', '--cn', 'Busy Root')).code, 0);
    const results = await Promise.all(Array.from({ length: 4 }, (_, i) => run('issue', 'client', '--ca', 'Busy Root', '--cn', `worker-${i}`, '--from-root')));
    const landed = results.filter((r) => r.code === 0).length;
    for (const r of results) if (r.code !== 0) assert.match(r.stderr, /^certwright: The vault is busy/);
    assert.ok(landed >= 1);
    const listed = JSON.parse((await run('list', '--json')).stdout);
    assert.equal(listed.length, landed, 'exactly the acknowledged writes are stored');
    for (const [name, text] of Object.entries(await snapshot(vault))) if (name.endsWith('.json')) assert.doesNotThrow(() => JSON.parse(text), name);
    assert.ok(!(await readdir(vault)).includes('vault.lock'), 'the lock is released');
  });

  test('export writes every format without overwriting, keys 0600, and peers open them', async () => {
    const { dir, run } = await newVault();
    assert.equal((await run('ca', 'create', '--cn', 'Export Root')).code, 0);
    assert.equal((await run('ca', 'create', '--cn', 'Export Issuing', '--parent', 'Export Root')).code, 0);
    const issued = JSON.parse((await run('issue', 'client', '--ca', 'Export Issuing', '--cn', 'payments', '--json')).stdout);
    const id: string = issued.certificate.id;
    const pw = await writeSecret(dir, 'p12.txt', 'export password 1\n');

    const folder = join(dir, 'bundle');
    const pem = await run('export', id, '--format', 'pem', '--out', folder);
    assert.equal(pem.code, 0, pem.stderr);
    const { stat } = await import('node:fs/promises');
    assert.equal((await stat(join(folder, 'key.pem'))).mode & 0o777, 0o600);
    assert.equal((await stat(join(folder, 'cert.pem'))).mode & 0o777, 0o644);
    const verify = await runPeer('openssl', ['verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', join(folder, 'ca.pem'), '-untrusted', join(folder, 'chain.pem'), join(folder, 'cert.pem')]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    const fromKey = await runPeer('openssl', ['pkey', '-in', join(folder, 'key.pem'), '-pubout']);
    const fromCert = await runPeer('openssl', ['x509', '-in', join(folder, 'cert.pem'), '-noout', '-pubkey']);
    assert.equal(fromKey.stdout, fromCert.stdout);
    assert.ok((await readdir(join(folder, 'snippets'))).includes('client.go'));

    // Prove it: a real handshake with a throwaway server certificate from the same CA.
    const proof = await run('verify-bundle', folder);
    assert.equal(proof.code, 0, proof.stderr);
    assert.match(proof.stdout, /^mTLS handshake OK: TLSv1\.3, TLS_\w+; server CN=certwright-proof-server \(throwaway server, from the same CA\), client CN=payments/);
    // A server certificate used as a client is refused, in the words engineers see.
    const server = JSON.parse((await run('issue', 'server', '--ca', 'Export Issuing', '--cn', 'api', '--dns', 'api.internal', '--json')).stdout);
    const serverFolder = join(dir, 'server-bundle');
    assert.equal((await run('export', server.certificate.id, '--format', 'pem', '--out', serverFolder)).code, 0);
    const asServer = await run('verify-bundle', serverFolder);
    assert.equal(asServer.code, 0, asServer.stderr);
    assert.match(asServer.stdout, /server CN=api, client CN=certwright-proof-client \(throwaway client, from the same CA\)/);
    const misuse = await run('verify-bundle', serverFolder, '--as', 'client');
    assert.equal(misuse.code, 1);
    // Go's words and OpenSSL's, asked of them with the same bundle: a Go server that requires clients
    // of ca.pem, this bundle on the client's side; `openssl verify -purpose sslclient`.
    const inBundle = (name: string) => readFile(join(serverFolder, name), 'utf8');
    const [fullchain, serverKey, caPem] = await Promise.all([inBundle('fullchain.pem'), inBundle('key.pem'), inBundle('ca.pem')]);
    const [[goSays], opensslSays] = await Promise.all([
      goJudge([{ kind: 'handshake', serverChain: fullchain, serverKey, clientChain: fullchain, clientKey: serverKey, serverRoots: [caPem], clientRoots: [caPem], serverName: 'api.internal' }]),
      opensslJudge({ caFile: join(serverFolder, 'ca.pem'), untrusted: join(serverFolder, 'chain.pem'), leaf: join(serverFolder, 'cert.pem'), usage: 'client' }),
    ]);
    assert.ok(goSays?.serverError, `the Go server accepts the server certificate as a client's: ${JSON.stringify(goSays)}`);
    const [opensslRefusal] = opensslSays.errors;
    assert.ok(opensslRefusal, `OpenSSL accepts the server certificate as a client's:\n${opensslSays.output}`);
    const reason = `${goX509Reason(goSays.serverError)} (${opensslRefusal.text})`;
    assert.ok(misuse.stderr.includes(`mTLS handshake failed (client side, INVALID_PURPOSE): ${reason}. `), `expected Go's and OpenSSL's words\n  ${reason}\nin\n  ${misuse.stderr}`);
    // With the real server bundle on the other side, the pair completes the handshake.
    const pairProof = await run('verify-bundle', folder, '--server', serverFolder, '--host', 'api.internal');
    assert.equal(pairProof.code, 0, pairProof.stderr);

    const again = await run('export', id, '--format', 'pem', '--out', folder);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /is not empty/);

    for (const target of ['modern', 'legacy']) {
      const p12 = join(dir, `${target}.p12`);
      const made = await run('export', id, '--format', 'p12', '--target', target, '--password-file', pw, '--out', p12);
      assert.equal(made.code, 0, made.stderr);
      assert.equal((await stat(p12)).mode & 0o777, 0o600);
      const info = await runPeer('openssl', ['pkcs12', '-in', p12, '-passin', 'pass:export password 1', '-nodes', ...(target === 'legacy' ? ['-legacy'] : [])]);
      assert.equal(info.code, 0, info.stderr);
      assert.match(info.stdout, /BEGIN PRIVATE KEY/);
      assert.match(info.stdout, /friendlyName: payments/);
    }
    const noPassword = await run('export', id, '--format', 'p12', '--out', join(dir, 'nopw.p12'));
    assert.equal(noPassword.code, 1);
    assert.match(noPassword.stderr, /needs a password/);

    const zip = await run('export', id, '--format', 'zip', '--out', join(dir, 'payments.zip'));
    assert.equal(zip.code, 0, zip.stderr);
    const listing = await runPeer('unzip', ['-l', join(dir, 'payments.zip')]);
    for (const name of ['README.txt', 'cert.pem', 'key.pem', 'ca.pem', 'fullchain.pem', 'snippets/server.go']) assert.match(listing.stdout, new RegExp(name.replace('.', '\\.')));
    const existing = await run('export', id, '--format', 'zip', '--out', join(dir, 'payments.zip'));
    assert.match(existing.stderr, /already exists; Certwright never overwrites a file/);

    const p7b = await run('export', id, '--format', 'p7b', '--out', join(dir, 'chain.p7b'));
    assert.equal(p7b.code, 0, p7b.stderr);
    const certs = await runPeer('openssl', ['pkcs7', '-in', join(dir, 'chain.p7b'), '-print_certs', '-noout']);
    assert.equal(certs.stdout.match(/^subject=/gm)?.length, 3);
  });

  test('revoke, release and crl: openssl reads the CRL and refuses the revoked certificate', async () => {
    const { dir, run } = await newVault();
    assert.equal((await run('ca', 'create', '--cn', 'CLI Revocation Root')).code, 0);
    const issued = async (cn: string) => JSON.parse((await run('issue', 'client', '--ca', 'CLI Revocation Root', '--cn', cn, '--json', '--from-root')).stdout).certificate;
    const [gone, held, fine] = [await issued('gone'), await issued('held'), await issued('fine')];
    const revoked = await run('revoke', 'gone', '--reason', 'keyCompromise', '--invalidity', '2026-01-15');
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, /^Revoked gone \(serial [0-9A-F:]+\): Key compromise\nPublished CRL #1 of 1 entry/);
    assert.match(revoked.stderr, /final/);
    assert.equal((await run('revoke', held.id, '--reason', 'certificateHold')).code, 0);
    assert.equal((await run('revoke', 'gone', '--reason', 'superseded')).code, 1);
    assert.equal((await run('revoke', 'fine', '--reason', 'stolen')).code, 2);
    const listed = JSON.parse((await run('list', '--status', 'revoked', '--json')).stdout) as Array<{ subject: { commonName: string } }>;
    assert.deepEqual(listed.map((c) => c.subject.commonName).sort(), ['gone', 'held']);
    // The table says when each was revoked instead of the days it would have left.
    const revokedTable = (await run('list', '--status', 'revoked')).stdout;
    assert.match(revokedTable, new RegExp(`gone .*\\(revoked ${new Date().toISOString().slice(0, 10)}\\)`));
    assert.doesNotMatch(revokedTable, /d left/);

    const pemFile = join(dir, 'root.crl.pem');
    const written = await run('crl', '--ca', 'CLI Revocation Root', '--out', pemFile);
    assert.match(written.stdout, /^Wrote CRL #2 of CLI Revocation Root \(2 entries/);
    const text = await runPeer('openssl', ['crl', '-in', pemFile, '-noout', '-text']);
    assert.match(text.stdout, /Key Compromise[\s\S]*Invalidity Date: \n\s+Jan 15 00:00:00 2026 GMT/);
    const caFile = await writeTemp(dir, 'ca.pem', (await run('show', 'CLI Revocation Root', '--pem')).stdout);
    const leaf = async (id: string) => writeTemp(dir, `${id}.pem`, (await run('show', id, '--pem')).stdout);
    const check = async (id: string) => runPeer('openssl', ['verify', '-crl_check', '-CAfile', caFile, '-CRLfile', pemFile, await leaf(id)]);
    assert.match((await check(gone.id)).stdout + (await check(gone.id)).stderr, /certificate revoked/);
    assert.equal((await check(fine.id)).code, 0);

    const lifted = await run('release', held.id);
    assert.match(lifted.stdout, /Lifted the hold on held; CRL #3 no longer lists it/);
    assert.equal((await run('release', gone.id)).code, 1);
    const derFile = join(dir, 'root.crl');
    assert.equal((await run('crl', '--ca', 'CLI Revocation Root', '--der', '--out', derFile)).code, 0);
    assert.match((await runPeer('openssl', ['crl', '-inform', 'DER', '-in', derFile, '-noout', '-crlnumber'])).stdout, /crlNumber=0x03/);
    const fresh = JSON.parse((await run('crl', '--ca', 'CLI Revocation Root', '--publish', '--json')).stdout);
    assert.equal(fresh.number, 4);
    assert.equal(fresh.entries, 1);
  });

  test('inspect: a file with or without the vault, a PKCS#12 with --password-file, a live endpoint; exit 3 on errors', async () => {
    const { dir, run } = await newVault();
    assert.equal((await run('ca', 'create', '--cn', 'CLI Inspect Root')).code, 0);
    assert.equal((await run('ca', 'create', '--cn', 'CLI Inspect Issuing', '--parent', 'CLI Inspect Root')).code, 0);
    const server = JSON.parse((await run('issue', 'server', '--ca', 'CLI Inspect Issuing', '--cn', 'inspect.cli.test', '--dns', 'inspect.cli.test', '--ip', '127.0.0.1', '--json')).stdout).certificate;
    const leafFile = await writeTemp(dir, 'leaf.pem', (await run('show', server.id, '--pem')).stdout);

    // With the vault: the chain is built from its CAs; the missing intermediate is an error (a Go
    // client trusting the root refuses a leaf served alone): exit 3.
    const withVault = await run('inspect', leafFile, '--host-check', 'inspect.cli.test');
    assert.equal(withVault.code, 3, withVault.stderr);
    assert.match(withVault.stdout, /✓ CLI Inspect Issuing {2}\[vault\]/);
    assert.match(withVault.stdout, /ERROR {3}The intermediate CLI Inspect Issuing is missing — it is in your vault/);
    // Without it (and with a host the certificate does not cover): errors, exit 3, and what Go and
    // OpenSSL say about that host, asked of them with the same certificates (trusting the vault's
    // root, so that OpenSSL gets as far as the name).
    const alone = await cli(['inspect', leafFile, '--no-vault', '--host-check', 'other.cli.test']);
    assert.equal(alone.code, 3, alone.stderr);
    const [leafPem, issuingPem, rootPem] = await Promise.all([readFile(leafFile, 'utf8'), ...['CLI Inspect Issuing', 'CLI Inspect Root'].map(async (ca) => (await run('show', ca, '--pem')).stdout)]);
    const rootFile = await writeTemp(dir, 'root.pem', rootPem!);
    const [[goSays], opensslSays] = await Promise.all([
      goJudge([{ kind: 'verify', leaf: leafPem!, intermediates: [issuingPem!], roots: [rootPem!], usage: 'any', dnsName: 'other.cli.test' }]),
      opensslJudge({ caFile: rootFile, untrusted: await writeTemp(dir, 'issuing.pem', issuingPem!), leaf: leafFile, usage: 'any', host: 'other.cli.test' }),
    ]);
    assert.equal(goSays?.ok, false, 'Go accepts other.cli.test');
    assert.ok(opensslSays.errors.length > 0, `OpenSSL accepts other.cli.test:\n${opensslSays.output}`);
    for (const said of [goSays.error, ...opensslSays.errors.map(asOpensslQuote)]) assert.ok(alone.stdout.includes(`seen as: ${said}\n`), `expected "seen as: ${said}" in\n${alone.stdout}`);
    const json = JSON.parse((await cli(['inspect', leafFile, '--no-vault', '--json'])).stdout);
    assert.equal(json.objects[0].commonName, 'inspect.cli.test');
    assert.ok(json.findings.some((f: { id: string }) => f.id === 'incomplete-chain'));

    // A PKCS#12 made by OpenSSL, its password from a file.
    const key = join(dir, 'p12.key');
    const cert = join(dir, 'p12.pem');
    assert.equal((await runPeer('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=p12.cli.test', '-addext', 'subjectAltName=DNS:p12.cli.test', '-days', '30'])).code, 0);
    const p12 = join(dir, 'bundle.p12');
    assert.equal((await runPeer('openssl', ['pkcs12', '-export', '-in', cert, '-inkey', key, '-passout', 'pass:cli p12 secret', '-out', p12])).code, 0);
    const locked = await cli(['inspect', p12, '--no-vault']);
    assert.match(locked.stderr, /pass its password with --password-file/);
    const opened = await cli(['inspect', p12, '--no-vault', '--password-file', await writeSecret(dir, 'p12pass.txt', 'cli p12 secret\n')]);
    assert.match(opened.stdout, /^PKCS#12 {2}1 certificate and 1 private key/m);
    assert.match(opened.stdout, /private key {2}ECDSA P-256 {2}PKCS#8[\s\S]*matches {4}object 2/);

    // A live endpoint: openssl s_server with the vault's certificate, judged with the vault.
    const exported = await run('export', server.id, '--format', 'pem', '--out', join(dir, 'server-bundle'));
    assert.equal(exported.code, 0, exported.stderr);
    await withOpensslServer(['-cert', join(dir, 'server-bundle', 'cert.pem'), '-key', join(dir, 'server-bundle', 'key.pem'), '-cert_chain', join(dir, 'server-bundle', 'chain.pem')], async (port) => {
      const live = await run('inspect', `127.0.0.1:${port}`);
      assert.equal(live.code, 0, live.stdout + live.stderr);
      assert.match(live.stdout, /protocol {3}TLSv1\.3/);
      assert.match(live.stdout, /chain order as sent/);
      assert.match(live.stdout, /diagnosis: nothing wrong found/);
      // curl's words for the host the certificate does not cover, from curl against this server.
      const curlSays = await curlRefusal(['--cacert', rootFile, '--resolve', `other.cli.test:${port}:127.0.0.1`, `https://other.cli.test:${port}/`]);
      assert.ok(alone.stdout.includes(`seen as: ${curlSays}\n`), `expected "seen as: ${curlSays}" in\n${alone.stdout}`);
    });
    const refused = await cli(['inspect', '127.0.0.1:1', '--no-vault']);
    assert.match(refused.stdout, /failure {4}.*refused/);
  });

  test('renew and rekey from the command line, and metrics as a Prometheus textfile', async () => {
    const { dir, run } = await newVault();
    assert.equal((await run('ca', 'create', '--cn', 'CLI Renew Root')).code, 0);
    const first = JSON.parse((await run('issue', 'client', '--ca', 'CLI Renew Root', '--cn', 'orders', '--days', '5', '--json', '--from-root')).stdout).certificate;
    assert.equal((await run('issue', 'client', '--ca', 'CLI Renew Root', '--cn', 'billing', '--days', '60', '--from-root')).code, 0);
    const renewed = await run('renew', 'orders', '--revoke-old-after', '0d', '--days', '30', '--json');
    assert.equal(renewed.code, 0, renewed.stderr);
    const result = JSON.parse(renewed.stdout);
    assert.equal(result.renewed[0].replacedId, first.id);
    const oldKey = await runPeer('openssl', ['x509', '-noout', '-pubkey', '-in', await writeTemp(dir, 'old.pem', (await run('show', first.id, '--pem')).stdout)]);
    const newKey = await runPeer('openssl', ['x509', '-noout', '-pubkey', '-in', await writeTemp(dir, 'new.pem', (await run('show', result.renewed[0].certificate.id, '--pem')).stdout)]);
    assert.equal(newKey.stdout, oldKey.stdout, 'renew keeps the key');
    const revokedList = JSON.parse((await run('list', '--status', 'revoked', '--json')).stdout) as Array<{ id: string; revocation: { reason: string } }>;
    assert.deepEqual(revokedList.map((c) => [c.id, c.revocation.reason]), [[first.id, 'superseded']]);
    const rekeyed = await run('renew', '--expiring', '90d', '--rekey');
    assert.equal(rekeyed.code, 0, rekeyed.stderr);
    assert.match(rekeyed.stdout, /^Rekeyed billing: new [0-9a-f]{32}/m);
    assert.match(rekeyed.stdout, /^Rekeyed orders: new /m);
    assert.equal((await run('renew')).code, 2);

    const file = join(dir, 'certwright.prom');
    const written = await run('metrics', '--out', file);
    assert.equal(written.code, 0, written.stderr);
    const text = await readFile(file, 'utf8');
    assert.match(text, /^# TYPE certwright_certificate_not_after_seconds gauge$/m);
    assert.match(text, /^certwright_certificate_not_after_seconds\{ca="CLI Renew Root",cn="orders",serial="[0-9A-F]+",profile="client"\} \d+$/m);
    assert.match(text, /^certwright_certificates\{status="revoked"\} 1$/m);
    assert.deepEqual(await readdir(dir).then((names) => names.filter((n) => n.endsWith('.tmp'))), [], 'no temporary file left');
  });

  test('ocsp serve answers openssl ocsp until interrupted', async () => {
    const { dir, vault, passFile, run } = await newVault();
    assert.equal((await run('ca', 'create', '--cn', 'CLI OCSP Root')).code, 0);
    const gone = JSON.parse((await run('issue', 'client', '--ca', 'CLI OCSP Root', '--cn', 'gone', '--json', '--from-root')).stdout).certificate;
    assert.equal((await run('revoke', 'gone', '--reason', 'superseded')).code, 0);
    const issuer = await writeTemp(dir, 'issuer.pem', (await run('show', 'CLI OCSP Root', '--pem')).stdout);
    const leaf = await writeTemp(dir, 'gone.pem', (await run('show', gone.id, '--pem')).stdout);
    const child = spawn(process.execPath, [entry, '--vault', vault, '--passphrase-file', passFile, 'ocsp', 'serve', '--ca', 'CLI OCSP Root', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]!);
        });
        child.on('close', () => reject(new Error(`ocsp serve exited: ${out}`)));
      });
      const { url } = JSON.parse(line) as { url: string };
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const answer = await runPeer('openssl', ['ocsp', '-issuer', issuer, '-cert', leaf, '-url', url, '-CAfile', issuer, '-resp_text']);
      assert.match(answer.stdout, /gone\.pem: revoked[\s\S]*Reason: superseded/);
      assert.match(answer.stdout + answer.stderr, /Response verify OK/);
      // A page whose name was rebound to 127.0.0.1 still says its own name: refused, unsigned.
      const rebound = await new Promise<number>((resolve, reject) => {
        const request = httpRequest(url, { method: 'POST', headers: { Host: 'rebound.attacker.test' } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', reject);
        request.end(Buffer.from('0'));
      });
      assert.equal(rebound, 421);
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0);
    assert.equal((await run('ocsp', 'serve', '--ca', 'CLI OCSP Root', '--port', '80')).code, 2);
  });

  test('backup, restore into an empty folder, passphrase change and audit --verify; a tampered vault exits 1 naming the file', async () => {
    const { dir, vault, passFile, run } = await newVault();
    assert.equal((await run('ca', 'create', '--cn', 'Care Root')).code, 0);
    assert.equal((await run('issue', 'client', '--ca', 'Care Root', '--cn', 'billing', '--from-root')).code, 0);
    const out = join(dir, 'vault.cwbackup');
    const made = await run('backup', '--out', out, '--json');
    assert.equal(made.code, 0, made.stderr);
    assert.equal(JSON.parse(made.stdout).path, out);
    const again = await run('backup', '--out', out);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);

    const target = join(dir, 'restored');
    const wrongFile = await writeSecret(dir, 'wrong.txt', 'not the passphrase\n');
    const refused = await cli(['--vault', target, '--passphrase-file', wrongFile, 'restore', out]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /does not open this backup/);
    const restored = await cli(['--vault', target, '--passphrase-file', passFile, 'restore', out]);
    assert.equal(restored.code, 0, restored.stderr);
    const listed = await cli(['--vault', target, '--passphrase-file', passFile, 'list', '--json']);
    assert.deepEqual(JSON.parse(listed.stdout).map((c: { subject: { commonName: string } }) => c.subject.commonName), ['billing']);
    const into = await cli(['--vault', vault, '--passphrase-file', passFile, 'restore', out]);
    assert.equal(into.code, 1);
    assert.match(into.stderr, /only goes into an empty location/);

    const newPass = await writeSecret(dir, 'new.txt', 'a new command line passphrase\n');
    const changed = await run('passphrase', '--new-passphrase-file', newPass);
    assert.equal(changed.code, 0, changed.stderr);
    assert.equal((await run('list')).code, 1, 'the old passphrase no longer opens');
    const withNew = (...args: string[]) => cli(['--vault', vault, '--passphrase-file', newPass, ...args]);
    const verified = await withNew('audit', '--verify');
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(verified.stdout, /intact: \d+ entries/);
    const entries = JSON.parse((await withNew('audit', '--json', '--kind', 'certificate.issued')).stdout);
    assert.equal(entries.total, 1);
    assert.equal(entries.entries[0].subject, 'billing');

    // Someone edits the revocation-free authorities file by hand: refused, with the file named.
    const file = join(vault, 'authorities.cwv');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"defaultValidityDays":30', '"defaultValidityDays":3650'));
    const tampered = await withNew('list');
    assert.equal(tampered.code, 1);
    assert.match(tampered.stderr, /authorities\.cwv failed its integrity check.*Restore it from a backup/);
  });

  test('secrets stay secret: passphrase and password files others can read are refused; metrics never writes through a symlink', async () => {
    const { dir, vault, run } = await newVault();
    assert.equal((await run('ca', 'create', '--cn', 'Hygiene Root')).code, 0);
    const issued = JSON.parse((await run('issue', 'client', '--ca', 'Hygiene Root', '--cn', 'hygiene', '--json', '--from-root')).stdout).certificate;
    const loose = async (name: string, text: string, mode: number) => {
      const path = await writeTemp(dir, name, text);
      await chmod(path, mode);
      return path;
    };

    // Refused before the vault is opened, in one line that says how to fix it.
    const passFile = await loose('loose pass.txt', `${PASSPHRASE}\n`, 0o644);
    const refused = await cli(['--vault', vault, '--passphrase-file', passFile, 'ca', 'list']);
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr, `certwright: The passphrase file ${passFile} is open to other users (mode 0644); make it yours alone with: chmod 600 '${passFile}'\n`);
    assert.equal(refused.stdout, '');
    await chmod(passFile, 0o600);
    assert.equal((await cli(['--vault', vault, '--passphrase-file', passFile, 'ca', 'list'])).code, 0);

    const newPass = await loose('new.txt', 'a new passphrase for hygiene\n', 0o640);
    const notChanged = await run('passphrase', '--new-passphrase-file', newPass);
    assert.equal(notChanged.code, 1);
    assert.match(notChanged.stderr, /^certwright: The passphrase file \S+new\.txt is open to other users \(mode 0640\); make it yours alone with: chmod 600 \S+new\.txt\n$/);
    assert.equal((await run('ca', 'list')).code, 0, 'the passphrase did not change');

    const password = await loose('p12.txt', 'export password 1\n', 0o604);
    const p12 = join(dir, 'hygiene.p12');
    const notExported = await run('export', issued.id, '--format', 'p12', '--password-file', password, '--out', p12);
    assert.equal(notExported.code, 1);
    assert.match(notExported.stderr, /^certwright: The password file \S+p12\.txt is open to other users \(mode 0604\)/);
    await assert.rejects(lstat(p12), { code: 'ENOENT' });

    // metrics --out onto a symlink: the link itself is replaced, what it pointed to is untouched.
    const victim = await writeTemp(dir, 'victim.txt', 'precious\n');
    const out = join(dir, 'certwright.prom');
    await symlink(victim, out);
    const metrics = await run('metrics', '--out', out);
    assert.equal(metrics.code, 0, metrics.stderr);
    assert.equal(await readFile(victim, 'utf8'), 'precious\n');
    assert.ok((await lstat(out)).isFile(), 'a file now, not a link');
    assert.match(await readFile(out, 'utf8'), /^certwright_certificates\{status="valid"\} 1$/m);
    assert.deepEqual((await readdir(dir)).filter((n) => n.endsWith('.tmp')), []);
  });

  test('the default vault is where the desktop app keeps it', () => {
    assert.equal(defaultVaultDirectory('linux', {}, '/home/ana'), '/home/ana/.config/certwright/vault');
    assert.equal(defaultVaultDirectory('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ana'), '/xdg/certwright/vault');
    assert.equal(defaultVaultDirectory('darwin', {}, '/Users/ana'), '/Users/ana/Library/Application Support/certwright/vault');
    assert.match(defaultVaultDirectory('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana'), /certwright[\\/]vault$/);
  });

  test('the progress bar draws only on a terminal', () => {
    const written: string[] = [];
    const fake = (isTTY: boolean) => ({ isTTY, write: (s: string) => written.push(s) }) as unknown as NodeJS.WriteStream;
    const quiet = progressBar(fake(false));
    quiet.update(1, 3, 'Generating key');
    quiet.finish();
    assert.deepEqual(written, []);
    const bar = progressBar(fake(true));
    bar.update(1, 3, 'Generating RSA 4096 key');
    bar.finish();
    assert.match(written[0] ?? '', /^\r\[#{8} {16}\] Generating RSA 4096 key/);
  });
});
