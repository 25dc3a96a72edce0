/**
 * A zip of named files. Deterministic: entries sorted by name (README.txt first), a fixed
 * timestamp, fixed compression level, so the same bundle always gives the same bytes.
 */
import { zipSync, type Zippable } from 'fflate';
import { fileBytes, type BundleFile } from './pem-set.js';

/** 1980-01-01, the earliest date a zip entry can carry (zip stores local DOS time). */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

const NAME = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

function order(a: string, b: string): number {
  if (a === 'README.txt' || b === 'README.txt') return a === 'README.txt' ? (b === 'README.txt' ? 0 : -1) : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A zip of `name → bytes` (no Unix modes: see {@link zipBundle}). Names must be plain relative paths (no "..", no leading "/"). */
export function zipFiles(files: Readonly<Record<string, Uint8Array | string>>): Uint8Array {
  const entries: Zippable = {};
  for (const name of Object.keys(files).sort(order)) {
    if (!NAME.test(name) || name.split('/').some((part) => part === '.' || part === '..')) throw new Error(`Unsafe file name in zip: ${JSON.stringify(name)}`);
    const value = files[name]!;
    const data = typeof value === 'string' ? new TextEncoder().encode(value) : value;
    entries[name] = [data, { level: 6, mtime: FIXED_MTIME }];
  }
  return zipSync(entries, { level: 6, mtime: FIXED_MTIME });
}

/** A zip of bundle files, with each file's Unix mode (0600 for keys) in the entry's attributes. */
export function zipBundle(files: readonly BundleFile[]): Uint8Array {
  const entries: Zippable = {};
  const sorted = [...files].sort((a, b) => order(a.name, b.name));
  for (const f of sorted) {
    if (!NAME.test(f.name) || f.name.split('/').some((part) => part === '.' || part === '..')) throw new Error(`Unsafe file name in zip: ${JSON.stringify(f.name)}`);
    if (f.name in entries) throw new Error(`Duplicate file name in zip: ${f.name}`);
    // Unix mode in the high 16 bits of the external attributes, with "regular file" (0o100000); made by Unix (os 3).
    entries[f.name] = [fileBytes(f), { level: 6, mtime: FIXED_MTIME, os: 3, attrs: ((0o100000 | f.mode) << 16) >>> 0 }];
  }
  return zipSync(entries, { level: 6, mtime: FIXED_MTIME });
}
