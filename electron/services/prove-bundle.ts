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

function fail(side: ProofSide, stage: Failure['stage'], code: string, reason: string, fix: string, detail?: string): Failure {
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
    return fail(side, 'preflight', errorCode(error, 'ERR_INVALID_CERTIFICATE'), GO.noPemData('certificate'), `The ${side} certificate file is damaged: export the bundle again.`, errorMessage(error));
  }
  const leaf = chain[0];
  if (!leaf) return fail(side, 'preflight', 'NO_CERTIFICATE', GO.noPemData('certificate'), `The ${side} certificate file holds no certificate: export the bundle again (cert.pem or fullchain.pem).`);
  let key: KeyObject;
  try {
    key = createPrivateKey(bundle.keyPem);
  } catch (error) {
    return fail(side, 'preflight', errorCode(error, 'ERR_INVALID_PRIVATE_KEY'), GO.noPemData('key'), `The ${side} key file is not a readable private key: export the bundle again (key.pem, unencrypted PEM).`, errorMessage(error));
  }
  const keySpki = spki(createPublicKey(key));
  if (!keySpki.equals(spki(leaf.publicKey))) {
    const matching = chain.findIndex((cert) => keySpki.equals(spki(cert.publicKey)));
    const fix =
      matching > 0
        ? `The key belongs to certificate ${matching + 1} of the ${side} chain file (${cnOf(chain[matching]!)}), not the first one (${cnOf(leaf)}): put the certificate for this key first, followed by its intermediates.`
        : `The ${side} key file belongs to a different certificate than ${cnOf(leaf)}: export the key together with this certificate from the same bundle, or re-issue the certificate for this key.`;
    return fail(side, 'preflight', KEY_MISMATCH_CODE, GO.keyMismatch, fix, 'key values mismatch');
  }
  // What Node itself will say about this pair (the check above catches mismatches first; this catches
  // anything else OpenSSL refuses to load).
  try {
    tls.createSecureContext({ key: bundle.keyPem, cert: bundle.certChainPem });
  } catch (error) {
    const message = errorMessage(error);
    if (/key values mismatch/i.test(message)) return fail(side, 'preflight', KEY_MISMATCH_CODE, GO.keyMismatch, `The ${side} key file belongs to a different certificate: export the key together with this certificate.`, message);
    return fail(side, 'preflight', errorCode(error, 'ERR_SECURE_CONTEXT'), `tls: failed to load the ${side} key pair`, `OpenSSL cannot use the ${side} certificate and key: export the bundle again.`, message);
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

function profileFix(side: 'server' | 'client'): string {
  return side === 'client'
    ? 'This certificate is not allowed for client authentication (its extended key usage lacks clientAuth — e.g. a server certificate used as a client): issue it with the client (or peer) profile.'
    : 'This certificate is not allowed for server authentication (its extended key usage lacks serverAuth — e.g. a client certificate used as a server): issue it with the server (or peer) profile.';
}

/** Why a chain does not reach a trust anchor, and which change would make it. */
function unknownAuthorityFix(ctx: Context): string {
  const { chain } = ctx.identity;
  const last = chain[chain.length - 1]!;
  const anchorsText = ctx.anchors.map((a) => cnOf(a)).join(', ') || 'none';
  const trustsWhat = `the ${ctx.verifier} trusts ${anchorsText}`;
  if (chain.length === 1 && isSelfIssued(last)) {
    return `The ${ctx.side} certificate is self-signed and ${trustsWhat}: issue it from the CA in ca.pem, or export the bundle whose ca.pem is the CA that issued it.`;
  }
  if (isSelfIssued(last)) {
    return `The ${ctx.side} certificate was issued by a CA the ${ctx.verifier} does not trust (its chain ends at ${cnOf(last)}, but ${trustsWhat}): export the bundle whose ca.pem is that CA, or issue the ${ctx.side} certificate from the CA in ca.pem.`;
  }
  // The chain stops below a root. Is the missing issuer a certificate we know?
  const missing = ctx.known.find((candidate) => signedBy(last, candidate) && !chain.some((c) => c.fingerprint256 === candidate.fingerprint256));
  if (missing && !isSelfIssued(missing)) {
    return `The ${ctx.side} chain file is incomplete: it lacks the intermediate ${cnOf(missing)} that issued ${cnOf(last)}. Use fullchain.pem (the certificate followed by its intermediates), or add the intermediate to the chain.`;
  }
  const issuer = cnOf(last, 'issuer');
  if (chain.length > 1) {
    // The chain carries its intermediates and still ends under a root we do not have: another CA.
    return `The ${ctx.side} certificate was issued by a CA the ${ctx.verifier} does not trust (its chain goes up to ${cnOf(last)}, issued by ${issuer}, but ${trustsWhat}): export the bundle whose ca.pem is that CA, or issue the ${ctx.side} certificate from the CA in ca.pem. If ${issuer} is itself an intermediate under your root, add it to the chain.`;
  }
  return `The ${ctx.side} certificate was issued by ${issuer}, which is neither in the chain nor trusted (${trustsWhat}). If ${issuer} is an intermediate of your CA, the chain is incomplete: use fullchain.pem / add the intermediate to the chain. Otherwise the certificate was issued by a CA the ${ctx.verifier} does not trust: export the bundle whose ca.pem is that CA.`;
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
    const which = expiredOne === identity.leaf ? `the ${side} certificate` : `${cnOf(expiredOne)} in the ${side} chain`;
    const fix = to <= now ? `${which} expired on ${goTime(to)}: renew it (issue a new certificate) and export the bundle again.` : `${which} is not valid before ${goTime(from)}: check the clocks, or renew it with a validity that starts now.`;
    return fail(side, 'handshake', code, to <= now ? GO.expired(now, to) : GO.notYetValid(now, from), fix, detail);
  }
  if (code === 'INVALID_PURPOSE') {
    return fail(side, 'handshake', code, `${GO.incompatibleKeyUsage} (unsuitable certificate purpose)`, profileFix(side), detail);
  }
  if (code === 'PATH_LENGTH_EXCEEDED') {
    return fail(side, 'handshake', code, GO.tooManyIntermediates, `The ${side} chain has more CAs below an intermediate than its path length constraint allows: issue the certificate from a CA higher up, or re-create the intermediate with a larger path length.`, detail);
  }
  if (code === 'INVALID_CA') {
    return fail(side, 'handshake', code, GO.parentCannotSign, `A certificate in the ${side} chain signed another one but is not a CA: only a CA certificate may issue certificates.`, detail);
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = altNames(identity.leaf, ctx.hostname);
    const reason =
      (identity.leaf.subjectAltName ?? '') === ''
        ? GO.legacyCommonName
        : names.length === 0
          ? GO.notValidForAnyNames(ctx.hostname)
          : GO.validFor(names, ctx.hostname);
    return fail(side, 'handshake', code, reason, `Clients connect to ${ctx.hostname}, but the server certificate does not name it: re-issue the server certificate with ${ctx.hostname} in its subject alternative names, or connect using a name it has.`, detail);
  }
  return fail(side, 'handshake', code, GO.failedToVerify(code), `OpenSSL refused the ${side} certificate (${code}): check it with "openssl verify -CAfile ca.pem -untrusted chain.pem cert.pem".`, detail);
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
  return fail('setup', 'handshake', 'ETIMEDOUT', `tls: handshake did not complete within ${timeoutMs} ms (${what})`, 'Nothing answered in time: try again; if it keeps happening, raise the time limit.');
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
      ? fail('setup', 'preflight', 'NO_SERVER_CERTIFICATE', 'tls: no server certificate to test against', 'Pass the server bundle, or let Certwright issue a throwaway server certificate from the same CA.')
      : fail('setup', 'preflight', 'NO_CLIENT_CERTIFICATE', 'tls: no client certificate to test with', 'Pass the client bundle, or let Certwright issue a throwaway client certificate from the same CA.');
  }
  let issued: PemBundle | 'timeout';
  try {
    issued = await withDeadline(throwaway.issue(), timeoutMs);
  } catch (error) {
    return fail('setup', 'preflight', errorCode(error, 'THROWAWAY_ISSUE_FAILED'), `could not issue a throwaway ${side} certificate: ${errorMessage(error)}`, `The CA could not issue a test ${side} certificate (is it unlocked and valid?): fix that, or prove with a ${side} bundle.`);
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
    return fail('setup', 'preflight', errorCode(error, 'ERR_INVALID_CERTIFICATE'), 'x509: malformed certificate in ca.pem', 'ca.pem is damaged: export the bundle again.', errorMessage(error));
  }
  if (anchors.length === 0) return fail('setup', 'preflight', 'NO_CA_CERTIFICATE', 'tls: no CA certificates to verify against', 'ca.pem holds no certificate: export the bundle again with its CA.');

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
    return fail('setup', 'handshake', errorCode(error, 'ERR_TLS_SETUP'), `could not run the test handshake: ${errorMessage(error)}`, 'The local test server could not start: try again.');
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
      return fail('client', 'handshake', 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE', GO.certificateRequired, `The client sent no certificate, and this server requires one (TLS 1.3 clients then see "${GO.remoteError('certificate required')}", TLS 1.2 clients "${GO.badCertificate}"): configure the client with the bundle's fullchain.pem (or cert.pem) and key.pem.`, outcome.server.error ?? undefined);
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
  return fail('setup', 'handshake', code, alert ? GO.remoteError(alert.go) : GO.handshakeFailure, 'The two sides could not agree on a TLS connection (key types, signature algorithms or protocol versions): check the key algorithms of both certificates.', message);
}
