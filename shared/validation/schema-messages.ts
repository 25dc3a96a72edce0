/**
 * The shared schemas' own refusals ("Validity must be at least 1 day"), as catalog keys in the
 * `validation` namespace, worded when zod makes the issue — never when the schema is built, so one
 * schema serves every listener. One mechanism, three listeners:
 *  - English by default: main, the CLI and the unit tests read `issue.message` exactly as before;
 *  - the window's language, once renderer/zod-config.ts hands over the window's wording (it switches
 *    zod's own built-in messages to the same language through zod's locales);
 *  - as data while {@link asData} runs: the message is the Msg itself, encoded, so parseInput
 *    (shared/ipc/validate.ts) sends the key and its parameters across IPC and the window words them.
 */
import { english } from '../i18n/english.js';
import { isMsg, msg, type Msg, type MsgParams } from '../i18n/message.js';

let wording: (m: Msg) => string = english;
let asDataDepth = 0;
/** Starts a message that is a Msg as data; a NUL never starts a worded text. */
const DATA_MARK = '\u0000msg:';

/** The window words every schema refusal in its language from now on (renderer/zod-config.ts). */
export function wordSchemaMessagesWith(word: (m: Msg) => string): void {
  wording = word;
}

/** A refusal's text for the listener of the moment: call it while validating, not at module load. */
export function say(key: string, params?: MsgParams): string {
  const m = msg(key, params);
  return asDataDepth > 0 ? DATA_MARK + JSON.stringify(m) : wording(m);
}

/** zod's option for a custom message, worded per issue: `.min(1, refuse('validation:subject.commonNameRequired'))`. */
export const refuse = (key: string, params?: MsgParams): { error: () => string } => ({ error: () => say(key, params) });

/** Runs a (synchronous) parse whose custom messages come out as data; see {@link messageAsData}. */
export function asData<T>(parse: () => T): T {
  asDataDepth++;
  try {
    return parse();
  } finally {
    asDataDepth--;
  }
}

/** The Msg a message made under {@link asData} carries; null for any other text (zod's own messages). */
export function messageAsData(message: string): Msg | null {
  if (!message.startsWith(DATA_MARK)) return null;
  try {
    const parsed: unknown = JSON.parse(message.slice(DATA_MARK.length));
    return isMsg(parsed) ? parsed : null;
  } catch {
    return null;
  }
}
