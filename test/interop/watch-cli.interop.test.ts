/**
 * `certwright watch` as users run it (the bundled CLI as a child process, test/support/cli-bundle.ts)
 * against real endpoints on 127.0.0.1: `openssl s_server` serving a vault certificate with its chain,
 * and a port nobody listens on. One vault and one server for the whole file; the probe timeout is the
 * watch setting's 1 s, so an unreachable endpoint costs nothing.
 */
import assert from 'node:assert/strict';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Session } from '../../electron/cli/session.js';
import { watchCommand } from '../../electron/cli/watch.js';
import { toPem } from '../../electron/engine/pem.js';
import { openBackend } from '../support/backend.js';
import { bundleCli, runCli } from '../support/cli-bundle.js';
import { freePort, withOpensslServer } from '../support/servers.js';
import { tempDir } from '../support/temp.js';
import { cheapVault, FIXTURE_PASSPHRASE } from '../support/vault-fixtures.js';

interface Status {
  endpoint: { id: string; host: string; port: number; expect: unknown; intervalMinutes: number | null };
  target: string;
  health: string;
  last: null | { reached: string; leaf: null | { vaultCertificateId: string | null; serialHex: string }; earliestNotAfter: string | null; findings: Array<{ id: string; severity: string; text: string }> };
}

