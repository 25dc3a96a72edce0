/**
 * Files the user opens (a CSR, a signed certificate) cross IPC as text: PEM as it is, anything else
 * (DER) as base64 of its bytes, which main decodes. The contract bounds it at 1 MiB.
 */
import { containsPem } from '../../shared/pem.js';
import { t } from '../i18n/instance.js';

export const MAX_OBJECT_BYTES = 1024 * 1024;

export interface ObjectText {
  readonly text: string;
  readonly kind: 'pem' | 'der';
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/** PEM text when the bytes are UTF-8 text holding a PEM block; else base64 of the (DER) bytes. */
export function objectTextFromBytes(bytes: Uint8Array): ObjectText {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (containsPem(text)) return { text: text.trim(), kind: 'pem' };
  } catch {
    // not UTF-8: binary
  }
  return { text: bytesToBase64(bytes), kind: 'der' };
}

/** Why a chosen file is refused before it is read (larger than the contract takes), or null. */
export function fileTooLarge(file: File, maxBytes: number): string | null {
  return file.size > maxBytes ? t('app:file.tooLarge', { name: file.name, size: Math.round(maxBytes / 1024 / 1024) }) : null;
}

export async function readObjectFile(file: File, maxBytes = MAX_OBJECT_BYTES): Promise<ObjectText> {
  const tooLarge = fileTooLarge(file, maxBytes);
  if (tooLarge) throw new Error(tooLarge);
  return objectTextFromBytes(new Uint8Array(await file.arrayBuffer()));
}

/**
 * Reads the file chosen in an `<input type="file">` as object text, then clears the input (so the
 * same file can be chosen again). Nothing happens when no file was chosen.
 */
export async function readChosenFile(input: HTMLInputElement, onRead: (object: ObjectText, fileName: string) => void, onError: (message: string) => void, maxBytes = MAX_OBJECT_BYTES): Promise<void> {
  const file = input.files?.[0];
  input.value = '';
  if (!file) return;
  try {
    onRead(await readObjectFile(file, maxBytes), file.name);
  } catch (e) {
    onError(e instanceof Error ? e.message : String(e));
  }
}
