/**
 * Finds private key material where it must never be: in IPC outputs and in the vault's files.
 * Given the PKCS#8 bytes of every key, it searches each haystack for the raw bytes, base64, hex
 * and PEM forms, and for any PEM "PRIVATE KEY" block at all.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface KeyLeak {
  readonly where: string;
  readonly form: string;
}

function forms(pkcs8: Uint8Array): Array<[string, Buffer]> {
  const buf = Buffer.from(pkcs8);
  // A distinctive middle slice: the whole encoding would be found too, but a slice also catches
  // partial copies and re-wrapped base64 lines.
  const middle = buf.subarray(Math.floor(buf.length / 3), Math.floor(buf.length / 3) + 24);
  return [
    ['raw DER', middle],
    ['base64', Buffer.from(buf.toString('base64').slice(40, 80))],
    ['hex', Buffer.from(middle.toString('hex'))],
    ['HEX', Buffer.from(middle.toString('hex').toUpperCase())],
  ];
}

const PEM_PRIVATE = Buffer.from('PRIVATE KEY-----');

export function findKeyMaterial(haystacks: ReadonlyArray<{ where: string; bytes: Uint8Array }>, keys: readonly Uint8Array[]): KeyLeak[] {
  const leaks: KeyLeak[] = [];
  for (const { where, bytes } of haystacks) {
    const hay = Buffer.from(bytes);
    if (hay.includes(PEM_PRIVATE)) leaks.push({ where, form: 'PEM private key block' });
    for (const key of keys) {
      for (const [form, needle] of forms(key)) {
        if (hay.includes(needle)) leaks.push({ where, form });
      }
    }
  }
  return leaks;
}

export async function filesBelow(directory: string): Promise<Array<{ where: string; bytes: Uint8Array }>> {
  const out: Array<{ where: string; bytes: Uint8Array }> = [];
  for (const entry of await readdir(directory, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.push({ where: path, bytes: await readFile(path) });
  }
  return out;
}
