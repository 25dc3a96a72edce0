/**
 * Reading shard files directly, by version. Every shard is `<directory>/<name>.json` (see
 * shardOptions); writes go through the KeyValueStore (conf or electron-store, atomic rename), but
 * reads come here so a parsed shard can be kept while its file has not changed. A file's version is
 * its stamp — mtime, ctime, size and inode: every write is a rename of a new file, so a new version
 * has a new inode and new times.
 *
 * Stamps are checked at most once per synchronous run of code (they are forgotten at the next
 * microtask): a list that builds 10,000 summaries in one go stats each file once, not 10,000 times,
 * and sees one version of each. Under the write lock they are forgotten first, so a
 * read-modify-write always starts from the disk.
 */
import { closeSync, fstatSync, openSync, readFileSync, statSync, unlinkSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { CertwrightError } from '../../shared/ipc/errors.js';

export const NO_FILE = 'none';

function stampOf(info: Stats | undefined): string {
  return info ? `${info.mtimeMs}:${info.ctimeMs}:${info.size}:${info.ino}` : NO_FILE;
}

export interface ShardRead {
  readonly stamp: string;
  readonly doc: Record<string, unknown>;
}

export class ShardFiles {
  readonly #directory: string;
  readonly #extension: string;
  #memo: Map<string, string> | null = null;

  constructor(directory: string, extension = '.json') {
    this.#directory = directory;
    this.#extension = extension;
  }

  path(name: string): string {
    return join(this.#directory, `${name}${this.#extension}`);
  }

  /** The file's version as of this synchronous run (`none` when it does not exist). */
  stamp(name: string): string {
    const memo = this.#turn();
    let stamp = memo.get(name);
    if (stamp === undefined) {
      stamp = this.stampNow(name);
      memo.set(name, stamp);
    }
    return stamp;
  }

  /** The file's version now, past the memo. */
  stampNow(name: string): string {
    return stampOf(statSync(this.path(name), { throwIfNoEntry: false }));
  }

  /** Forgets the versions seen: the next checks go to the disk (taken with the write lock). */
  forget(): void {
    this.#memo = null;
  }

  /** After a write of ours under the lock: the version now on disk is the one we wrote. */
  wrote(name: string): string {
    const stamp = this.stampNow(name);
    this.#turn().set(name, stamp);
    return stamp;
  }

  /** Reads and parses the file; its stamp is taken from the open file, so it matches the bytes read. Null when there is no file. */
  read(name: string): ShardRead | null {
    let fd: number;
    try {
      fd = openSync(this.path(name), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.#turn().set(name, NO_FILE);
        return null;
      }
      throw error;
    }
    let stamp: string;
    let text: string;
    try {
      stamp = stampOf(fstatSync(fd));
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
    this.#turn().set(name, stamp);
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new CertwrightError('VAULT_CORRUPT', `The vault file ${name}.json is damaged (not JSON)`);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new CertwrightError('VAULT_CORRUPT', `The vault file ${name}.json is damaged (not an object)`);
    return { stamp, doc: doc as Record<string, unknown> };
  }

  /** Deletes the file if it is there. */
  remove(name: string): void {
    try {
      unlinkSync(this.path(name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    this.#turn().set(name, NO_FILE);
  }

  #turn(): Map<string, string> {
    let memo = this.#memo;
    if (!memo) {
      const fresh = new Map<string, string>();
      memo = this.#memo = fresh;
      queueMicrotask(() => {
        if (this.#memo === fresh) this.#memo = null;
      });
    }
    return memo;
  }
}
