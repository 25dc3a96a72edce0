/**
 * Reading a secret (a passphrase or a password) from a file the user named. A file other users can
 * read or change is refused before its contents are used: the secret in it is as good as public, and
 * refusing says so while there is still time to fix it. Windows has no such mode bits: no check there.
 */
import { open } from 'node:fs/promises';
import { CliError } from './errors.js';

export type SecretFileKind = 'passphrase file' | 'password file';

/** `path` as a shell word, so that the printed chmod line can be pasted as it is. */
function shellWord(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

/** The file's text without one trailing newline (the file's, not the secret's). */
export async function readSecretFile(path: string, kind: SecretFileKind, platform: NodeJS.Platform = process.platform): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new CliError(`Cannot read the ${kind} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    // The mode of what was opened (a symlink's target), not of a name that may change in between.
    const info = await handle.stat();
    if (platform !== 'win32' && info.isFile() && (info.mode & 0o077) !== 0) {
      throw new CliError(`The ${kind} ${path} is open to other users (mode ${(info.mode & 0o777).toString(8).padStart(4, '0')}); make it yours alone with: chmod 600 ${shellWord(path)}`);
    }
    return (await handle.readFile('utf8')).replace(/\r?\n$/, '');
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`Cannot read the ${kind} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  } finally {
    await handle.close();
  }
}
