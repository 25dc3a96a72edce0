/**
 * "Export all" (after a bulk issue or a renewal): every certificate's bundle, made by the one bundle
 * assembler (bundle.ts), each in its own folder of one zip. A key travels only encrypted with the
 * password the user gave (key.enc.pem or a PKCS#12), never in clear: checked here before anything
 * is zipped, whatever the assembler was asked.
 */
import type { CertificateDetail } from '../../shared/domain/certificate.js';
import type { ExportAllResult } from '../../shared/domain/export.js';
import { CertwrightError } from '../../shared/errors.js';
import type { ValidInput } from '../../shared/ipc/contract.js';
import { FILE_NAMES, type BundleFile } from '../engine/export/pem-set.js';
import { zipBundle } from '../engine/export/zip.js';
import type { EngineCrypto } from '../engine/webcrypto.js';
import type { Vault } from '../vault/vault.js';
import { assembleBundle, safeName } from './bundle.js';
import type { Catalog } from './catalog.js';
import type { ChooseDestination } from './destination.js';
import type { OnProgress } from './progress.js';
import { writeBundle } from './write-bundle.js';
import { msg } from '../../shared/i18n/message.js';

/** Bundles made side by side: each encrypts its key with PBKDF2 (600,000 rounds) on libuv's thread pool. */
const CONCURRENCY = 4;

/** "orders-server", or with the serial's start when two certificates share a name and profile. */
export function folderNames(details: ReadonlyArray<Pick<CertificateDetail, 'subject' | 'profile' | 'serialNumberHex'>>): string[] {
  const used = new Set<string>();
  return details.map((d) => {
    const base = `${safeName(d.subject.commonName)}-${d.profile}`;
    let name = used.has(base) ? `${base}-${d.serialNumberHex.slice(0, 8).toLowerCase()}` : base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    return name;
  });
}

/** A secret file in the zip must be an encrypted key: refuses anything else (a plain key.pem, a secret snippet). */
function requireEncrypted(files: readonly BundleFile[], folder: string): void {
  const clear = files.find((f) => (f.secret || f.name === FILE_NAMES.key) && f.name !== FILE_NAMES.encryptedKey && !f.name.endsWith('.p12'));
  if (clear) throw new CertwrightError('INTERNAL', msg('errors:exports.clearKeyInZip', { path: `${folder}/${clear.name}` }));
}

export async function exportAll(
  deps: { vault: Vault; catalog: Catalog; crypto: EngineCrypto },
  input: ValidInput<'certificate.exportAll'>,
  choose: ChooseDestination,
  onProgress: OnProgress,
  signal?: AbortSignal,
): Promise<ExportAllResult> {
  const { ids, includeKeys, keyFormat, target, password } = input;
  const nothing: ExportAllResult = { cancelled: true, path: null, certificates: 0, withKey: 0 };
  // Every id is read before the dialog: an unknown one fails at once, not after the user chose a place.
  const details = await Promise.all(ids.map((id) => deps.catalog.certificateDetail(deps.vault.getCertificate(id))));
  const out = await choose({ kind: 'file', title: msg('menu:dialog.exportCertificates', { count: ids.length }), defaultName: `certificates-${ids.length}.zip`, extensions: ['zip'] });
  if (out === null) return nothing;
  const folders = folderNames(details);
  const files: BundleFile[][] = new Array(details.length);
  let withKey = 0;
  let next = 0;
  let done = 0;
  onProgress(0, details.length, msg('exports:progress.exporting', { done: 1, total: details.length }));

  const one = async (i: number) => {
    const detail = details[i]!;
    const keyed = includeKeys && detail.hasPrivateKey;
    const pkcs8 = keyed ? await deps.vault.exportPrivateKeyPkcs8(detail.id, 'export') : null;
    try {
      const certificates = await assembleBundle(detail, pkcs8, { format: 'pem', target, password: keyed && keyFormat === 'pem' ? password : null, includeKey: keyed && keyFormat === 'pem' }, deps.crypto);
      const p12 = keyed && keyFormat === 'p12' ? (await assembleBundle(detail, pkcs8, { format: 'p12', target, password, includeKey: true }, deps.crypto)).files : [];
      const folder = [...certificates.files, ...p12];
      requireEncrypted(folder, folders[i]!);
      files[i] = folder.map((f) => ({ ...f, name: `${folders[i]!}/${f.name}` }));
      if (keyed) withKey++;
    } finally {
      pkcs8?.fill(0);
    }
  };
  const worker = async () => {
    // Checked between certificates: a cancel writes nothing (the zip is written whole at the end or not at all).
    for (let i = next++; i < details.length && !signal?.aborted; i = next++) {
      deps.vault.assertUnlocked();
      await one(i);
      done++;
      onProgress(done, details.length, done === details.length ? msg('exports:progress.writing') : msg('exports:progress.exporting', { done: done + 1, total: details.length }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, details.length) }, worker));
  if (signal?.aborted) {
    onProgress(details.length, details.length, msg('exports:progress.cancelled'));
    return nothing;
  }
  const zip = zipBundle(files.flat());
  const [path] = await writeBundle({ layout: 'file', files: [{ name: 'certificates.zip', contents: zip, secret: withKey > 0, mode: withKey > 0 ? 0o600 : 0o644 }] }, out);
  onProgress(details.length, details.length, msg('exports:progress.done'));
  return { cancelled: false, path: path!, certificates: details.length, withKey };
}
