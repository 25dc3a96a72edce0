/**
 * A lock file that serialises writes to one vault across processes (the app and any number of CLI
 * runs). The vault re-reads its files from disk at the start of every write, so a read-modify-write
 * inside the lock sees the other process's last write: both writes land, or the loser gets VAULT_BUSY
 * after a short wait.
 *
 * Design (why two processes can never both hold it, and why nobody steals a living holder's lock):
 *
 * - `vault.lock` holds one JSON line: { token, pid, start, host, at, pidns }. `token` is 32 random hex
 *   digits naming this one acquisition. The holder's identity is its pid plus, on Linux, its start
 *   time (field 22 of /proc/<pid>/stat) so a reused pid is not taken for the holder, plus its pid
 *   namespace (a Flatpak sandbox and the host see different pids for one process). A holder is dead
 *   only when `kill(pid, 0)` says ESRCH, or (Linux) its start time differs or it is a zombie. Time is
 *   never evidence: a stopped or suspended holder is alive. A lock from another host or pid namespace
 *   is never judged stale (we cannot see its processes): the caller waits and gets VAULT_BUSY.
 * - Acquire: write the content to a unique temp file (`wx`, 0600, fsynced), then `link(temp, lock)`:
 *   atomic, EEXIST while held, and the lock file never exists empty or half written. The temp goes.
 * - Stale takeover (the holder is dead): claim a marker `vault.lock.takeover-<staleToken>-<k>` with
 *   the same link trick. Level k is tried only after every lower level of that token exists and is
 *   claimed by a dead process. The winner re-reads the lock; if it still holds the stale token it
 *   `rename(ownTemp, lock)`s over it (atomic: the lock file never disappears), else it drops its
 *   marker and starts again. Why at most one living process can be between "claimed" and "renamed"
 *   for one token: a level is passed over only when its marker's claimant is dead, and such a marker
 *   is removed only by a later holder, that is once the lock no longer holds that token (tokens are
 *   never reused, so it never will again, and a late claimant's re-read sees that). So while the lock
 *   holds token S, the passed levels stay dead, two claims of one level are excluded by link, and a
 *   living claimant at level a blocks every claim above a until it dies or gives up (it gives up only
 *   by removing its own marker, after which it never renames). Dead processes stay dead.
 * - The holder removes leftovers while it holds the lock: takeover markers of any other token (that
 *   token is gone for good) and temp files whose writer is dead. Ordinary acquirers never remove a
 *   lock; only a takeover replaces one, and only one whose holder is dead.
 * - Release: read the lock, unlink it only when it holds our token (see `release` for why the
 *   read-compare-unlink cannot remove someone else's lock).
 * - Unreadable content (garbage written by hand, or a filesystem hiccup) counts as held by an unknown
 *   living process: wait, then VAULT_BUSY naming the file so the user can remove it. Never stolen.
 * - Re-entrant per directory within this process (a module-wide count keyed by the directory's real
 *   path): a nested `withLock`, through this or another `fileLock` of the same directory, runs
 *   without re-acquiring; the outer one releases, also when `fn` throws.
 *
 * On a filesystem without hard links (FAT, some network shares) `place` falls back to an exclusive
 * create-then-write: still atomic to create, but the file is briefly empty; readers treat that as
 * "unreadable, wait", and a process killed in that instant leaves a file the user must remove.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, realpathSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CertwrightError } from '../../shared/errors.js';
import { msg } from '../../shared/i18n/message.js';

export interface VaultLock {
  /** Runs `fn` while holding the lock; re-entrant within one process. */
  withLock<T>(fn: () => T): T;
}

const LOCK_NAME = 'vault.lock';
const TEMP_PREFIX = 'vault.lock.tmp-';
const MARKER_PREFIX = 'vault.lock.takeover-';
const MARKER_NAME = /^vault\.lock\.takeover-([0-9a-f]{32})-(\d+)$/;
const TOKEN = /^[0-9a-f]{32}$/;

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);
/** Between attempts: 10–30 ms, jittered so waiters do not move in step. */
const pause = () => sleep(10 + Math.floor(Math.random() * 21));

