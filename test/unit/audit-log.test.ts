import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, createHmac, createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import fs, { readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import { AUDIT_KINDS } from '../../shared/domain/audit.js';
import { CertwrightError } from '../../shared/errors.js';
import { AuditLog, EMPTY_HEAD, ZERO_HASH, type AuditEventInput, type AuditHead, type AuditProblem } from '../../electron/vault/audit-log.js';
import { tempDir } from '../support/temp.js';

const AUTHORITY = 'a'.repeat(32);
const OTHER_AUTHORITY = 'b'.repeat(32);
const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const DOC = new URL('../../docs/audit-log.md', import.meta.url);

interface Fixture {
  readonly path: string;
  readonly key: KeyObject;
  readonly log: AuditLog;
}

async function fixture(): Promise<Fixture> {
  const dir = await tempDir('certwright-audit-');
  const key = createSecretKey(randomBytes(32));
  const path = join(dir, 'audit.log');
  return { path, key, log: new AuditLog(path, key) };
}

const event = (i: number): AuditEventInput => ({
  kind: AUDIT_KINDS[i % AUDIT_KINDS.length] as AuditEventInput['kind'],
  authorityId: i % 3 === 0 ? null : i % 3 === 1 ? AUTHORITY : OTHER_AUTHORITY,
  subject: `CN=host-${i}.internal`,
  serial: i % 2 === 0 ? `5A${i.toString(16).padStart(6, '0')}` : null,
  details: { index: i, note: `event ${i}`, flag: i % 2 === 0, none: null },
});

/** Appends entries 1..n, `batch` per call, one second apart per call. */
function fill(log: AuditLog, n: number, batch = 10): AuditHead {
  let head = log.head();
  for (let i = head.seq; i < n; i += batch) {
    const events = Array.from({ length: Math.min(batch, n - i) }, (_, k) => event(i + k + 1));
    head = log.append(events, new Date(T0 + i * 1000));
  }
  return head;
}

const readLines = (path: string) => readFileSync(path, 'utf8').split('\n').slice(0, -1);
const writeLines = (path: string, lines: readonly string[]) => writeFileSync(path, lines.map((l) => `${l}\n`).join(''));
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function only(problems: readonly AuditProblem[]): AuditProblem {
  assert.equal(problems.length, 1, `expected one problem, got ${JSON.stringify(problems, null, 2)}`);
  return problems[0] as AuditProblem;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

// ---- Format --------------------------------------------------------------------------------------

test('the log is one `<mac> <body>` line per entry, chained by SHA-256 and MACed under the key', async () => {
  const { path, key, log } = await fixture();
  assert.deepEqual(log.head(), EMPTY_HEAD);
  const head1 = log.append([event(1), event(2), event(3)], new Date(T0));
  const head2 = log.append([{ kind: 'vault.locked' }], new Date(T0 + 1500));
  assert.equal(head1.seq, 3);
  assert.equal(head2.seq, 4);

  const lines = readLines(path);
  assert.equal(lines.length, 4);
  let prev = ZERO_HASH;
  lines.forEach((line, index) => {
    const match = /^([0-9a-f]{64}) (\{.*\})$/.exec(line);
    assert.ok(match, line);
    const [, mac, body] = match as unknown as [string, string, string];
    assert.equal(mac, createHmac('sha256', key).update(body, 'utf8').digest('hex'));
    const parsed = JSON.parse(body) as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), ['v', 'seq', 'at', 'kind', 'authorityId', 'subject', 'serial', 'details', 'prev']);
    assert.equal(JSON.stringify(parsed), body, 'compact JSON, as JSON.stringify writes it');
    assert.equal(parsed.v, 1);
    assert.equal(parsed.seq, index + 1);
    assert.equal(parsed.prev, prev);
    prev = sha256(line);
  });
  assert.deepEqual(head2, { seq: 4, hash: prev });
  assert.deepEqual(log.head(), head2);
  assert.deepEqual(new AuditLog(path, key).head(), head2, 'a fresh reader sees the same head');
  const last = JSON.parse((lines[3] as string).slice(65)) as Record<string, unknown>;
  assert.deepEqual(last, { v: 1, seq: 4, at: '2025-03-01T12:00:01.500Z', kind: 'vault.locked', authorityId: null, subject: null, serial: null, details: {}, prev: sha256(lines[2] as string) });
  assert.equal(statSync(path).mode & 0o777, 0o600);

  const verification = log.verify(head2);
  assert.deepEqual(verification, { ok: true, entries: 4, head: head2, problems: [] });
  assert.equal(log.append([], new Date(T0)).seq, 4, 'nothing to append: the head, nothing written');
  assert.equal(readLines(path).length, 4);
});

