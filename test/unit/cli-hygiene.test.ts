/**
 * The CLI's handling of secrets and files (issue 13): CERTWRIGHT_PASSPHRASE leaves the environment
 * once read; passphrase and password files others can read are refused; the hidden prompt behaves
 * like a terminal line (Ctrl+D ends it, Ctrl+C exits 130, Backspace erases) — driven here through a
 * fake TTY; the metrics file is written under an unpredictable, exclusive temporary name and never
 * through a symlink. The built CLI is run against the same rules in cli.interop.test.ts.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { watch } from 'node:fs';
import { chmod, lstat, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { writeFileAtomically } from '../../electron/services/atomic-write.js';
import { CliError } from '../../electron/cli/errors.js';
import { runCli } from '../../electron/cli/main.js';
import { CANCELLED_EXIT_CODE, hiddenPrompt, takePassphraseFromEnv } from '../../electron/cli/passphrase.js';
import { readSecretFile } from '../../electron/cli/secret-file.js';
import { tempDir } from '../support/temp.js';

/** A terminal as the prompt sees it: keystrokes in, raw mode switched, nothing echoed. */
function fakeTty() {
  const modes: boolean[] = [];
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true,
    isRaw: false,
    setRawMode(mode: boolean) {
      stdin.isRaw = mode;
      modes.push(mode);
      return stdin;
    },
  });
  let written = '';
  const stderr = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      written += chunk.toString();
      callback();
    },
  });
  return { stdin: stdin as unknown as NodeJS.ReadStream & PassThrough, stderr: stderr as unknown as NodeJS.WriteStream, modes, written: () => written };
}

/** Answers the prompt with `keys`, typed in the given chunks. */
async function typeInto(keys: readonly string[]): Promise<{ value: string | Error; modes: boolean[]; shown: string }> {
  const tty = fakeTty();
  const answer = hiddenPrompt(tty, 'Vault passphrase: ').then(
    (v) => v,
    (e: Error) => e,
  );
  for (const chunk of keys) tty.stdin.write(chunk);
  return { value: await answer, modes: tty.modes, shown: tty.written() };
}

describe('the hidden prompt', () => {
  test('Enter ends the line; nothing typed is echoed; raw mode is switched back off', async () => {
    const { value, modes, shown } = await typeInto(['corr', 'ect horse\r']);
    assert.equal(value, 'correct horse');
    assert.deepEqual(modes, [true, false]);
    assert.equal(shown, 'Vault passphrase: \n');
  });

  test('Backspace erases one character (a whole emoji too), Ctrl+U the line', async () => {
    assert.equal((await typeInto(['abc\u007fd', '\b\bxy\n'])).value, 'axy');
    assert.equal((await typeInto(['key 🔑', '\u007f', 'k\r'])).value, 'key k');
    assert.equal((await typeInto(['wrong\u0015right\r'])).value, 'right');
  });

  test('Ctrl+D ends the input and is never part of the passphrase; on an empty line it means no passphrase', async () => {
    assert.equal((await typeInto(['typed then eot\u0004'])).value, 'typed then eot');
    assert.equal((await typeInto(['ab\u0004cd\r'])).value, 'ab', 'input ends at Ctrl+D');
    const empty = await typeInto(['\u0004']);
    assert.ok(empty.value instanceof CliError);
    assert.equal(empty.value.message, 'No passphrase given');
    assert.equal(empty.value.exitCode, 1);
    assert.deepEqual(empty.modes, [true, false]);
    assert.equal(((await typeInto(['x\u007f\r'])).value as Error).message, 'No passphrase given', 'an empty Enter too');
  });

  test('other control keys (arrows, Escape) add nothing but Tab is kept', async () => {
    assert.equal((await typeInto(['a\u001b[D\u0001b\tc\r'])).value, 'a[Db\tc');
  });

  test('Ctrl+C cancels: exit 130, raw mode off', async () => {
    const { value, modes } = await typeInto(['half typ', '\u0003']);
    assert.ok(value instanceof CliError);
    assert.equal(value.exitCode, CANCELLED_EXIT_CODE);
    assert.equal(CANCELLED_EXIT_CODE, 130);
    assert.deepEqual(modes, [true, false]);
  });

  test('a closed input ends the prompt like Ctrl+D', async () => {
    const tty = fakeTty();
    const answer = hiddenPrompt(tty, '> ');
    tty.stdin.end('abc');
    assert.equal(await answer, 'abc');
  });

  test('through the CLI: Ctrl+C at the prompt exits 130 with one line, no stack', async () => {
    const dir = await tempDir('certwright-cli-prompt-');
    const tty = fakeTty();
    let out = '';
    const stdout = new Writable({ write: (c: Buffer, _e, cb) => ((out += c.toString()), cb()) }) as unknown as NodeJS.WriteStream;
    const exit = runCli({ argv: ['--vault', join(dir, 'vault'), 'init'], env: {}, stdin: tty.stdin, stdout, stderr: tty.stderr });
    await new Promise((resolve) => setImmediate(resolve));
    tty.stdin.write('\u0003');
    assert.equal(await exit, 130);
    assert.equal(tty.written(), 'New vault passphrase: \ncertwright: Cancelled\n');
    assert.equal(out, '');
    assert.deepEqual(await readdir(dir), [], 'no vault was made');
  });
});