const code = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code;

/** Who holds (or claims) a lock: the content of `vault.lock`, a takeover marker or a temp file. */
interface Holder {
  token: string;
  pid: number;
  /** Linux: the process's start time in clock ticks since boot (decimal); null elsewhere. */
  start: string | null;
  host: string;
  at: string;
  /** Linux: the pid namespace (`pid:[n]`), null elsewhere; absent in locks that do not record it. */
  pidns?: string | null;
}

/** /proc/<pid>/stat after the command name (which may contain spaces and parentheses): fields 3…. */
function statFields(pid: number | 'self'): string[] | null {
  if (process.platform !== 'linux') return null;
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Field 22 (starttime) is index 19 of the fields after the name; field 3 (state) is index 0. */
const startOf = (fields: string[] | null) => (fields && /^\d+$/.test(fields[19] ?? '') ? fields[19]! : null);

function ownPidNamespace(): string | null {
  if (process.platform !== 'linux') return null;
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return null;
  }
}

const HOST = hostname();
const OWN_START = startOf(statFields('self'));
const OWN_PIDNS = ownPidNamespace();

function parseHolder(text: string): Holder | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const h = value as Record<string, unknown>;
  const ok =
    typeof h.token === 'string' &&
    TOKEN.test(h.token) &&
    typeof h.pid === 'number' &&
    Number.isSafeInteger(h.pid) &&
    h.pid > 0 && // 0 and negative pids would make kill() address process groups
    (h.start === null || (typeof h.start === 'string' && /^\d+$/.test(h.start))) &&
    typeof h.host === 'string' &&
    typeof h.at === 'string' &&
    (h.pidns === undefined || h.pidns === null || typeof h.pidns === 'string');
  return ok ? (h as unknown as Holder) : null;
}

type Seen = { kind: 'absent' } | { kind: 'unreadable' } | { kind: 'held'; holder: Holder };

function read(path: string): Seen {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    // Anything but "not there" (EACCES, a Windows file pending deletion…) we cannot judge: unreadable.
    return code(error) === 'ENOENT' ? { kind: 'absent' } : { kind: 'unreadable' };
  }
  const holder = parseHolder(text);
  return holder ? { kind: 'held', holder } : { kind: 'unreadable' };
}

/** A holder we cannot see (another machine, another pid namespace): never judged dead. */
const foreign = (h: Holder) => h.host !== HOST || (h.pidns != null && OWN_PIDNS !== null && h.pidns !== OWN_PIDNS);

/** Dead for sure, or possibly alive. Errs towards alive: a wrong "alive" only costs a VAULT_BUSY. */
function alive(h: Holder): boolean {
  if (foreign(h)) return true;
  try {
    process.kill(h.pid, 0);
  } catch (error) {
    if (code(error) === 'ESRCH') return false; // EPERM: it exists, owned by someone else
  }
  if (h.start !== null && process.platform === 'linux') {
    const fields = statFields(h.pid);
    // Unreadable stat (hidepid, or it died just now) proves nothing: alive until kill says ESRCH.
    if (fields) {
      if (fields[0] === 'Z' || fields[0] === 'X') return false; // a zombie never writes again
      const start = startOf(fields);
      if (start !== null && start !== h.start) return false; // the pid was reused
    }
  }
  return true;
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}

/** Windows reports a file that is being deleted (still open somewhere) as EPERM/EACCES/EBUSY. */
const transient = (error: unknown) => process.platform === 'win32' && ['EPERM', 'EACCES', 'EBUSY'].includes(code(error) ?? '');

/**
 * Makes `target` exist with `content` unless it already exists, atomically: a hard link to the
 * already written `temp`. 'missing' when the temp file is gone (write it again).
 */
