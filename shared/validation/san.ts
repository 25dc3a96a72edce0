/**
 * Subject Alternative Names: parsing and validation shared by the SAN editor (as you type) and main
 * (authoritative). DNS names are stored as A-labels (IDNs converted with punycode); IPs in canonical form.
 */
import punycode from 'punycode/punycode.js';
import { z } from 'zod';
import { msg, type Msg, type MsgParams } from '../i18n/message.js';
import { refuse, say } from './schema-messages.js';

export const SAN_TYPES = ['dns', 'ip', 'email', 'uri'] as const;
export type SanType = (typeof SAN_TYPES)[number];

export interface SanEntry {
  readonly type: SanType;
  /** Normalized: A-label DNS name, canonical IP, email with A-label domain, URI as typed. */
  readonly value: string;
}

/** A refusal carries its words for the listener of the moment (schema-messages.ts) and, for main's refusals, its reason as data. */
export type SanCheck = { ok: true; entry: SanEntry; /** For IDNs: the Unicode form, to show both. */ unicode?: string } | { ok: false; message: string; reason: Msg };

const refused = (key: string, params?: MsgParams): { ok: false; message: string; reason: Msg } => ({ ok: false, message: say(key, params), reason: msg(key, params) });

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A DNS name or wildcard (`*.example.com`), returned as lower-case A-labels. */
export function checkDnsName(input: string): SanCheck {
  let name = input.trim().replace(/\.$/, '');
  if (name === '') return refused('validation:san.dnsEmpty');
  let ascii: string;
  try {
    ascii = punycode.toASCII(name.normalize('NFC').toLowerCase());
  } catch {
    return refused('validation:san.notAscii', { input });
  }
  name = ascii;
  if (name.length > 253) return refused('validation:san.dnsTooLong');
  const labels = name.split('.');
  const wildcard = labels[0] === '*';
  if (labels.slice(1).includes('*') || /\*/.test(labels.slice(wildcard ? 1 : 0).join('.'))) {
    return refused('validation:san.wildcardPlace');
  }
  if (wildcard && labels.length < 3) return refused('validation:san.wildcardShort');
  for (const label of wildcard ? labels.slice(1) : labels) {
    if (label === '') return refused('validation:san.emptyLabel');
    if (label.length > 63) return refused('validation:san.labelTooLong', { label: label.slice(0, 20) });
    if (!LABEL.test(label)) return refused('validation:san.badLabel', { label });
  }
  if (/^[0-9.]+$/.test(name)) return refused('validation:san.looksLikeIp', { input });
  const unicode = punycode.toUnicode(name);
  return unicode !== name ? { ok: true, entry: { type: 'dns', value: name }, unicode } : { ok: true, entry: { type: 'dns', value: name } };
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Canonical text of an IPv4 or IPv6 address, or null. IPv6 is compressed and lower-case. */
export function canonicalIp(input: string): string | null {
  const text = input.trim();
  if (IPV4.test(text)) return text;
  if (!text.includes(':') || /[^0-9a-fA-F:.]/.test(text)) return null;
  try {
    // The WHATWG URL parser (in Node and in the browser) validates and compresses IPv6 for us.
    const host = new URL(`http://[${text}]/`).hostname;
    return host.slice(1, -1);
  } catch {
    return null;
  }
}

/** True for 127.0.0.0/8 and ::1, however written: only this computer can connect. */
export function isLoopbackIp(text: string): boolean {
  const ip = canonicalIp(text.trim());
  return ip !== null && (ip === '::1' || /^127\./.test(ip));
}

export function checkIp(input: string): SanCheck {
  const ip = canonicalIp(input);
  return ip === null ? refused('validation:san.notIp', { input: input.trim() }) : { ok: true, entry: { type: 'ip', value: ip } };
}

export function checkEmail(input: string): SanCheck {
  const text = input.trim();
  const at = text.lastIndexOf('@');
  if (at < 1 || at === text.length - 1) return refused('validation:san.emailShape');
  const local = text.slice(0, at);
  if (!/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/.test(local) || local.length > 64) return refused('validation:san.badMailbox', { local });
  const domain = checkDnsName(text.slice(at + 1));
  if (!domain.ok) return domain;
  if (domain.entry.value.startsWith('*')) return refused('validation:san.emailWildcard');
  return { ok: true, entry: { type: 'email', value: `${local}@${domain.entry.value}` } };
}

export function checkUri(input: string): SanCheck {
  const text = input.trim();
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(text)) return refused('validation:san.uriScheme');
  if (/\s/.test(text)) return refused('validation:san.uriSpaces');
  if (text.length > 2048) return refused('validation:san.uriTooLong');
  try {
    const url = new URL(text);
    if (url.protocol === 'spiffe:') {
      if (!/^spiffe:\/\/[a-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(text)) {
        return refused('validation:san.spiffe');
      }
    }
  } catch {
    return refused('validation:san.badUri', { text });
  }
  return { ok: true, entry: { type: 'uri', value: text } };
}

export function checkSan(type: SanType, value: string): SanCheck {
  switch (type) {
    case 'dns':
      return checkDnsName(value);
    case 'ip':
      return checkIp(value);
    case 'email':
      return checkEmail(value);
    case 'uri':
      return checkUri(value);
  }
}

/** Guesses the SAN type of a typed value: IP if it parses as one, URI with a scheme, email with @, else DNS. */
export function guessSanType(value: string): SanType {
  const text = value.trim();
  if (canonicalIp(text) !== null) return 'ip';
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(text)) return 'uri';
  if (text.includes('@')) return 'email';
  return 'dns';
}

/** The schema main validates SAN lists with: each entry checked and normalized, duplicates refused. */
export const SanList = z
  .array(z.object({ type: z.enum(SAN_TYPES), value: z.string().max(2048) }).strict())
  .max(100, refuse('validation:san.tooMany'))
  .transform((entries, ctx) => {
    const out: SanEntry[] = [];
    const seen = new Set<string>();
    entries.forEach((raw, index) => {
      const check = checkSan(raw.type, raw.value);
      if (!check.ok) {
        ctx.addIssue({ code: 'custom', message: check.message, path: [index, 'value'] });
        return;
      }
      const key = `${check.entry.type}:${check.entry.value}`;
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', message: say('validation:san.duplicate', { value: check.entry.value }), path: [index, 'value'] });
        return;
      }
      seen.add(key);
      out.push(check.entry);
    });
    return out;
  });

/** An IP range for name constraints: CIDR notation, e.g. 10.0.0.0/8 or fd00::/8. */
export function checkCidr(input: string): { ok: true; value: string } | { ok: false; message: string } {
  const [address = '', prefix, ...rest] = input.trim().split('/');
  const ip = canonicalIp(address);
  if (ip === null || prefix === undefined || rest.length > 0 || !/^\d{1,3}$/.test(prefix)) {
    return { ok: false, message: say('validation:san.notCidr', { input: input.trim() }) };
  }
  const max = ip.includes(':') ? 128 : 32;
  if (Number(prefix) > max) return { ok: false, message: say('validation:san.prefixTooLong', { input: input.trim(), max }) };
  return { ok: true, value: `${ip}/${Number(prefix)}` };
}
