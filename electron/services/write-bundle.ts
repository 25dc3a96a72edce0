/**
 * Writes an assembled bundle where the user chose: never over an existing file, key files 0600.
 * Used by the CLI now and by the window's export (through a native save dialog) next.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { CertwrightError } from '../../shared/errors.js';
import { fileBytes } from '../engine/export/pem-set.js';
import type { AssembledBundle } from './bundle.js';
import { msg } from '../../shared/i18n/message.js';

async function writeNew(path: string, bytes: Uint8Array, mode: number): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'wx', mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new CertwrightError('INVALID_INPUT', msg('errors:exports.fileExists', { path }), { field: 'out' });
    throw new CertwrightError('STORAGE_FAILURE', msg('errors:exports.cannotWrite', { path, code: (error as NodeJS.ErrnoException).code ?? String(error) }));
  }
  try {
    await handle.writeFile(bytes);
    await handle.chmod(mode); // the umask may have narrowed or widened it
  } finally {
    await handle.close();
  }
}

/** Returns the paths written. For a directory bundle, `out` must not exist yet or be empty. */
export async function writeBundle(bundle: AssembledBundle, out: string): Promise<string[]> {
  const target = resolve(out);
  if (bundle.layout === 'file') {
    const file = bundle.files[0]!;
    await writeNew(target, fileBytes(file), file.mode);
    return [target];
  }
  let existing = false;
  try {
    if ((await readdir(target)).length > 0) throw new CertwrightError('INVALID_INPUT', msg('errors:exports.folderNotEmpty', { path: target }), { field: 'out' });
    existing = true;
  } catch (error) {
    if (error instanceof CertwrightError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new CertwrightError('STORAGE_FAILURE', msg('errors:exports.cannotUse', { path: target, code: (error as NodeJS.ErrnoException).code ?? String(error) }));
  }
  // Written into a hidden sibling, then renamed into place: the folder appears whole or not at all
  // (a half-written bundle is worse than none, and a crash must not leave one either).
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  const staging = join(dirname(target), `.${basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
  await mkdir(staging, { mode: 0o700 });
  try {
    for (const file of bundle.files) {
      const path = resolve(staging, file.name);
      if (!path.startsWith(staging + sep)) throw new CertwrightError('INTERNAL', msg('errors:exports.outsideFolder', { name: file.name }));
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await writeNew(path, fileBytes(file), file.mode);
    }
    if (existing) await rmdir(target);
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return bundle.files.map((file) => resolve(target, file.name));
}
