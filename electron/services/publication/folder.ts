/**
 * "Publish to folder": the CA's latest CRL (DER .crl and PEM .crl.pem) and its certificate (DER .crt
 * and PEM .pem) written into a folder the user picks — a web server's document root, a synced folder —
 * under names from the CA's common name, so publishing again replaces them in place. Each file is
 * replaced atomically (a temporary file renamed over it): a web server never serves half a CRL.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { publicationName, type FolderPublication } from '../../../shared/domain/publication.js';
import { CertwrightError, atField } from '../../../shared/errors.js';
import { toPem } from '../../engine/pem.js';
import { X509 } from '../../engine/webcrypto.js';
import type { Vault } from '../../vault/vault.js';
import { writeFileAtomically } from '../atomic-write.js';
import type { ChooseDestination } from '../destination.js';
import type { Revoking } from '../revoking.js';
import { msg } from '../../../shared/i18n/message.js';

/** The files a folder publication writes, by name: what a web server serves at the CA's URLs. */
export function folderFiles(name: string, crlDer: Uint8Array, certificateDer: Uint8Array): Array<{ readonly name: string; readonly contents: Uint8Array | string }> {
  return [
    { name: `${name}.crl`, contents: crlDer },
    { name: `${name}.crl.pem`, contents: toPem('X509 CRL', crlDer) },
    { name: `${name}.crt`, contents: certificateDer },
    { name: `${name}.pem`, contents: toPem('CERTIFICATE', certificateDer) },
  ];
}

export async function publishToFolder(deps: { readonly vault: Vault; readonly revoking: Revoking }, id: string, choose: ChooseDestination): Promise<FolderPublication> {
  const { vault, revoking } = deps;
  vault.assertUnlocked();
  const record = vault.getAuthority(id);
  if (record.state !== 'active' || !record.certificateDerB64) throw new CertwrightError('INVALID_INPUT', atField('id', 'errors:publication.pending'), { field: 'id' });
  const certificateDer = new Uint8Array(Buffer.from(record.certificateDerB64, 'base64'));
  const commonName = new X509.X509Certificate(certificateDer).subjectName.getField('CN')[0] ?? 'ca';
  const name = publicationName(commonName);
  const chosen = await choose({ kind: 'folder', title: msg('menu:dialog.publishToFolder', { name: commonName }), defaultName: name });
  if (chosen === null) return { cancelled: true, folder: null, files: [], crlNumber: null };
  const crl = await revoking.latestOrFirst(id);
  const crlDer = new Uint8Array(Buffer.from(vault.revocations(id).latestCrlDerB64 ?? '', 'base64'));
  const folder = resolve(chosen);
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw new CertwrightError('STORAGE_FAILURE', msg('errors:publication.cannotUseFolder', { folder, code: (error as NodeJS.ErrnoException).code ?? String(error) }));
  }
  const files: string[] = [];
  for (const file of folderFiles(name, crlDer, certificateDer)) {
    const path = join(folder, file.name);
    try {
      await writeFileAtomically(path, file.contents, { mode: 0o644 });
    } catch (error) {
      throw new CertwrightError('STORAGE_FAILURE', files.length ? msg('errors:publication.cannotWriteAfter', { path, code: (error as NodeJS.ErrnoException).code ?? String(error), written: files.join(', ') }) : msg('errors:exports.cannotWrite', { path, code: (error as NodeJS.ErrnoException).code ?? String(error) }));
    }
    files.push(path);
  }
  vault.recordAudit([{ kind: 'publication.written', authorityId: id, details: { folder, files: files.map((f) => f.slice(folder.length + 1)).join(', '), crlNumber: crl.number } }]);
  return { cancelled: false, folder, files, crlNumber: crl.number };
}
