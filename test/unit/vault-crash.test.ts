/**
 * Crash and concurrency proofs for the vault (issue 12, "Durable writes", "Locking", passphrase
 * change), with real processes killed with SIGKILL:
 *   - durability: a child doing acknowledged writes (issue, revoke, CRL) is killed at random moments;
 *     afterwards the vault opens — every file and the audit head verified — and holds every
 *     acknowledged write, CRL numbers unique and increasing;
 *   - concurrency: app-side router children and CLI runs write at once while one holder is killed
 *     and replaced (its lock taken over);
 *   - a passphrase change killed at any moment leaves exactly one of the two passphrases working;
 *   - a migration from format 2 killed at any moment leaves a vault that opens whole.
 * The children are test/support/vault-crash-writer.ts, vault-writer.ts and vault-migrator.ts.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { AuditEntry, AuditKind } from '../../shared/domain/audit.js';
import { parseEnvelope } from '../../electron/vault/files.js';
import { fileLock } from '../../electron/vault/lock.js';
import { CRL_HISTORY_LIMIT, normalizeSerial } from '../../electron/vault/revocations.js';
import { Vault } from '../../electron/vault/vault.js';
import { openBackend } from '../support/backend.js';
import { bundleScripts } from '../support/cli-bundle.js';
import { tempDir } from '../support/temp.js';
import { CHEAP_SCRYPT_N, cheapVault, FIXTURE_PASSPHRASE, openVault, writeLegacyVault } from '../support/vault-fixtures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const random = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

/**
 * Writes each child attempts in the durability test before it waits to be killed; it is killed
 * after random(1, MAX_WRITES) acknowledged writes plus 0–5 ms: 20 rounds of up to 1,000 writes, as
 * the issue asks. Since the view stopped re-reading every bucket per write this is ≈ 9,500
 * acknowledged writes in ≈ 75 s on the 2-core test machine (it was 284 s before).
 * VAULT_CRASH_MAX_WRITES makes it smaller for a quick local run.
 */
const MAX_WRITES = Number(process.env.VAULT_CRASH_MAX_WRITES ?? 1000);
const ROUNDS = Number(process.env.VAULT_CRASH_ROUNDS ?? 20);

/**
 * The children (and the CLI), bundled once for the file: about a hundred of them start here, and
 * under a TypeScript loader each start spent about a second compiling the vault and the services.
 */
const CHILDREN = { 'vault-crash-writer': 'test/support/vault-crash-writer.ts', 'vault-writer': 'test/support/vault-writer.ts', 'vault-migrator': 'test/support/vault-migrator.ts' } as const;
const bundled = bundleScripts(CHILDREN, 'certwright-vault-crash-build-');
after(async () => (await bundled).dispose());

async function spawnChild(name: keyof typeof CHILDREN | 'certwright', args: readonly string[], env?: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const { dir } = await bundled;
  return spawn(process.execPath, [join(dir, `${name}.js`), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env } : {}) });
}

/** Calls `onLine` for every complete line the child prints; resolves with how it ended. */
function follow(child: ChildProcess, onLine: (line: string) => void): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let buffered = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      onLine(line);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

/** A vault with a cheap KDF and two real roots made through the router (long enough validity to issue under). */
async function vaultWithRoots(dir: string, names: readonly string[]): Promise<string[]> {
  (await cheapVault(dir, { lock: true })).lock();
  const backend = openBackend(dir);
  await backend.call('vault.unlock', { passphrase: FIXTURE_PASSPHRASE });
  const ids: string[] = [];
  for (const name of names) ids.push((await backend.call('authority.createRoot', { subject: { commonName: name } })).id);
  backend.vault.lock();
  return ids;
}

async function unlocked(dir: string, passphrase = FIXTURE_PASSPHRASE): Promise<Vault> {
  const vault = openVault(dir, { lock: true });
  await vault.unlock(passphrase);
  return vault;
}

/** Audit entries of these kinds (of one authority, if given), in the order they were written. */
function auditLog(vault: Vault, kinds: AuditKind[], authorityId?: string): AuditEntry[] {
  const newestFirst: AuditEntry[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = vault.auditEntries({ kinds, ...(authorityId ? { authorityId } : {}), offset, limit: 1000 });
    newestFirst.push(...page.entries);
    if (offset + 1000 >= page.total) break;
  }
  return newestFirst.reverse();
}