test('events are validated before anything is written (INTERNAL)', async () => {
  const { path, log } = await fixture();
  fill(log, 2);
  const before = readFileSync(path);
  const rejects = (events: unknown[], pattern: RegExp, at = new Date(T0)) =>
    assert.throws(
      () => log.append(events as AuditEventInput[], at),
      (error: unknown) => error instanceof CertwrightError && error.code === 'INTERNAL' && pattern.test(error.message),
    );
  const tooMany = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, i]));
  rejects([{ kind: 'vault.locked', details: tooMany }], /33 keys/);
  rejects([{ kind: 'vault.locked', details: { note: 'x'.repeat(1001) } }], /1001 characters/);
  rejects([{ kind: 'vault.locked', details: { nested: { a: 1 } } }], /details\.nested/);
  rejects([{ kind: 'vault.locked', details: { n: Number.NaN } }], /finite/);
  rejects([{ kind: 'vault.locked', details: [1, 2] }], /not an object/);
  rejects([{ kind: 'vault.exploded' }], /unknown kind/);
  rejects([{ kind: 'vault.locked', authorityId: 'nope' }], /authorityId/);
  rejects([{ kind: 'vault.locked', serial: 'xyz' }], /serial/);
  rejects([event(1), { kind: 'vault.locked', details: tooMany }], /event 2/);
  rejects([event(1)], /not a valid date/, new Date(Number.NaN));
  // The limits themselves are fine.
  const atLimit = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`k${i}`, 'y'.repeat(1000)]));
  assert.deepEqual(readFileSync(path), before, 'nothing written by a rejected append');
  assert.equal(log.append([{ kind: 'settings.changed', details: atLimit }], new Date(T0)).seq, 3);
  assert.throws(() => new AuditLog(path, createSecretKey(randomBytes(16))), /32-byte/);

  // Not refused: a very long subject is shortened, an empty serial is no serial.
  log.append([{ kind: 'csr.signed', subject: `CN=${'x'.repeat(5000)}`, serial: '' }], new Date(T0));
  const [newest] = log.query({ limit: 1 }).entries;
  assert.equal(newest?.subject?.length, 4096);
  assert.ok(newest?.subject?.endsWith('…'));
  assert.equal(newest?.serial, null);
  assert.equal(log.verify().ok, true);
});

test('an empty or missing log: head zero, verify clean, readAll empty; reset removes the log', async () => {
  const { path, log } = await fixture();
  assert.deepEqual(log.head(), EMPTY_HEAD);
  assert.deepEqual(log.verify(), { ok: true, entries: 0, head: EMPTY_HEAD, problems: [] });
  assert.deepEqual(log.query({}), { total: 0, entries: [] });
  assert.equal(log.readAll(), '');
  const truncated = only(log.verify({ seq: 3, hash: 'f'.repeat(64) }).problems);
  assert.equal(truncated.message, 'the log holds no entries but the vault recorded 3: its tail was cut off');

  const head = fill(log, 3);
  assert.equal(log.readAll(), readFileSync(path, 'utf8'));
  log.reset();
  assert.deepEqual(log.head(), EMPTY_HEAD);
  assert.equal(log.append([{ kind: 'vault.created' }], new Date(T0)).seq, 1);
  assert.notDeepEqual(log.head(), head);
});

// ---- Tampering -------------------------------------------------------------------------------------

