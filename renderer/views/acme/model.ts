/**
 * The ACME panel's pure logic: the start form as typed (and what main is sent), the bind address
 * warning, the ready snippets for cert-manager, certbot and lego, statuses and ids in words, and when
 * the panel asks main again. No React, no IPC: everything here is tested in Node
 * (test/unit/acme-model.test.ts).
 */
import { ACME_DEFAULT_OPTIONS, ACME_VALIDITY_DAYS, type AcmeAccountStatus, type AcmeOrderStatus, type AcmeServerOptions } from '../../../shared/domain/acme.js';
import type { SnippetView } from '../../../shared/domain/export.js';
import type { Input } from '../../../shared/ipc/contract.js';
import { canonicalIp, checkDnsName, isLoopbackIp } from '../../../shared/validation/san.js';
import { t } from '../../i18n/instance.js';

// ---- The start form --------------------------------------------------------------------------

/** One lab name mapped to an address; `key` keeps React's rows apart when one is removed. */
export interface ResolveRow {
  readonly key: number;
  readonly name: string;
  readonly address: string;
}

/** The form as typed: numbers stay text until they are checked. */
export interface AcmeForm {
  /** '' for any free port. */
  readonly port: string;
  readonly bind: string;
  readonly http01Port: string;
  readonly resolve: readonly ResolveRow[];
  readonly eab: boolean;
  readonly labMode: boolean;
  readonly maxValidityDays: string;
  /** '' for none (dns-01 is not offered). */
  readonly dnsResolver: string;
  /** Orders of IP addresses only get client certificates (server ones otherwise). */
  readonly ipOnlyClient: boolean;
}

export const DEFAULT_FORM: AcmeForm = {
  port: '',
  bind: ACME_DEFAULT_OPTIONS.bind,
  http01Port: String(ACME_DEFAULT_OPTIONS.http01Port),
  resolve: [],
  eab: ACME_DEFAULT_OPTIONS.eab,
  labMode: ACME_DEFAULT_OPTIONS.labMode,
  maxValidityDays: String(ACME_DEFAULT_OPTIONS.maxValidityDays),
  dnsResolver: '',
  ipOnlyClient: false,
};

/**
 * Where a problem is shown: a field of the form, or one cell of the resolve list
 * (`resolve.2.address`), the same paths main names in an INVALID_INPUT answer.
 */
export type FormProblems = Readonly<Record<string, string>>;

/** The form for options a server ran with: stopping it and starting again keeps what it had. */
export function formFromOptions(options: AcmeServerOptions): AcmeForm {
  return {
    port: options.port ? String(options.port) : '',
    bind: options.bind,
    http01Port: String(options.http01Port),
    resolve: options.resolve.map((r, i) => ({ key: i + 1, name: r.name, address: r.address })),
    eab: options.eab,
    labMode: options.labMode,
    maxValidityDays: String(options.maxValidityDays),
    dnsResolver: options.dnsResolver ?? '',
    ipOnlyClient: options.ipOnlyProfile === 'client',
  };
}

/** A new, empty row for the resolve list, keyed after those already there. */
export function addResolveRow(rows: readonly ResolveRow[]): ResolveRow[] {
  const key = rows.reduce((max, r) => Math.max(max, r.key), 0) + 1;
  return [...rows, { key, name: '', address: rows.length === 0 ? '127.0.0.1' : (rows.at(-1)?.address ?? '') }];
}

/** What a whole number is for: its two messages. */
const WHOLE_NUMBER_WORDS = {
  port: { notNumber: 'acme:problem.portNotNumber', range: 'acme:problem.portRange' },
  lifetime: { notNumber: 'acme:problem.lifetimeNotNumber', range: 'acme:problem.lifetimeRange' },
} as const;

/** Whole number text in [min, max], or why not. */
function wholeNumber(text: string, min: number, max: number, what: keyof typeof WHOLE_NUMBER_WORDS): { ok: true; value: number } | { ok: false; message: string } {
  const trimmed = text.trim();
  const words = WHOLE_NUMBER_WORDS[what];
  if (!/^\d+$/.test(trimmed)) return { ok: false, message: t(words.notNumber, { min, max }) };
  const value = Number(trimmed);
  return value < min || value > max ? { ok: false, message: t(words.range, { min, max }) } : { ok: true, value };
}

