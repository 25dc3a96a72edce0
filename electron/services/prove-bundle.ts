/**
 * "Prove it": runs a real mutual-TLS handshake on 127.0.0.1 with an exported bundle before the user
 * ships it, and explains a failure in the words engineers will see (Go's crypto/tls and crypto/x509
 * messages, from engine/peer-errors.ts) together with what to change.
 *
 * A Node TLS server (the bundle's server certificate, or a throwaway one from the same CA when only a
 * client bundle is exported) accepts every socket (`rejectUnauthorized: false`) and judges the client
 * itself from `socket.authorized` / `socket.authorizationError`; a Node client with the bundle's
 * client certificate judges the server the same way (including the host name). The client sends one
 * line and waits for the reply, so in TLS 1.3 — where the client finishes its handshake before the
 * server has looked at its certificate — the server's verdict is known before we answer.
 *
 * Runs in main (node:tls, node:net); it never imports electron. Every server and socket is closed on
 * every path, and the whole proof is bounded by `timeoutMs`.
 */
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { isIP, type AddressInfo, type Socket } from 'node:net';
import * as tls from 'node:tls';
import type { ProofResult, ProofSide } from '../../shared/domain/export.js';
import { msg, type Msg } from '../../shared/i18n/message.js';
import { parseCertificate, type ParsedCertificate } from '../engine/inspect/certificate.js';
import { commonNameOf } from '../engine/names.js';
import { GO, goTime } from '../engine/peer-errors.js';
import { certificatesFromPem } from '../engine/pem.js';
import { alertOf, errorCode, KEY_MISMATCH_CODE } from '../engine/tls/failures.js';
import { LOOPBACK_ADDRESS } from './listeners/http.js';

export interface PemBundle {
  /** The leaf certificate first, then its intermediates (PEM). */
  readonly certChainPem: string;
  /** The leaf's private key (PEM, PKCS#8 or traditional). */
  readonly keyPem: string;
}

export interface ProveBundleOptions {
  /** The server side; omitted when only a client bundle is exported (see `throwawayServer`). */
  readonly server?: PemBundle;
  /** The client side; omitted when only a server bundle is exported (see `throwawayClient`). */
  readonly client?: PemBundle;
  /** Trust anchors for both sides (the bundle's ca.pem); may also hold intermediates. */
  readonly caPem: string;
  /** Issues a short-lived server certificate from the same CA, used when `server` is absent. */
  readonly throwawayServer?: { readonly issue: () => Promise<PemBundle> };
  /** Issues a short-lived client certificate from the same CA, used when `client` is absent. */
  readonly throwawayClient?: { readonly issue: () => Promise<PemBundle> };
  /** The name the client expects in the server certificate. Default `localhost`. */
  readonly hostname?: string;
  /** Upper bound for the whole proof. Default 5000. */
  readonly timeoutMs?: number;
}

export type { ProofResult, ProofSide };

type Failure = Extract<ProofResult, { ok: false }>;

const DEFAULT_TIMEOUT_MS = 5000;
const PING = 'certwright-proof\n';

/* ------------------------------------------------------------------------------------------------ */
/* Parsing                                                                                          */
/* ------------------------------------------------------------------------------------------------ */

function parseCertificates(pem: string): X509Certificate[] {
  return certificatesFromPem(pem).map((der) => new X509Certificate(der));
}

const parsedCertificates = new WeakMap<X509Certificate, ParsedCertificate | null>();

/** The engine's reading of the certificate (for its names); null in the rare case it cannot read what OpenSSL did. */
function parsed(cert: X509Certificate): ParsedCertificate | null {
  if (!parsedCertificates.has(cert)) {
    try {
      parsedCertificates.set(cert, parseCertificate(new Uint8Array(cert.raw)));
    } catch {
      parsedCertificates.set(cert, null);
    }
  }
  return parsedCertificates.get(cert)!;
}

const UNREADABLE_NAME = '(an unreadable name)';
/** The check the "refused" fix suggests: a command, the same in every language. */
const VERIFY_COMMAND = 'openssl verify -CAfile ca.pem -untrusted chain.pem cert.pem';

/** "CN=order-service,O=Example": RFC 4514, as the catalog writes it. */
function subjectOf(cert: X509Certificate): string {
  return parsed(cert)?.subjectDn ?? UNREADABLE_NAME;
}

