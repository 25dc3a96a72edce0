/** "Export all": the form's checks and the request, pure (tested without a window). */
import { MAX_EXPORT_ALL, type ExportAllKeyFormat } from '../../../shared/domain/export.js';
import type { Input } from '../../../shared/ipc/contract.js';
import { RECOMMENDED_PASSWORD_LENGTH } from '../export/model.js';

export interface ExportAllForm {
  readonly includeKeys: boolean;
  readonly keyFormat: ExportAllKeyFormat;
  readonly password: string;
  readonly confirm: string;
}

export const INITIAL_FORM: ExportAllForm = { includeKeys: true, keyFormat: 'pem', password: '', confirm: '' };

export interface ExportAllErrors {
  readonly password?: string;
  readonly confirm?: string;
}

/** Keys travel only encrypted: a password, typed twice, whenever keys are included. */
export function exportAllErrors(form: ExportAllForm): ExportAllErrors {
  if (!form.includeKeys) return {};
  if (form.password === '') return { password: 'Give a password: every key in the zip is encrypted with it' };
  if (form.confirm !== form.password) return { confirm: 'The two passwords differ' };
  return {};
}

/** Non-blocking: a short password is guessed offline by whoever gets the zip. */
export function exportAllWarning(form: ExportAllForm): string | null {
  if (!form.includeKeys || form.password === '' || form.password.length >= RECOMMENDED_PASSWORD_LENGTH) return null;
  return `Shorter than ${RECOMMENDED_PASSWORD_LENGTH} characters: anyone who gets the zip can try passwords offline.`;
}

/** Why "Export all" is not offered for these ids, or null. */
export function exportAllUnavailable(count: number): string | null {
  if (count === 0) return 'Nothing to export';
  if (count > MAX_EXPORT_ALL) return `Export all takes at most ${MAX_EXPORT_ALL.toLocaleString()} certificates at once; export them from the Certificates view in parts.`;
  return null;
}

export function toExportAllRequest(ids: readonly string[], form: ExportAllForm, operationId?: string): Input<'certificate.exportAll'> {
  return {
    ids: [...ids],
    includeKeys: form.includeKeys,
    keyFormat: form.keyFormat,
    password: form.includeKeys ? form.password : null,
    ...(operationId === undefined ? {} : { operationId }),
  };
}

/** "12 certificates in /home/me/certs.zip, 11 with their key encrypted; 1 without (signed from a CSR)". */
export function exportAllSummary(result: { readonly certificates: number; readonly withKey: number; readonly path: string | null }, includeKeys: boolean): string {
  const n = result.certificates;
  const head = `${n.toLocaleString()} ${n === 1 ? 'certificate' : 'certificates'} in ${result.path ?? '—'}`;
  if (!includeKeys) return `${head}, certificates and chains only`;
  const without = n - result.withKey;
  return `${head}, ${result.withKey.toLocaleString()} with ${result.withKey === 1 ? 'its key' : 'their keys'} encrypted${without > 0 ? `; ${without.toLocaleString()} without (signed from a CSR: Certwright holds no key)` : ''}`;
}
