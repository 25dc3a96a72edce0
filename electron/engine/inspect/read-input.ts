/**
 * From whatever the user handed over — pasted text, a file's bytes — to the objects inside it,
 * recognised by content: PEM (any number of blocks, any mix), base64, DER, PKCS#7, PKCS#12 and
 * every private/public key encoding. Anything unreadable becomes a specific problem ("PEM block 3 is
 * truncated", "this looks like an SSH key, not X.509") while the rest is still read.
 *
 * Private keys are opened by Node (OpenSSL) only to learn their public half; the private bytes are
 * never kept, never returned (except, when the caller asks, the PKCS#8 of keys for an import).
 * Encrypted ones are decrypted by Certwright itself (encrypted-key.ts), never by OpenSSL, and every
 * key derivation of the input together is held to one budget, checked before any runs
 * (../kdf-budget.ts).
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { INSPECT_MAX_BYTES, INSPECT_MAX_OBJECTS, type InputProblem } from '../../../shared/domain/inspect.js';
import { pkcs12KdfSteps, readPkcs12, Pkcs12Error, WrongPasswordError } from '../export/pkcs12.js';
import { certificatesFromPkcs7 } from '../export/pkcs7.js';
import { KdfBudget, KdfBudgetError, type KdfStep } from '../kdf-budget.js';
import { base64Bytes, containsPem, countPemBlocks, damageReason, pemBytes, readPem, toPem } from '../pem.js';
import type { EngineCrypto } from '../webcrypto.js';
import { MalformedError, parseCertificate, type ParsedCertificate } from './certificate.js';
import { classify, PEM_LABEL_KINDS, type DerKind } from './classify.js';
import { DerError, walkDer, type DerNode } from './der.js';
import { ReasonedError } from '../../../shared/i18n/reasoned-error.js';
import { msg, type Msg } from '../../../shared/i18n/message.js';
import { BASE64_SOURCE, contentsSummary, DER_FILE_SOURCE, kindNameKey, pemBlockSource, pkcs12CertificateSource, pkcs12KeySource, pkcs7CertificateSource, problem, withKind } from './words.js';
import { decryptEncryptedPkcs8, decryptLegacyPem, encryptedPkcs8Steps, KeyEncryptionError, KeyPasswordError, legacyPemSteps } from './encrypted-key.js';

export type KeyFormat = 'PKCS#8' | 'encrypted PKCS#8' | 'PKCS#1 RSA' | 'SEC1 EC' | 'encrypted PEM (OpenSSL legacy)' | 'SubjectPublicKeyInfo' | 'PKCS#1 RSA public key';

interface ItemBase {
  readonly source: Msg;
  readonly der: Uint8Array;
  readonly root: DerNode;
}

export type Item =
  | (ItemBase & { readonly kind: 'certificate'; readonly cert: ParsedCertificate })
  | (ItemBase & { readonly kind: 'csr' | 'crl' })
  | (ItemBase & { readonly kind: 'pkcs7' | 'pkcs12'; readonly summary: Msg })
  | { readonly kind: 'private-key' | 'public-key'; readonly source: Msg; readonly format: KeyFormat; readonly spki: Uint8Array | null };

export interface ReadResult {
  readonly items: Item[];
  readonly problems: InputProblem[];
  readonly needsPassword: { readonly what: string; readonly wrong: boolean } | null;
  /** With `keepPrivateKeys`: every private key read, as PKCS#8 with its SPKI; empty otherwise. Wipe them after use. */
  readonly privateKeys: readonly KeptKey[];
}

export interface KeptKey {
  readonly spki: Uint8Array;
  readonly pkcs8: Uint8Array;
}

export interface ReadOptions {
  /** Keep the PKCS#8 of every private key read (for an import). */
  readonly keepPrivateKeys?: boolean;
  /** The input's key-derivation budget; a fresh {@link KdfBudget} by default. */
  readonly budget?: KdfBudget;
  /** Blocks between turns given to the event loop. */
  readonly yieldEvery?: number;
}

interface Block {
  readonly source: Msg;
  readonly label: string | null;
  readonly der: Uint8Array;
  /** A block with legacy encryption headers: its DEK-Info names the cipher and IV. */
  readonly legacy: { readonly dekInfo: string } | null;
}