test('a deleted entry is reported as missing between its neighbours', async () => {
  const { path, log } = await fixture();
  const head = fill(log, 40);
  const lines = readLines(path);
  writeLines(path, lines.filter((_, i) => i !== 16)); // entry 17
  const problem = only(log.verify(head).problems);
  assert.equal(problem.kind, 'deleted');
  assert.equal(problem.message, 'an entry between 16 and 18 is missing');
  assert.equal(problem.line, 17);

  writeLines(path, lines.filter((_, i) => i < 9 || i > 11)); // entries 10-12
  assert.equal(only(log.verify(head).problems).message, 'entries 10-12 between 9 and 13 are missing');
  writeLines(path, lines.slice(1)); // entry 1
  assert.equal(only(log.verify(head).problems).message, 'entry 1, the first entry, is missing');
});

test('an inserted forged line is reported as inserted: its MAC cannot be right', async () => {
  const { path, log } = await fixture();
  const head = fill(log, 40);
  const lines = readLines(path);
  // A plausible entry 18 chained onto entry 17, signed with a key that is not the vault's.
  const body = JSON.stringify({ v: 1, seq: 18, at: '2025-03-01T12:00:17.000Z', kind: 'key.exported', authorityId: AUTHORITY, subject: 'CN=evil', serial: null, details: {}, prev: sha256(lines[16] as string) });
  const forged = `${createHmac('sha256', randomBytes(32)).update(body).digest('hex')} ${body}`;
  writeLines(path, [...lines.slice(0, 17), forged, ...lines.slice(17)]);
  const problem = only(log.verify(head).problems);
  assert.equal(problem.kind, 'inserted');
  assert.equal(problem.line, 18);
  assert.equal(problem.message, 'line 18 was inserted between entries 17 and 18: its MAC does not match');

  // Forged at the end, past the head the vault recorded.
  writeLines(path, [...lines, forged.replace('"seq":18', '"seq":41')]);
  const tail = only(log.verify(head).problems);
  assert.equal(tail.kind, 'inserted');
  assert.match(tail.message, /added after the last entry the vault recorded \(40\)/);
});

test('a copied valid line is reported as an inserted copy, wherever it is put', async () => {
  const { path, log } = await fixture();
  const head = fill(log, 40);
  const lines = readLines(path);
  const copyOf12 = lines[11] as string;

  writeLines(path, [...lines.slice(0, 20), copyOf12, ...lines.slice(20)]); // after entry 20
  let problem = only(log.verify(head).problems);
  assert.equal(problem.kind, 'inserted');
  assert.equal(problem.message, 'line 21 is a copy of entry 12 (line 12), inserted between entries 20 and 21');

  writeLines(path, [...lines.slice(0, 12), copyOf12, ...lines.slice(12)]); // right after itself
  problem = only(log.verify(head).problems);
  assert.equal(problem.kind, 'inserted');
  assert.match(problem.message, /is a copy of entry 12/);

  writeLines(path, [...lines.slice(0, 3), lines[29] as string, ...lines.slice(3)]); // entry 30, early
  problem = only(log.verify(head).problems);
  assert.equal(problem.kind, 'inserted');
  assert.equal(problem.line, 4);
  assert.match(problem.message, /^line 4 is a copy of entry 30 \(line 31\), inserted between entries 3 and 4$/);
});