function place(temp: string, target: string, content: string): 'placed' | 'exists' | 'missing' {
  try {
    linkSync(temp, target);
    return 'placed';
  } catch (error) {
    if (code(error) === 'EEXIST') return 'exists';
    if (code(error) === 'ENOENT') return 'missing';
  }
  // No hard links on this filesystem: create exclusively and fill (see the header).
  let fd: number;
  try {
    fd = openSync(target, 'wx', 0o600);
  } catch (error) {
    if (code(error) === 'EEXIST' || transient(error)) return 'exists';
    throw error;
  }
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkQuietly(target);
    throw error;
  }
  closeSync(fd);
  return 'placed';
}

/** What stands in the way when the wait runs out. */
type Blocker = { kind: 'holder'; holder: Holder } | { kind: 'unreadable'; path: string } | { kind: 'unknown' };

function busy(blocker: Blocker): CertwrightError {
  if (blocker.kind === 'unknown') {
    // The lock kept changing hands under us (released and taken again) until the wait ran out.
    return new CertwrightError('VAULT_BUSY', msg('errors:lock.busyUnknown'));
  }
  if (blocker.kind === 'unreadable') {
    return new CertwrightError(
      'VAULT_BUSY',
      msg('errors:lock.busyUnreadable', { path: blocker.path }),
    );
  }
  const h = blocker.holder;
  if (h.host !== HOST) {
    return new CertwrightError('VAULT_BUSY', msg('errors:lock.busyOtherHost', { pid: h.pid, host: h.host }));
  }
  if (foreign(h)) {
    return new CertwrightError('VAULT_BUSY', msg('errors:lock.busySandbox', { pid: h.pid }));
  }
  return new CertwrightError('VAULT_BUSY', msg('errors:lock.busy', { pid: h.pid }));
}

/** Per real directory path: how deep this process is inside `withLock`, and the token it holds. */
const held = new Map<string, { depth: number; token: string }>();

function acquire(directory: string, waitMs: number): string {
  const lockPath = join(directory, LOCK_NAME);
  const me: Holder = { token: randomBytes(16).toString('hex'), pid: process.pid, start: OWN_START, host: HOST, at: new Date().toISOString(), pidns: OWN_PIDNS };
  const content = `${JSON.stringify(me)}\n`;
  const temp = join(directory, `${TEMP_PREFIX}${me.token}`);
  const deadline = Date.now() + waitMs;
  let tempExists = false;
  let blocker: Blocker = { kind: 'unknown' };

  const writeTemp = () => {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, content);
      fsyncSync(fd); // a power cut must not leave a linked but empty lock
    } finally {
      closeSync(fd);
    }
    tempExists = true;
  };

  /** We hold level `marker` for `stale`: replace the lock if it still holds that token. */
  const confirm = (stale: string, marker: string): 'won' | 'retry' => {
    for (;;) {
      const now = read(lockPath);
      if (now.kind !== 'held' || now.holder.token !== stale) {
        // The lock has left `stale` for good: nobody will need this marker.
        unlinkQuietly(marker);
        return 'retry';
      }
      try {
        renameSync(temp, lockPath);
        tempExists = false;
        return 'won';
      } catch (error) {
        if (transient(error) && Date.now() < deadline) {
          pause(); // still holding our level: nobody else can rename meanwhile
          continue;
        }
        // Giving up: drop our level so the next claimant can have it (we never rename on it now).
        unlinkQuietly(marker);
        if (code(error) === 'ENOENT') {
          tempExists = false;
          return 'retry';
        }
        if (transient(error)) return 'retry';
        throw error;
      }
    }
  };

  /** The lock holds `stale`, whose holder is dead: claim the lowest free level and replace it. */
  const takeOver = (stale: string): 'won' | 'retry' | Blocker => {
    for (let k = 0; ; k++) {
      const marker = join(directory, `${MARKER_PREFIX}${stale}-${k}`);
      const placed = place(temp, marker, content);
      if (placed === 'missing') {
        tempExists = false;
        return 'retry';
      }
      if (placed === 'placed') return confirm(stale, marker);
      const claimant = read(marker);
      // Gone: its living claimant gave up, or the lock has moved on. Either way, look again.
      if (claimant.kind === 'absent') return 'retry';
      if (claimant.kind === 'unreadable') return { kind: 'unreadable', path: marker };
      if (alive(claimant.holder)) return { kind: 'holder', holder: claimant.holder };
      // Claimed by a dead process: that level stays dead while the lock holds `stale`. Next level.
    }
  };

  try {
    let quick = 0; // attempts in a row that saw the lock change under us, without sleeping
    for (;;) {
      if (!tempExists) writeTemp();
      const placed = place(temp, lockPath, content);
      if (placed === 'placed') break;
      if (placed === 'missing') {
        tempExists = false;
        continue;
      }
      const seen = read(lockPath);
      let outcome: 'won' | 'retry' | Blocker;
      if (seen.kind === 'absent') outcome = 'retry'; // released between our link and our read
      else if (seen.kind === 'unreadable') outcome = { kind: 'unreadable', path: lockPath };
      else if (alive(seen.holder)) outcome = { kind: 'holder', holder: seen.holder };
      else outcome = takeOver(seen.holder.token);
      if (outcome === 'won') break;
      if (outcome !== 'retry') blocker = outcome;
      if (outcome === 'retry' && ++quick < 5) continue;
      quick = 0;
      if (Date.now() >= deadline) throw busy(blocker);
      pause();
    }
  } finally {
    if (tempExists) unlinkQuietly(temp);
  }
  sweep(directory, me.token);
  return me.token;
}

