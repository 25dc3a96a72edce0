/**
 * The vault's StoreFactory in the app: the same shards as confStores, opened with electron-store
 * (electron-store extends conf). It imports `electron` through electron-store, so only main.ts
 * imports this file; the option mapping lives in store-options.ts, tested in plain Node.
 */
import ElectronStore from 'electron-store';
import type { StoreFactory } from '../../vault/store.js';
import { electronStoreOptions } from './store-options.js';

export function electronStores(directory: string): StoreFactory {
  return (name) => new ElectronStore<Record<string, unknown>>(electronStoreOptions(directory, name));
}
