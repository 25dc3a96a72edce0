/**
 * The SAN editor's rules as pure data: the draft being typed (its type guessed until the user picks
 * one), what is wrong with it in words, how an entry reads (IDNs both ways), and what a profile
 * requires. Checks are the shared ones main validates with (shared/validation/san.ts).
 */
import type { Profile } from '../../shared/domain/certificate.js';
import { checkDnsName, checkIp, checkSan, guessSanType, type SanCheck, type SanEntry, type SanType } from '../../shared/validation/san.js';
import { profileName } from '../app/format.js';
import { t } from '../i18n/instance.js';

export interface SanDraft {
  readonly text: string;
  readonly type: SanType;
  /** The user picked the type: stop guessing it. */
  readonly typeChosen: boolean;
}

export const EMPTY_SAN_DRAFT: SanDraft = { text: '', type: 'dns', typeChosen: false };

/** A SAN type in words: "DNS name", "IP address"… */
export const sanTypeLabel = (type: SanType): string => t(`common:san.${type}`);
/** A SAN type as a chip's or a line's prefix: "DNS", "IP"… */
export const sanTypeShort = (type: SanType): string => t(`common:san.short.${type}`);
/** The same as records (read at render time, so they follow the language). */
export const SAN_TYPE_LABEL: Readonly<Record<SanType, string>> = {
  get dns() { return sanTypeLabel('dns'); },
  get ip() { return sanTypeLabel('ip'); },
  get email() { return sanTypeLabel('email'); },
  get uri() { return sanTypeLabel('uri'); },
};
export const SAN_TYPE_SHORT: Readonly<Record<SanType, string>> = {
  get dns() { return sanTypeShort('dns'); },
  get ip() { return sanTypeShort('ip'); },
  get email() { return sanTypeShort('email'); },
  get uri() { return sanTypeShort('uri'); },
};

export function typeDraft(draft: SanDraft, text: string): SanDraft {
  return { ...draft, text, type: draft.typeChosen ? draft.type : text.trim() === '' ? 'dns' : guessSanType(text) };
}

export function chooseSanType(draft: SanDraft, type: SanType): SanDraft {
  return { ...draft, type, typeChosen: true };
}

export type DraftCheck = { readonly state: 'empty' } | { readonly state: 'invalid'; readonly message: string } | { readonly state: 'valid'; readonly entry: SanEntry; readonly unicode?: string };

/** What the draft would add, or why it cannot: the type's own check, then duplicates. */
export function checkDraft(draft: SanDraft, entries: readonly SanEntry[]): DraftCheck {
  if (draft.text.trim() === '') return { state: 'empty' };
  const check = checkSan(draft.type, draft.text);
  if (!check.ok) return { state: 'invalid', message: check.message };
  if (entries.some((e) => e.type === check.entry.type && e.value === check.entry.value)) {
    return { state: 'invalid', message: t('app:san.alreadyListed', { name: check.entry.value }) };
  }
  return check.unicode === undefined ? { state: 'valid', entry: check.entry } : { state: 'valid', entry: check.entry, unicode: check.unicode };
}

/** Adds the draft when it is valid; null when there is nothing (valid) to add. */
export function addDraft(entries: readonly SanEntry[], draft: SanDraft): { entries: SanEntry[]; draft: SanDraft } | null {
  const check = checkDraft(draft, entries);
  if (check.state !== 'valid') return null;
  return { entries: [...entries, check.entry], draft: EMPTY_SAN_DRAFT };
}

export function removeEntry(entries: readonly SanEntry[], index: number): SanEntry[] {
  return entries.filter((_, i) => i !== index);
}

/** An IDN's Unicode form, for showing next to its A-label; undefined for plain ASCII names. */
export function unicodeForm(entry: SanEntry): string | undefined {
  if (entry.type === 'dns') {
    const check = checkDnsName(entry.value);
    return check.ok ? check.unicode : undefined;
  }
  if (entry.type === 'email') {
    const at = entry.value.lastIndexOf('@');
    const domain = checkDnsName(entry.value.slice(at + 1));
    return domain.ok && domain.unicode ? `${entry.value.slice(0, at)}@${domain.unicode}` : undefined;
  }
  return undefined;
}

/** "bücher.example → xn--bcher-kva.example" for IDNs, the value otherwise. */
export function describeSan(entry: SanEntry): string {
  const unicode = unicodeForm(entry);
  return unicode ? `${unicode} → ${entry.value}` : entry.value;
}

export function hasServerName(entries: readonly SanEntry[]): boolean {
  return entries.some((e) => e.type === 'dns' || e.type === 'ip');
}

/** What the profile requires of the list, in words, while it is not met. */
export function sanRequirement(profile: Profile, entries: readonly SanEntry[]): string | undefined {
  if (profile === 'client' || hasServerName(entries)) return undefined;
  return t('app:san.needsServerName', { profile: profileName(profile) });
}

// ---- Many names in one field -------------------------------------------------------------------

export interface Token<V> {
  readonly raw: string;
  readonly check: { readonly ok: true; readonly value: V; readonly label: string; /** How it reads, IDNs both ways. */ readonly display: string } | { readonly ok: false; readonly message: string };
}

/** Splits text typed or pasted into one field: commas, spaces and new lines separate values. */
export function splitValues(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** DNS names and IP addresses for a service, each checked: IP when it parses as one, else DNS. */
export function serviceNameTokens(text: string): Array<Token<SanEntry>> {
  const seen = new Set<string>();
  return splitValues(text).map((raw) => {
    const check: SanCheck = guessSanType(raw) === 'ip' ? checkIp(raw) : checkDnsName(raw);
    if (!check.ok) return { raw, check: { ok: false, message: check.message } };
    const key = `${check.entry.type}:${check.entry.value}`;
    if (seen.has(key)) return { raw, check: { ok: false, message: t('app:san.listedTwice', { name: check.entry.value }) } };
    seen.add(key);
    return {
      raw,
      check: { ok: true, value: check.entry, label: sanTypeShort(check.entry.type), display: check.unicode ? `${check.unicode} → ${check.entry.value}` : check.entry.value },
    };
  });
}

export function firstTokenError<V>(tokens: ReadonlyArray<Token<V>>): string | undefined {
  for (const t of tokens) if (!t.check.ok) return t.check.message;
  return undefined;
}

export function tokenValues<V>(tokens: ReadonlyArray<Token<V>>): V[] {
  return tokens.flatMap((t) => (t.check.ok ? [t.check.value] : []));
}
