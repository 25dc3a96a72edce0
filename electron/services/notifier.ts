/**
 * OS notifications. A service says what to announce as data ({@link Notice}: catalog keys, names and
 * numbers); main words it in the user's language ({@link noticeWords}) and hands the words to the
 * OS ({@link OsNotifier}; main.ts passes Electron's). An interface so the expiry watch runs in plain Node.
 */
import { msg, type Msg } from '../../shared/i18n/message.js';

/** A certificate named in a notification, and the whole days until it expires (0 or less: today); an endpoint is named without days. */
export interface ExpiringName {
  readonly name: string;
  readonly days?: number;
}

/** One sentence of the body: "Urgent: a (3 days), b (today) and 2 more." */
export interface NoticeGroup {
  /** `menu:notification.urgent` or `menu:notification.within` (with `days`). */
  readonly label: Msg;
  readonly names: readonly ExpiringName[];
  /** How many more there are than are named. */
  readonly more: number;
}

export interface Notice {
  readonly title: Msg;
  readonly groups: readonly NoticeGroup[];
  /** The closing line ("Open Certwright to renew them."). */
  readonly closing: Msg;
  /** Something expires within the urgent threshold. */
  readonly urgent: boolean;
}

export interface Notifier {
  notify(notice: Notice): void;
}

/** What the OS shows: plain words. */
export interface OsNotice {
  readonly title: string;
  readonly body: string;
  readonly urgent: boolean;
}

export interface OsNotifier {
  notify(notice: OsNotice): void;
}

/**
 * A notice in words: `word` in one language (main's current one; `english` for tests and logs), `list`
 * joining names as that language does (Intl.ListFormat). Chinese sentences end in their own full stop,
 * so they are joined without a space.
 */
export function noticeWords(notice: Notice, word: (m: Msg) => string, list: (items: readonly string[]) => string): OsNotice {
  const nameOf = ({ name, days }: ExpiringName) => (days === undefined ? name : word(days <= 0 ? msg('menu:notification.nameToday', { name }) : msg('menu:notification.nameInDays', { name, count: days })));
  const sentences = notice.groups.map((g) => {
    const named = list(g.names.map(nameOf));
    const names = g.more > 0 ? word(msg('menu:notification.andMore', { names: named, count: g.more })) : named;
    return word({ key: g.label.key, params: { ...g.label.params, names } });
  });
  const all = [...sentences, word(notice.closing)];
  const spaced = all.every((s) => /[.!?]$/.test(s));
  return { title: word(notice.title), body: all.join(spaced ? ' ' : ''), urgent: notice.urgent };
}
