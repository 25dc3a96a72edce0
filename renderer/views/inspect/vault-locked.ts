import { createContext, useContext } from 'react';

/** What the Inspect view does when main says the vault is locked (adding to it, a vault client certificate). */
export const VaultLockedContext = createContext<() => void>(() => undefined);

export function useOnVaultLocked(): () => void {
  return useContext(VaultLockedContext);
}
