/**
 * Subject Alternative Names: parsing and validation shared by the SAN editor (as you type) and main
 * (authoritative). DNS names are stored as A-labels (IDNs converted with punycode); IPs in canonical form.
 */
import punycode from 'punycode/punycode.js';
import { z } from 'zod';

export const SAN_TYPES = ['dns', 'ip', 'email', 'uri'] as const;
export type SanType = (typeof SAN_TYPES)[number];

export interface SanEntry {
  readonly type: SanType;
  /** Normalized: A-label DNS name, canonical IP, email with A-label domain, URI as typed. */
  readonly value: string;
}

export type SanCheck = { ok: true; entry: SanEntry; /** For IDNs: the Unicode form, to show both. */ unicode?: string } | { ok: false; message: string };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A DNS name or wildcard (`*.example.com`), returned as lower-case A-labels. */
export function checkDnsName(input: string): SanCheck {
  let name = input.trim().replace(/\.$/, '');
  if (name === '') return { ok: false, message: 'Enter a DNS name' };
  let ascii: string;
  try {
    ascii = punycode.toASCII(name.normalize('NFC').toLowerCase());
  } catch {
    return { ok: false, message: `"${input}" cannot be converted to an ASCII DNS name` };
  }
  name = ascii;
  if (name.length > 253) return { ok: false, message: 'A DNS name can be at most 253 characters' };
  const labels = name.split('.');
  const wildcard = labels[0] === '*';
  if (labels.slice(1).includes('*') || /\*/.test(labels.slice(wildcard ? 1 : 0).join('.'))) {
    return { ok: false, message: 'A wildcard may only be the whole left-most label, as in *.example.com' };
  }
  if (wildcard && labels.length < 3) return { ok: false, message: 'A wildcard needs at least two labels after it, as in *.example.com' };
  for (const label of wildcard ? labels.slice(1) : labels) {
    if (label === '') return { ok: false, message: 'A DNS name cannot have an empty label (two dots in a row)' };
    if (label.length > 63) return { ok: false, message: `The label "${label.slice(0, 20)}…" is longer than 63 characters` };
    if (!LABEL.test(label)) return { ok: false, message: `"${label}" is not a valid DNS label: use letters, digits and hyphens, not at the start or end` };
  }
  if (/^[0-9.]+$/.test(name)) return { ok: false, message: `"${input}" looks like an IP address; add it as an IP SAN` };
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
  return ip === null ? { ok: false, message: `"${input.trim()}" is not an IPv4 or IPv6 address` } : { ok: true, entry: { type: 'ip', value: ip } };
}

export function checkEmail(input: string): SanCheck {
  const text = input.trim();
  const at = text.lastIndexOf('@');
  if (at < 1 || at === text.length - 1) return { ok: false, message: 'An email address needs a local part, @ and a domain' };
  const local = text.slice(0, at);
  if (!/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/.test(local) || local.length > 64) return { ok: false, message: `"${local}" is not a valid mailbox name` };
  const domain = checkDnsName(text.slice(at + 1));
  if (!domain.ok) return domain;
  if (domain.entry.value.startsWith('*')) return { ok: false, message: 'An email domain cannot be a wildcard' };
  return { ok: true, entry: { type: 'email', value: `${local}@${domain.entry.value}` } };
}

export function checkUri(input: string): SanCheck {
  const text = input.trim();
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(text)) return { ok: false, message: 'A URI needs a scheme, as in spiffe://trust-domain/service' };
  if (/\s/.test(text)) return { ok: false, message: 'A URI cannot contain spaces' };
  if (text.length > 2048) return { ok: false, message: 'A URI can be at most 2048 characters' };
  try {
    const url = new URL(text);
    if (url.protocol === 'spiffe:') {
      if (!/^spiffe:\/\/[a-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(text)) {
        return { ok: false, message: 'A SPIFFE ID is spiffe://trust-domain/path, with a lower-case trust domain and no query or fragment' };
      }
    }
  } catch {
    return { ok: false, message: `"${text}" is not a valid URI` };
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
  .max(100, 'At most 100 subject alternative names')
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
        ctx.addIssue({ code: 'custom', message: `${check.entry.value} is listed twice`, path: [index, 'value'] });
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
    return { ok: false, message: `"${input.trim()}" is not an IP range in CIDR notation, such as 10.0.0.0/8` };
  }
  const max = ip.includes(':') ? 128 : 32;
  if (Number(prefix) > max) return { ok: false, message: `The prefix length of ${input.trim()} is above ${max}` };
  return { ok: true, value: `${ip}/${Number(prefix)}` };
}
