/** "Export all": the form's checks and the request, pure (tested without a window). */
import { MAX_EXPORT_ALL, type ExportAllKeyFormat } from '../../../shared/domain/export.js';
import type { Input } from '../../../shared/ipc/contract.js';
import { RECOMMENDED_PASSWORD_LENGTH } from '../export/model.js';
import { t } from '../../i18n/instance.js';

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
  if (form.password === '') return { password: t('exports:all.needPassword') };
  if (form.confirm !== form.password) return { confirm: t('exports:passwordsDiffer') };
  return {};
}

/** Non-blocking: a short password is guessed offline by whoever gets the zip. */
export function exportAllWarning(form: ExportAllForm): string | null {
  if (!form.includeKeys || form.password === '' || form.password.length >= RECOMMENDED_PASSWORD_LENGTH) return null;
  return t('exports:all.shortPassword', { count: RECOMMENDED_PASSWORD_LENGTH });
}

/** Why "Export all" is not offered for these ids, or null. */
export function exportAllUnavailable(count: number): string | null {
  if (count === 0) return t('exports:all.nothing');
  if (count > MAX_EXPORT_ALL) return t('exports:all.tooMany', { max: MAX_EXPORT_ALL });
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
  const count = result.certificates;
  const path = result.path ?? '—';
  if (!includeKeys) return t('exports:all.summaryNoKeys', { count, path });
  const without = count - result.withKey;
  const encrypted = t('exports:all.withKey', { count: result.withKey });
  const withKey = without > 0 ? t('exports:all.withKeyWithout', { withKey: encrypted, count: without }) : encrypted;
  return t('exports:all.summary', { count, path, withKey });
}