/** The numbers of an authority's crl.published audit entries, in the order they were written. */
const publishedNumbers = (vault: Vault, authorityId: string): number[] => auditLog(vault, ['crl.published'], authorityId).map((e) => Number(e.details.number));

const strictlyIncreasing = (xs: readonly number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);

/** What children acknowledged: issued ids, revoked serials and CRL numbers by authority. */
class Acknowledged {
  readonly issued = new Set<string>();
  readonly revoked = new Map<string, Set<string>>();
  readonly crls = new Map<string, number[]>();

  revoke(authorityId: string, serial: string): void {
    let set = this.revoked.get(authorityId);
    if (!set) this.revoked.set(authorityId, (set = new Set()));
    set.add(serial);
  }

  crl(authorityId: string, number: number): void {
    const list = this.crls.get(authorityId) ?? [];
    list.push(number);
    this.crls.set(authorityId, list);
  }

  /**
   * Every acknowledged write is in the vault; CRL numbers unique and increasing (in the order they were
   * recorded too, with `inOrder`: one writer at a time); the audit log verifies.
   */
  check(vault: Vault, authorities: readonly string[], where: string, inOrder = false): void {
    const all = vault.listAllCertificates().map((c) => c.id);
    assert.equal(new Set(all).size, all.length, `${where}: no record twice`);
    const held = new Set(all);
    for (const id of this.issued) assert.ok(held.has(id), `${where}: acknowledged certificate ${id} is there`);
    // The audit log records every use of a CA key: whatever the vault holds — acknowledged or not — has its entry.
    const audited = new Set(auditLog(vault, ['certificate.issued', 'csr.signed']).map((e) => String(e.details.certificateId)));
    const unaudited = all.filter((id) => !audited.has(id));
    assert.deepEqual(unaudited, [], `${where}: every certificate the vault holds has its certificate.issued audit entry`);
    for (const authorityId of authorities) {
      const book = vault.revocations(authorityId);
      for (const serial of this.revoked.get(authorityId) ?? []) assert.ok(book.entries.has(serial), `${where}: acknowledged revocation of ${serial} is there`);
      const revokedInAudit = new Set(auditLog(vault, ['certificate.revoked'], authorityId).map((e) => normalizeSerial(e.serial ?? '')));
      assert.deepEqual([...book.entries.keys()].filter((serial) => !revokedInAudit.has(serial)), [], `${where}: every revocation the vault holds has its audit entry`);
      const published = publishedNumbers(vault, authorityId);
      assert.deepEqual(book.history.map((h) => h.number).filter((n) => !published.includes(n)), [], `${where}: every CRL the vault holds has its crl.published audit entry`);
      assert.equal(new Set(published).size, published.length, `${where}: no CRL number published twice (${published.join(' ')})`);
      if (inOrder) assert.ok(strictlyIncreasing(published), `${where}: CRLs recorded in increasing order (${published.join(' ')})`);
      const history = book.history.map((h) => h.number);
      assert.ok(strictlyIncreasing(history), `${where}: CRL history in increasing order, each once`);
      // The history keeps the newest CRL_HISTORY_LIMIT; the audit log keeps them all.
      const trimmed = (n: number) => history.length >= CRL_HISTORY_LIMIT && n < history[0]!;
      for (const number of this.crls.get(authorityId) ?? []) {
        assert.ok(published.includes(number), `${where}: acknowledged CRL #${number} is in the audit log`);
        assert.ok(history.includes(number) || trimmed(number), `${where}: acknowledged CRL #${number} is in the CRL history`);
      }
      assert.ok(book.lastCrlNumber >= Math.max(0, ...published), `${where}: the next number handed out is above every published one`);
      if (book.latestCrlDerB64) {
        const sha256 = createHash('sha256').update(Buffer.from(book.latestCrlDerB64, 'base64')).digest('hex');
        assert.equal(sha256, book.history.at(-1)!.sha256.toLowerCase(), `${where}: the current CRL is the newest`);
      }
    }
    const audit = vault.verifyAudit();
    assert.ok(audit.ok, `${where}: the audit log verifies (${audit.problems.map((p) => p.message).join('; ')})`);
  }
}

