/**
 * The reader's words, as catalog texts (shared/i18n/message.ts): where each object came from, what
 * could not be read, what a container holds. Each front end says them in its language; the CLI in
 * the English it always printed. A problem names its source through i18next nesting — the message
 * carries the source's key (`sourceKey`) and parameters — so the source is worded once, in the same
 * language as the sentence around it.
 */
import type { InputProblem } from '../../../shared/domain/inspect.js';
import { msg, type Msg, type MsgParams } from '../../../shared/i18n/message.js';
import type { DerKind } from './classify.js';

export const pemBlockSource = (number: number, label: string): Msg => msg('inspect:source.pemBlock', { number, label });
export const BASE64_SOURCE: Msg = msg('inspect:source.base64');
export const DER_FILE_SOURCE: Msg = msg('inspect:source.derFile');
export const pkcs12CertificateSource = (number: number): Msg => msg('inspect:source.pkcs12Certificate', { number });
export const pkcs12KeySource = (number: number): Msg => msg('inspect:source.pkcs12Key', { number });
export const pkcs7CertificateSource = (number: number): Msg => msg('inspect:source.pkcs7Certificate', { number });
export const servedCertificateSource = (number: number): Msg => msg('inspect:source.served', { number });

/** Unlabelled input named by what it turned out to be: "DER file (PKCS#12)". */
export function withKind(source: Msg, kind: DerKind): Msg {
  const key = source.key === BASE64_SOURCE.key ? 'inspect:source.base64Kind' : 'inspect:source.derFileKind';
  return msg(key, { ...source.params, kind: shortKindKey(kind) });
}

/** A kind's short name ("PKCS#8 key"), nested into a source's words. */
const shortKindKey = (kind: DerKind): string => `inspect:shortKind.${kind}`;

/** A kind's name with its article ("an X.509 certificate"), nested into a problem's words. */
export const kindNameKey = (kind: DerKind): string => `inspect:kindName.${kind}`;

/** A problem of one source: the message names the source by nesting its key and parameters. */
export function problem(source: Msg, key: string, params: MsgParams = {}): InputProblem {
  return { source, message: msg(key, { ...source.params, sourceKey: source.key, ...params }) };
}

/** "3 certificates", "2 certificates and 1 private key, friendly name “api”". */
export function contentsSummary(certificates: number, keys: number, names: readonly string[]): Msg {
  const named = names.length > 0;
  const params = { count: certificates, keys, names: names.map((n) => `“${n}”`).join(', ') };
  if (keys === 0) return msg(named ? 'inspect:contents.certificatesNamed' : 'inspect:contents.certificates', params);
  if (keys === 1) return msg(named ? 'inspect:contents.withKeyNamed' : 'inspect:contents.withKey', params);
  return msg(named ? 'inspect:contents.withKeysNamed' : 'inspect:contents.withKeys', params);
}
