/**
 * Each authority's revocation book on disk: `revocations-<id>.cwv` (entries and the last CRL number
 * handed out) and `crls-<id>.cwv` (published CRLs). Parsing 100,000 entries takes a while and lists
 * ask per certificate, so a parse is reused while neither file (which other processes may write) has
 * changed; what this process just wrote is remembered without reading it back.
 */
import { type VaultFiles } from './files.js';
import { EMPTY_BOOK, parseBook, serializeEntries, type CrlRecord, type Revocation, type RevocationBook } from './revocations.js';

const revocationsFile = (authorityId: string) => `revocations-${authorityId}`;
const crlsFile = (authorityId: string) => `crls-${authorityId}`;

export class RevocationBooks {
  readonly #files: VaultFiles;
  readonly #books = new Map<string, { stamp: string; book: RevocationBook }>();

  constructor(files: VaultFiles) {
    this.#files = files;
  }

  clear(): void {
    this.#books.clear();
  }

  book(authorityId: string): RevocationBook {
    const stamp = `${this.#files.stamp(revocationsFile(authorityId))}|${this.#files.stamp(crlsFile(authorityId))}`;
    const cached = this.#books.get(authorityId);
    if (cached?.stamp === stamp) return cached.book;
    const revocations = this.#files.read(revocationsFile(authorityId));
    const crls = this.#files.read(crlsFile(authorityId));
    const book = revocations === null && crls === null ? EMPTY_BOOK : parseBook(revocations?.doc ?? {}, crls?.doc ?? {});
    this.#books.set(authorityId, { stamp: `${revocations?.stamp ?? 'none'}|${crls?.stamp ?? 'none'}`, book });
    return book;
  }

  /** Writes the entries and the last CRL number (inside a transaction). */
  writeEntries(authorityId: string, book: RevocationBook, entries: ReadonlyMap<string, Revocation>, lastCrlNumber: number): void {
    this.#files.write(revocationsFile(authorityId), { entries: serializeEntries(entries), lastCrlNumber });
    this.#remember(authorityId, { ...book, entries, lastCrlNumber });
  }

  /** Writes the CRL history and the latest CRL (inside a transaction). */
  writeCrls(authorityId: string, book: RevocationBook, history: readonly CrlRecord[], latestCrlDerB64: string | null): void {
    this.#files.write(crlsFile(authorityId), { history, latestCrlDerB64 });
    this.#remember(authorityId, { ...book, history, latestCrlDerB64 });
  }

  #remember(authorityId: string, book: RevocationBook): void {
    this.#books.set(authorityId, { stamp: `${this.#files.wrote(revocationsFile(authorityId))}|${this.#files.wrote(crlsFile(authorityId))}`, book });
  }
}
