/**
 * The tasks the untrusted-input worker runs: everything Certwright reads from outside — files and
 * pasted text, PKCS#12 and key imports, CSRs, CRLs, what a TLS server sends. They get the vault's
 * public data (CA certificates) as plain data, ask main for revocation records when they need them,
 * and hand back plain results; the only private bytes that ever go back are the PKCS#8 of a key being
 * imported. Worker side only: main imports ./protocol.ts, not this file.
 */
import { inLanes } from '../../shared/lanes.js';
import { CertwrightError, atField } from '../../shared/errors.js';
import { parseSpki } from '../engine/certificate-builder.js';
import { inspectCrl } from '../engine/crl-inspect.js';
import { readServedCertificates } from '../engine/served-certificates.js';
import { readOcspResponse } from '../engine/ocsp-client.js';
import { rfc4514 } from '../engine/names.js';
import { certificatesFromPem } from '../engine/pem.js';
import { diagnoseToken } from '../engine/jwt/diagnose.js';
import { readJwks } from '../engine/jwt/jwks.js';
import { parsePolicy } from '../../shared/domain/service-policy.js';
import { inspectCsr, parseCsr } from '../engine/csr.js';
import type { ParsedCertificate } from '../engine/inspect/certificate.js';
import { inspectCertificates, inspectInput, objectTree, type InspectContext } from '../engine/inspect/inspect.js';
import { buildPath, Pool } from '../engine/inspect/path.js';
import { InputError, readInput, type ReadResult } from '../engine/inspect/read-input.js';
import { describeKey } from '../engine/key-info.js';
import { canonicalSerialHex } from '../engine/serial.js';
import { X509 } from '../engine/webcrypto.js';
import { describeEndpoint } from '../services/endpoint.js';
import { systemRoots } from '../services/system-roots.js';
import { createHash, X509Certificate as NodeCertificate } from 'node:crypto';
import type { AskName, ClientBundle, EndpointProbeResult, ImportCandidate, InspectionScope, RevocationAnswer, TaskInput, TaskName, TaskOutput, UntrustedAsks } from './protocol.js';
import type { EndpointReport, EndpointRequest, InspectOptions } from '../../shared/domain/inspect.js';
import { msg, type MsgParams } from '../../shared/i18n/message.js';

/** How a task reaches main while it runs. */
export interface Host {
  ask<A extends AskName>(name: A, input: UntrustedAsks[A]['input']): Promise<UntrustedAsks[A]['output']>;
}

/** A result with buffers to hand over (not copy) to main. */
export class Transfer<T> {
  constructor(
    readonly value: T,
    readonly buffers: ArrayBuffer[],
  ) {}
}

type TaskFunction<T extends TaskName> = (input: TaskInput<T>, host: Host) => Promise<TaskOutput<T> | Transfer<TaskOutput<T>>>;

const crypto = globalThis.crypto;

/**
 * The vault's certificates arrive as base64 with every task; the same string becomes the same bytes
 * here, so the engine's parse caches (keyed by the byte array) keep working across tasks.
 */
const interned = new Map<string, Uint8Array<ArrayBuffer>>();
function intern(derB64: string): Uint8Array<ArrayBuffer> {
  let der = interned.get(derB64);
  if (!der) {
    if (interned.size > 10_000) interned.clear();
    der = new Uint8Array(Buffer.from(derB64, 'base64'));
    interned.set(derB64, der);
  }
  return der;
}

/** An input that cannot be read at all is the user's input problem, said in words (as the handlers always did). */
async function readable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InputError) throw new CertwrightError('INVALID_INPUT', atField('content', error.reason.key, error.reason.params), { field: 'content' });
    throw error;
  }
}

/** The inspection context of a worker: the vault's CAs as data, its revocation records asked from main. */
function contextFor(scope: InspectionScope, host: Host): InspectContext {
  let answer: RevocationAnswer = {};
  const hasAuthorities = scope.vault.some((ca) => ca.authorityId !== null);
  return {
    vault: scope.vault.map((ca) => ({ der: intern(ca.derB64), authorityId: ca.authorityId })),
    system: systemRoots,
    now: new Date(scope.now),
    crypto,
    revocationOf: (authorityId, serialHex) => answer[authorityId]?.[canonicalSerialHex(serialHex)] ?? null,
    prepareRevocations: async (serials) => {
      if (hasAuthorities && serials.length > 0) answer = await host.ask('revocations', serials.map(canonicalSerialHex));
    },
  };
}

function invalidObject(key: string, params?: MsgParams): CertwrightError {
  return new CertwrightError('INVALID_INPUT', atField('objectIndex', key, params), { field: 'objectIndex' });
}