describe('CERTWRIGHT_PASSPHRASE', () => {
  test('is taken out of the environment it came from', () => {
    const env: NodeJS.ProcessEnv = { CERTWRIGHT_PASSPHRASE: 'from the environment', PATH: '/bin' };
    assert.equal(takePassphraseFromEnv(env), 'from the environment');
    assert.deepEqual(env, { PATH: '/bin' });
    assert.equal(takePassphraseFromEnv({ CERTWRIGHT_PASSPHRASE: '' }), undefined);
  });

  test('the CLI uses it, and then neither a child process nor a worker thread sees it', async () => {
    const dir = await tempDir('certwright-cli-env-');
    const sink = () => new Writable({ write: (_c, _e, cb) => cb() }) as unknown as NodeJS.WriteStream;
    process.env.CERTWRIGHT_PASSPHRASE = 'an environment passphrase';
    try {
      const code = await runCli({ argv: ['--vault', join(dir, 'vault'), 'init'], env: process.env, stdin: fakeTty().stdin, stdout: sink(), stderr: sink() });
      assert.equal(code, 0, 'the vault was created with it');
      assert.equal(process.env.CERTWRIGHT_PASSPHRASE, undefined);
      const child = await promisify(execFile)(process.execPath, ['-e', 'process.stdout.write(String(process.env.CERTWRIGHT_PASSPHRASE))']);
      assert.equal(child.stdout, 'undefined');
      const worker = new Worker('require("node:worker_threads").parentPort.postMessage(String(process.env.CERTWRIGHT_PASSPHRASE))', { eval: true });
      const [seen] = (await once(worker, 'message')) as [string];
      assert.equal(seen, 'undefined');
      // Even a run that fails before touching the vault takes it out.
      process.env.CERTWRIGHT_PASSPHRASE = 'again';
      assert.equal(await runCli({ argv: ['frobnicate'], env: process.env, stdin: fakeTty().stdin, stdout: sink(), stderr: sink() }), 2);
      assert.equal(process.env.CERTWRIGHT_PASSPHRASE, undefined);
    } finally {
      delete process.env.CERTWRIGHT_PASSPHRASE;
    }
  });
});

