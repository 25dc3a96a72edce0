/**
 * English words for a {@link Msg}: the CLI's output, logs, and the `message` every error keeps beside
 * its key. One source of English text: the catalog.
 */
import { createI18n, wordMsg, type I18n } from './i18n.js';
import { msg, type Msg, type MsgParams } from './message.js';

let instance: I18n | null = null;

export function english(m: Msg): string;
export function english(key: string, params?: MsgParams): string;
export function english(m: Msg | string, params?: MsgParams): string {
  instance ??= createI18n('en');
  return wordMsg(instance, typeof m === 'string' ? msg(m, params) : m);
}
