/**
 * The settings an ACME server starts with, checked and normalized before anything listens (the IPC
 * schema checks shapes; this says what is wrong in the words of each setting), and the warnings the
 * panel shows while it runs.
 */
import { ACME_VALIDITY_DAYS, type AcmeServerOptions } from '../../../shared/domain/acme.js';
import { CertwrightError } from '../../../shared/errors.js';
import { canonicalIp, checkDnsName } from '../../../shared/validation/san.js';
import { isLoopback } from './listener.js';

/** Ports below this need privileges the app does not have (and would collide with real services). */
const MIN_LISTEN_PORT = 1024;
const MAX_RESOLVE_ENTRIES = 256;

const invalid = (field: string, message: string) => new CertwrightError('INVALID_INPUT', `${field}: ${message}`, { field });

function port(value: number, field: string, min: number): number {
  if (!Number.isInteger(value) || value < min || value > 65_535) throw invalid(field, `A port is a whole number from ${min} to 65535`);
  return value;
}

/** `address[:port]` or `[v6]:port` → what dns.Resolver#setServers takes. */
function dnsServer(value: string): string {
  const text = value.trim();
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(text);
  const v4 = /^([0-9.]+)(?::(\d{1,5}))?$/.exec(text);
  const [address, portText] = bracketed ? [bracketed[1]!, bracketed[2]] : v4 ? [v4[1]!, v4[2]] : [text, undefined];
  const ip = canonicalIp(address);
  if (ip === null) throw invalid('dnsResolver', `${JSON.stringify(value.slice(0, 60))} is not an address[:port] of a DNS server`);
  if (portText !== undefined) port(Number(portText), 'dnsResolver', 1);
  return portText === undefined ? ip : `${ip.includes(':') ? `[${ip}]` : ip}:${portText}`;
}

export function normalizeOptions(options: AcmeServerOptions): AcmeServerOptions {
  const bind = canonicalIp(options.bind);
  if (bind === null) throw invalid('bind', `${JSON.stringify(options.bind.slice(0, 60))} is not an IP address to listen on`);
  if (bind === '0.0.0.0' || bind === '::') throw invalid('bind', 'Name one address to listen on: its server certificate names the address clients connect to, so "every address" cannot be vouched for');
  const resolve = options.resolve.map(({ name, address }, index) => {
    const check = checkDnsName(name);
    if (!check.ok || check.entry.value.startsWith('*')) throw invalid(`resolve.${index}.name`, check.ok ? 'A wildcard cannot be resolved to an address' : check.message);
    const ip = canonicalIp(address);
    if (ip === null) throw invalid(`resolve.${index}.address`, `${JSON.stringify(address.slice(0, 60))} is not an IP address`);
    return { name: check.entry.value, address: ip };
  });
  if (resolve.length > MAX_RESOLVE_ENTRIES) throw invalid('resolve', `At most ${MAX_RESOLVE_ENTRIES} names`);
  const { min, max } = ACME_VALIDITY_DAYS;
  if (!Number.isInteger(options.maxValidityDays) || options.maxValidityDays < min || options.maxValidityDays > max) throw invalid('maxValidityDays', `From ${min} to ${max} days`);
  return {
    ...(options.port === undefined || options.port === 0 ? {} : { port: port(options.port, 'port', MIN_LISTEN_PORT) }),
    bind,
    http01Port: port(options.http01Port, 'http01Port', 1),
    resolve,
    eab: options.eab,
    labMode: options.labMode,
    maxValidityDays: options.maxValidityDays,
    dnsResolver: options.dnsResolver === null || options.dnsResolver.trim() === '' ? null : dnsServer(options.dnsResolver),
    ...(options.ipOnlyProfile === 'client' ? { ipOnlyProfile: 'client' as const } : {}),
  };
}

/** What the panel says loudly while the server runs. */
export function warningsOf(options: AcmeServerOptions): string[] {
  const warnings: string[] = [];
  if (options.labMode) {
    warnings.push('Lab mode: authorizations are approved without validation — whoever reaches this server gets a certificate for any name inside the CA\'s constraints. Each approval is in the audit log. Never use it outside a lab.');
  }
  if (!isLoopback(options.bind)) {
    warnings.push(`The server listens on ${options.bind}, not on loopback: other machines that reach this address can register accounts and order certificates from this CA${options.eab ? ' (with the external account key)' : ''}.`);
  }
  return warnings;
}