/** Inputs that are not X.509 at all but often get pasted into a certificate tool. */
/** Other formats, named: each refusal's words, with the command that converts it (a command, not words: a parameter). */
const NOT_X509: ReadonlyArray<[RegExp, Msg]> = [
  [/^-----BEGIN OPENSSH PRIVATE KEY-----/m, msg('errors:input.opensshKey', { command: 'ssh-keygen -p -m PKCS8 -f KEYFILE' })],
  [/^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp\d+|sk-ssh-\S+|sk-ecdsa-\S+) AAAA/m, msg('errors:input.sshPublicKey', { command: 'ssh-keygen -e -m PKCS8 -f KEY.pub' })],
  [/^(ssh-(rsa|ed25519)|ecdsa-sha2-nistp\d+)-cert-v01@openssh\.com /m, msg('errors:input.opensshCertificate', { command: 'ssh-keygen -L -f FILE' })],
  [/^---- BEGIN SSH2 (PUBLIC|ENCRYPTED PRIVATE) KEY ----/m, msg('errors:input.ssh2Key')],
  [/^-----BEGIN PGP /m, msg('errors:input.pgp')],
  [/^PuTTY-User-Key-File-/m, msg('errors:input.putty')],
  [/^\s*\{[\s\S]*"kty"\s*:/, msg('errors:input.jwk')],
];