/** An address the server may listen on (or a lab name resolve to): IPv4 or IPv6, canonical. */
function address(text: string): string | null {
  return canonicalIp(text.trim());
}

/** True for 127.0.0.0/8 and ::1: only this computer can connect (the one predicate, shared/validation/san.ts). */
export const isLoopback = isLoopbackIp;

/**
 * What the form says under the bind address when it is not loopback: other machines can reach the
 * server and ask this CA for certificates. Null for loopback or text that is not an address yet.
 */
export function bindWarning(bind: string, eab: boolean): string | null {
  const ip = address(bind);
  if (ip === null || isLoopback(ip) || isUnspecified(ip)) return null;
  return eab ? t('acme:problem.bindOpenEab', { ip }) : t('acme:problem.bindOpen', { ip });
}

/** 0.0.0.0 and ::, "every address": the server's certificate must name the one clients connect to. */
function isUnspecified(ip: string): boolean {
  return ip === '0.0.0.0' || ip === '::';
}

/** A DNS server as the form takes it: an IPv4 address or [IPv6], optionally with :port; or a bare IPv6. */
export function dnsResolverProblem(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?$/.exec(trimmed);
  const v6 = /^\[([0-9a-fA-F:]+)\](?::(\d{1,5}))?$/.exec(trimmed);
  const host = v4?.[1] ?? v6?.[1] ?? (/^[0-9a-fA-F:]+$/.test(trimmed) && trimmed.includes(':') ? trimmed : null);
  const port = v4?.[2] ?? v6?.[2];
  if (host === null || address(host) === null) return t('acme:problem.dnsResolver');
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return t('acme:problem.dnsResolverPort');
  return null;
}

/** Every problem of the form, by field path; empty when it can be sent. Blank resolve rows are ignored. */
export function formProblems(form: AcmeForm): FormProblems {
  const problems: Record<string, string> = {};
  if (form.port.trim() !== '') {
    const port = wholeNumber(form.port, 1024, 65535, 'port');
    if (!port.ok) problems.port = port.message;
  }
  const bind = address(form.bind);
  if (bind === null) problems.bind = t('acme:problem.bindNotAddress');
  else if (isUnspecified(bind)) problems.bind = t('acme:problem.bindUnspecified');
  const http01 = wholeNumber(form.http01Port, 1, 65535, 'port');
  if (!http01.ok) problems.http01Port = http01.message;
  const seen = new Set<string>();
  form.resolve.forEach((row, i) => {
    if (row.name.trim() === '' && row.address.trim() === '') return;
    const name = checkDnsName(row.name);
    if (row.name.trim() === '') problems[`resolve.${i}.name`] = t('acme:problem.nameMissing');
    else if (!name.ok) problems[`resolve.${i}.name`] = name.message;
    else if (name.entry.value.startsWith('*')) problems[`resolve.${i}.name`] = t('acme:problem.nameWildcard');
    else if (seen.has(name.entry.value)) problems[`resolve.${i}.name`] = t('acme:problem.nameTwice');
    else seen.add(name.entry.value);
    if (address(row.address) === null) problems[`resolve.${i}.address`] = t('acme:problem.addressInvalid');
  });
  const days = wholeNumber(form.maxValidityDays, ACME_VALIDITY_DAYS.min, ACME_VALIDITY_DAYS.max, 'lifetime');
  if (!days.ok) problems.maxValidityDays = days.message;
  const dns = dnsResolverProblem(form.dnsResolver);
  if (dns) problems.dnsResolver = dns;
  return problems;
}

/**
 * The field of the form a path main named belongs to (`resolve.0.name` stays itself), or null when
 * the form has no such field (the message then goes above the Start button).
 */
export function formFieldOf(path: string | undefined): string | null {
  if (!path) return null;
  if (/^resolve\.\d+\.(name|address)$/.test(path)) return path;
  return ['port', 'bind', 'http01Port', 'maxValidityDays', 'dnsResolver'].includes(path) ? path : null;
}

export type StartRequest = Input<'acme.start'>;