function signs(issuerDer: Uint8Array, cert: ParsedCertificate): boolean {
  try {
    return new NodeCertificate(cert.der).verify(new NodeCertificate(issuerDer).publicKey);
  } catch {
    return false;
  }
}

/**
 * The CA to import when the user handed over a file rather than picked an object: the CA certificate
 * whose private key came with it. Otherwise the one precise reason — wrong or missing password, no
 * certificate, not a CA, no key, a key that belongs to another certificate.
 */
function authorityIndex(read: ReadResult): number {
  if (read.needsPassword) {
    const { what, wrong } = read.needsPassword;
    throw new CertwrightError('INVALID_INPUT', atField('password', `errors:importCa.${wrong ? 'wrongPassword' : 'needsPassword'}.${what === 'PKCS#12 keystore' ? 'pkcs12' : 'encryptedKey'}`), { field: 'password' });
  }
  const certificates = read.items.flatMap((item, index) => (item.kind === 'certificate' ? [{ cert: item.cert, index }] : []));
  const damaged = read.problems.map((p) => p.message).join('; ');
  if (certificates.length === 0) throw new CertwrightError('INVALID_INPUT', atField('content', damaged ? 'errors:importCa.noCertificateDamaged' : 'errors:importCa.noCertificate', { damaged }), { field: 'content' });
  const cas = certificates.filter((c) => c.cert.isCa);
  if (cas.length === 0) throw new CertwrightError('INVALID_INPUT', certificates[0]!.cert.commonName ? atField('content', 'errors:importCa.notCa', { name: certificates[0]!.cert.commonName }) : atField('content', 'errors:importCa.notCaUnnamed'), { field: 'content' });
  if (read.privateKeys.length === 0) throw new CertwrightError('INVALID_INPUT', atField('content', damaged ? 'errors:importCa.noKeyDamaged' : 'errors:importCa.noKey', { damaged, name: cas[0]!.cert.commonName }), { field: 'content' });
  const owned = cas.find((c) => read.privateKeys.some((k) => Buffer.from(k.spki).equals(Buffer.from(c.cert.spkiDer))));
  if (!owned) throw new CertwrightError('INVALID_INPUT', atField('content', 'errors:importCa.keyMismatch', { name: cas[0]!.cert.commonName }), { field: 'content' });
  return owned.index;
}

/** Reads the input once, keeping its private keys only until the one that belongs to the CA is picked. */
async function importCandidate({ bytes, password, objectIndex: asked, authorities }: TaskInput<'inspect.addToVault'>): Promise<Transfer<ImportCandidate>> {
  const read = await readable(() => readInput(bytes, password, crypto, { keepPrivateKeys: true }));
  try {
    const objectIndex = asked ?? authorityIndex(read);
    const item = read.items[objectIndex];
    if (!item || item.kind !== 'certificate') throw invalidObject('errors:importCa.objectNotCertificate');
    const cert = item.cert;
    if (!cert.isCa) throw invalidObject('errors:importCa.objectNotCa', { name: cert.commonName });
    const spki = Buffer.from(cert.spkiDer);
    const kept = read.privateKeys.find((k) => spki.equals(k.spki));
    const key = describeKey(parseSpki(cert.spkiDer));
    const parentId = authorities.find((a) => signs(intern(a.derB64), cert))?.id ?? null;
    let externalChain: Uint8Array[] = [];
    if (!cert.selfIssued && !parentId) {
      const pool = new Pool();
      const entries = read.items.flatMap((i, index) => (i.kind === 'certificate' ? [{ cert: i.cert, origin: 'input' as const, objectIndex: index, authorityId: null, anchor: null }] : []));
      for (const entry of entries) pool.add(entry);
      const path = buildPath(entries.find((e) => e.objectIndex === objectIndex)!, pool, { now: new Date(), role: 'any', revocationOf: () => null });
      externalChain = path.entries.slice(1).map((e) => new Uint8Array(e.pool.cert.der));
    }
    // Its own buffer, handed over to main: no copy of it stays here.
    const pkcs8 = kept && key.algorithm !== null ? new Uint8Array(kept.pkcs8) : null;
    const candidate: ImportCandidate = {
      certificateDer: new Uint8Array(cert.der),
      commonName: cert.commonName,
      serialHex: cert.serialHex,
      selfIssued: cert.selfIssued,
      key: { algorithm: key.algorithm, label: key.label },
      hasKey: kept !== undefined,
      privateKeyPkcs8: pkcs8,
      parentId,
      externalChain,
    };
    return new Transfer(candidate, pkcs8 ? [pkcs8.buffer] : []);
  } finally {
    for (const k of read.privateKeys) k.pkcs8.fill(0);
  }
}