test('an edited entry is reported as changed after it was written', async () => {
  const { path, log } = await fixture();
  const head = fill(log, 40);
  const lines = readLines(path);
  const edited = (lines[16] as string).replace('CN=host-17.internal', 'CN=host-99.internal');
  assert.notEqual(edited, lines[16]);
  writeLines(path, lines.map((l, i) => (i === 16 ? edited : l)));
  const problem = only(log.verify(head).problems);
  assert.deepEqual(problem, { line: 17, kind: 'edited', message: 'entry 17 was changed after it was written (its MAC does not match)', reason: { key: 'audit:problem.edited', params: { seq: 17 } } });

  // Its seq changed too: still the entry in that place.
  writeLines(path, lines.map((l, i) => (i === 16 ? edited.replace('"seq":17', '"seq":7') : l)));
  assert.equal(only(log.verify(head).problems).message, 'entry 17 was changed after it was written (its MAC does not match)');

  // The last entry, edited: against the recorded head it is an edit.
  writeLines(path, lines.map((l, i) => (i === 39 ? l.replace('"flag":true', '"flag":false') : l)));
  assert.equal(only(log.verify(head).problems).message, 'entry 40 was changed after it was written (its MAC does not match)');

  // A blank line slipped in: not an entry, and no entry is missing.
  writeLines(path, [...lines.slice(0, 5), '', ...lines.slice(5)]);
  assert.deepEqual(only(log.verify(head).problems), { line: 6, kind: 'malformed', message: 'line 6 is not a valid audit entry (the line is empty)', reason: { key: 'audit:problem.malformed', params: { line: 6, why: 'the line is empty' } } });

  // Damaged so that it no longer parses.
  writeLines(path, lines.map((l, i) => (i === 8 ? l.slice(0, 100) + l.slice(101) : l)));
  const damaged = only(log.verify(head).problems);
  assert.equal(damaged.kind, 'malformed');
  assert.match(damaged.message, /^entry 9 \(line 9\) is damaged: /);
});

test('two swapped entries are reported as out of order', async () => {
  const { path, log } = await fixture();
  const head = fill(log, 40);
  const lines = readLines(path);
  const swapped = [...lines];
  [swapped[11], swapped[12]] = [lines[12] as string, lines[11] as string];
  writeLines(path, swapped);
  const problem = only(log.verify(head).problems);
  assert.equal(problem.kind, 'reordered');
  assert.match(problem.message, /^entry (13 appears out of order: it is on line 12|12 appears out of order: it is on line 13), between entries 11 and 1[24]$/);

  // Far apart.
  const far = [...lines];
  [far[4], far[30]] = [lines[30] as string, lines[4] as string];
  writeLines(path, far);
  const problems = log.verify(head).problems;
  assert.ok(problems.length >= 1 && problems.every((p) => p.kind === 'reordered'), JSON.stringify(problems));
  assert.ok(problems.some((p) => /entry (5|31) appears out of order/.test(p.message)));
});

test('a truncated tail is reported against the head the vault recorded', async () => {
  const { path, key, log } = await fixture();
  const head = fill(log, 42);
  const lines = readLines(path);
  writeLines(path, lines.slice(0, 40));
  assert.equal(log.verify().ok, true, 'without the recorded head, a shorter log is still a valid log');
  const problem = only(log.verify(head).problems);
  assert.deepEqual(problem, { line: 41, kind: 'truncated', message: 'the log ends at entry 40 but the vault recorded 42 entries: its tail was cut off', reason: { key: 'audit:problem.endsEarly', params: { last: 40, recorded: 42 } } });

  // Cut back and written again: as long as before, but entry 42 is not the recorded one.
  const other = new AuditLog(path, key);
  other.append([{ kind: 'vault.locked' }, { kind: 'vault.unlocked' }], new Date(T0 + 99_000));
  const rewritten = only(other.verify(head).problems);
  assert.equal(rewritten.kind, 'truncated');
  assert.equal(rewritten.message, 'entry 42 is not the one the vault recorded (its hash differs): the log was cut back to before it and written again');

  // An append that is told the recorded head refuses to build on a cut log.
  writeLines(path, lines.slice(0, 40));
  assert.throws(() => log.append([{ kind: 'vault.locked' }], new Date(T0), head), (error: unknown) => error instanceof CertwrightError && error.code === 'VAULT_TAMPERED' && /ends at entry 40 but the vault recorded 42/.test(error.message));
  // A log ahead of the recorded head is fine (a crash between the append and the manifest write).
  writeLines(path, lines);
  const older = { seq: 41, hash: sha256(lines[40] as string) };
  assert.equal(log.verify(older).ok, true);
  assert.equal(log.append([{ kind: 'vault.locked' }], new Date(T0), older).seq, 43);
});

