/** Key algorithms Certwright generates. The id is what crosses IPC and is stored in records. */
export const KEY_ALGORITHMS = ['p256', 'p384', 'rsa2048', 'rsa3072', 'rsa4096', 'ed25519'] as const;
export type KeyAlgorithmId = (typeof KEY_ALGORITHMS)[number];

export const DEFAULT_KEY_ALGORITHM: KeyAlgorithmId = 'p256';

export interface KeyAlgorithmInfo {
  readonly id: KeyAlgorithmId;
  readonly label: string;
  /** One line for the wizard: when to pick it. */
  readonly hint: string;
  /** True where generation takes long enough to deserve a progress indicator. */
  readonly slow: boolean;
}

export const KEY_ALGORITHM_INFO: Readonly<Record<KeyAlgorithmId, KeyAlgorithmInfo>> = {
  p256: { id: 'p256', label: 'ECDSA P-256', hint: 'Recommended. Fast, small, accepted everywhere (Go, Java, browsers).', slow: false },
  p384: { id: 'p384', label: 'ECDSA P-384', hint: 'Stronger curve for policies that require it (CNSA); signs with SHA-384.', slow: false },
  rsa2048: { id: 'rsa2048', label: 'RSA 2048', hint: 'For old clients that cannot do ECDSA.', slow: false },
  rsa3072: { id: 'rsa3072', label: 'RSA 3072', hint: 'RSA with a security level comparable to P-256.', slow: true },
  rsa4096: { id: 'rsa4096', label: 'RSA 4096', hint: 'Large and slow; generation can take several seconds.', slow: true },
  ed25519: { id: 'ed25519', label: 'Ed25519', hint: 'Modern and fast, but not accepted by every TLS stack or browser.', slow: false },
};