/** What an endpoint served, read and diagnosed here (the live inspection, one probe of a batch). */
function inspectEndpoint(request: EndpointRequest & InspectOptions, client: ClientBundle | null, scope: InspectionScope, timeoutMs: number | undefined, host: Host): Promise<EndpointReport> {
  return describeEndpoint(request, client, (served, target, options) => inspectCertificates(served, options, contextFor(scope, host), target), timeoutMs);
}

/**
 * One probe of a batch, bounded on its own (its connections by timeoutMs, itself by limitMs) so that
 * a silent host holds one lane, never the batch; whatever goes wrong is this endpoint's result.
 */
async function probeOnce(request: EndpointRequest & InspectOptions, scope: InspectionScope, timeoutMs: number, limitMs: number, host: Host): Promise<EndpointProbeResult> {
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  const cut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CertwrightError('INVALID_INPUT', msg('errors:watch.probeCutOff', { seconds: Math.round(limitMs / 1000) }))), limitMs);
  });
  try {
    const report = await Promise.race([inspectEndpoint(request, null, scope, timeoutMs, host), cut]);
    return { ok: true, report, durationMs: durationMs() };
  } catch (error) {
    const reason = error instanceof CertwrightError && error.reason ? error.reason : null;
    return { ok: false, reason, message: error instanceof Error ? error.message : String(error), durationMs: durationMs() };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * An endpoint watch's batch: up to `concurrency` probes side by side, each result sent to main the
 * moment it settles (progress as it happens, and a batch cut short loses only what it had not sent).
 * Main's answer says whether to start more (a round cancelled); the probes under way finish.
 */
async function inspectEndpoints({ requests, scope, timeoutMs, probeLimitMs, concurrency }: TaskInput<'inspect.endpoints'>, host: Host): Promise<TaskOutput<'inspect.endpoints'>> {
  let probed = 0;
  let stop = false;
  await inLanes(
    requests,
    concurrency,
    async (request, index) => {
      const result = await probeOnce(request, scope, timeoutMs, probeLimitMs, host);
      try {
        const answer = await host.ask('probed', { index, result });
        probed++;
        stop ||= answer.stop;
      } catch {
        // main did not take it: it probes again what it did not get
      }
    },
    () => stop,
  );
  return { probed };
}

export const TASKS: { readonly [T in TaskName]: TaskFunction<T> } = {
  'token.diagnose': async ({ jwks, issuer, now, ...rest }) => diagnoseToken({ ...rest, now: new Date(now), issuer: issuer ?? { name: jwks.issuerName, ...(await readJwks(jwks.text)) } }),
  'policy.parse': async ({ text }) => parsePolicy(text),
  'certificate.identify': async ({ bytes }) => {
    try {
      const text = Buffer.from(bytes).toString('latin1');
      const der = text.includes('-----BEGIN') ? certificatesFromPem(text)[0] : bytes;
      if (!der) return null;
      const certificate = new X509.X509Certificate(new Uint8Array(der));
      return { subject: rfc4514(certificate.subjectName), sha256: createHash('sha256').update(new Uint8Array(certificate.rawData)).digest('hex') };
    } catch {
      return null; // not a certificate: the check says so
    }
  },
  'ocsp.read': async ({ response, caDerB64, serialHex, nonceHex }) => {
    try {
      return readOcspResponse(response, { caDer: intern(caDerB64), serialHex, nonceHex });
    } catch {
      return null; // not an OCSP response: the check says so
    }
  },
  'inspect.input': ({ bytes, request, scope }, host) => readable(() => inspectInput(bytes, request, contextFor(scope, host))),
  'inspect.asn1': ({ bytes, password, objectIndex }) => readable(() => objectTree(bytes, password, objectIndex, crypto)),
  'inspect.addToVault': (input) => importCandidate(input),
  'inspect.endpoint': ({ request, client, scope, timeoutMs }, host) => inspectEndpoint(request, client, scope, timeoutMs, host),
  'inspect.endpoints': (input, host) => inspectEndpoints(input, host),
  'csr.review': async ({ csr }) => {
    const parsed = parseCsr(csr);
    return { summary: await inspectCsr(parsed, crypto), spki: new Uint8Array(parsed.csr.publicKey.rawData) };
  },
  'remote.certificates': async ({ pems }) => readServedCertificates(pems),
  'crl.inspect': ({ crl, known, now }) =>
    inspectCrl(
      crl,
      known.map((k) => ({ certificate: new X509.X509Certificate(intern(k.derB64)), authorityId: k.authorityId })),
      new Date(now),
      crypto,
    ),
};
