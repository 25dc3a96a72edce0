/**
 * The key-derivation budget of one untrusted input. Password-based formats name their own cost
 * (iteration counts, scrypt's N·r·p), and a file can name many: a PKCS#12 MAC, every shrouded key,
 * every encrypted SafeContents, every encrypted key in a PEM bundle. Each count may look reasonable
 * while their sum keeps a core busy for hours, so the reader adds them up BEFORE deriving anything
 * ({@link KdfBudget.preflight}) and charges each derivation just before it runs
 * ({@link KdfBudget.charge}) — the second catches work that only appears once something was
 * decrypted (bags inside encrypted SafeContents). Either way the refusal names the numbers.
 *
 * The unit is a "round": one PBKDF2-HMAC-SHA-256 iteration (≈ 0.3 µs natively on the machines we
 * measure on). Other work is counted by its measured cost in rounds: see {@link kdfRounds}.
 */

/** Work a derivation asks for, as the file states it. */
export type KdfWork =
  /** PBKDF2 (native: WebCrypto/OpenSSL); keyBytes decides how many blocks of `iterations` run. */
  | { readonly kind: 'pbkdf2'; readonly hash: string; readonly iterations: number; readonly keyBytes: number }
  /**
   * The PKCS#12 KDF (RFC 7292 App. B), which runs in JavaScript: one hash call per iteration per
   * block of each output (a legacy decryption derives a key and an IV: outputs [24, 8]).
   */
  | { readonly kind: 'pkcs12-kdf'; readonly hash: 'sha1' | 'sha256' | 'sha384' | 'sha512'; readonly iterations: number; readonly outputs: readonly number[] }
  | { readonly kind: 'scrypt'; readonly N: number; readonly r: number; readonly p: number }
  /** OpenSSL's legacy PEM encryption: EVP_BytesToKey with MD5, one iteration. */
  | { readonly kind: 'evp-bytes-to-key'; readonly bytes: number };

/** One derivation: what in the input asks for it, and the work. */
export interface KdfStep {
  /** "the PKCS#12 MAC", "a shrouded key", "an encrypted PKCS#8 key" … */
  readonly what: string;
  readonly work: KdfWork;
}

/**
 * Rounds one input may ask for: ≈ 2.5 s of PBKDF2-HMAC-SHA-256 here. A .p12 Certwright exports costs
 * 1.3 M (two PBKDF2 derivations of 600,000 + a 20,000-iteration MAC); OpenSSL's and Java's defaults
 * cost a few ten thousand; the largest single derivation the readers accept (2,000,000 PBKDF2 rounds,
 * SHA-512: 4 M) still fits.
 */
export const KDF_BUDGET_ROUNDS = 8_000_000;

/** Rounds per iteration of each kind, from their measured cost relative to PBKDF2-HMAC-SHA-256. */
const WEIGHT = {
  /** SHA-1/224/256 PBKDF2: 1. SHA-384/512 work on 128-byte blocks with 64-bit words: 2. */
  pbkdf2Wide: 2,
  /** One node:crypto hash call from JavaScript per iteration: ≈ 4× a native PBKDF2 iteration. */
  pkcs12Kdf: 4,
  /** scrypt per N·r·p: ≈ 1.3× measured; counted as 2 (it also holds 128·N·r bytes while it runs). */
  scrypt: 2,
} as const;

