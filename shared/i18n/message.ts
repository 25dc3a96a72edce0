/**
 * A text main or the untrusted-input worker wants the user to read, as data: a catalog key and its
 * parameters. It crosses IPC like this and each front end words it: the window in the user's language
 * (renderer/i18n), the CLI and logs in English ({@link english} in ./english.ts).
 */
export type MsgParam = string | number;
export type MsgParams = Readonly<Record<string, MsgParam>>;

export interface Msg {
  /** `namespace:dotted.key`, e.g. `errors:vault.locked`. */
  readonly key: string;
  readonly params?: MsgParams;
}

export const msg = (key: string, params?: MsgParams): Msg => (params ? { key, params } : { key });

export const isMsg = (value: unknown): value is Msg =>
  typeof value === 'object' && value !== null && typeof (value as { key?: unknown }).key === 'string';
