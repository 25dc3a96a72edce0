/**
 * Must be the first import of the renderer entry: zod decides per schema, when the schema is built,
 * whether to compile a fast path with `new Function`. Our CSP forbids eval, so we switch that off
 * before any shared schema module runs (the probe alone would log a CSP violation). The modules
 * imported here build no schema.
 *
 * It also makes zod speak the window's language: zod's own messages through its locales, the shared
 * schemas' own messages through the window's wording (shared/validation/schema-messages.ts).
 * renderer/i18n/language.tsx calls {@link zodSpeaks} at start and on every language change.
 */
import { z } from 'zod';
import type { UiLanguage } from '../shared/i18n/i18n.js';
import type { Msg } from '../shared/i18n/message.js';
import { wordSchemaMessagesWith } from '../shared/validation/schema-messages.js';

z.config({ jitless: true });

export function zodSpeaks(language: UiLanguage, word: (m: Msg) => string): void {
  // Only the locale's error map changes; jitless stays as set above.
  z.config(language === 'zh-CN' ? z.locales.zhCN() : z.locales.en());
  wordSchemaMessagesWith(word);
}