/** The certificate's (or its issuer's) Common Name, or its whole name when it has none: for sentences. */
function cnOf(cert: X509Certificate, which: 'subject' | 'issuer' = 'subject'): string {
  const p = parsed(cert);
  if (p === null) return UNREADABLE_NAME;
  return which === 'subject' ? commonNameOf([p.subject], p.subjectDn) : commonNameOf([p.issuer], p.issuerDn);
}

function spki(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

function isSelfIssued(cert: X509Certificate): boolean {
  return cert.subject === cert.issuer;
}

function signedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

interface Identity {
  readonly chain: X509Certificate[];
  readonly leaf: X509Certificate;
  readonly key: KeyObject;
  readonly certChainPem: string;
  readonly keyPem: string;
}

/** `fix` is what to change, as a catalog message (exports:proof.fix.*): main words nothing for the window. */
function fail(side: ProofSide, stage: Failure['stage'], code: string, reason: string, fix: Msg, detail?: string): Failure {
  return detail && detail !== reason ? { ok: false, side, stage, code, reason, fix, detail } : { ok: false, side, stage, code, reason, fix };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Parses one side's bundle and checks that its key belongs to its first certificate. */
function loadIdentity(side: 'server' | 'client', bundle: PemBundle): Identity | Failure {
  let chain: X509Certificate[];
  try {
    chain = parseCertificates(bundle.certChainPem);
  } catch (error) {
    return fail(side, 'preflight', errorCode(error, 'ERR_INVALID_CERTIFICATE'), GO.noPemData('certificate'), msg(`exports:proof.fix.damaged.${side}`), errorMessage(error));
  }
  const leaf = chain[0];
  if (!leaf) return fail(side, 'preflight', 'NO_CERTIFICATE', GO.noPemData('certificate'), msg(`exports:proof.fix.noCertificate.${side}`));
  let key: KeyObject;
  try {
    key = createPrivateKey(bundle.keyPem);
  } catch (error) {
    return fail(side, 'preflight', errorCode(error, 'ERR_INVALID_PRIVATE_KEY'), GO.noPemData('key'), msg(`exports:proof.fix.unreadableKey.${side}`), errorMessage(error));
  }
  const keySpki = spki(createPublicKey(key));
  if (!keySpki.equals(spki(leaf.publicKey))) {
    const matching = chain.findIndex((cert) => keySpki.equals(spki(cert.publicKey)));
    const fix =
      matching > 0
        ? msg(`exports:proof.fix.keyNotFirst.${side}`, { position: matching + 1, owner: cnOf(chain[matching]!), leaf: cnOf(leaf) })
        : msg(`exports:proof.fix.keyOfOther.${side}`, { leaf: cnOf(leaf) });
    return fail(side, 'preflight', KEY_MISMATCH_CODE, GO.keyMismatch, fix, 'key values mismatch');
  }
  // What Node itself will say about this pair (the check above catches mismatches first; this catches
  // anything else OpenSSL refuses to load).
  try {
    tls.createSecureContext({ key: bundle.keyPem, cert: bundle.certChainPem });
  } catch (error) {
    const message = errorMessage(error);
    if (/key values mismatch/i.test(message)) return fail(side, 'preflight', KEY_MISMATCH_CODE, GO.keyMismatch, msg(`exports:proof.fix.keyMismatch.${side}`), message);
    return fail(side, 'preflight', errorCode(error, 'ERR_SECURE_CONTEXT'), `tls: failed to load the ${side} key pair`, msg(`exports:proof.fix.unusable.${side}`), message);
  }
  return { chain, leaf, key, certChainPem: bundle.certChainPem, keyPem: bundle.keyPem };
}

/* ------------------------------------------------------------------------------------------------ */
/* Explaining verification errors                                                                   */
/* ------------------------------------------------------------------------------------------------ */

const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

interface Context {
  readonly side: 'server' | 'client';
  /** Whose verdict: the other side. */
  readonly verifier: 'server' | 'client';
  readonly identity: Identity;
  readonly anchors: X509Certificate[];
  /** Certificates we know besides the anchors (the other side's chain), to find missing intermediates. */
  readonly known: X509Certificate[];
  readonly hostname: string;
}

function profileFix(side: 'server' | 'client'): Msg {
  return msg(`exports:proof.fix.purpose.${side}`);
}

/** Why a chain does not reach a trust anchor, and which change would make it. */
/** The verifier is always the other side: each message names both through its `server` / `client` variant. */
function unknownAuthorityFix(ctx: Context): Msg {
  const { chain } = ctx.identity;
  const last = chain[chain.length - 1]!;
  // Never empty: a ca.pem without certificates is refused before any handshake.
  const anchors = ctx.anchors.map((a) => cnOf(a)).join(', ');
  if (chain.length === 1 && isSelfIssued(last)) {
    return msg(`exports:proof.fix.selfSigned.${ctx.side}`, { anchors });
  }
  if (isSelfIssued(last)) {
    return msg(`exports:proof.fix.untrustedRoot.${ctx.side}`, { root: cnOf(last), anchors });
  }
  // The chain stops below a root. Is the missing issuer a certificate we know?
  const missing = ctx.known.find((candidate) => signedBy(last, candidate) && !chain.some((c) => c.fingerprint256 === candidate.fingerprint256));
  if (missing && !isSelfIssued(missing)) {
    return msg(`exports:proof.fix.missingIntermediate.${ctx.side}`, { missing: cnOf(missing), last: cnOf(last) });
  }
  const issuer = cnOf(last, 'issuer');
  if (chain.length > 1) {
    // The chain carries its intermediates and still ends under a root we do not have: another CA.
    return msg(`exports:proof.fix.untrustedChain.${ctx.side}`, { last: cnOf(last), issuer, anchors });
  }
  return msg(`exports:proof.fix.unknownIssuer.${ctx.side}`, { issuer, anchors });
}

/** Go's "valid for X, not Y" list: IP SANs for an IP host, DNS SANs otherwise. */
function altNames(cert: X509Certificate, hostname: string): string[] {
  const entries = (cert.subjectAltName ?? '').split(/,\s*/).filter(Boolean);
  const ip = isIP(hostname) !== 0;
  return entries.filter((e) => (ip ? e.startsWith('IP Address:') : e.startsWith('DNS:'))).map((e) => e.slice(e.indexOf(':') + 1));
}

function explainVerifyError(code: string, ctx: Context, detail?: string): Failure {
  const { side, identity } = ctx;
  const now = new Date();
  if (UNKNOWN_AUTHORITY.has(code)) {
    const reason = code === 'CERT_SIGNATURE_FAILURE' ? GO.unknownAuthorityBadSignature('ecdsa', null) : GO.unknownAuthority;
    return fail(side, 'handshake', code, reason, unknownAuthorityFix(ctx), detail);
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    const expiredOne = identity.chain.find((c) => new Date(c.validTo) <= now || new Date(c.validFrom) > now) ?? identity.leaf;
    const from = new Date(expiredOne.validFrom);
    const to = new Date(expiredOne.validTo);
    const leaf = expiredOne === identity.leaf;
    const name = cnOf(expiredOne);
    const fix =
      to <= now
        ? msg(leaf ? `exports:proof.fix.expired.${side}` : `exports:proof.fix.expiredInChain.${side}`, { name, date: goTime(to) })
        : msg(leaf ? `exports:proof.fix.notYetValid.${side}` : `exports:proof.fix.notYetValidInChain.${side}`, { name, date: goTime(from) });
    return fail(side, 'handshake', code, to <= now ? GO.expired(now, to) : GO.notYetValid(now, from), fix, detail);
  }
  if (code === 'INVALID_PURPOSE') {
    return fail(side, 'handshake', code, `${GO.incompatibleKeyUsage} (unsuitable certificate purpose)`, profileFix(side), detail);
  }
  if (code === 'PATH_LENGTH_EXCEEDED') {
    return fail(side, 'handshake', code, GO.tooManyIntermediates, msg(`exports:proof.fix.pathLength.${side}`), detail);
  }
  if (code === 'INVALID_CA') {
    return fail(side, 'handshake', code, GO.parentCannotSign, msg(`exports:proof.fix.notCa.${side}`), detail);
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = altNames(identity.leaf, ctx.hostname);
    const reason =
      (identity.leaf.subjectAltName ?? '') === ''
        ? GO.legacyCommonName
        : names.length === 0
          ? GO.notValidForAnyNames(ctx.hostname)
          : GO.validFor(names, ctx.hostname);
    return fail(side, 'handshake', code, reason, msg('exports:proof.fix.hostName', { host: ctx.hostname }), detail);
  }
  return fail(side, 'handshake', code, GO.failedToVerify(code), msg(`exports:proof.fix.refused.${side}`, { code, command: VERIFY_COMMAND }), detail);
}

/* ------------------------------------------------------------------------------------------------ */
/* The handshake                                                                                    */
/* ------------------------------------------------------------------------------------------------ */

interface ServerVerdict {
  readonly authorized: boolean;
  readonly error: string | null;
  readonly peerSentCertificate: boolean;
}

interface HandshakeOutcome {
  readonly server: ServerVerdict | null;
  readonly client: { readonly authorized: boolean; readonly error: string | null; readonly protocol: string | null; readonly cipher: string | null } | null;
  readonly reply: string;
  /** A socket error before the handshake completed on the client. */
  readonly clientError: Error | null;
  readonly serverTlsError: Error | null;
  readonly timedOut: boolean;
}

/**
 * One mTLS exchange. The client identity may be null (to see what a client without a certificate
 * gets); exported for tests. Resolves — never rejects — within `timeoutMs`.
 */
export async function runHandshake(options: { server: PemBundle; client: PemBundle | null; caPem: string; hostname: string; timeoutMs: number }): Promise<HandshakeOutcome> {
  const rawSockets = new Set<Socket>();
  let verdict: ServerVerdict | null = null;
  let serverTlsError: Error | null = null;
  const server = tls.createServer(
    {
      key: options.server.keyPem,
      cert: options.server.certChainPem,
      ca: options.caPem,
      requestCert: true,
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    },
    (socket) => {
      // The ephemeral port is open to every local process: only our own client's connection is
      // judged, so a stray one (however timed) can neither stand in for it nor overwrite its verdict.
      if (!ours(socket)) return void socket.destroy();
      const peer = socket.getPeerCertificate();
      verdict = {
        authorized: socket.authorized,
        error: socket.authorizationError ? errorCode(socket.authorizationError, String(socket.authorizationError)) : null,
        peerSentCertificate: Boolean(peer && Object.keys(peer).length > 0),
      };
      socket.on('error', () => undefined);
      socket.setEncoding('utf8');
      let line = '';
      socket.on('data', (chunk: string) => {
        line += chunk;
        if (line.includes('\n')) socket.end(verdict?.authorized ? 'ok\n' : `denied ${verdict?.error ?? ''}\n`);
      });
    },
  );
  let closing = false;
  // One handshake is proven; a few more connections are tolerated, not queued without end.
  server.maxConnections = 4;
  server.on('connection', (socket: Socket) => {
    if (closing) return void socket.destroy();
    rawSockets.add(socket);
    socket.on('close', () => rawSockets.delete(socket));
  });
  const ours = (socket: { remoteAddress?: string | undefined; remotePort?: number | undefined }) => socket.remoteAddress === LOOPBACK_ADDRESS && socket.remotePort === clientSocket?.localPort;
  server.on('tlsClientError', (error, socket) => {
    if (ours(socket)) serverTlsError = error;
  });
  server.on('error', () => undefined);

  let clientSocket: tls.TLSSocket | null = null;
  let timer: NodeJS.Timeout | undefined;
  const closeAll = async () => {
    closing = true;
    clearTimeout(timer);
    clientSocket?.destroy();
    for (const socket of rawSockets) socket.destroy();
    await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  };

  try {
    const work = (async (): Promise<HandshakeOutcome> => {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, LOOPBACK_ADDRESS, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const { port } = server.address() as AddressInfo;
      return await new Promise<HandshakeOutcome>((resolve) => {
        const hostIsIp = isIP(options.hostname) !== 0;
        const socket = tls.connect({
          host: LOOPBACK_ADDRESS,
          port,
          ...(hostIsIp ? {} : { servername: options.hostname }),
          ca: options.caPem,
          ...(options.client ? { key: options.client.keyPem, cert: options.client.certChainPem } : {}),
          // Judged below from authorized/authorizationError, so that the server's verdict is heard too.
          rejectUnauthorized: false,
          checkServerIdentity: (_host, cert) => tls.checkServerIdentity(options.hostname, cert),
          minVersion: 'TLSv1.2',
        });
        clientSocket = socket;
        let client: HandshakeOutcome['client'] = null;
        let reply = '';
        let clientError: Error | null = null;
        socket.setEncoding('utf8');
        socket.on('secureConnect', () => {
          client = {
            authorized: socket.authorized,
            error: socket.authorizationError ? errorCode(socket.authorizationError, String(socket.authorizationError)) : null,
            protocol: socket.getProtocol(),
            cipher: socket.getCipher()?.name ?? null,
          };
          socket.write(PING);
        });
        socket.on('data', (chunk: string) => (reply += chunk));
        socket.on('end', () => socket.end());
        socket.on('error', (error) => (clientError ??= error));
        socket.on('close', () => resolve({ server: verdict, client, reply, clientError, serverTlsError, timedOut: false }));
      });
    })();
    const timeout = new Promise<HandshakeOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ server: verdict, client: null, reply: '', clientError: null, serverTlsError, timedOut: true }), options.timeoutMs);
    });
    work.catch(() => undefined);
    return await Promise.race([
      work.catch((error: unknown) => ({ server: verdict, client: null, reply: '', clientError: error instanceof Error ? error : new Error(String(error)), serverTlsError, timedOut: false })),
      timeout,
    ]);
  } finally {
    await closeAll();
  }
}