describe('secret files', () => {
  test('a file others can read or write is refused, naming it and the chmod that fixes it', async () => {
    const dir = await tempDir('certwright-secret-');
    const file = join(dir, 'pass.txt');
    await writeFile(file, 'a passphrase\n');
    for (const mode of [0o644, 0o640, 0o604, 0o620, 0o660]) {
      await chmod(file, mode);
      await assert.rejects(readSecretFile(file, 'passphrase file', 'linux'), (error: CliError) => {
        assert.equal(error.message, `The passphrase file ${file} is open to other users (mode 0${mode.toString(8)}); make it yours alone with: chmod 600 ${file}`);
        return error.exitCode === 1;
      });
    }
    for (const mode of [0o600, 0o400]) {
      await chmod(file, mode);
      assert.equal(await readSecretFile(file, 'passphrase file', 'linux'), 'a passphrase');
    }
    await chmod(file, 0o644);
    assert.equal(await readSecretFile(file, 'password file', 'win32'), 'a passphrase', 'no mode bits to judge on Windows');
  });

  test('a symlink is judged by what it points to; a name with spaces is quoted in the advice; a missing file says so', async () => {
    const dir = await tempDir('certwright-secret-');
    const target = join(dir, 'my secrets.txt');
    await writeFile(target, 'pw', { mode: 0o644 });
    await chmod(target, 0o644);
    const link = join(dir, 'link.txt');
    await symlink(target, link);
    await assert.rejects(readSecretFile(link, 'password file', 'linux'), /password file .*link\.txt is open to other users \(mode 0644\)/);
    await assert.rejects(readSecretFile(target, 'password file', 'linux'), new RegExp(`chmod 600 '${dir}/my secrets\\.txt'$`));
    await chmod(target, 0o600);
    assert.equal(await readSecretFile(link, 'password file', 'linux'), 'pw');
    await assert.rejects(readSecretFile(join(dir, 'missing'), 'passphrase file', 'linux'), /^CliError: Cannot read the passphrase file .*missing: ENOENT$/);
  });
});

describe('writing the metrics file', () => {
  test('a symlink at the target is replaced, never written through', async () => {
    const dir = await tempDir('certwright-atomic-');
    const victim = join(dir, 'victim.txt');
    await writeFile(victim, 'precious');
    const out = join(dir, 'certwright.prom');
    await symlink(victim, out);
    await writeFileAtomically(out, 'metric 1\n');
    assert.equal(await readFile(victim, 'utf8'), 'precious');
    assert.ok((await lstat(out)).isFile());
    assert.equal(await readFile(out, 'utf8'), 'metric 1\n');
    assert.deepEqual((await readdir(dir)).sort(), ['certwright.prom', 'victim.txt'], 'no temporary file left');
  });

  test('a name planted ahead (the old predictable one, or a guessed one) is skipped, never followed', async () => {
    const dir = await tempDir('certwright-atomic-');
    const victim = join(dir, 'victim.txt');
    await writeFile(victim, 'precious');
    const out = join(dir, 'certwright.prom');
    // What the old code used: .certwright.prom.<pid>.tmp — a symlink there was written through.
    for (let pid = process.pid - 5; pid <= process.pid + 5; pid += 1) await symlink(victim, join(dir, `.certwright.prom.${pid}.tmp`));
    await writeFileAtomically(out, 'first\n');
    // A planted name that the random part does hit: another is drawn.
    await symlink(victim, join(dir, '.certwright.prom.planted.tmp'));
    const drawn = ['planted', 'fresh'];
    await writeFileAtomically(out, 'second\n', { randomPart: () => drawn.shift()! });
    assert.equal(await readFile(out, 'utf8'), 'second\n');
    assert.equal(await readFile(victim, 'utf8'), 'precious');
    // Planted at every name it tries: it gives up, having written nothing anywhere.
    await assert.rejects(writeFileAtomically(out, 'third\n', { randomPart: () => 'planted' }), { code: 'EEXIST' });
    assert.equal(await readFile(out, 'utf8'), 'second\n');
    assert.equal(await readFile(victim, 'utf8'), 'precious');
    const names = await readdir(dir);
    assert.ok(!names.some((n) => /fresh|[0-9a-f]{24}\.tmp$/.test(n)), names.join(' '));
  });

  test('the temporary names are random (24 hex digits), not derived from the process; the file is 0644', async () => {
    const dir = await tempDir('certwright-atomic-');
    const names: string[] = [];
    const watcher = watch(dir, (_event, name) => void (name && names.push(String(name))));
    for (const text of ['a\n', 'b\n']) await writeFileAtomically(join(dir, 'm.prom'), text);
    await new Promise((resolve) => setTimeout(resolve, 100));
    watcher.close();
    const temporary = [...new Set(names.filter((n) => n.endsWith('.tmp')))];
    assert.equal(temporary.length, 2, names.join(' '));
    for (const name of temporary) assert.match(name, /^\.m\.prom\.[0-9a-f]{24}\.tmp$/);
    assert.ok(!temporary.some((n) => n.includes(String(process.pid))));
    assert.equal((await lstat(join(dir, 'm.prom'))).mode & 0o777, 0o644 & ~process.umask());
  });
});
