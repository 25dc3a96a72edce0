/**
 * An error from main in the window's language. Main sends its reason as data (a catalog key and
 * parameters, shared/errors.ts); the window words it here, and every place that shows an IpcError
 * goes through here. An error without a reason (a path that has none yet, a broken transport) shows
 * main's English message in an English window and the generic text of its code in any other, so
 * nothing reaches a Chinese window in English.
 */
import { z } from 'zod';
import { fieldReason, type IpcError } from '../../shared/errors.js';
import { msg, type Msg } from '../../shared/i18n/message.js';
import { i18n, t, wordOf } from './instance.js';

/** What a zod issue sample needs to be worded: zod's locales read the input's type from the input itself. */
const SAMPLE_INPUT: Readonly<Record<string, unknown>> = { undefined, null: null, array: [], nan: Number.NaN, number: 0, string: '', boolean: false, bigint: 0n, object: {} };

/**
 * zod's built-in message (main sent its English words and the issue as data: shared/ipc/validate.ts)
 * in the language zod speaks now, which renderer/zod-config.ts keeps at the window's.
 */
function zodWords(issueJson: string): string | null {
  try {
    const issue = JSON.parse(issueJson) as Record<string, unknown>;
    const input = typeof issue.received === 'string' ? SAMPLE_INPUT[issue.received] : undefined;
    const worded = z.config().localeError?.({ ...issue, input } as never);
    return typeof worded === 'string' ? worded : (worded?.message ?? null);
  } catch {
    return null;
  }
}

/** A reason from main in the window's language. */
export function reasonText(reason: Msg): string {
  const issue = reason.params?.issue;
  const words = typeof issue === 'string' ? zodWords(issue) : null;
  return wordOf(words === null ? reason : msg(reason.key, { ...reason.params, words }));
}

export function errorText(error: IpcError): string {
  if (error.reason) return reasonText(error.reason);
  return i18n.language === 'en' ? error.message : t(`errors:code.${error.code}`);
}

/** The error's text for showing beside its field: without the `field: ` the whole message starts with. */
export function fieldErrorText(error: IpcError): string {
  const alone = error.reason ? fieldReason(error.reason) : null;
  if (alone) return reasonText(alone);
  const field = error.details?.field;
  return !error.reason && field && error.message.startsWith(`${field}: `) && i18n.language === 'en' ? error.message.slice(field.length + 2) : errorText(error);
}