describe('certwright watch', { timeout: 120_000 }, async () => {
  const dir = await tempDir('certwright-watch-cli-');
  const vaultDir = join(dir, 'vault');
  let entry = '';
  let dispose: () => Promise<void> = async () => undefined;
  before(async () => {
    ({ entry, dispose } = await bundleCli('certwright-watch-cli-build-'));
  });
  after(() => dispose());

  // The vault, made in process (cheap KDF): a CA, a server certificate for 127.0.0.1, the 1 s timeout.
  await mkdir(vaultDir, { mode: 0o700 });
  (await cheapVault(vaultDir)).lock();
  const { call, vault, services } = openBackend(vaultDir);
  await call('vault.unlock', { passphrase: FIXTURE_PASSPHRASE });
  const root = await call('authority.createRoot', { subject: { commonName: 'Watch CLI Root' } });
  const issuing = (await call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Watch CLI Issuing' } })).authority;
  const leaf = (await call('certificate.issue', { authorityId: issuing.id, profile: 'server', subject: { commonName: 'watch-cli-server' }, sans: [{ type: 'ip', value: '127.0.0.1' }] })).certificate;
  const detail = await call('certificate.get', { id: leaf.id });
  const files = { cert: join(dir, 'server.pem'), key: join(dir, 'server.key'), chain: join(dir, 'chain.pem') };
  await writeFile(files.cert, detail.certificatePem);
  await writeFile(files.key, toPem('PRIVATE KEY', await vault.exportPrivateKeyPkcs8(leaf.id)), { mode: 0o600 });
  await writeFile(files.chain, detail.chainPem);
  await call('settings.updateWatch', { ...vault.appSettings().watch, timeoutSeconds: 1 });
  await call('vault.lock');
  await services.close();

  const passFile = join(dir, 'pass.txt');
  await writeFile(passFile, `${FIXTURE_PASSPHRASE}\n`, { mode: 0o600 });
  await chmod(passFile, 0o600);
  const cli = (...args: string[]) => runCli(entry, ['--vault', vaultDir, '--passphrase-file', passFile, ...args]);

  test('add, list, run (exit 3: the closed port is unreachable, the served one clean), import by line, remove', async () => {
    const closed = await freePort();
    await withOpensslServer(['-cert', files.cert, '-key', files.key, '-cert_chain', files.chain], async (port) => {
      const served = `127.0.0.1:${port}`;
      const dead = `127.0.0.1:${closed}`;

      const added = await cli('watch', 'add', served, '--expect', leaf.id, '--json');
      assert.equal(added.code, 0, added.stderr);
      const servedStatus = JSON.parse(added.stdout) as Status;
      assert.deepEqual(servedStatus.endpoint.expect, { kind: 'certificate', certificateId: leaf.id });
      const again = await cli('watch', 'add', served);
      assert.equal(again.code, 2, 'the service refuses it as input: a usage error');
      assert.match(again.stderr, new RegExp(`^certwright: host: ${served.replace(/\./g, '\\.')} is already watched`));
      const addDead = await cli('watch', 'add', dead, '--interval', '5');
      assert.equal(addDead.code, 0, addDead.stderr);
      assert.match(addDead.stdout, new RegExp(`^Watching ${dead}\\n\\s+id\\s+\\S+\\n\\s+interval\\s+every 5 minutes`));

      const listed = await cli('watch', 'list', '--json');
      assert.equal(listed.code, 0, listed.stderr);
      const before = JSON.parse(listed.stdout) as Status[];
      assert.deepEqual(before.map((s) => [s.target, s.health, s.endpoint.intervalMinutes]), [
        [served, 'unprobed', null],
        [dead, 'unprobed', 5],
      ]);

      const run = await cli('watch', 'run', '--json');
      assert.equal(run.code, 3, `exit 3: a finding is an error\n${run.stdout}\n${run.stderr}`);
      const result = JSON.parse(run.stdout) as { statuses: Status[]; errors: number; cancelled: boolean };
      assert.equal(result.cancelled, false);
      const byTarget = new Map(result.statuses.map((s) => [s.target, s]));
      const ok = byTarget.get(served)!;
      assert.equal(ok.last?.reached, 'ok', JSON.stringify(ok.last));
      assert.deepEqual(ok.last.findings.filter((f) => f.severity === 'error'), [], 'the served vault certificate has no error');
      assert.equal(ok.last.leaf?.vaultCertificateId, leaf.id);
      assert.equal(Date.parse(ok.last.earliestNotAfter!), Math.min(Date.parse(leaf.notAfter), Date.parse(issuing.notAfter!)), 'the earliest of the leaf and its intermediate');
      const down = byTarget.get(dead)!;
      assert.equal(down.last?.reached, 'unreachable');
      assert.deepEqual(down.last.findings.map((f) => [f.id, f.severity]), [['unreachable', 'error']]);
      assert.match(down.last.findings[0]!.text, /^Unreachable: /, 'the finding in English words');

      // The human forms: the table and the findings by endpoint.
      const table = await cli('watch', 'list');
      assert.match(table.stdout, /^ID\s+TARGET\s+HEALTH\s+LAST PROBE \(UTC\)\s+LEAF\s+EARLIEST EXPIRY\s+FINDINGS$/m);
      assert.match(table.stdout, new RegExp(`${served.replace(/\./g, '\\.')}\\s+(ok|warning)\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+watch-cli-server\\s+\\d{4}-\\d\\d-\\d\\d \\(\\d+d left\\)`));
      assert.match(table.stdout, new RegExp(`${dead.replace(/\./g, '\\.')}\\s+error\\s+\\S+ \\S+\\s+-\\s+-\\s+unreachable$`, 'm'));
      const runOne = await cli('watch', 'run', dead);
      assert.equal(runOne.code, 3);
      assert.match(runOne.stdout.trimEnd(), new RegExp(`^${dead.replace(/\./g, '\\.')}  error  nothing served\\n  ERROR   Unreachable: .+\\n1 endpoint probed: 1 error, 0 warnings\\.$`));
      const runServed = await cli('watch', 'run', served);
      assert.equal(runServed.code, 0, runServed.stdout + runServed.stderr);
      assert.match(runServed.stdout, /serves watch-cli-server \(serial [0-9a-f]+, vault /i);

      // An import: a duplicate skipped, a malformed line named by its number, nothing added (exit 2).
      const badFile = join(dir, 'bad.txt');
      await writeFile(badFile, `${served}\n127.0.0.1:${closed + 1}\nthis is not an endpoint\n`);
      const bad = await cli('watch', 'import', badFile);
      assert.equal(bad.code, 2, bad.stdout + bad.stderr);
      assert.match(bad.stdout, new RegExp(`^line 1: ${served.replace(/\./g, '\\.')} is already watched`, 'm'));
      assert.match(bad.stderr, /^line 3: /m);
      assert.match(bad.stderr, /Nothing was imported: 1 line could not be read/);
      assert.equal((JSON.parse((await cli('watch', 'list', '--json')).stdout) as Status[]).length, 2);
      const goodFile = join(dir, 'good.txt');
      await writeFile(goodFile, `${served}\n127.0.0.1:${closed + 1}\n`);
      const good = await cli('watch', 'import', goodFile);
      assert.equal(good.code, 0, good.stderr);
      assert.match(good.stdout, /Imported 1 endpoint, skipped 1 duplicate\./);

      // Remove by HOST:PORT and by id.
      const all = JSON.parse((await cli('watch', 'list', '--json')).stdout) as Status[];
      const removed = await cli('watch', 'remove', dead, all.find((s) => s.target === `127.0.0.1:${closed + 1}`)!.endpoint.id);
      assert.equal(removed.code, 0, removed.stderr);
      assert.equal(removed.stdout.trim(), 'Removed 2 endpoints.');
      assert.deepEqual((JSON.parse((await cli('watch', 'list', '--json')).stdout) as Status[]).map((s) => s.target), [served]);
    });
  });

  test('Ctrl+C during watch run stops the round between probes: exit 130, and says so', async () => {
    // In process, with the signal arriving before the first probe (a child's SIGINT would race the round).
    const session = new Session(vaultDir);
    await session.run('vault.unlock', { passphrase: FIXTURE_PASSPHRASE }, (v) => session.services.session.unlock(v.passphrase));
    try {
      const out: string[] = [];
      let err = '';
      const io = { out: (text: string) => void out.push(text), err: { write: (text: string) => ((err += text), true) } as unknown as NodeJS.WriteStream, json: false };
      const signals = { once: (_event: 'SIGINT', listener: () => void) => listener(), off: () => undefined };
      const code = await watchCommand(session, ['run'], {}, io, process.stdin, signals);
      assert.equal(code, 130, out.join('\n') + err);
      assert.match(out.at(-1) ?? '', /\(stopped before the end\)\.$/);
      assert.match(err, /^Stopped \(Ctrl\+C\): the endpoints not reached keep their last result\.$/m);
    } finally {
      session.vault.lock();
      await session.services.close();
    }
  });

  test('input errors are usage errors (exit 2) with what was wrong', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['watch', 'frob'], /watch takes add, import, list, remove, run; not "frob"/],
      [['watch', 'add'], /watch add needs HOST:PORT/],
      [['watch', 'add', 'example.test'], /"example.test" is not HOST:PORT/],
      [['watch', 'add', '127.0.0.1:70000'], /Ports run from 1 to 65535/],
      [['watch', 'add', '127.0.0.1:443', '--interval', '0'], /interval/i],
      [['watch', 'add', '127.0.0.1:443', '--expect', 'no-such-certificate'], /No certificate matches "no-such-certificate"/],
      [['watch', 'list', '--servername', 'a.test'], /--servername belongs to watch add/],
      [['watch', 'remove'], /watch remove needs the endpoints/],
      [['watch', 'remove', '127.0.0.1:1'], /No watched endpoint matches "127.0.0.1:1"/],
      [['watch', 'import', join(dir, 'missing.txt')], /Cannot read .*missing\.txt: ENOENT/],
    ];
    // Side by side: each is a process start, and none changes the vault.
    const runs = await Promise.all(cases.map(([args]) => cli(...args)));
    cases.forEach(([args, message], i) => {
      assert.equal(runs[i]!.code, 2, `${args.join(' ')}: ${runs[i]!.stderr}`);
      assert.match(runs[i]!.stderr, message, args.join(' '));
    });
  });
});
