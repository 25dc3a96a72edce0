/**
 * The settings an ACME server starts with, checked and normalized before anything listens (the IPC
 * schema checks shapes; this says what is wrong in the words of each setting), and the warnings the
 * panel shows while it runs.
 */
import { ACME_VALIDITY_DAYS, type AcmeServerOptions } from '../../../shared/domain/acme.js';
import { CertwrightError, atField } from '../../../shared/errors.js';
import { canonicalIp, checkDnsName } from '../../../shared/validation/san.js';
import { isLoopback } from './listener.js';
import { msg, type Msg, type MsgParams } from '../../../shared/i18n/message.js';

/** Ports below this need privileges the app does not have (and would collide with real services). */
const MIN_LISTEN_PORT = 1024;
const MAX_RESOLVE_ENTRIES = 256;

const invalid = (field: string, key: string, params?: MsgParams) => new CertwrightError('INVALID_INPUT', atField(field, key, params), { field });

function port(value: number, field: string, min: number): number {
  if (!Number.isInteger(value) || value < min || value > 65_535) throw invalid(field, 'errors:acme.port', { min });
  return value;
}

/** `address[:port]` or `[v6]:port` → what dns.Resolver#setServers takes. */
function dnsServer(value: string): string {
  const text = value.trim();
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(text);
  const v4 = /^([0-9.]+)(?::(\d{1,5}))?$/.exec(text);
  const [address, portText] = bracketed ? [bracketed[1]!, bracketed[2]] : v4 ? [v4[1]!, v4[2]] : [text, undefined];
  const ip = canonicalIp(address);
  if (ip === null) throw invalid('dnsResolver', 'errors:acme.resolver', { value: JSON.stringify(value.slice(0, 60)) });
  if (portText !== undefined) port(Number(portText), 'dnsResolver', 1);
  return portText === undefined ? ip : `${ip.includes(':') ? `[${ip}]` : ip}:${portText}`;
}

export function normalizeOptions(options: AcmeServerOptions): AcmeServerOptions {
  const bind = canonicalIp(options.bind);
  if (bind === null) throw invalid('bind', 'errors:acme.bind', { value: JSON.stringify(options.bind.slice(0, 60)) });
  if (bind === '0.0.0.0' || bind === '::') throw invalid('bind', 'errors:acme.bindAll');
  const resolve = options.resolve.map(({ name, address }, index) => {
    const check = checkDnsName(name);
    if (!check.ok || check.entry.value.startsWith('*')) throw check.ok ? invalid(`resolve.${index}.name`, 'errors:acme.wildcard') : invalid(`resolve.${index}.name`, check.reason.key, check.reason.params);
    const ip = canonicalIp(address);
    if (ip === null) throw invalid(`resolve.${index}.address`, 'errors:acme.address', { value: JSON.stringify(address.slice(0, 60)) });
    return { name: check.entry.value, address: ip };
  });
  if (resolve.length > MAX_RESOLVE_ENTRIES) throw invalid('resolve', 'errors:acme.tooManyNames', { max: MAX_RESOLVE_ENTRIES });
  const { min, max } = ACME_VALIDITY_DAYS;
  if (!Number.isInteger(options.maxValidityDays) || options.maxValidityDays < min || options.maxValidityDays > max) throw invalid('maxValidityDays', 'errors:acme.validity', { min, max });
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

/** What the panel says loudly while the server runs (the CLI says it in English). */
export function warningsOf(options: AcmeServerOptions): Msg[] {
  const warnings: Msg[] = [];
  if (options.labMode) warnings.push(msg('acme:warning.labMode'));
  if (!isLoopback(options.bind)) warnings.push(msg(options.eab ? 'acme:warning.openBindEab' : 'acme:warning.openBind', { bind: options.bind }));
  return warnings;
}
