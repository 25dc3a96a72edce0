export type VaultState = 'uninitialized' | 'locked' | 'unlocked';

export interface VaultStatus {
  readonly state: VaultState;
}