/* ------------------------------------------------------------------------------------------------ */
/* proveBundle                                                                                      */
/* ------------------------------------------------------------------------------------------------ */

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)))]).finally(() => clearTimeout(timer));
}

function timeoutFailure(timeoutMs: number, what: string): Failure {
  return fail('setup', 'handshake', 'ETIMEDOUT', `tls: handshake did not complete within ${timeoutMs} ms (${what})`, msg('exports:proof.fix.timeout'));
}

export function proveBundle(options: ProveBundleOptions): Promise<ProofResult> {
  return prove(options);
}

/**
 * What the server says to a client that presents no certificate at all ("tls: certificate
 * required"). proveBundle always has a client bundle; this is for tests and for showing the
 * difference mTLS makes.
 */
export function proveWithoutClientCertificate(options: Omit<ProveBundleOptions, 'client' | 'throwawayClient'>): Promise<ProofResult> {
  return prove({ ...options, client: null });
}

type Throwaway = { readonly issue: () => Promise<PemBundle> } | undefined;

/** One side's bundle: the given one, or a throwaway from the same CA; a Failure when neither can be had. */
async function sideBundle(side: 'server' | 'client', given: PemBundle | undefined, throwaway: Throwaway, timeoutMs: number): Promise<{ bundle: PemBundle; throwaway: boolean } | Failure> {
  if (given) return { bundle: given, throwaway: false };
  if (!throwaway) {
    return side === 'server'
      ? fail('setup', 'preflight', 'NO_SERVER_CERTIFICATE', 'tls: no server certificate to test against', msg('exports:proof.fix.noServer'))
      : fail('setup', 'preflight', 'NO_CLIENT_CERTIFICATE', 'tls: no client certificate to test with', msg('exports:proof.fix.noClient'));
  }
  let issued: PemBundle | 'timeout';
  try {
    issued = await withDeadline(throwaway.issue(), timeoutMs);
  } catch (error) {
    return fail('setup', 'preflight', errorCode(error, 'THROWAWAY_ISSUE_FAILED'), `could not issue a throwaway ${side} certificate: ${errorMessage(error)}`, msg(`exports:proof.fix.throwawayFailed.${side}`));
  }
  if (issued === 'timeout') return timeoutFailure(timeoutMs, `issuing the throwaway ${side} certificate`);
  return { bundle: issued, throwaway: true };
}