test('a torn last line (a crash mid-append): head() ignores it, append repairs it, verify is clean after', async () => {
  const { path, log } = await fixture();
  const acknowledged = fill(log, 30);
  const sizeBefore = statSync(path).size;
  log.append([event(31)], new Date(T0 + 31_000));
  // The crash: only part of entry 31 reached the disk.
  truncateSync(path, sizeBefore + 80);
  assert.deepEqual(log.head(), acknowledged, 'head() ignores the torn line');
  const torn = only(log.verify(acknowledged).problems);
  assert.equal(torn.kind, 'torn');
  assert.equal(torn.line, 31);
  assert.match(torn.message, /line 31 \(entry 31\) is incomplete/);

  const head = log.append([event(32)], new Date(T0 + 32_000), acknowledged);
  assert.equal(head.seq, 31, 'the torn entry is gone; the new one takes its number');
  const lines = readLines(path);
  assert.equal(lines.length, 31);
  assert.equal(readFileSync(path, 'utf8').endsWith('\n'), true);
  assert.deepEqual(log.verify(head), { ok: true, entries: 31, head, problems: [] });
  assert.equal(log.query({ limit: 1 }).entries[0]?.subject, 'CN=host-32.internal');
});

test('a torn line the vault had acknowledged is not silently cut off', async () => {
  const { path, log } = await fixture();
  const head = fill(log, 10);
  truncateSync(path, statSync(path).size - 5); // entry 10 loses its end
  assert.equal(log.head().seq, 9);
  const problems = log.verify(head).problems.map((p) => p.kind);
  assert.deepEqual(problems, ['torn', 'truncated']);
  assert.throws(() => log.append([{ kind: 'vault.locked' }], new Date(T0), head), (error: unknown) => error instanceof CertwrightError && error.code === 'VAULT_TAMPERED' && /entry 10 is cut short/.test(error.message));
  assert.equal(readFileSync(path, 'utf8').endsWith('\n'), false, 'left as found');
});

test('append refuses to chain onto a last entry whose MAC does not match', async () => {
  const { path, log } = await fixture();
  fill(log, 5);
  const lines = readLines(path);
  writeLines(path, lines.map((l, i) => (i === 4 ? l.replace('host-5', 'host-6') : l)));
  assert.throws(() => log.append([{ kind: 'vault.locked' }], new Date(T0)), (error: unknown) => error instanceof CertwrightError && error.code === 'VAULT_TAMPERED' && /entry 5 was changed/.test(error.message));
});

test('head() handles a last line longer than its 64 KiB window', async () => {
  const { path, log } = await fixture();
  fill(log, 3);
  const wide = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`k${i}`, '\u0001'.repeat(1000)])); // 6 bytes a character in JSON
  const head = log.append([{ kind: 'settings.changed', details: wide }], new Date(T0));
  const fresh = new AuditLog(path, createSecretKey(randomBytes(32)));
  assert.ok(statSync(path).size > 150_000);
  assert.deepEqual(fresh.head(), head);
  assert.equal(log.verify(head).ok, true);
  assert.equal(log.append([{ kind: 'vault.locked' }], new Date(T0)).seq, 5);
});

// ---- Query -------------------------------------------------------------------------------------------

