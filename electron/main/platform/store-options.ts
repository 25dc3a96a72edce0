/**
 * electron-store's options for one vault shard: the vault's shardOptions with `configName` renamed
 * to `name` (electron-store maps it back) and without `projectName` (electron-store's options do not
 * take it; with an explicit `cwd` conf does not need it). Same directory, same file, same settings
 * as conf in plain Node. Pure, so the unit tests can check the mapping without Electron.
 */
import { shardOptions } from '../../vault/store.js';

export function electronStoreOptions(directory: string, name: string) {
  const { configName, projectName: _projectName, ...options } = shardOptions(directory, name);
  return { ...options, name: configName };
}
