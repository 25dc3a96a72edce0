/**
 * The rules that make issuance correct by construction: a child never outlives its issuer, path
 * length constraints are respected, and names stay inside every name constraint of the chain.
 * Each refusal is a CertwrightError that names the input field and the rule.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';
import { PRIVATE_LEAF_VALIDITY_WARN_DAYS } from '../../shared/domain/certificate.js';
import { CertwrightError, atField } from '../../shared/errors.js';
import type { SanEntry } from '../../shared/validation/san.js';
import { BACKDATE_MS, validityWindow } from './validity.js';
import { X509 } from './webcrypto.js';
import { msg, type Msg } from '../../shared/i18n/message.js';

const DAY_MS = 86_400_000;

export type ValidityRequest = { readonly days: number } | { readonly notAfter: string };

function commonName(cert: X509.X509Certificate): string {
  return cert.subjectName.getField('CN')[0] ?? cert.subject;
}

function formatDate(date: Date): string {
  return date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}

/** The earliest notAfter along the chain: nothing below it can be trusted longer. */
function chainNotAfter(chain: readonly X509.X509Certificate[]): { date: Date; cert: X509.X509Certificate } {
  let earliest = chain[0]!;
  for (const cert of chain) if (cert.notAfter < earliest.notAfter) earliest = cert;
  return { date: earliest.notAfter, cert: earliest };
}

/** Refuses an issuer that is not valid now. */
export function requireIssuerValid(chain: readonly X509.X509Certificate[], now: Date): void {
  for (const cert of chain) {
    if (cert.notAfter <= now) throw new CertwrightError('INVALID_INPUT', msg('errors:policy.issuerExpired', { name: commonName(cert), date: formatDate(cert.notAfter) }), { field: 'authorityId' });
    if (cert.notBefore > new Date(now.getTime() + BACKDATE_MS)) {
      throw new CertwrightError('INVALID_INPUT', msg('errors:policy.issuerNotYetValid', { name: commonName(cert), date: formatDate(cert.notBefore) }), { field: 'authorityId' });
    }
  }
}

/** A leaf's validity: refused (never clamped) when it would outlive the issuing chain. */
export function leafValidity(request: ValidityRequest, chain: readonly X509.X509Certificate[], now: Date): { notBefore: Date; notAfter: Date; warnings: Msg[] } {
  const window = 'days' in request ? validityWindow(now, request.days) : { notBefore: validityWindow(now, 0).notBefore, notAfter: new Date(Math.floor(Date.parse(request.notAfter) / 1000) * 1000) };
  if (window.notAfter <= now) throw new CertwrightError('INVALID_INPUT', atField('validity', 'errors:policy.alreadyExpired'), { field: 'validity' });
  const limit = chainNotAfter(chain);
  if (window.notAfter > limit.date) {
    throw new CertwrightError(
      'INVALID_INPUT',
      atField('validity', 'errors:policy.outlivesIssuer', { name: commonName(limit.cert), date: formatDate(limit.date) }),
      { field: 'validity' },
    );
  }
  const warnings: Msg[] = [];
  const days = (window.notAfter.getTime() - now.getTime()) / DAY_MS;
  // A vault CA is a private CA: the public Web PKI's 398 days do not apply, Apple's 825 do.
  if (days > PRIVATE_LEAF_VALIDITY_WARN_DAYS) {
    warnings.push(msg('errors:warning.longValidity', { days: Math.round(days), limit: PRIVATE_LEAF_VALIDITY_WARN_DAYS }));
  }
  return { ...window, warnings };
}

/** A CA's validity: cut to the issuing chain's earliest notAfter, saying so. */
export function authorityValidity(days: number, chain: readonly X509.X509Certificate[], now: Date): { notBefore: Date; notAfter: Date; clampedTo: Date | null } {
  const window = validityWindow(now, days);
  const limit = chainNotAfter(chain).date;
  return window.notAfter > limit ? { notBefore: window.notBefore, notAfter: limit, clampedTo: limit } : { ...window, clampedTo: null };
}

function isSelfIssued(cert: X509.X509Certificate): boolean {
  return Buffer.from(cert.subjectName.toArrayBuffer()).equals(Buffer.from(cert.issuerName.toArrayBuffer()));
}

/**
 * A new CA under `chain` (its issuer first, up to the root) must fit every ancestor's pathLen:
 * with d intermediates below ancestor A (the new one included), d ≤ pathLen(A), and the new CA's own
 * pathLen must leave room: pathLength + d ≤ pathLen(A).
 */
export function checkPathLength(chain: readonly X509.X509Certificate[], newPathLength: number): void {
  let below = 0;
  for (const [index, cert] of chain.entries()) {
    // Self-issued intermediates do not count; the root at the top never sits "below" anything.
    if (index > 0 && !isSelfIssued(chain[index - 1]!)) below++;
    const depth = below + 1;
    const limit = cert.getExtension(X509.BasicConstraintsExtension)?.pathLength;
    if (limit === undefined) continue;
    if (depth > limit) {
      throw new CertwrightError(
        'INVALID_INPUT',
        msg('errors:policy.noIntermediateHere', { name: commonName(cert), count: limit, limitText: limit === 0 ? 'errors:policy.pathLength.zero' : 'errors:policy.pathLength.some' }),
        { field: 'parentId' },
      );
    }
    if (newPathLength + depth > limit) {
      throw new CertwrightError('INVALID_INPUT', atField('pathLength', 'errors:policy.pathLengthTooLong', { name: commonName(cert), limit, allowed: limit - depth }), { field: 'pathLength' });
    }
  }
}