/** While holding `token`: remove takeover markers of other tokens and temp files of dead writers. */
function sweep(directory: string, token: string): void {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return;
  }
  for (const name of names) {
    const marker = MARKER_NAME.exec(name);
    if (marker) {
      if (marker[1] !== token) unlinkQuietly(join(directory, name));
    } else if (name.startsWith(TEMP_PREFIX)) {
      // Judged by content, like a lock: a half-written one (its writer busy, or killed mid-write) stays.
      const seen = read(join(directory, name));
      if (seen.kind === 'held' && seen.holder.token !== token && !alive(seen.holder)) unlinkQuietly(join(directory, name));
    }
  }
}

/**
 * Removes the lock only while it still holds `token`. Safe as read-compare-unlink: between our read
 * and our unlink nobody else can have replaced our lock. An ordinary acquirer only creates the file
 * when it does not exist (link fails with EEXIST), and a takeover renames over it only after judging
 * its holder dead, and we, the holder, are alive. (Only a hand edit can change it under us; then the
 * token differs and we leave the file alone.)
 */
function release(directory: string, token: string): void {
  const lockPath = join(directory, LOCK_NAME);
  const seen = read(lockPath);
  if (seen.kind === 'held' && seen.holder.token === token) unlinkQuietly(lockPath);
}

export function fileLock(directory: string, options: { waitMs?: number } = {}): VaultLock {
  const waitMs = options.waitMs ?? 3000;
  let key: string | undefined;

  return {
    withLock(fn) {
      let entry = key === undefined ? undefined : held.get(key);
      if (!entry) {
        mkdirSync(directory, { recursive: true, mode: 0o700 });
        key ??= realpathSync(directory);
        entry = held.get(key);
      }
      const k = key!;
      if (!entry) {
        entry = { depth: 0, token: acquire(directory, waitMs) };
        held.set(k, entry);
      }
      entry.depth++;
      try {
        return fn();
      } finally {
        if (--entry.depth === 0) {
          held.delete(k);
          release(directory, entry.token);
        }
      }
    },
  };
}

/** For stores that live in one process only (never shared). */
export const noLock: VaultLock = { withLock: (fn) => fn() };