const MAGIC: ReadonlyArray<[number[], Msg]> = [
  [[0x50, 0x4b, 0x03, 0x04], msg('errors:input.zip')],
  [[0x1f, 0x8b], msg('errors:input.gzip')],
  [[0x25, 0x50, 0x44, 0x46], msg('errors:input.pdf')],
  [[0x89, 0x50, 0x4e, 0x47], msg('errors:input.png')],
  [[0xff, 0xd8, 0xff], msg('errors:input.jpeg')],
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function asText(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function splitPem(text: string, problems: InputProblem[]): Block[] {
  // Counted before anything is read: 40,000 tiny blocks are refused at once, damaged or not.
  const count = countPemBlocks(text);
  if (count > INSPECT_MAX_OBJECTS) throw new InputError(msg('errors:input.tooManyBlocks', { count, max: INSPECT_MAX_OBJECTS }));
  return readPem(text).flatMap((entry): Block[] => {
    const source = pemBlockSource(entry.index, entry.label);
    if (!entry.ok) {
      problems.push({ source, message: damageReason(entry) });
      return [];
    }
    const legacy = /^4,\s*ENCRYPTED$/i.test(entry.headers['Proc-Type'] ?? '') ? { dekInfo: entry.headers['DEK-Info'] ?? '' } : null;
    return [{ source, label: entry.label, der: pemBytes(entry), legacy }];
  });
}

/** Splits the input into DER blocks, or says precisely why it cannot. */
function blocksOf(input: Uint8Array, problems: InputProblem[]): Block[] {
  if (input.length === 0) throw new InputError(msg('errors:input.empty'));
  if (input.length > INSPECT_MAX_BYTES) throw new InputError(msg('errors:input.tooLarge'));
  const text = input[0] === 0x30 ? null : asText(input);
  if (text !== null) {
    for (const [pattern, reason] of NOT_X509) if (pattern.test(text)) throw new InputError(reason);
    if (containsPem(text)) return splitPem(text, problems);
    const der = base64Bytes(text);
    if (der !== null && der[0] === 0x30) return [{ source: BASE64_SOURCE, label: null, der, legacy: null }];
    if (/-----BEGIN|-----END/.test(text)) throw new InputError(msg('errors:pem.armour'));
    throw new InputError(msg('errors:input.notPemText'));
  }
  for (const [magic, reason] of MAGIC) if (startsWith(input, magic)) throw new InputError(reason);
  if (input[0] !== 0x30) throw new InputError(msg('errors:input.notDer', { bytes: Buffer.from(input.subarray(0, 4)).toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1 ') }));
  return [{ source: DER_FILE_SOURCE, label: null, der: input, legacy: null }];
}

/** The whole input is unreadable; `reason` says why, as data (the window words it; `message` is the English). */
export class InputError extends ReasonedError {}

interface Reader {
  readonly password: string | null;
  readonly keepPrivateKeys: boolean;
  readonly privateKeys: KeptKey[];
  readonly budget: KdfBudget;
  readonly crypto: EngineCrypto;
  readonly items: Item[];
  readonly problems: InputProblem[];
  needsPassword: { what: string; wrong: boolean } | null;
}

/** The key's public half; when the caller asked for them, a private key's PKCS#8 is kept too. */
function spkiOf(reader: Reader, key: KeyObject): Uint8Array {
  const spki = new Uint8Array(createPublicKey(key).export({ type: 'spki', format: 'der' }));
  if (key.type === 'private' && reader.keepPrivateKeys) reader.privateKeys.push({ spki, pkcs8: new Uint8Array(key.export({ type: 'pkcs8', format: 'der' })) });
  return spki;
}

/** Opens an unencrypted private key just long enough to learn its public key. */
function privateKeySpki(reader: Reader, der: Uint8Array, type: 'pkcs8' | 'pkcs1' | 'sec1'): Uint8Array {
  return spkiOf(reader, createPrivateKey({ key: Buffer.from(der), format: 'der', type }));
}

/**
 * A legacy encrypted PEM key: decrypted here, then given to OpenSSL's PEM reader under its own label
 * and WITHOUT a passphrase — so whatever it turns out to hold, OpenSSL derives nothing.
 */
function legacyPemSpki(reader: Reader, block: Block, password: string): Uint8Array {
  const plain = decryptLegacyPem(block.legacy!.dekInfo, block.der, password, reader.budget);
  try {
    return spkiOf(reader, createPrivateKey({ key: toPem(block.label ?? 'PRIVATE KEY', plain), format: 'pem' }));
  } catch (error) {
    // Without a passphrase OpenSSL cannot derive anything; it asks for one, and Node says no.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MISSING_PASSPHRASE' || code === 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED') throw new KeyEncryptionError('it holds another encrypted key inside its legacy PEM encryption; Certwright does not open keys encrypted twice');
    // About 1 in 256 wrong passwords still ends in valid padding: the result is then no key at all.
    throw new KeyPasswordError('the password is wrong, or the key is damaged: it decrypts to no key');
  } finally {
    plain.fill(0);
  }
}

async function encryptedPkcs8Spki(reader: Reader, der: Uint8Array, password: string): Promise<Uint8Array> {
  const plain = await decryptEncryptedPkcs8(der, password, reader.crypto, reader.budget);
  try {
    return privateKeySpki(reader, plain, 'pkcs8');
  } catch {
    throw new KeyPasswordError('the password is wrong, or the key is damaged: it decrypts to no PKCS#8 key');
  } finally {
    plain.fill(0);
  }
}

function push(reader: Reader, item: Item): void {
  if (reader.items.length >= INSPECT_MAX_OBJECTS) throw new InputError(msg('errors:input.tooManyObjects', { max: INSPECT_MAX_OBJECTS }));
  reader.items.push(item);
}

function walk(reader: Reader, source: Msg, der: Uint8Array): DerNode | null {
  try {
    return walkDer(der);
  } catch (error) {
    if (!(error instanceof DerError)) throw error;
    reader.problems.push(problem(source, 'inspect:problem.damaged', { reason: error.message }));
    return null;
  }
}

function readCertificate(reader: Reader, source: Msg, der: Uint8Array, root?: DerNode): void {
  const tree = root ?? walk(reader, source, der);
  if (!tree) return;
  try {
    push(reader, { kind: 'certificate', source, der, root: tree, cert: parseCertificate(der, tree) });
  } catch (error) {
    if (!(error instanceof MalformedError)) throw error;
    reader.problems.push(problem(source, 'inspect:problem.damaged', { reason: error.message }));
  }
}

async function readPfx(reader: Reader, block: Block, root: DerNode): Promise<void> {
  const attempts = reader.password === null ? [''] : [reader.password];
  let contents;
  try {
    contents = await readPkcs12(block.der, attempts[0]!, reader.crypto, reader.budget);
  } catch (error) {
    if (error instanceof WrongPasswordError) {
      reader.needsPassword = { what: 'PKCS#12 keystore', wrong: reader.password !== null };
      reader.problems.push(problem(block.source, reader.password === null ? 'inspect:problem.pkcs12Password' : 'inspect:problem.pkcs12WrongPassword'));
      return;
    }
    if (error instanceof Pkcs12Error) {
      reader.problems.push(problem(block.source, error.reason.key, error.reason.params));
      return;
    }
    throw error;
  }
  push(reader, { kind: 'pkcs12', source: block.source, der: block.der, root, summary: contentsSummary(contents.certificates.length, contents.privateKeys.length, contents.friendlyNames) });
  contents.certificates.forEach((der, i) => readCertificate(reader, pkcs12CertificateSource(i + 1), der));
  contents.privateKeys.forEach((der, i) => {
    const source = pkcs12KeySource(i + 1);
    try {
      push(reader, { kind: 'private-key', source, format: 'PKCS#8', spki: privateKeySpki(reader, der, 'pkcs8') });
    } catch {
      reader.problems.push(problem(source, 'inspect:problem.notPkcs8'));
    } finally {
      der.fill(0);
    }
  });
}

function readPkcs7(reader: Reader, block: Block, root: DerNode): void {
  let certificates: Uint8Array[];
  try {
    certificates = certificatesFromPkcs7(block.der);
  } catch {
    reader.problems.push(problem(block.source, 'inspect:problem.pkcs7Unreadable'));
    return;
  }
  push(reader, { kind: 'pkcs7', source: block.source, der: block.der, root, summary: contentsSummary(certificates.length, 0, []) });
  certificates.forEach((der, i) => readCertificate(reader, pkcs7CertificateSource(i + 1), der));
}

/** What failed when a key was opened: a password problem, an encryption Certwright refuses, or damage. */
function keyFailure(reader: Reader, source: Msg, error: unknown, encrypted: boolean): void {
  // The input as a whole is refused (too many objects, its key-derivation budget), not this key.
  if (error instanceof InputError || error instanceof KdfBudgetError) throw error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof KeyEncryptionError) {
    reader.problems.push(problem(source, 'inspect:problem.encryptionRefused', { reason: message }));
    return;
  }
  if (encrypted && (reader.password === null || /bad decrypt|passphrase|password/i.test(message))) {
    reader.needsPassword = { what: 'encrypted private key', wrong: reader.password !== null };
    reader.problems.push(problem(source, reader.password === null ? 'inspect:problem.keyPassword' : 'inspect:problem.keyWrongPassword'));
    return;
  }
  reader.problems.push(problem(source, 'inspect:problem.unusableKey', { reason: message.replace(/^error:[0-9A-F]+:/i, '') }));
}

async function readKey(reader: Reader, block: Block, kind: DerKind): Promise<void> {
  const { source, der } = block;
  const encrypted = kind === 'encrypted-pkcs8' || block.legacy !== null;
  try {
    let format: KeyFormat;
    let spki: Uint8Array | null;
    let isPrivate = true;
    if (block.legacy !== null) {
      format = 'encrypted PEM (OpenSSL legacy)';
      spki = reader.password === null ? null : legacyPemSpki(reader, block, reader.password);
    } else if (kind === 'encrypted-pkcs8') {
      format = 'encrypted PKCS#8';
      spki = reader.password === null ? null : await encryptedPkcs8Spki(reader, der, reader.password);
    } else if (kind === 'pkcs8') {
      format = 'PKCS#8';
      spki = privateKeySpki(reader, der, 'pkcs8');
    } else if (kind === 'pkcs1-private') {
      format = 'PKCS#1 RSA';
      spki = privateKeySpki(reader, der, 'pkcs1');
    } else if (kind === 'sec1') {
      format = 'SEC1 EC';
      spki = privateKeySpki(reader, der, 'sec1');
    } else if (kind === 'spki') {
      isPrivate = false;
      format = 'SubjectPublicKeyInfo';
      spki = new Uint8Array(createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' }).export({ type: 'spki', format: 'der' }));
    } else {
      isPrivate = false;
      format = 'PKCS#1 RSA public key';
      spki = new Uint8Array(createPublicKey({ key: Buffer.from(der), format: 'der', type: 'pkcs1' }).export({ type: 'spki', format: 'der' }));
    }
    if (encrypted && spki === null) {
      reader.needsPassword = { what: 'encrypted private key', wrong: false };
      reader.problems.push(problem(source, 'inspect:problem.keyPassword'));
    }
    // Neither the private key's bytes nor its ASN.1 tree are kept: only what its public half says.
    push(reader, { kind: isPrivate ? 'private-key' : 'public-key', source, format, spki });
  } catch (error) {
    keyFailure(reader, source, error, encrypted);
  }
}

/** A block walked and classified (phase 1), so that the input's key derivations can be costed first. */
interface Prepared {
  readonly block: Block;
  /** null: a legacy encrypted PEM block (its body is ciphertext), or one whose walk failed (`walkError`). */
  readonly root: DerNode | null;
  readonly walkError: Msg | null;
  readonly kind: DerKind;
}

function prepare(block: Block): Prepared {
  if (block.legacy !== null) return { block, root: null, walkError: null, kind: 'pkcs1-private' };
  try {
    const root = walkDer(block.der);
    return { block, root, walkError: null, kind: classify(block.der, root) };
  } catch (error) {
    if (!(error instanceof DerError)) throw error;
    return { block, root: null, walkError: msg('inspect:problem.damaged', { reason: error.message }), kind: 'unknown' };
  }
}

/** The key derivations reading this block visibly asks for; what Certwright would refuse anyway counts nothing. */
function stepsOf(prepared: Prepared, password: string | null): KdfStep[] {
  const { block, kind, root } = prepared;
  try {
    if (block.legacy !== null) return password === null ? [] : legacyPemSteps(block.legacy.dekInfo);
    if (root === null) return [];
    if (kind === 'pkcs12') return pkcs12KdfSteps(block.der, password ?? '');
    if (kind === 'encrypted-pkcs8' && password !== null) return encryptedPkcs8Steps(block.der);
  } catch {
    // refused with its own message when it is read
  }
  return [];
}

async function readBlock(reader: Reader, prepared: Prepared): Promise<void> {
  let { block } = prepared;
  const { root, kind } = prepared;
  if (block.legacy !== null) return readKey(reader, block, 'pkcs1-private'); // encrypted body: its DEK-Info says how to open it
  if (!root) {
    reader.problems.push(problem(block.source, prepared.walkError!.key, prepared.walkError!.params));
    return;
  }
  // Unlabelled input is named by what it turned out to be: "DER file (PKCS#12 keystore)".
  if (block.label === null && kind !== 'unknown') block = { ...block, source: withKind(block.source, kind) };
  const promised = block.label === null ? null : PEM_LABEL_KINDS[block.label];
  if (block.label !== null && promised === undefined && kind === 'unknown') {
    reader.problems.push(problem(block.source, 'inspect:problem.unreadLabel'));
    return;
  }
  if (promised && promised !== kind && kind !== 'unknown') {
    reader.problems.push(problem(block.source, 'inspect:problem.mislabelled', { held: kindNameKey(kind) }));
  }
  switch (kind) {
    case 'certificate':
      return readCertificate(reader, block.source, block.der, root);
    case 'csr':
    case 'crl':
      return push(reader, { kind, source: block.source, der: block.der, root });
    case 'pkcs7':
      return readPkcs7(reader, block, root);
    case 'pkcs12':
      return readPfx(reader, block, root);
    case 'unknown':
      reader.problems.push(problem(block.source, 'inspect:problem.unknownKind'));
      return;
    default:
      return readKey(reader, block, kind);
  }
}

/**
 * Reads every object in the input. Throws {@link InputError} only when nothing at all can be read —
 * or when the input asks for more key derivation than its budget: every block is walked and
 * classified first, the derivations they visibly ask for are added up and refused together before
 * any runs; each one is charged again when it runs, which catches those hidden inside encrypted parts.
 */
export async function readInput(input: Uint8Array, password: string | null, crypto: EngineCrypto, options: ReadOptions = {}): Promise<ReadResult> {
  const problems: InputProblem[] = [];
  const blocks = blocksOf(input, problems);
  const { yieldEvery = 64, budget = new KdfBudget() } = options;
  const reader: Reader = { password, keepPrivateKeys: options.keepPrivateKeys ?? false, privateKeys: [], budget, crypto, items: [], problems, needsPassword: null };
  try {
    const prepared = blocks.map(prepare);
    budget.preflight(prepared.flatMap((p) => stepsOf(p, password)));
    for (const [i, block] of prepared.entries()) {
      await readBlock(reader, block);
      // Long inputs give the event loop (IPC, other windows) a turn now and then.
      if (i % yieldEvery === yieldEvery - 1) await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    reader.privateKeys.forEach((key) => key.pkcs8.fill(0));
    // The budget's own words are still English (engine/kdf-budget.ts).
    if (error instanceof KdfBudgetError) throw new InputError(msg('errors:detail', { detail: error.message }));
    throw error;
  }
  return { items: reader.items, problems: reader.problems, needsPassword: reader.needsPassword, privateKeys: reader.privateKeys };
}