test('SIGKILL during acknowledged writes (issue, revoke, CRL): the vault always opens and holds every acknowledged write', { timeout: 300_000 }, async () => {
  const started = performance.now();
  const dir = await tempDir();
  const authorities = await vaultWithRoots(dir, ['Crash Root A', 'Crash Root B']);
  const acked = new Acknowledged();
  let total = 0;
  let childMs = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const killAfter = random(1, MAX_WRITES);
    const extraMs = random(0, 5);
    const child = await spawnChild('vault-crash-writer', [dir, FIXTURE_PASSPHRASE, String(MAX_WRITES)]);
    const childStarted = performance.now();
    let writes = 0;
    let killing = false;
    const ended = await follow(child, (line) => {
      const [what, ...rest] = line.split(' ');
      if (what === 'issued') {
        for (const id of rest) acked.issued.add(id);
        writes++;
      } else if (what === 'revoked') {
        acked.revoke(rest[0]!, rest[1]!);
        writes++;
      } else if (what === 'crl') {
        acked.crl(rest[0]!, Number(rest[1]));
        writes++;
      }
      if (!killing && (writes >= killAfter || what === 'done')) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), extraMs);
      }
    });
    childMs += performance.now() - childStarted;
    assert.equal(ended.signal, 'SIGKILL', `round ${round}: the writer was killed, not ended (${ended.code}): ${ended.stderr}`);
    total += writes;
    // A new process: unlock verifies every file and the audit head; the dead writer's lock is taken over at the next write.
    const vault = await unlocked(dir);
    acked.check(vault, authorities, `round ${round} (killed after ${writes} acknowledged writes + ${extraMs} ms)`, true);
    vault.lock();
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`# SIGKILL durability: ${ROUNDS} rounds, up to ${MAX_WRITES} writes each, ${total} acknowledged writes in all (${acked.issued.size} certificates, ${[...acked.crls.values()].flat().length} CRLs); ${(childMs / 1000).toFixed(1)} s in the writers, ${seconds.toFixed(1)} s in all`);
});

