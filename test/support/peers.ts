/** Runs the outside peers (openssl, certtool) that judge our output. */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface PeerResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runPeer(command: string, args: readonly string[], input?: string): Promise<PeerResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { timeout: 30_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

export async function writeTemp(dir: string, name: string, contents: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, contents);
  return path;
}