/** What `acme.start` is sent for the form, or the problems that keep it from being sent. */
export function startRequest(authorityId: string, form: AcmeForm): { readonly ok: true; readonly request: StartRequest } | { readonly ok: false; readonly problems: FormProblems } {
  const problems = formProblems(form);
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const resolve = form.resolve
    .filter((r) => r.name.trim() !== '' || r.address.trim() !== '')
    .map((r) => {
      const name = checkDnsName(r.name);
      return { name: name.ok ? name.entry.value : r.name.trim(), address: address(r.address) ?? r.address.trim() };
    });
  const request: StartRequest = {
    authorityId,
    ...(form.port.trim() ? { port: Number(form.port.trim()) } : {}),
    bind: address(form.bind) ?? form.bind.trim(),
    http01Port: Number(form.http01Port.trim()),
    resolve,
    eab: form.eab,
    labMode: form.labMode,
    maxValidityDays: Number(form.maxValidityDays.trim()),
    dnsResolver: form.dnsResolver.trim() === '' ? null : form.dnsResolver.trim(),
    ipOnlyProfile: form.ipOnlyClient ? 'client' : 'server',
  };
  return { ok: true, request };
}

// ---- Snippets --------------------------------------------------------------------------------

/* eslint-disable i18next/no-literal-string -- command lines and YAML for the clients: code, the same in every language */

/** The file the command lines read the CA chain from: write the bundle there. */
export const CA_FILE = 'ca.pem';

/** The contact the snippets put in for the user to change. */
export const EXAMPLE_EMAIL = 'you@example.com';

/** The name the snippets order when the form mapped none: a placeholder to change. */
export const EXAMPLE_NAME = 'host.example.internal';

export interface SnippetInput {
  readonly directoryUrl: string;
  /** The CA chain clients trust for the ACME server's own certificate: this CA, then its issuers. */
  readonly caPem: string;
  readonly eab: { readonly keyId: string; readonly hmacKey: string } | null;
  readonly options: Pick<AcmeServerOptions, 'http01Port' | 'resolve' | 'bind'>;
  /** The CA's common name, for the ClusterIssuer's name. */
  readonly caName: string;
}

/** The name to order in the snippets: the first lab name mapped, or a placeholder. */
export function exampleName(options: Pick<AcmeServerOptions, 'resolve'>): string {
  return options.resolve[0]?.name ?? EXAMPLE_NAME;
}

/** A Kubernetes object name (RFC 1123 label) for the CA: "certwright-acme-lab-root". */
export function issuerName(caName: string): string {
  const slug = caName
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `certwright-${slug || 'ca'}`.slice(0, 52).replace(/-+$/, '');
}