async function prove(options: Omit<ProveBundleOptions, 'client'> & { client?: PemBundle | null }): Promise<ProofResult> {
  const hostname = options.hostname ?? 'localhost';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = Date.now();

  let anchors: X509Certificate[];
  try {
    anchors = parseCertificates(options.caPem);
  } catch (error) {
    return fail('setup', 'preflight', errorCode(error, 'ERR_INVALID_CERTIFICATE'), 'x509: malformed certificate in ca.pem', msg('exports:proof.fix.caDamaged'), errorMessage(error));
  }
  if (anchors.length === 0) return fail('setup', 'preflight', 'NO_CA_CERTIFICATE', 'tls: no CA certificates to verify against', msg('exports:proof.fix.caEmpty'));

  // null: prove what a client without any certificate meets (proveWithoutClientCertificate).
  let clientBundle: PemBundle | null = null;
  let throwawayClient = false;
  if (options.client !== null) {
    const side = await sideBundle('client', options.client, options.throwawayClient, timeoutMs);
    if ('ok' in side) return side;
    ({ bundle: clientBundle, throwaway: throwawayClient } = side);
  }
  const client = clientBundle ? loadIdentity('client', clientBundle) : null;
  if (client && 'ok' in client) return throwawayClient ? { ...client, side: 'setup' } : client;

  const serverSide = await sideBundle('server', options.server, options.throwawayServer, Math.max(1, timeoutMs - (Date.now() - started)));
  if ('ok' in serverSide) return serverSide;
  const { bundle: serverBundle, throwaway } = serverSide;
  const server = loadIdentity('server', serverBundle);
  if ('ok' in server) return throwaway ? { ...server, side: 'setup' } : server;

  const remaining = Math.max(1, timeoutMs - (Date.now() - started));
  let outcome: HandshakeOutcome;
  try {
    outcome = await runHandshake({ server: serverBundle, client: clientBundle, caPem: options.caPem, hostname, timeoutMs: remaining });
  } catch (error) {
    return fail('setup', 'handshake', errorCode(error, 'ERR_TLS_SETUP'), `could not run the test handshake: ${errorMessage(error)}`, msg('exports:proof.fix.serverStart'));
  }
  return judge(outcome, { client, server, anchors, hostname, timeoutMs, throwaway, throwawayClient });
}