// ---- Name constraints ------------------------------------------------------------------------

interface Subtrees {
  readonly dns: string[];
  readonly ip: string[];
}

interface ParsedConstraints {
  readonly owner: string;
  readonly permitted: Subtrees;
  readonly excluded: Subtrees;
}

function subtrees(list: asn.GeneralSubtrees | undefined): Subtrees {
  const out: Subtrees = { dns: [], ip: [] };
  for (const subtree of list ?? []) {
    if (subtree.base.dNSName !== undefined) out.dns.push(subtree.base.dNSName.toLowerCase());
    if (subtree.base.iPAddress !== undefined) out.ip.push(subtree.base.iPAddress);
  }
  return out;
}

export function readNameConstraints(cert: X509.X509Certificate): asn.NameConstraints | null {
  const ext = cert.extensions.find((e) => e.type === asn.id_ce_nameConstraints);
  return ext ? AsnConvert.parse(ext.value, asn.NameConstraints) : null;
}

function dnsWithin(name: string, constraint: string): boolean {
  const c = constraint.replace(/^\./, '');
  if (c === '') return true;
  if (name.startsWith('*.')) {
    const base = name.slice(2);
    return base === c || base.endsWith(`.${c}`);
  }
  return constraint.startsWith('.') ? name.endsWith(constraint) : name === c || name.endsWith(`.${c}`);
}

/** Whether a (possibly wildcard) name may cover something inside the excluded subtree. */
function dnsTouches(name: string, constraint: string): boolean {
  if (dnsWithin(name, constraint)) return true;
  if (!name.startsWith('*.')) return false;
  const c = constraint.replace(/^\./, '');
  return c.split('.').slice(1).join('.') === name.slice(2);
}

function ipBytes(text: string): number[] {
  if (text.includes(':')) {
    const [head = '', tail = ''] = text.split('::');
    const left = head ? head.split(':') : [];
    const right = tail ? tail.split(':') : [];
    const groups = text.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
    return groups.flatMap((g) => [(parseInt(g, 16) >> 8) & 0xff, parseInt(g, 16) & 0xff]);
  }
  return text.split('.').map(Number);
}

function ipWithin(ip: string, cidr: string): boolean {
  const [network = '', prefixText = '0'] = cidr.split('/');
  const address = ipBytes(ip);
  const base = ipBytes(network);
  if (address.length !== base.length) return false;
  let bits = Number(prefixText);
  for (let i = 0; i < address.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((address[i]! & mask) !== (base[i]! & mask)) return false;
  }
  return true;
}

function describe(subtree: Subtrees): string {
  return [...subtree.dns, ...subtree.ip].join(', ');
}

/**
 * Checks DNS and IP names against the name constraints of every CA in the chain. A common name that
 * looks like a host name counts as a DNS name when there is no DNS SAN (OpenSSL checks it so).
 */
export function checkNameConstraints(chain: readonly X509.X509Certificate[], sans: readonly SanEntry[], commonNameValue?: string): void {
  const constraints: ParsedConstraints[] = [];
  for (const cert of chain) {
    const nc = readNameConstraints(cert);
    if (nc) constraints.push({ owner: commonName(cert), permitted: subtrees(nc.permittedSubtrees), excluded: subtrees(nc.excludedSubtrees) });
  }
  if (constraints.length === 0) return;

  const dnsNames = sans.filter((s) => s.type === 'dns').map((s) => ({ value: s.value, field: 'sans' }));
  if (dnsNames.length === 0 && commonNameValue && /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(commonNameValue)) {
    dnsNames.push({ value: commonNameValue.toLowerCase(), field: 'subject.commonName' });
  }
  const ips = sans.filter((s) => s.type === 'ip').map((s) => s.value);

  for (const c of constraints) {
    for (const { value, field } of dnsNames) {
      if (c.permitted.dns.length > 0 && !c.permitted.dns.some((p) => dnsWithin(value, p))) {
        throw new CertwrightError('INVALID_INPUT', msg('errors:policy.outsideConstraints', { value, owner: c.owner, permitted: describe({ dns: c.permitted.dns, ip: [] }) }), { field });
      }
      const excluded = c.excluded.dns.find((e) => dnsTouches(value, e));
      if (excluded) throw new CertwrightError('INVALID_INPUT', msg('errors:policy.excludedByConstraints', { value, owner: c.owner, excluded }), { field });
    }
    for (const ip of ips) {
      if (c.permitted.ip.length > 0 && !c.permitted.ip.some((p) => ipWithin(ip, p))) {
        throw new CertwrightError('INVALID_INPUT', msg('errors:policy.outsideConstraints', { value: ip, owner: c.owner, permitted: describe({ dns: [], ip: c.permitted.ip }) }), { field: 'sans' });
      }
      const excluded = c.excluded.ip.find((e) => ipWithin(ip, e));
      if (excluded) throw new CertwrightError('INVALID_INPUT', msg('errors:policy.excludedByConstraints', { value: ip, owner: c.owner, excluded }), { field: 'sans' });
    }
  }
}