test('query: newest first, filtered by authority, kinds and time, windowed, with the total', async () => {
  const { log } = await fixture();
  fill(log, 60, 1); // entry i at T0 + (i-1) s
  const all = log.query({});
  assert.equal(all.total, 60);
  assert.equal(all.entries.length, 60);
  assert.deepEqual(all.entries.slice(0, 3).map((e) => e.seq), [60, 59, 58]);
  assert.deepEqual(all.entries[0], {
    seq: 60,
    at: new Date(T0 + 59_000).toISOString(),
    kind: event(60).kind,
    authorityId: null,
    subject: 'CN=host-60.internal',
    serial: '5A00003c',
    details: { index: 60, note: 'event 60', flag: true, none: null },
  });

  const mine = log.query({ authorityId: AUTHORITY });
  assert.equal(mine.total, 20);
  assert.ok(mine.entries.every((e) => e.authorityId === AUTHORITY));

  const kinds = log.query({ kinds: ['vault.created', 'certificate.issued'] });
  assert.ok(kinds.entries.every((e) => e.kind === 'vault.created' || e.kind === 'certificate.issued'));
  assert.equal(kinds.total, log.query({}).entries.filter((e) => e.kind === 'vault.created' || e.kind === 'certificate.issued').length);

  const window = log.query({ from: new Date(T0 + 10_000).toISOString(), to: '2025-03-01T13:00:20+01:00' }); // both inclusive
  assert.deepEqual(window.entries.map((e) => e.seq), [21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11]);

  const page = log.query({ offset: 10, limit: 5 });
  assert.equal(page.total, 60);
  assert.deepEqual(page.entries.map((e) => e.seq), [50, 49, 48, 47, 46]);

  assert.throws(() => log.query({ limit: 1001 }), (error: unknown) => error instanceof CertwrightError && error.code === 'INVALID_INPUT');
  assert.throws(() => log.query({ from: 'yesterday' }), (error: unknown) => error instanceof CertwrightError && error.code === 'INVALID_INPUT');
});

// ---- The documented outside check ----------------------------------------------------------------

function docBlock(name: string): string {
  const doc = readFileSync(DOC, 'utf8');
  const match = new RegExp(`<!-- ${name.replace('.', '\\.')} -->\\s*\`\`\`python\\n([\\s\\S]*?)\`\`\`\\s*<!-- /${name.replace('.', '\\.')} -->`).exec(doc);
  assert.ok(match, `docs/audit-log.md has a python block between <!-- ${name} --> and <!-- /${name} -->`);
  return match[1] as string;
}

const hasPython = !spawnSync('python3', ['--version']).error;

test('the Python script in docs/audit-log.md verifies a log AuditLog wrote, and reports an edit', { skip: hasPython ? false : 'python3 is not installed: the documented verifier cannot be run' }, async () => {
  const { path, key, log } = await fixture();
  const dir = join(path, '..');
  const script = join(dir, 'audit-verify.py');
  writeFileSync(script, docBlock('audit-verify.py'));
  fill(log, 25, 4);
  log.append([{ kind: 'settings.changed', subject: 'Zoë / 東京 "quoted"\n', details: { emoji: '🔐', ctl: '\u0001' } }], new Date(T0));
  const head = log.head();
  const keyHex = key.export().toString('hex');
  const run = (...args: string[]) => spawnSync('python3', [script, path, ...args], { encoding: 'utf8' });

  const ok = run(keyHex);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /^OK: 26 entries, chain intact, MACs valid$/m);
  assert.match(ok.stdout, new RegExp(`^head: seq ${head.seq} hash ${head.hash}$`, 'm'));
  assert.equal(run().status, 0, 'without the key: the chain alone');

  const wrongKey = run(randomBytes(32).toString('hex'));
  assert.equal(wrongKey.status, 1);

  const lines = readLines(path);
  writeLines(path, lines.map((l, i) => (i === 4 ? l.replace('CN=host-5.internal', 'CN=host-6.internal') : l)));
  const edited = run(keyHex);
  assert.equal(edited.status, 1, edited.stdout);
  assert.match(edited.stdout, /^PROBLEM line 5: MAC does not match/m);
  assert.match(edited.stdout, /^PROBLEM line 6: prev is not the hash of line 5$/m);
  assert.match(edited.stdout, /^FAILED: 2 problem\(s\)$/m);
  assert.deepEqual(only(log.verify(head).problems).line, 5, 'AuditLog agrees');
});

