/**
 * Anti-replay nonces (RFC 8555 §6.5): every answer carries a fresh one, every signed request spends
 * one, each at most once. The book holds a bounded number: when it is full the oldest are forgotten,
 * and a client that presents one of those gets badNonce with a fresh nonce and simply retries.
 */
import { AcmeProblem } from './problems.js';

/** Nonces handed out and not yet spent, at most. */
export const NONCE_CAPACITY = 10_000;
/** 128 bits: nobody guesses one. */
const NONCE_BYTES = 16;

export type RandomBytes = (length: number) => Uint8Array;

export const randomBytes: RandomBytes = (length) => globalThis.crypto.getRandomValues(new Uint8Array(length));

/** `bytes` random bytes as base64url: ids, tokens, nonces. */
export function randomToken(bytes: number, random: RandomBytes = randomBytes): string {
  return Buffer.from(random(bytes)).toString('base64url');
}

/**
 * A random token a person pastes onto a command line (an EAB key id or HMAC key): never starting
 * with "-", which certbot and lego would read as an option when it is given as a separate word.
 */
export function pastableToken(bytes: number, random: RandomBytes = randomBytes): string {
  for (;;) {
    const token = randomToken(bytes, random);
    if (!token.startsWith('-')) return token;
  }
}

export class NonceBook {
  readonly #capacity: number;
  readonly #random: RandomBytes;
  /** Insertion order is age: the first is the oldest. */
  readonly #live = new Set<string>();

  constructor(capacity = NONCE_CAPACITY, random: RandomBytes = randomBytes) {
    if (!(capacity >= 1)) throw new RangeError('A nonce book holds at least one nonce');
    this.#capacity = capacity;
    this.#random = random;
  }

  /** A fresh nonce, remembered until it is spent or pushed out. */
  issue(): string {
    const nonce = randomToken(NONCE_BYTES, this.#random);
    this.#live.add(nonce);
    while (this.#live.size > this.#capacity) this.#live.delete(this.#live.values().next().value!);
    return nonce;
  }

  /** Spends a nonce: true the first time for a nonce this book issued, false ever after. */
  consume(nonce: string): boolean {
    return this.#live.delete(nonce);
  }

  get size(): number {
    return this.#live.size;
  }
}

/** §6.5: a signed request carries a nonce this server issued and nobody has spent. */
export function spendNonce(book: NonceBook, nonce: string | null): void {
  if (nonce === null) throw new AcmeProblem('badNonce', 'The protected header has no nonce: get one from new-nonce (HEAD) or from the Replay-Nonce of the last answer');
  if (!book.consume(nonce)) throw new AcmeProblem('badNonce', 'The nonce is unknown or was already used: retry with the Replay-Nonce of this answer');
}
