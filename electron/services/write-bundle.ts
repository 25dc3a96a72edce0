/**
 * Writes an assembled bundle where the user chose: never over an existing file, key files 0600.
 * Used by the CLI now and by the window's export (through a native save dialog) next.
 */
import { mkdir, open, readdir, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { CertwrightError } from '../../shared/errors.js';
import { fileBytes } from '../engine/export/pem-set.js';
import type { AssembledBundle } from './bundle.js';

async function writeNew(path: string, bytes: Uint8Array, mode: number): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'wx', mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new CertwrightError('INVALID_INPUT', `${path} already exists; Certwright never overwrites a file. Choose another place`, { field: 'out' });
    throw new CertwrightError('STORAGE_FAILURE', `Cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
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
  try {
    if ((await readdir(target)).length > 0) throw new CertwrightError('INVALID_INPUT', `${target} is not empty; export into a new or empty folder`, { field: 'out' });
  } catch (error) {
    if (error instanceof CertwrightError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new CertwrightError('STORAGE_FAILURE', `Cannot use ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  await mkdir(target, { recursive: true, mode: 0o700 });
  const written: string[] = [];
  try {
    for (const file of bundle.files) {
      const path = resolve(target, file.name);
      if (!path.startsWith(target + sep)) throw new CertwrightError('INTERNAL', `Refused to write outside the bundle folder: ${file.name}`);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await writeNew(path, fileBytes(file), file.mode);
      written.push(path);
    }
  } catch (error) {
    // A half-written bundle is worse than none.
    await Promise.all(written.map((p) => rm(p, { force: true })));
    throw error;
  }
  return written.map((p) => join(p));
}
