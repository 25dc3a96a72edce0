/**
 * Untrusted content never runs where keys live (DESIGN.md §3): outside input is read in the
 * untrusted-input worker (electron/workers/), under a wall-clock limit, a heap limit and one
 * key-derivation budget per input, checked before any derivation runs.
 *
 * - A hostile corpus made here — a PKCS#12 with 40 shrouded keys each under the per-key limit, the
 *   same hidden inside encrypted SafeContents, 2^31−1 iterations in the PKCS#12 MAC, in a shrouded
 *   key and in an encrypted PKCS#8, scrypt N=2^30, five keys that are each allowed but not together,
 *   a legacy PEM wrapping a hostile PKCS#8, 100,000 levels of nesting, odd-length BMPStrings, 10 MiB
 *   inputs — each ends in a clear message within its limit, through the real router.
 * - While a slow but allowed PKCS#12 is read (≈ 1 s of PKCS#12 KDF), the main loop answers
 *   `vault.status` every 10 ms within 50 ms; the same measurement with the engine run in-process
 *   sees the stall, so the probe is known to work.
 * - A worker stopped by a limit (time, memory) is replaced: the next input is read.
 * - The worker's bundle holds no vault code.
 */
import { createServices } from '../../electron/services/index.js';
import assert from 'node:assert/strict';
import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import { build } from 'esbuild';
import { ContentInfo, EncryptedContent, EncryptedContentInfo } from '@peculiar/asn1-cms';
import { AuthenticatedSafe, CertBag, MacData, PFX, PKCS8ShroudedKeyBag, SafeBag, SafeContents } from '@peculiar/asn1-pfx';
import { EncryptedData as EncryptedKeyData, EncryptedPrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { DigestInfo } from '@peculiar/asn1-rsa';
import { english } from '../../shared/i18n/english.js';
import { AsnSerializer, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { Pbes2Params, Pbkdf2Params } from '../../electron/engine/export/pbes2-params.js';
import { bmpPassword, KDF_ID, pkcs12Kdf } from '../../electron/engine/export/pkcs12-kdf.js';
import { pbeEncrypt } from '../../electron/engine/export/pkcs12-pbe.js';
import { inspectInput } from '../../electron/engine/inspect/inspect.js';
import { KDF_BUDGET_ROUNDS } from '../../electron/engine/kdf-budget.js';
import { createHandlers } from '../../electron/main/ipc/handlers/index.js';
import { createRouter, type Router } from '../../electron/main/ipc/router.js';
import { Vault } from '../../electron/vault/vault.js';
import { TASK_LIMITS, UntrustedPool, WORKER_HEAP_MB } from '../../electron/workers/pool.js';
import type { InspectionReport } from '../../shared/domain/inspect.js';
import type { IpcError, Result } from '../../shared/errors.js';
import { openBackend, TEST_ORIGIN, TRUSTED_CALLER } from '../support/backend.js';
import { runPeer } from '../support/peers.js';

const PASSWORD = 'hostile corpus';
const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  sha256: '2.16.840.1.101.3.4.2.1',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  scrypt: '1.3.6.1.4.1.11591.4.11',
  hmacWithSHA256: '1.2.840.113549.2.9',
  aes256cbc: '2.16.840.1.101.3.4.1.42',
};
const MAX_INT32 = 2 ** 31 - 1;

// ---- DER by hand, where the classes cannot say something absurd ------------------------------------

const der = (value: object) => new Uint8Array(AsnSerializer.serialize(value));
const buffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(parts);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return new Uint8Array(Buffer.concat([Buffer.from([tag, ...length]), body]));
}
function integer(value: number): Uint8Array {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  return tlv(0x02, Buffer.from(hex, 'hex'));
}
const octets = (bytes: Uint8Array) => tlv(0x04, bytes);
function oid(text: string): Uint8Array {
  const [a, b, ...rest] = text.split('.').map(Number);
  const bytes = [a! * 40 + b!];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) groups.unshift((v & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return tlv(0x06, new Uint8Array(bytes));
}

/** PBES2 with PBKDF2-HMAC-SHA-256 of `iterations` and AES-256-CBC: the modern scheme, any count. */
function pbkdf2Scheme(iterations: number): AlgorithmIdentifier {
  const kdf = new Pbkdf2Params();
  kdf.salt = buffer(randomBytes(16));
  kdf.iterationCount = iterations;
  kdf.prf = new AlgorithmIdentifier({ algorithm: OID.hmacWithSHA256, parameters: null });
  const params = new Pbes2Params();
  params.keyDerivationFunc = new AlgorithmIdentifier({ algorithm: OID.pbkdf2, parameters: AsnSerializer.serialize(kdf) });
  params.encryptionScheme = new AlgorithmIdentifier({ algorithm: OID.aes256cbc, parameters: AsnSerializer.serialize(new OctetString(randomBytes(16))) });
  return new AlgorithmIdentifier({ algorithm: OID.pbes2, parameters: AsnSerializer.serialize(params) });
}

/** PBES2 with scrypt(N, r, p) and AES-256-CBC. */
function scryptScheme(N: number, r: number, p: number): AlgorithmIdentifier {
  const params = new Pbes2Params();
  params.keyDerivationFunc = new AlgorithmIdentifier({ algorithm: OID.scrypt, parameters: buffer(tlv(0x30, octets(randomBytes(16)), integer(N), integer(r), integer(p))) });
  params.encryptionScheme = new AlgorithmIdentifier({ algorithm: OID.aes256cbc, parameters: AsnSerializer.serialize(new OctetString(randomBytes(16))) });
  return new AlgorithmIdentifier({ algorithm: OID.pbes2, parameters: AsnSerializer.serialize(params) });
}

/** An EncryptedPrivateKeyInfo claiming `scheme`; its ciphertext is noise (nothing may get as far as decrypting it). */
function encryptedKeyInfo(scheme: AlgorithmIdentifier): Uint8Array {
  return der(new EncryptedPrivateKeyInfo({ encryptionAlgorithm: scheme, encryptedData: new EncryptedKeyData(randomBytes(48)) }));
}

function pem(label: string, bytes: Uint8Array, headers = ''): string {
  return `-----BEGIN ${label}-----\n${headers}${Buffer.from(bytes).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;
}

function shroudedBag(algorithm: AlgorithmIdentifier, ciphertext: Uint8Array): SafeBag {
  return new SafeBag({ bagId: OID.shroudedKeyBag, bagValue: AsnSerializer.serialize(new PKCS8ShroudedKeyBag({ encryptionAlgorithm: algorithm, encryptedData: new EncryptedKeyData(ciphertext) })) });
}

const dataInfo = (bytes: Uint8Array) => new ContentInfo({ contentType: OID.data, content: AsnSerializer.serialize(new OctetString(bytes)) });

/** A ContentInfo of CMS EncryptedData: `plain` under the legacy 3DES scheme at `iterations`. */
async function encryptedInfo(plain: Uint8Array, iterations: number): Promise<ContentInfo> {
  const { algorithm, ciphertext } = await pbeEncrypt(plain, PASSWORD, { target: 'legacy', iterations }, globalThis.crypto);
  const eci = new EncryptedContentInfo({ contentType: OID.data, contentEncryptionAlgorithm: algorithm, encryptedContent: new EncryptedContent({ value: new OctetString(ciphertext) }) });
  return new ContentInfo({ contentType: OID.encryptedData, content: buffer(tlv(0x30, integer(0), der(eci))) });
}

/** A PFX over these ContentInfos, with a correct HMAC-SHA-256 MAC of `macIterations` (or a claimed count and no valid MAC). */
function pfx(contents: readonly ContentInfo[], macIterations: number, validMac = true): Uint8Array {
  const authSafe = der(new AuthenticatedSafe([...contents]));
  const salt = randomBytes(16);
  const mac = validMac ? createHmac('sha256', pkcs12Kdf('sha256', bmpPassword(PASSWORD), salt, KDF_ID.mac, macIterations, 32)).update(authSafe).digest() : randomBytes(32);
  const macData = new MacData({ mac: new DigestInfo({ digestAlgorithm: new AlgorithmIdentifier({ algorithm: OID.sha256, parameters: null }), digest: new OctetString(mac) }), macSalt: new OctetString(salt), iterations: macIterations });
  return der(new PFX({ version: 3, authSafe: dataInfo(authSafe), macData }));
}

/** OpenSSL's legacy PEM encryption (EVP_BytesToKey, MD5, one iteration; AES-256-CBC). */
function legacyPem(label: string, body: Uint8Array, password: string): string {
  const iv = randomBytes(16);
  const parts: Buffer[] = [];
  let previous = Buffer.alloc(0);
  while (Buffer.concat(parts).length < 32) {
    previous = createHash('md5').update(previous).update(password).update(iv.subarray(0, 8)).digest();
    parts.push(previous);
  }
  const cipher = createCipheriv('aes-256-cbc', Buffer.concat(parts).subarray(0, 32), iv);
  const encrypted = Buffer.concat([cipher.update(body), cipher.final()]);
  return pem(label, encrypted, `Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,${iv.toString('hex').toUpperCase()}\n\n`);
}

// ---- The real router ----------------------------------------------------------------------------------

type Backend = ReturnType<typeof openBackend>;
let backend: Backend;
let dir: string;
/** The leaf key and certificate OpenSSL made for the corpus. */
let keyPkcs8: Uint8Array;
let certDer: Uint8Array;
/** A .p12 that takes ≈ 1 s to open and is allowed: legacy schemes, 150,000 PKCS#12 KDF iterations (OpenSSL). */
let slowP12: Uint8Array;

const request = { password: PASSWORD, hostCheck: null, role: 'any' as const, useSystemStore: false };

async function inspect(router: Router, bytes: Uint8Array | string, password: string | null = PASSWORD): Promise<{ result: Result<InspectionReport>; ms: number }> {
  const content = typeof bytes === 'string' ? { content: bytes, encoding: 'text' as const } : { content: Buffer.from(bytes).toString('base64'), encoding: 'base64' as const };
  const start = performance.now();
  const result = (await router.invoke('inspect.input', { ...content, ...request, password }, TRUSTED_CALLER)) as Result<InspectionReport>;
  return { result, ms: performance.now() - start };
}

const figures: string[] = [];
function note(name: string, ms: number, outcome: string): void {
  figures.push(`${name.padEnd(58)} ${`${ms.toFixed(0)} ms`.padStart(8)}  ${outcome.slice(0, 150)}`);
}

/** Refused as a whole with INVALID_INPUT and a message matching `pattern`, within `boundMs`. */
async function expectRefused(name: string, bytes: Uint8Array | string, pattern: RegExp, boundMs: number): Promise<IpcError> {
  const { result, ms } = await inspect(backend.router, bytes);
  assert.ok(!result.ok, `${name}: refused, not ${result.ok ? `a report: ${JSON.stringify(result.value.problems).slice(0, 300)}` : ''}`);
  assert.equal(result.error.code, 'INVALID_INPUT', `${name}: ${result.error.message}`);
  assert.match(result.error.message, pattern, name);
  assert.ok(ms < boundMs, `${name}: ${ms.toFixed(0)} ms (bound ${boundMs} ms)`);
  note(name, ms, `INVALID_INPUT ${result.error.message}`);
  return result.error;
}

/** Read as a report whose problems say `pattern`, within `boundMs`. */
async function expectProblem(name: string, bytes: Uint8Array | string, pattern: RegExp, boundMs: number): Promise<InspectionReport> {
  const { result, ms } = await inspect(backend.router, bytes);
  assert.ok(result.ok, `${name}: a report, not ${result.ok ? '' : JSON.stringify(result.error)}`);
  const problems = result.value.problems.map((p) => english(p.message)).join('\n');
  assert.match(problems, pattern, name);
  assert.ok(ms < boundMs, `${name}: ${ms.toFixed(0)} ms (bound ${boundMs} ms)`);
  note(name, ms, `problem: ${problems.split('\n').find((p) => pattern.test(p))}`);
  return result.value;
}

const LIMIT_MS = TASK_LIMITS['inspect.input'].timeoutMs;

describe('untrusted input is read in a worker, under limits', { timeout: 120_000 }, () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'certwright-untrusted-'));
    const f = (name: string) => join(dir, name);
    const ossl = async (...args: string[]) => {
      const run = await runPeer('openssl', args);
      assert.equal(run.code, 0, `openssl ${args.join(' ')}\n${run.stderr}`);
    };
    await ossl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('key.pem'), '-out', f('cert.pem'), '-subj', '/CN=ABCDE', '-days', '30');
    await ossl('pkcs8', '-topk8', '-nocrypt', '-in', f('key.pem'), '-outform', 'DER', '-out', f('key.der'));
    await ossl('ec', '-in', f('key.pem'), '-aes256', '-passout', `pass:${PASSWORD}`, '-out', f('key.legacy.pem'));
    await ossl('x509', '-in', f('cert.pem'), '-outform', 'DER', '-out', f('cert.der'));
    await ossl('pkcs12', '-export', '-legacy', '-iter', '150000', '-in', f('cert.pem'), '-inkey', f('key.pem'), '-passout', `pass:${PASSWORD}`, '-out', f('slow.p12'));
    keyPkcs8 = new Uint8Array(await readFile(f('key.der')));
    certDer = new Uint8Array(await readFile(f('cert.der')));
    slowP12 = new Uint8Array(await readFile(f('slow.p12')));

    // A vault with an authority, so each inspection also asks main for revocation records.
    backend = openBackend(join(dir, 'vault'));
    await backend.call('vault.create', { passphrase: 'untrusted worker passphrase' });
    await backend.call('authority.createRoot', { subject: { commonName: 'Worker Test Root' } });
    // The worker is loaded (≈ 1 s through tsx, ≈ 0.3 s bundled) before anything is timed.
    assert.ok((await inspect(backend.router, certDer)).result.ok);
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
    console.log(`\nhostile corpus through the router (limit ${LIMIT_MS / 1000} s, heap ${WORKER_HEAP_MB} MiB, budget ${KDF_BUDGET_ROUNDS.toLocaleString('en-US')} rounds):\n${figures.join('\n')}`);
  });

  test('a PKCS#12 with 40 shrouded keys of 100,000 iterations each (each under the per-key limit) is refused before any derivation', async () => {
    const { algorithm, ciphertext } = await pbeEncrypt(keyPkcs8, PASSWORD, { target: 'legacy', iterations: 100_000 }, globalThis.crypto);
    const bags = Array.from({ length: 40 }, () => shroudedBag(algorithm, ciphertext));
    const p12 = pfx([dataInfo(der(new SafeContents(bags)))], 2048);
    const error = await expectRefused('40 shrouded keys × 100,000 (plain SafeContents)', p12, /asks for 48,\d{3},\d{3} key-derivation rounds \(40 × a shrouded key \(PKCS#12 KDF \(SHA-1\), 100,000 iterations\).*Certwright stops at 8,000,000 for one input, so it ran none of them/, 1_500);
    assert.doesNotMatch(error.message, /\n/);
  });

  test('the same keys hidden inside encrypted SafeContents: stopped when the total would cross the budget', async () => {
    const { algorithm, ciphertext } = await pbeEncrypt(keyPkcs8, PASSWORD, { target: 'legacy', iterations: 100_000 }, globalThis.crypto);
    const inner = der(new SafeContents(Array.from({ length: 40 }, () => shroudedBag(algorithm, ciphertext))));
    const p12 = pfx([await encryptedInfo(inner, 100_000)], 2048);
    await expectRefused('40 keys hidden in encrypted SafeContents', p12, /needs more than 8,000,000 key-derivation rounds, where Certwright stops for one input: [\d,]+ have run, and a shrouded key \(PKCS#12 KDF \(SHA-1\), 100,000 iterations\) asks for 1,200,000 more/, LIMIT_MS);
  });

  test('2^31−1 iterations in a PKCS#12 MAC, a shrouded key and an encrypted PKCS#8; scrypt N=2^30: refused without deriving', async () => {
    await expectProblem('PKCS#12 MAC, 2,147,483,647 iterations', pfx([dataInfo(der(new SafeContents([])))], MAX_INT32, false), /asks for 2147483647 MAC iterations, more than Certwright will run \(250000\)/, 1_000);
    const bag = shroudedBag(pbkdf2Scheme(MAX_INT32), randomBytes(48));
    await expectProblem('PKCS#12 shrouded key, PBKDF2 2,147,483,647', pfx([dataInfo(der(new SafeContents([bag])))], 2048), /PBKDF2 iteration count is 2147483647, more than Certwright will run \(2000000\)/, 1_000);
    await expectProblem('encrypted PKCS#8, PBKDF2 2,147,483,647', pem('ENCRYPTED PRIVATE KEY', encryptedKeyInfo(pbkdf2Scheme(MAX_INT32))), /encrypted in a way Certwright does not open: the PBKDF2 iteration count is 2147483647, more than Certwright will run/, 1_000);
    await expectProblem('encrypted PKCS#8, scrypt N=2^30 r=8 p=1', pem('ENCRYPTED PRIVATE KEY', encryptedKeyInfo(scryptScheme(2 ** 30, 8, 1))), /scrypt with N=1073741824, r=8, p=1 needs 1,024 GiB of memory, more than Certwright will use \(64 MiB\)/, 1_000);
  });

  test('five encrypted keys, each allowed alone (2,000,000 PBKDF2 rounds), are refused together before any runs', async () => {
    const block = pem('ENCRYPTED PRIVATE KEY', encryptedKeyInfo(pbkdf2Scheme(2_000_000)));
    await expectRefused('5 encrypted PKCS#8 × 2,000,000 PBKDF2', block.repeat(5), /asks for 10,000,000 key-derivation rounds \(5 × an encrypted PKCS#8 key \(PBKDF2-HMAC-SHA-256, 2,000,000 iterations\)\); Certwright stops at 8,000,000/, 1_000);
  });

  test('a legacy encrypted PEM whose inside is a hostile encrypted PKCS#8: OpenSSL never gets a passphrase', async () => {
    const wrapped = legacyPem('ENCRYPTED PRIVATE KEY', encryptedKeyInfo(pbkdf2Scheme(MAX_INT32)), PASSWORD);
    await expectProblem('legacy PEM around PBKDF2 2,147,483,647', wrapped, /holds another encrypted key inside its legacy PEM encryption/, 1_000);
    // And OpenSSL's own legacy PEM key still opens (decrypted here; OpenSSL only parses the result).
    const { result } = await inspect(backend.router, await readFile(join(dir, 'key.legacy.pem'), 'utf8'));
    assert.ok(result.ok && result.value.objects[0]?.kind === 'private-key' && result.value.objects[0].publicKey !== null, JSON.stringify(result));
  });

  test('deep nesting and odd-length BMPStrings end in a report, not a crash', async () => {
    const n = 100_000;
    const nested = new Uint8Array(4 * n);
    for (let i = 0; i < n; i++) nested.set([0x30, 0x80], 2 * i);
    await expectProblem('100,000 nested SEQUENCEs', nested, /nested more than 48 levels/, 2_000);

    // The certificate's CN "ABCDE" turned into a BMPString of 5 bytes: the stray byte shows as U+FFFD.
    const hex = Buffer.from(certDer).toString('hex');
    assert.ok(hex.includes('0c054142434445'));
    const odd = new Uint8Array(Buffer.from(hex.replaceAll('0c054142434445', '1e054142434445'), 'hex'));
    const { result, ms } = await inspect(backend.router, odd);
    assert.ok(result.ok, JSON.stringify(result));
    const cert = result.value.objects[0];
    assert.ok(cert?.kind === 'certificate');
    assert.equal(cert.commonName, '\u4142\u4344\ufffd');
    note('certificate CN as a BMPString of odd length', ms, `report: CN ${JSON.stringify(cert.commonName)}`);

    // A PKCS#12 friendlyName as a BMPString of odd length.
    // By hand: asn1-schema itself cannot write an odd BMPString.
    const certValue = der(new CertBag({ certId: OID.x509Certificate, certValue: AsnSerializer.serialize(new OctetString(certDer)) }));
    const friendly = tlv(0x30, oid(OID.friendlyName), tlv(0x31, tlv(0x1e, new Uint8Array([0x00, 0x41, 0x42]))));
    const certBag = tlv(0x30, oid(OID.certBag), tlv(0xa0, certValue), tlv(0x31, friendly));
    const p12 = pfx([dataInfo(tlv(0x30, certBag))], 2048);
    const started = performance.now();
    const read = await inspect(backend.router, p12);
    assert.ok(read.result.ok, JSON.stringify(read.result));
    const problems = read.result.value.problems.map((p) => english(p.message)).join('\n');
    assert.match(problems, /damaged: the text \(BMPString\) at byte \d+ has an odd length, 3 bytes: it is damaged/);
    note('PKCS#12 friendlyName as a BMPString of odd length', performance.now() - started, `problem: ${problems}`);
  });

  test('10 MiB inputs: over the limit refused at once; a 10 MiB element bomb stops at the heap limit and the worker is replaced', async () => {
    const size = 10 * 1024 * 1024;
    // Through IPC: one byte over 10 MiB is refused by the channel's schema before any reading…
    const over = await inspect(backend.router, new Uint8Array(size + 3).fill(0x41));
    assert.ok(!over.result.ok && over.result.error.code === 'INVALID_INPUT' && /larger than 10 MiB/.test(over.result.error.message), JSON.stringify(over.result).slice(0, 300));
    note('10 MiB + 3 bytes through the router', over.ms, `INVALID_INPUT ${over.result.ok ? '' : over.result.error.message}`);
    // …and 10 MiB of noise is read in the worker and explained, quickly.
    const noise = await inspect(backend.router, new Uint8Array(size).fill(0x41));
    assert.ok(noise.result.ok || noise.result.error.code === 'INVALID_INPUT', JSON.stringify(noise.result).slice(0, 300));
    assert.ok(noise.ms < 10_000, `${noise.ms} ms`);
    note('10 MiB of noise through the router', noise.ms, noise.result.ok ? `report, ${noise.result.value.problems.length} problem(s)` : `INVALID_INPUT ${noise.result.error.message}`);

    // Straight into a pool (the path of any caller that does not go through the router's cap):
    // five million empty SEQUENCEs would make a tree of ≈ 700 MiB. Here the heap limit is 64 MiB.
    const pool = new UntrustedPool({ size: 1, resourceLimits: { maxOldGenerationSizeMb: 64 } });
    try {
      const scope = { vault: [], now: Date.now() };
      const over = new Uint8Array(size + 1).fill(0x41);
      await assert.rejects(pool.run('inspect.input', { bytes: over, request, scope }), /content: The input is larger than 10 MiB/);
      const bomb = new Uint8Array(size);
      const body = size - 6;
      bomb.set([0x30, 0x84, body >>> 24, (body >> 16) & 0xff, (body >> 8) & 0xff, body & 0xff]);
      for (let i = 6; i < size; i += 2) bomb[i] = 0x30;
      const start = performance.now();
      await assert.rejects(pool.run('inspect.input', { bytes: bomb, request, scope }, { transfer: [bomb.buffer] }), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'INVALID_INPUT');
        assert.match(error.message, /^content: Reading this input needed more than 64 MiB of memory; Certwright stopped it\./);
        note('10 MiB of empty SEQUENCEs, heap limit 64 MiB', performance.now() - start, error.message);
        return true;
      });
      assert.equal(pool.replaced, 1);
      const next = await pool.run('inspect.input', { bytes: certDer.slice(), request, scope });
      assert.equal(next.objects[0]?.kind, 'certificate', 'the replacement worker reads the next input');
    } finally {
      await pool.close();
    }
  });

  test('while a slow but allowed PKCS#12 is read, the main loop answers IPC within 50 ms (in-process, it would not)', async () => {
    /** Calls vault.status every 10 ms until `work` settles; each latency is measured from when the call was due. */
    async function probe(work: () => Promise<unknown>, call: () => Promise<unknown>): Promise<{ latencies: number[]; workMs: number; outcome: unknown }> {
      const latencies: number[] = [];
      let settled = false;
      const start = performance.now();
      const running = work().then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      void running.finally(() => (settled = true));
      let due = performance.now();
      while (!settled) {
        due += 10;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
        await call();
        latencies.push(performance.now() - due);
      }
      const outcome = await running;
      return { latencies, workMs: performance.now() - start, outcome };
    }
    const status = async () => {
      const result = await backend.router.invoke('vault.status', {}, TRUSTED_CALLER);
      assert.ok(result.ok);
    };
    await inspect(backend.router, certDer); // both workers loaded: the measurement is of reading, not of starting

    // A shared, busy machine can take the CPU from any thread for a moment; the worker's reading
    // cannot (it is not on the main thread). So: the best of up to three runs must stay under 50 ms,
    // where reading on the main thread stalls it for hundreds of milliseconds every time.
    let best = Infinity;
    for (let run = 1; run <= 3 && best >= 50; run++) {
      const inWorker = await probe(() => inspect(backend.router, slowP12), status);
      const report = (inWorker.outcome as { value: { result: Result<InspectionReport> } }).value.result;
      assert.ok(report.ok, JSON.stringify(report));
      assert.deepEqual(
        report.value.objects.map((o) => o.kind),
        ['pkcs12', 'certificate', 'private-key'],
      );
      const sorted = [...inWorker.latencies].sort((a, b) => a - b);
      const max = sorted.at(-1)!;
      console.log(
        `IPC while a .p12 is read in the worker (${inWorker.workMs.toFixed(0)} ms, run ${run}): ${sorted.length} vault.status calls, median ${sorted[sorted.length >> 1]!.toFixed(1)} ms, p99 ${sorted[Math.floor(sorted.length * 0.99)]!.toFixed(1)} ms, max ${max.toFixed(1)} ms`,
      );
      assert.ok(inWorker.workMs > 300, `the input is slow enough to matter (${inWorker.workMs.toFixed(0)} ms)`);
      assert.ok(sorted.length >= 30, `${sorted.length} calls`);
      best = Math.min(best, max);
    }
    assert.ok(best < 50, `max IPC latency ${best.toFixed(1)} ms while parsing (best of three runs)`);

    // The probe sees a stall when there is one: the same reading on the main thread.
    const context = { vault: [], system: () => [], now: new Date(), crypto: globalThis.crypto, revocationOf: () => null };
    const inProcess = await probe(() => inspectInput(slowP12, request, context), status);
    const stalled = Math.max(...inProcess.latencies);
    console.log(`the same .p12 read on the main thread (${inProcess.workMs.toFixed(0)} ms): max vault.status latency ${stalled.toFixed(0)} ms`);
    assert.ok(stalled > 100, `in-process reading stalls the loop (${stalled.toFixed(0)} ms)`);
  });

  test('a worker stopped by the wall-clock limit is replaced; other callers are not affected', async () => {
    const pool = new UntrustedPool({ size: 2, timeoutMs: { 'inspect.input': 300 } });
    const vault = new Vault({ directory: join(dir, 'vault'), crypto: globalThis.crypto });
    const router = createRouter({ handlers: createHandlers(createServices({ vault, untrusted: pool })), trustedOrigin: TEST_ORIGIN, emit: () => undefined });
    try {
      await inspect(router, certDer); // warm
      const [slow, quick] = await Promise.all([inspect(router, slowP12), inspect(router, certDer)]);
      assert.ok(!slow.result.ok);
      assert.equal(slow.result.error.code, 'INVALID_INPUT');
      assert.equal(slow.result.error.message, 'content: Reading this input took longer than 300 ms; Certwright stopped it. It may be damaged or made to keep the computer busy; nothing else was affected.');
      assert.ok(slow.ms < 300 + 500, `stopped at its limit (${slow.ms.toFixed(0)} ms)`);
      note('slow .p12 with a 300 ms limit', slow.ms, `INVALID_INPUT ${slow.result.error.message}`);
      assert.ok(quick.result.ok, 'the other worker went on');
      assert.equal(pool.replaced, 1);
      const next = await inspect(router, certDer);
      assert.ok(next.result.ok && next.result.value.objects[0]?.kind === 'certificate', 'the next input is read');
      assert.ok(pool.workers <= 2);
    } finally {
      await pool.close();
    }
  });

  test('the worker bundle holds no vault code', async () => {
    const bundle = await build({ entryPoints: ['electron/workers/untrusted-worker.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', write: false, metafile: true, logLevel: 'silent', absWorkingDir: process.cwd() });
    const inputs = Object.keys(bundle.metafile.inputs);
    assert.ok(inputs.some((p) => p.startsWith('electron/engine/inspect/')), 'the bundle was analysed');
    assert.deepEqual(
      inputs.filter((p) => p.startsWith('electron/vault/') || p.startsWith('electron/main/ipc/')),
      [],
    );
  });
});