/** Base64 of the text's UTF-8 bytes (a PEM is ASCII; the loop keeps long chains off the stack). */
export function base64Text(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** A word for a POSIX shell: as it is when it is plain, else in single quotes. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9@%+=:,./_-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** certbot standalone against this server, trusting the CA bundle in ca.pem. */
export function certbotLine(input: SnippetInput): string {
  const words = ['certbot', 'certonly', '--standalone', '--server', input.directoryUrl, '-d', exampleName(input.options)];
  if (input.options.http01Port !== 80) words.push('--http-01-port', String(input.options.http01Port));
  // name=value: a base64url key id or key may start with '-', which a separate word would make an option.
  if (input.eab) words.push(`--eab-kid=${input.eab.keyId}`, `--eab-hmac-key=${input.eab.hmacKey}`);
  return `REQUESTS_CA_BUNDLE=${shellWord(CA_FILE)} ${words.map(shellWord).join(' ')}`;
}

/** lego's run against this server with its http-01 listener, trusting the CA bundle in ca.pem. */
export function legoLine(input: SnippetInput): string {
  const words = ['lego', '--server', input.directoryUrl, '--accept-tos', '--email', EXAMPLE_EMAIL, '--http'];
  if (input.options.http01Port !== 80) words.push('--http.port', `:${input.options.http01Port}`);
  if (input.eab) words.push('--eab', `--kid=${input.eab.keyId}`, `--hmac=${input.eab.hmacKey}`);
  words.push('-d', exampleName(input.options), 'run');
  return `LEGO_CA_CERTIFICATES=${shellWord(CA_FILE)} ${words.map(shellWord).join(' ')}`;
}

/** A double-quoted YAML string (JSON's quoting is valid YAML): a key id of digits stays a string. */
function yamlString(text: string): string {
  return JSON.stringify(text);
}

/** A cert-manager ClusterIssuer for this server (and, with EAB, the Secret holding its HMAC key). */
export function clusterIssuerYaml(input: SnippetInput): string {
  const name = issuerName(input.caName);
  const lines: string[] = [`# cert-manager: an ACME ClusterIssuer for Certwright's ${input.caName.replace(/[\r\n]+/g, ' ')}.`];
  if (isLoopback(input.options.bind)) lines.push(`# The server listens on ${input.options.bind}: the cluster reaches it only if it runs on this computer.`);
  if (input.eab) {
    lines.push(
      '# The EAB HMAC key, in the namespace where cert-manager keeps ClusterIssuer secrets.',
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      `  name: ${name}-eab`,
      '  namespace: cert-manager',
      'stringData:',
      `  secret: ${yamlString(input.eab.hmacKey)}`,
      '---',
    );
  }
  lines.push(
    'apiVersion: cert-manager.io/v1',
    'kind: ClusterIssuer',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  acme:',
    `    server: ${input.directoryUrl}`,
    `    email: ${EXAMPLE_EMAIL}`,
    '    # The CA chain that signed the ACME server\'s certificate (base64 of the PEM).',
    `    caBundle: ${base64Text(input.caPem.trim() + '\n')}`,
    '    privateKeySecretRef:',
    `      name: ${name}-account-key`,
  );
  if (input.eab) {
    lines.push('    externalAccountBinding:', `      keyID: ${yamlString(input.eab.keyId)}`, '      keySecretRef:', `        name: ${name}-eab`, '        key: secret');
  }
  lines.push('    solvers:', '      - http01:', '          ingress:', '            ingressClassName: nginx # your ingress class');
  return lines.join('\n') + '\n';
}

/** The three snippets, as the tabs show them. */
export function acmeSnippets(input: SnippetInput): SnippetView[] {
  return [
    { id: 'cert-manager', title: 'cert-manager', language: 'yaml', filename: 'cluster-issuer.yaml', text: clusterIssuerYaml(input), complete: true },
    { id: 'certbot', title: 'certbot', language: 'shell', filename: 'certbot.sh', text: certbotLine(input), complete: true },
    { id: 'lego', title: 'lego', language: 'shell', filename: 'lego.sh', text: legoLine(input), complete: true },
  ];
}

/* eslint-enable i18next/no-literal-string */

// ---- Accounts and orders in words ------------------------------------------------------------

/** An account (a record id) told apart from the others in a list: its first 8 characters. */
export function shortAccountId(id: string): string {
  return id.slice(0, 8);
}

/** An RFC 7638 thumbprint is 43 characters: its start and end tell keys apart. */
export function shortThumbprint(thumbprint: string): string {
  return thumbprint.length <= 16 ? thumbprint : `${thumbprint.slice(0, 8)}…${thumbprint.slice(-6)}`;
}

/** The account's contacts as a person reads them (mailto: dropped), or null when it gave none. */
export function contactText(contact: readonly string[]): string | null {
  return contact.length === 0 ? null : contact.map((c) => c.replace(/^mailto:/i, '')).join(', ');
}

/** tone: the tag class suffix (tag-ok, tag-soon, tag-expired; '' for a plain tag). The words: acme:order.<status>. */
export const ORDER_STATUS: Readonly<Record<AcmeOrderStatus, { readonly tone: string }>> = {
  pending: { tone: 'soon' },
  ready: { tone: 'soon' },
  processing: { tone: 'soon' },
  valid: { tone: 'ok' },
  invalid: { tone: 'expired' },
};

/** The words: acme:account.<status>. */
export const ACCOUNT_STATUS: Readonly<Record<AcmeAccountStatus, { readonly tone: string }>> = {
  valid: { tone: 'ok' },
  deactivated: { tone: '' },
  revoked: { tone: 'expired' },
};

// ---- Polling ---------------------------------------------------------------------------------

/** How often the panel asks main for accounts and orders while the server runs. */
export const POLL_MS = 2000;

/**
 * After this long without a key, click, scroll or pointer move in the window the panel stops asking:
 * every call from the window counts as activity for the vault's auto-lock, so a panel left polling
 * would keep an unattended vault open. The next input resumes it.
 */
export const POLL_IDLE_MS = 60_000;

/** Whether the panel asks main now: the server runs, the window is shown, the user was there lately. */
export function shouldPoll(state: { readonly running: boolean; readonly visible: boolean; readonly idleMs: number }): boolean {
  return state.running && state.visible && state.idleMs < POLL_IDLE_MS;
}