function judge(
  outcome: HandshakeOutcome,
  ctx: { client: Identity | null; server: Identity; anchors: X509Certificate[]; hostname: string; timeoutMs: number; throwaway: boolean; throwawayClient: boolean },
): ProofResult {
  const serverCtx: Context = { side: 'server', verifier: 'client', identity: ctx.server, anchors: ctx.anchors, known: [...ctx.anchors, ...(ctx.client?.chain ?? [])], hostname: ctx.hostname };

  // The client looks at the server first: a real client would stop there.
  if (outcome.client && !outcome.client.authorized) {
    const failure = explainVerifyError(outcome.client.error ?? 'UNKNOWN', serverCtx);
    // With a throwaway server the server certificate is ours: a failure there is a setup problem.
    return ctx.throwaway ? { ...failure, side: 'setup' } : failure;
  }
  if (outcome.server) {
    if (!outcome.server.peerSentCertificate) {
      return fail('client', 'handshake', 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE', GO.certificateRequired, msg('exports:proof.fix.noClientCertificate', { tls13: GO.remoteError('certificate required'), tls12: GO.badCertificate }), outcome.server.error ?? undefined);
    }
    if (!outcome.server.authorized && ctx.client) {
      const clientCtx: Context = { side: 'client', verifier: 'server', identity: ctx.client, anchors: ctx.anchors, known: [...ctx.anchors, ...ctx.server.chain], hostname: ctx.hostname };
      const failure = explainVerifyError(outcome.server.error ?? 'UNKNOWN', clientCtx);
      return ctx.throwawayClient ? { ...failure, side: 'setup' } : failure;
    }
  }
  if (outcome.timedOut) return timeoutFailure(ctx.timeoutMs, outcome.client ? 'waiting for the server to answer' : 'handshake');
  if (ctx.client && outcome.server?.authorized && outcome.client?.authorized && outcome.reply === 'ok\n') {
    return {
      ok: true,
      protocol: outcome.client.protocol ?? 'unknown',
      cipher: outcome.client.cipher ?? 'unknown',
      serverSubject: subjectOf(ctx.server.leaf),
      clientSubject: subjectOf(ctx.client.leaf),
      throwawayServer: ctx.throwaway,
      throwawayClient: ctx.throwawayClient,
    };
  }
  const error = outcome.clientError ?? outcome.serverTlsError;
  const code = errorCode(error, 'ERR_TLS_HANDSHAKE');
  const message = error ? errorMessage(error) : 'the connection closed before the server answered';
  const alert = alertOf(error);
  return fail('setup', 'handshake', code, alert ? GO.remoteError(alert.go) : GO.handshakeFailure, msg('exports:proof.fix.noAgreement'), message);
}