const HASH_BYTES: Readonly<Record<string, number>> = { 'SHA-1': 20, 'SHA-224': 28, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64, sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

const blocks = (bytes: number, per: number) => Math.max(1, Math.ceil(bytes / per));

/** The cost of one derivation in rounds (a safe integer, or Infinity for absurd parameters). */
export function kdfRounds(work: KdfWork): number {
  let rounds: number;
  switch (work.kind) {
    case 'pbkdf2': {
      const h = HASH_BYTES[work.hash] ?? 64;
      rounds = work.iterations * blocks(work.keyBytes, h) * (h > 32 ? WEIGHT.pbkdf2Wide : 1);
      break;
    }
    case 'pkcs12-kdf':
      rounds = work.iterations * work.outputs.reduce((n, bytes) => n + blocks(bytes, HASH_BYTES[work.hash]!), 0) * WEIGHT.pkcs12Kdf;
      break;
    case 'scrypt':
      rounds = work.N * work.r * work.p * WEIGHT.scrypt;
      break;
    case 'evp-bytes-to-key':
      rounds = blocks(work.bytes, 16);
      break;
  }
  return Number.isSafeInteger(rounds) ? rounds : Infinity;
}

const number = (n: number) => (Number.isFinite(n) ? n.toLocaleString('en-US') : 'more than 9,007,199,254,740,991');

/** The work in the file's own terms: "PBKDF2-HMAC-SHA-256, 2,147,483,647 iterations". */
export function describeWork(work: KdfWork): string {
  switch (work.kind) {
    case 'pbkdf2':
      return `PBKDF2-HMAC-${work.hash}, ${number(work.iterations)} iterations`;
    case 'pkcs12-kdf':
      return `PKCS#12 KDF (${work.hash.toUpperCase().replace('SHA', 'SHA-')}), ${number(work.iterations)} iterations`;
    case 'scrypt':
      return `scrypt N=${number(work.N)}, r=${work.r}, p=${work.p}`;
    case 'evp-bytes-to-key':
      return 'legacy PEM encryption (MD5, 1 iteration)';
  }
}

/** "40 × a shrouded key (PKCS#12 KDF (SHA-1), 100,000 iterations)", the costliest groups first. */
function summary(steps: readonly KdfStep[]): string {
  const groups = new Map<string, { count: number; rounds: number }>();
  for (const step of steps) {
    const key = `${step.what} (${describeWork(step.work)})`;
    const group = groups.get(key) ?? { count: 0, rounds: 0 };
    group.count += 1;
    group.rounds += kdfRounds(step.work);
    groups.set(key, group);
  }
  const sorted = [...groups].sort((a, b) => b[1].rounds - a[1].rounds);
  const shown = sorted.slice(0, 3).map(([key, g]) => (g.count > 1 ? `${number(g.count)} × ${key}` : key));
  if (sorted.length > 3) shown.push(`${sorted.length - 3} more`);
  return shown.join('; ');
}

/** The input asks for more key derivation than Certwright runs for one input. */
export class KdfBudgetError extends Error {}

export class KdfBudget {
  readonly limit: number;
  #spent = 0;

  constructor(limit: number = KDF_BUDGET_ROUNDS) {
    this.limit = limit;
  }

  /** Rounds charged so far. */
  get spent(): number {
    return this.#spent;
  }

  /**
   * Checks, before any of them runs, that the derivations an input visibly asks for fit in what is
   * left. Charges nothing: each derivation is charged when it runs.
   */
  preflight(steps: readonly KdfStep[]): void {
    const total = steps.reduce((sum, step) => sum + kdfRounds(step.work), 0);
    if (this.#spent + total <= this.limit) return;
    throw new KdfBudgetError(
      `This input asks for ${number(total)} key-derivation rounds (${summary(steps)}); Certwright stops at ${number(this.limit)} for one input, so it ran none of them. A real keystore or key file needs far fewer: this one is damaged or made to keep the computer busy.`,
    );
  }

  /** Charges one derivation just before it runs; refuses it when it would cross the limit. */
  charge(step: KdfStep): void {
    const rounds = kdfRounds(step.work);
    if (this.#spent + rounds > this.limit) {
      throw new KdfBudgetError(
        `Reading this input needs more than ${number(this.limit)} key-derivation rounds, where Certwright stops for one input: ${number(this.#spent)} have run, and ${step.what} (${describeWork(step.work)}) asks for ${number(rounds)} more. It is damaged or made to keep the computer busy.`,
      );
    }
    this.#spent += rounds;
  }
}
