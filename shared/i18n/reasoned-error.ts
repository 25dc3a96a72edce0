/**
 * An error whose reason is data: `reason` (a catalog key and its parameters) for the window to word in
 * its language, `message` the same in English for the CLI and logs. The engine's refusals a person acts
 * on (a damaged PEM block, an unreadable input, a PKCS#12 or snippet refusal) are these.
 */
import { english } from './english.js';
import { msg, type Msg, type MsgParams } from './message.js';

export class ReasonedError extends Error {
  readonly reason: Msg;

  constructor(reason: Msg);
  constructor(key: string, params?: MsgParams);
  constructor(reason: Msg | string, params?: MsgParams) {
    const m = typeof reason === 'string' ? msg(reason, params) : reason;
    super(english(m));
    this.reason = m;
  }
}