/** One CLI run (`certwright --vault DIR --json …`) as a user or script would make it. */
async function cli(dir: string, args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = await spawnChild('certwright', ['--vault', dir, '--json', ...args], { ...process.env, CERTWRIGHT_PASSPHRASE: FIXTURE_PASSPHRASE });
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Who holds the vault lock now (its pid), or null. */
function lockHolder(dir: string): number | null {
  try {
    const pid = (JSON.parse(readFileSync(join(dir, 'vault.lock'), 'utf8')) as { pid?: unknown }).pid;
    return typeof pid === 'number' ? pid : null;
  } catch {
    return null;
  }
}

test('four processes at once (two through the router, two CLI runs), one holder SIGKILLed and replaced: every acknowledged write lands, CRL numbers never repeat', { timeout: 180_000 }, async () => {
  const started = performance.now();
  const dir = await tempDir();
  const authorities = await vaultWithRoots(dir, ['Concurrent Root A', 'Concurrent Root B']);
  const APP_OPS = 30;
  const CLI_OPS = Number(process.env.VAULT_CLI_OPS ?? 12);
  const acked = new Acknowledged();
  /** Each writer's CRL numbers in the order it was told them, per authority. */
  const seen = new Map<string, number[]>();
  const busy: string[] = [];
  const failed: string[] = [];
  const record = (label: string, line: string) => {
    const [what, ...rest] = line.split(' ');
    if (what === 'issued') acked.issued.add(rest[1]!);
    else if (what === 'revoked') acked.revoke(rest[0]!, rest[1]!);
    else if (what === 'crl') {
      acked.crl(rest[0]!, Number(rest[1]));
      const key = `${label} ${rest[0]}`;
      seen.set(key, [...(seen.get(key) ?? []), Number(rest[1])]);
    } else if (what === 'busy') busy.push(label);
    else if (what === 'failed') failed.push(`${label}: ${line}`);
  };

  const app = async (label: string, ops: number, onLine: (line: string, child: ChildProcess) => void = () => undefined, holdAfter?: number) => {
    const child = await spawnChild('vault-writer', ['app', dir, FIXTURE_PASSPHRASE, String(ops), authorities.join(','), label, ...(holdAfter === undefined ? [] : [String(holdAfter)])]);
    return follow(child, (line) => {
      record(label, line);
      onLine(line, child);
    });
  };

  const cliChain = async (label: string) => {
    const mine: Array<{ id: string; authorityId: string }> = [];
    for (let op = 0; op < CLI_OPS; op++) {
      const authorityId = authorities[random(0, 1)]!;
      const roll = Math.random();
      const action = roll < 0.5 || mine.length === 0 ? 'issue' : roll < 0.75 ? 'revoke' : 'crl';
      const target = action === 'revoke' ? mine.splice(random(0, mine.length - 1), 1)[0]! : null;
      const args = action === 'issue' ? ['issue', 'client', '--ca', authorityId, '--cn', `${label}-${op}`, '--from-root'] : action === 'revoke' ? ['revoke', target!.id, '--reason', 'keyCompromise'] : ['crl', '--ca', authorityId, '--publish'];
      const run = await cli(dir, args);
      if (run.code !== 0) {
        if (/The vault is busy/.test(run.stderr)) record(label, 'busy');
        else failed.push(`${label}: certwright ${args.join(' ')} exited ${run.code}: ${run.stderr.trim()}`);
        continue;
      }
      const out = JSON.parse(run.stdout);
      if (action === 'issue') {
        mine.push({ id: out.certificate.id, authorityId });
        record(label, `issued ${authorityId} ${out.certificate.id}`);
      } else if (action === 'revoke') {
        for (const c of out.revoked) record(label, `revoked ${c.authorityId} ${normalizeSerial(c.serialNumberHex)}`);
        for (const crl of out.crls) record(label, `crl ${crl.authorityId} ${crl.number}`);
      } else record(label, `crl ${authorityId} ${out.number}`);
    }
  };

  // app-1 takes the lock midway and is SIGKILLed holding it; a replacement starts at once, and every
  // other writer must take the dead holder's lock over.
  let heldAtKill = false;
  let replacement: ReturnType<typeof app> | null = null;
  const victim = app(
    'app-1',
    APP_OPS,
    (line, child) => {
      if (line !== 'holding' || replacement) return;
      heldAtKill = lockHolder(dir) === child.pid;
      child.kill('SIGKILL');
      replacement = app('app-1b', APP_OPS / 2);
    },
    APP_OPS / 2,
  );
  const [killed, second] = await Promise.all([victim, app('app-2', APP_OPS), cliChain('cli-1'), cliChain('cli-2')]).then(([k, s]) => [k, s] as const);
  assert.equal(killed.signal, 'SIGKILL', `app-1 was killed midway (${killed.code}): ${killed.stderr}`);
  assert.ok(replacement, 'the replacement started');
  const replaced = await replacement!;
  for (const [label, ended] of [['app-2', second], ['app-1b', replaced]] as const) assert.equal(ended.code, 0, `${label} ended cleanly: ${ended.stderr}`);
  assert.ok(heldAtKill, 'app-1 held the vault lock when it was killed: the others had to take it over');
  assert.deepEqual(failed, [], 'no write was refused except for a busy vault');

  const vault = await unlocked(dir);
  acked.check(vault, authorities, 'after the concurrent run');
  for (const [who, numbers] of seen) assert.ok(strictlyIncreasing(numbers), `${who} was told CRL numbers in increasing order: ${numbers.join(' ')}`);
  // In order of publication: each CRL recorded either became the authority's current one (a number above
  // every earlier one) or lost the race to one reserved after it and only went into the history.
  let overtaken = 0;
  for (const authorityId of authorities) {
    const published = publishedNumbers(vault, authorityId);
    overtaken += published.filter((n, i) => i > 0 && n < Math.max(...published.slice(0, i))).length;
  }
  // In the audit log's order (the order CRLs landed), the ones that became current have strictly
  // increasing numbers, and every number a writer was handed is one of them: nobody was given a CRL
  // that a newer one had already replaced.
  const published = vault.auditEntries({ kinds: ['crl.published'], everything: true }).entries.reverse();
  for (const authorityId of authorities) {
    const current = published.filter((e) => e.authorityId === authorityId && e.details.latest === true).map((e) => Number(e.details.number));
    assert.ok(strictlyIncreasing(current), `current CRLs of ${authorityId} in the order they landed: ${current.join(' ')}`);
    for (const number of acked.crls.get(authorityId) ?? []) assert.ok(current.includes(number), `CRL #${number} handed to a writer was current when it landed`);
  }
  const ops = acked.issued.size + [...acked.crls.values()].flat().length;
  console.log(`# concurrent: ${ops} acknowledged issues and CRLs (${acked.issued.size} certificates) by 2 router children, a replacement and ${2 * CLI_OPS} CLI runs; ${busy.length} busy refusals; ${overtaken} CRLs overtaken while signing (kept in the history, signed again with a fresh number); ${((performance.now() - started) / 1000).toFixed(1)} s`);
  vault.lock();
});

test('a passphrase change SIGKILLed at any moment leaves exactly one of the two passphrases working', { timeout: 300_000 }, async () => {
  const started = performance.now();
  const dir = await tempDir();
  await vaultWithRoots(dir, ['Passphrase Root']);
  const passphrases = [FIXTURE_PASSPHRASE, 'the second passphrase of this vault'] as const;
  let current = 0;
  let changeMs = 200;
  const outcomes = { old: 0, new: 0, completed: 0 };
  const header = join(dir, 'vault.cwv');
  for (let round = 0; round <= 30; round++) {
    const [from, to] = [passphrases[current]!, passphrases[1 - current]!];
    const child = await spawnChild('vault-writer', ['passphrase', dir, from, to]);
    const strategy = round === 0 ? 'none' : (['time', 'temp file', 'header renamed'] as const)[round % 3]!;
    let readyAt = 0;
    let changed = false;
    const ino = statSync(header).ino;
    const ended = await follow(child, (line) => {
      if (line === 'changed') {
        changed = true;
        if (round === 0) changeMs = performance.now() - readyAt;
      }
      if (line !== 'ready') return;
      readyAt = performance.now();
      if (strategy === 'time') setTimeout(() => child.kill('SIGKILL'), Math.random() * changeMs * 1.3);
      else if (strategy !== 'none') {
        const watch = () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const hit = strategy === 'temp file' ? readdirSync(dir).some((n) => n.startsWith('.vault.cwv.') && n.endsWith('.tmp')) : statSync(header).ino !== ino;
          if (hit) child.kill('SIGKILL');
          else setImmediate(watch);
        };
        watch();
      }
    });
    assert.ok(ended.signal === 'SIGKILL' || ended.code === 0, `round ${round}: ${ended.stderr}`);
    const opens: boolean[] = [];
    for (const passphrase of [from, to]) {
      const vault = openVault(dir, { lock: true });
      try {
        await vault.unlock(passphrase);
        opens.push(true);
        assert.ok(vault.verifyAudit().ok, `round ${round}: the audit log verifies`);
        await vault.signingKey(vault.listAuthorities()[0]!.id);
        vault.lock();
      } catch (error) {
        assert.equal((error as { code?: string }).code, 'WRONG_PASSPHRASE', `round ${round}: ${String(error)}`);
        opens.push(false);
      }
    }
    assert.equal(opens.filter(Boolean).length, 1, `round ${round} (${strategy}): exactly one passphrase opens (old ${opens[0]}, new ${opens[1]})`);
    if (changed) assert.ok(opens[1], `round ${round}: the change was acknowledged, so the new passphrase opens`);
    if (changed) outcomes.completed++;
    if (opens[1]) {
      outcomes.new++;
      current = 1 - current;
    } else outcomes.old++;
  }
  assert.ok(outcomes.old > 0 && outcomes.new > 1, `kills landed both before and after the header was replaced (${JSON.stringify(outcomes)})`);
  console.log(`# passphrase change: 31 rounds, ${outcomes.new} left the new passphrase, ${outcomes.old} the old, ${outcomes.completed} acknowledged; change took ≈ ${changeMs.toFixed(0)} ms; ${((performance.now() - started) / 1000).toFixed(1)} s`);
});

