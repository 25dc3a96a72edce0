/**
 * The one writer for vault files: nothing under the vault directory is written any other way.
 *
 * A file is replaced by writing a temporary file beside it (same directory, so the rename never
 * crosses file systems), fsync, rename over the old one, then fsync of the directory so the rename
 * itself survives a power cut. There is no in-place fallback: where a rename is impossible the write
 * fails and the old file stays as it was. The directory is 0700 and every file 0600.
 *
 * conf (and so electron-store) falls back to an in-place write when SNAP is set or on EXDEV and never
 * fsyncs the directory (shared/LIBRARY-NOTES.md), which is why the vault has its own.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, constants, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const DIRECTORY_MODE = 0o700;
export const FILE_MODE = 0o600;

/** Creates the directory (and parents) owner-only; tightens an existing vault directory that is looser. */
export function ensurePrivateDirectory(directory: string): void {
  mkdirSync(directory, { recursive: true, mode: DIRECTORY_MODE });
  if (process.platform !== 'win32' && (statSync(directory).mode & 0o077) !== 0) chmodSync(directory, DIRECTORY_MODE);
}

/** fsync of a directory, so renames and new names in it are durable (a no-op where directories cannot be opened: Windows). */
export function syncDirectory(directory: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(directory, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, data: Uint8Array): void {
  let offset = 0;
  while (offset < data.byteLength) offset += writeSync(fd, data, offset, data.byteLength - offset);
}

/** Replaces `path` with `data`, durably and atomically: afterwards the file holds either the old bytes or the new, never a mix. */
export function writeFileDurable(path: string, data: Uint8Array | string): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const directory = dirname(path);
  const temp = join(directory, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  // O_EXCL: never follow or reuse something planted at the temporary name.
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, FILE_MODE);
  try {
    try {
      writeAll(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      /* already renamed or never created */
    }
    throw error;
  }
  syncDirectory(directory);
}

/**
 * Appends to `path` (created 0600 if missing) and fsyncs before returning: an acknowledged append
 * survives a crash. A crash during the append can leave a partial last line, which readers must
 * recognise (the audit log does: every line is checked, a torn tail is reported and repaired).
 */
export function appendFileDurable(path: string, data: Uint8Array | string): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let created = false;
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_APPEND);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, FILE_MODE);
    created = true;
  }
  try {
    writeAll(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (created) syncDirectory(dirname(path));
}

/** Removes a file if it is there, durably. */
export function removeFileDurable(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  syncDirectory(dirname(path));
}

/** Removes every file in `directory` whose name `matches`, then syncs the directory once. */
export function durableRemoveAll(directory: string, matches: (name: string) => boolean): void {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  let removed = false;
  for (const name of names.filter(matches)) {
    try {
      unlinkSync(join(directory, name));
      removed = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  if (removed) syncDirectory(directory);
}
