/** Helpers shared by the issuing, CSR and handshake interop tests: refusals, PEM files, openssl text. */
import assert from 'node:assert/strict';
import { createHash, createPublicKey } from 'node:crypto';
import type { Channel, Input } from '../../shared/ipc/contract.js';
import type { IpcError } from '../../shared/errors.js';
import { TRUSTED_CALLER, type openBackend } from './backend.js';
import { runPeer, writeTemp } from './peers.js';

export type Backend = ReturnType<typeof openBackend>;

/** Calls a channel that must be refused, and returns the error as the window would see it. */
export async function refused<C extends Channel>(backend: Backend, channel: C, input: Input<C>): Promise<IpcError> {
  const result = await backend.router.invoke(channel, input, TRUSTED_CALLER);
  assert.equal(result.ok, false, `${channel} should have been refused, but it returned ${JSON.stringify(result).slice(0, 300)}`);
  if (result.ok) throw new Error('unreachable');
  return result.error;
}

/** Asserts an INVALID_INPUT refusal on `field` whose message matches every pattern. */
export async function expectInvalid<C extends Channel>(backend: Backend, channel: C, input: Input<C>, field: string, ...patterns: RegExp[]): Promise<IpcError> {
  const error = await refused(backend, channel, input);
  assert.equal(error.code, 'INVALID_INPUT', JSON.stringify(error));
  assert.equal(error.details?.field, field, JSON.stringify(error));
  for (const pattern of patterns) assert.match(error.message, pattern);
  return error;
}

/** `openssl x509 -text` of a PEM file. */
export async function x509Text(file: string): Promise<string> {
  const text = await runPeer('openssl', ['x509', '-in', file, '-noout', '-text']);
  assert.equal(text.code, 0, text.stderr);
  return text.stdout;
}

/**
 * One extension as `openssl x509 -text` prints it: whether the header says "critical", and the
 * indented lines below the header (trimmed, joined with newlines). Null if it is absent.
 */
export function extension(text: string, name: string): { critical: boolean; value: string } | null {
  const lines = text.split('\n');
  const index = lines.findIndex((l) => l.trim().startsWith(`${name}:`));
  if (index < 0) return null;
  const header = lines[index]!;
  const indent = header.search(/\S/);
  const values: string[] = [];
  for (const line of lines.slice(index + 1)) {
    if (line.trim() === '' || line.search(/\S/) <= indent) break;
    values.push(line.trim());
  }
  return { critical: /:\s*critical\s*$/.test(header), value: values.join('\n') };
}

export function requireExtension(text: string, name: string): { critical: boolean; value: string } {
  const found = extension(text, name);
  assert.ok(found, `${name} is missing from:\n${text}`);
  return found;
}

/** `openssl verify -x509_strict` with a purpose; returns the peer's verdict and its output. */
export async function opensslVerify(options: { caFile: string; untrusted?: string; purpose?: string; extra?: string[] }, leaf: string) {
  const args = ['verify', '-x509_strict', ...(options.purpose ? ['-purpose', options.purpose] : []), '-CAfile', options.caFile];
  if (options.untrusted) args.push('-untrusted', options.untrusted);
  args.push(...(options.extra ?? []), leaf);
  const result = await runPeer('openssl', args);
  return { ok: result.code === 0 && /: OK$/m.test(result.stdout), output: `${result.stdout}${result.stderr}` };
}

/** `certtool --verify-chain` on leaf, intermediates and root in one file. */
export async function certtoolChain(dir: string, name: string, pems: readonly string[]) {
  const file = await writeTemp(dir, name, pems.map((p) => p.trim()).join('\n') + '\n');
  const result = await runPeer('certtool', ['--verify-chain', '--infile', file]);
  return { ok: result.code === 0 && /Chain verification output: Verified\. The certificate is trusted\./.test(result.stdout), output: result.stdout + result.stderr };
}

/** The PEM blocks of a text, each with its END line and a newline. */
export function pemBlocks(text: string): string[] {
  return [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g)].map((m) => `${m[0]}\n`);
}

/** Reads one DER TLV header at `offset`: where the contents start and how long they are. */
function tlv(der: Buffer, offset: number): { tag: number; start: number; length: number } {
  const tag = der[offset]!;
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + der[start + i]!;
    start += octets;
  }
  return { tag, start, length };
}

/**
 * The key identifiers a CA may put in SKI for this public key, computed independently of the
 * product from the SPKI that OpenSSL prints: RFC 5280 §4.2.1.2 method 1 (SHA-1 of the
 * subjectPublicKey BIT STRING's value) and RFC 7093 §2 method 4 (leftmost 160 bits of SHA-256 of the
 * DER SubjectPublicKeyInfo). Colon-separated upper-case hex, as `openssl x509 -text` prints them.
 */
export function keyIdsFromPublicKeyPem(publicKeyPem: string): { method1: string; method4: string } {
  const spki = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  const outer = tlv(spki, 0);
  const algorithm = tlv(spki, outer.start);
  const bits = tlv(spki, algorithm.start + algorithm.length);
  assert.equal(bits.tag, 0x03, 'subjectPublicKey is a BIT STRING');
  const value = spki.subarray(bits.start + 1, bits.start + bits.length);
  const colon = (b: Buffer) => b.toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1:');
  return { method1: colon(createHash('sha1').update(value).digest()), method4: colon(createHash('sha256').update(spki).digest().subarray(0, 20)) };
}

/** `openssl x509 -pubkey -noout` (or `req -pubkey`) of a file. */
export async function publicKeyOf(kind: 'x509' | 'req', file: string): Promise<string> {
  const result = await runPeer('openssl', [kind, '-in', file, '-noout', '-pubkey']);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}
