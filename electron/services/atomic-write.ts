/**
 * Replacing a file atomically (the metrics textfile, a published CRL) in a folder others may write to (a textfile collector's folder, /tmp):
 * the new contents go to a temporary file with an unpredictable name, created exclusively (O_EXCL:
 * a planted file or symlink of that name makes the open fail, it is never followed), and are renamed
 * over the target. rename(2) replaces a symlink at the target itself; it never writes through it.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const ATTEMPTS = 5;

export interface AtomicWriteOptions {
  readonly mode?: number;
  /** The random part of the temporary name (tests plant files at a name they choose). */
  readonly randomPart?: () => string;
}

export async function writeFileAtomically(path: string, contents: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const randomPart = options.randomPart ?? (() => randomBytes(12).toString('hex'));
  let temporary = '';
  let handle;
  for (let attempt = 1; handle === undefined; attempt += 1) {
    temporary = join(dirname(path), `.${basename(path)}.${randomPart()}.tmp`);
    try {
      handle = await open(temporary, 'wx', options.mode ?? 0o644);
    } catch (error) {
      // Someone holds that name (by chance, or planted there): another one.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= ATTEMPTS) throw error;
    }
  }
  try {
    try {
      await handle.writeFile(contents);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