test('the HKDF snippet in docs/audit-log.md is HKDF-SHA256(master, salt empty, info "certwright:audit-log:v1", 32 bytes)', { skip: hasPython ? false : 'python3 is not installed: the documented derivation cannot be run' }, () => {
  const master = randomBytes(32);
  const program = `${docBlock('audit-key.py')}\nimport sys\nprint(audit_key(bytes.fromhex(sys.argv[1])).hex())\n`;
  const result = spawnSync('python3', ['-c', program, master.toString('hex')], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  // As vault-keys.ts derives the audit key.
  assert.equal(result.stdout.trim(), Buffer.from(hkdfSync('sha256', master, new Uint8Array(0), 'certwright:audit-log:v1', 32)).toString('hex'));
});

// ---- Measurements ---------------------------------------------------------------------------------

test('appending one entry to a 10,000-entry log takes under 3 ms (median of 50, with fsync)', async () => {
  const { log } = await fixture();
  fill(log, 10_000, 1_000);
  const times: number[] = [];
  for (let i = 0; i < 50; i += 1) {
    const started = performance.now();
    log.append([event(i)], new Date(T0 + i));
    times.push(performance.now() - started);
  }
  const m = median(times);
  console.log(`audit append, 1 entry onto 10,000: median ${m.toFixed(3)} ms, min ${Math.min(...times).toFixed(3)} ms, max ${Math.max(...times).toFixed(3)} ms (50 runs)`);
  assert.ok(m < 3, `median ${m.toFixed(3)} ms`);
  assert.equal(log.verify().ok, true);
});

test('on a 100,000-line log, head() reads only the tail; verify and query are measured', async () => {
  const { path, key, log } = await fixture();
  let started = performance.now();
  const head = fill(log, 100_000, 5_000);
  const fillMs = performance.now() - started;
  const size = statSync(path).size;

  // Count what head() reads, through the fs functions audit-log.ts imports.
  const original = { readSync: fs.readSync, readFileSync: fs.readFileSync };
  let bytesRead = 0;
  let wholeFileReads = 0;
  fs.readSync = ((...args: Parameters<typeof fs.readSync>) => {
    const n = (original.readSync as (...a: unknown[]) => number)(...args);
    bytesRead += n;
    return n;
  }) as typeof fs.readSync;
  fs.readFileSync = ((...args: Parameters<typeof fs.readFileSync>) => {
    wholeFileReads += 1;
    return (original.readFileSync as (...a: unknown[]) => unknown)(...args);
  }) as typeof fs.readFileSync;
  syncBuiltinESMExports();
  let headMs: number;
  let cachedMs: number;
  let fresh: AuditHead;
  try {
    const reader = new AuditLog(path, key);
    started = performance.now();
    fresh = reader.head();
    headMs = performance.now() - started;
    started = performance.now();
    reader.head();
    cachedMs = performance.now() - started;
  } finally {
    fs.readSync = original.readSync;
    fs.readFileSync = original.readFileSync;
    syncBuiltinESMExports();
  }
  assert.deepEqual(fresh, head);
  assert.equal(wholeFileReads, 0);
  assert.ok(bytesRead > 0 && bytesRead <= 64 * 1024, `head() read ${bytesRead} of ${size} bytes`);

  started = performance.now();
  const verification = log.verify(head);
  const verifyMs = performance.now() - started;
  assert.equal(verification.ok, true);
  assert.equal(verification.entries, 100_000);

  started = performance.now();
  const page = log.query({ limit: 100 });
  const queryMs = performance.now() - started;
  started = performance.now();
  const filtered = log.query({ authorityId: AUTHORITY, kinds: ['authority.activated', 'certificate.issued'], limit: 50 });
  const filteredMs = performance.now() - started;
  assert.equal(page.total, 100_000);
  assert.ok(filtered.total > 0);

  console.log(
    `audit log of 100,000 lines (${(size / 1e6).toFixed(1)} MB, written in ${fillMs.toFixed(0)} ms): ` +
      `head() read ${bytesRead} bytes in ${headMs.toFixed(3)} ms (cached ${cachedMs.toFixed(3)} ms); ` +
      `verify ${verifyMs.toFixed(0)} ms; query (no filter) ${queryMs.toFixed(0)} ms; query (authority + kind) ${filteredMs.toFixed(0)} ms`,
  );
});