test('a migration from format 2 SIGKILLed at any moment leaves a vault that opens whole, in order, each record once', { timeout: 300_000 }, async () => {
  const started = performance.now();
  const base = await tempDir();
  const written = await writeLegacyVault(base, { format: 2, authorities: 3, certificatesEach: 400 });
  const authorityIds = Object.keys(written.authorities);
  const order = authorityIds.flatMap((id) => written.certificates.filter((c) => c.authorityId === id).map((c) => c.id));
  const legacyFiles = (await readdir(base)).length;
  const cwv = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.cwv'));
  type Moment = { kind: 'files'; count: number } | { kind: 'file'; name: string } | { kind: 'removing' } | { kind: 'time'; ms: number };
  const moments: Moment[] = [
    { kind: 'files', count: 1 },
    { kind: 'files', count: 40 },
    { kind: 'files', count: 128 },
    { kind: 'files', count: 200 },
    { kind: 'files', count: 250 },
    { kind: 'file', name: 'vault.cwv' },
    { kind: 'file', name: 'manifest.cwv' },
    { kind: 'removing' },
    { kind: 'time', ms: random(0, 400) },
    { kind: 'time', ms: random(400, 1500) },
  ];
  let interrupted = 0;
  for (const moment of moments) {
    const where = JSON.stringify(moment);
    const dir = await tempDir();
    await cp(base, dir, { recursive: true });
    const child = await spawnChild('vault-migrator', [dir, FIXTURE_PASSPHRASE]);
    let done = false;
    const ended = await follow(child, (line) => {
      if (line.startsWith('done')) done = true;
      if (line !== 'ready') return;
      if (moment.kind === 'time') {
        setTimeout(() => child.kill('SIGKILL'), moment.ms);
        return;
      }
      const watch = () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        let hit: boolean;
        try {
          const names = readdirSync(dir);
          hit =
            moment.kind === 'files' ? names.filter((n) => n.endsWith('.cwv')).length >= moment.count : moment.kind === 'file' ? names.includes(moment.name) : names.filter((n) => n.endsWith('.json')).length < legacyFiles;
        } catch {
          hit = false;
        }
        if (hit) child.kill('SIGKILL');
        else setImmediate(watch);
      };
      watch();
    });
    assert.ok(ended.signal === 'SIGKILL' || ended.code === 0, `${where}: ${ended.stderr}`);
    if (ended.signal === 'SIGKILL' && !done) interrupted++;
    for (const name of cwv(dir)) assert.ok(parseEnvelope(await readFile(join(dir, name), 'utf8')), `${where}: ${name} is a whole vault file`);
    // The next process takes the dead one's lock over and finishes (or redoes) the migration.
    const vault = new Vault({ directory: dir, lock: fileLock(dir), crypto: globalThis.crypto, scryptN: CHEAP_SCRYPT_N });
    await vault.unlock(FIXTURE_PASSPHRASE);
    assert.deepEqual(vault.listAuthorities().map((a) => a.id), authorityIds, where);
    assert.deepEqual(vault.listAllCertificates().map((c) => c.id), order, `${where}: every record, in order, once`);
    for (const id of authorityIds) await vault.signingKey(id);
    assert.equal(vault.appSettings().expiry.warningDays, 21, where);
    assert.equal(vault.auditEntries({ kinds: ['vault.migrated'] }).total, 1, `${where}: migrated once`);
    assert.ok(vault.verifyAudit().ok, where);
    assert.deepEqual((await readdir(dir)).filter((n) => n.endsWith('.json')), [], `${where}: no file of the old format is left`);
    vault.lock();
    const again = new Vault({ directory: dir, lock: fileLock(dir), crypto: globalThis.crypto });
    await again.unlock(FIXTURE_PASSPHRASE);
    assert.equal(again.unlockTimings?.migratedRecords, 0, `${where}: nothing migrates twice`);
    assert.equal(again.listAllCertificates().length, order.length);
  }
  assert.ok(interrupted >= 5, `${interrupted} kills landed during the migration`);
  console.log(`# migration: ${moments.length} rounds of ${order.length} records, ${interrupted} killed midway; ${((performance.now() - started) / 1000).toFixed(1)} s`);
});
