/**
 * The storage the vault sits on: one JSON document per shard, written atomically (write, then
 * rename) by `conf` — electron-store's own base class. In the app the same shards are opened with
 * electron-store (see electron/main/platform/store.ts); in plain Node with conf. Same options, same files.
 */
import Conf from 'conf';

export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  /** Sets several keys in one (atomic) write. */
  set(entries: Record<string, unknown>): void;
  has(key: string): boolean;
  delete(key: string): void;
  /** The whole document; assigning replaces it in one atomic write. */
  store: Record<string, unknown>;
  readonly path: string;
}

/** Opens (or creates on first write) the shard called `name` in the vault directory. */
export type StoreFactory = (name: string) => KeyValueStore;

const compactJson = (value: unknown): string => JSON.stringify(value);

/** The options every shard is opened with, by conf and electron-store alike. */
export function shardOptions(directory: string, name: string) {
  return {
    cwd: directory,
    configName: name,
    projectName: 'certwright',
    // Record ids must never be read as nested paths.
    accessPropertiesByDotNotation: false,
    // Owner-only: the files hold sealed keys and the inventory.
    configFileMode: 0o600,
    // A damaged file is an error to report, never a reason to start empty.
    clearInvalidConfig: false,
    watch: false,
    // Compact JSON: the default pretty-printing puts every element of a 100,000-entry revocation list
    // on its own line, doubling the file and the time to write it.
    serialize: compactJson,
  } as const;
}

export function confStores(directory: string): StoreFactory {
  return (name) => new Conf<Record<string, unknown>>(shardOptions(directory, name));
}
