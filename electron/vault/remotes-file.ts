/**
 * The vault's remote authorities (`remotes.cwv`, one document keyed by record id): the step-ca
 * servers it drives (issue 20, docs/step-ca.md). Each record holds the server's URLs in the order they
 * are tried, the root pinned on first contact, and the JWK provisioner whose key signs the one-time
 * tokens — the DECRYPTED provisioner key, sealed like CA keys (holder `remote-provisioner`, bound to
 * the record id and the SHA-256 of `spkiDerB64`). The vault keeps the key, never the password: the
 * password only opened the server's encrypted copy once, when connecting.
 *
 * The server's issuing CA is an ordinary authority record (`authorityId`, with `remoteId` = this
 * record's id and no key), so its certificates are in the inventory like any other's.
 */
import { z } from 'zod';
import { CertwrightError } from '../../shared/errors.js';
import { KEY_ALGORITHMS } from '../../shared/domain/keys.js';
import { REMOTE_MAX_URLS } from '../../shared/domain/remote.js';
import { msg } from '../../shared/i18n/message.js';
import { tampered, type VaultFiles } from './files.js';
import { RECORD_SCHEMA_VERSION } from './records.js';
import { SealedBox } from './seal.js';

export const REMOTES = 'remotes';

const RecordId = z.string().regex(/^[0-9a-f]{32}$/);

export const RemoteRecord = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  id: RecordId,
  /** Unique in the vault: what `--ca` and the window call it. */
  name: z.string().min(1),
  /** https origins, tried in this order. */
  urls: z.array(z.string().min(1)).min(1).max(REMOTE_MAX_URLS),
  /** The root pinned on first contact: every later connection is verified against it alone. */
  rootDerB64: z.string().min(1),
  /** The JWK provisioner's name (a token's `iss`) and its key id (the token header's `kid`). */
  provisioner: z.string().min(1),
  kid: z.string().min(1),
  keyAlgorithm: z.enum(KEY_ALGORITHMS),
  jwsAlgorithm: z.enum(['ES256', 'ES384', 'RS256', 'EdDSA']),
  /** The provisioner's public key, which its sealed key is bound to. */
  spkiDerB64: z.string().min(1),
  sealedKey: SealedBox,
  /** The authority record of the server's issuing CA. */
  authorityId: RecordId,
  createdAt: z.string(),
});
export type RemoteRecord = z.infer<typeof RemoteRecord>;

export class RemoteTable {
  readonly #files: VaultFiles;

  constructor(files: VaultFiles) {
    this.#files = files;
  }

  /** Oldest first. */
  list(): RemoteRecord[] {
    const read = this.#files.read(REMOTES);
    return Object.entries(read?.doc ?? {})
      .map(([id, raw]) => {
        const parsed = RemoteRecord.safeParse(raw);
        if (!parsed.success) throw new CertwrightError('VAULT_CORRUPT', msg('remote:errors.damagedRecord'));
        if (parsed.data.id !== id) throw tampered(REMOTES, msg('errors:tamper.misplacedRecord', { id }), this.#files.directory);
        return parsed.data;
      })
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Adds or replaces one record (inside a transaction). */
  put(record: RemoteRecord): void {
    this.#files.write(REMOTES, { ...(this.#files.read(REMOTES)?.doc ?? {}), [record.id]: record });
  }
}
