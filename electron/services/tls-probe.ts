/**
 * Connecting to a live TLS endpoint and reporting exactly what it served: the certificates in the
 * order they came on the wire, whether it asked for a client certificate and from which CAs, and —
 * when a client certificate is given — whether the server accepted it.
 *
 * Node has no API for any of the first three: getPeerCertificate(true) re-links the certificates by
 * issuer (dropping strays and sometimes adding a root from the local store), and the
 * CertificateRequest is not exposed at all. In TLS 1.3 both messages are encrypted. So the probe
 * makes two connections, one after the other:
 *
 *  1. the observation: TLS 1.2 at most, through a Duplex that copies the server's bytes, which are
 *     read as plaintext handshake records up to ServerHelloDone, then the connection is dropped;
 *  2. the main connection: modern defaults, with the client certificate, for what a real client
 *     gets (protocol, cipher, ALPN) and for the server's verdict on the client certificate.
 *
 * If the server will not speak TLS 1.2, the certificates come from the main connection, in Node's
 * issuer-linked order ('reconstructed').
 *
 * Nothing here judges the server's certificates (expiry, names, trust): that is the inspector's job,
 * so both connections accept whatever is served. The bytes are read by the engine's TLS record
 * reader (engine/tls/records.ts), failures are worded by engine/tls/failures.ts (which bundle proving
 * shares), and names are written as everywhere else (engine/names.ts, RFC 4514): this file is the
 * networking.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { connect as tlsConnect, createSecureContext, type ConnectionOptions, type DetailedPeerCertificate, type SecureContext, type TLSSocket } from 'node:tls';
import { parseCertificate } from '../engine/inspect/certificate.js';
import { rfc4514 } from '../engine/names.js';
import { certificatesFromPem } from '../engine/pem.js';
import { explainClientMaterial, explainError, explainHangUp, explainNotTls, explainTimeout, isClientCertificateAlert, isNotTlsError, isTlsAlert, nestedMsg, type HangUp, type Situation, type TlsTarget } from '../engine/tls/failures.js';
import { msg, type Msg } from '../../shared/i18n/message.js';
import type { EndpointReach } from '../../shared/domain/inspect.js';
import { MAX_CERTIFICATES, ServerFlightReader, type ServerFlight } from '../engine/tls/records.js';

export interface TlsProbeOptions {
  readonly host: string; // DNS name or IP (IPv6 without brackets)
  readonly port: number;
  readonly servername: string | null; // SNI; when null use host if host is a DNS name, none for IPs
  /** Client certificate to present (for mTLS endpoints): PEM certificate(s) (leaf first, then intermediates) and the PKCS#8 PEM key. */
  readonly client: { readonly certificatePem: string; readonly keyPem: string } | null;
  readonly timeoutMs?: number; // default 8000, per connection
}

export interface TlsProbeResult {
  readonly address: string | null; // remote IP actually connected to
  readonly protocol: string | null; // 'TLSv1.3' … of the main (modern) connection
  readonly cipher: string | null; // standard name, e.g. 'TLS_AES_256_GCM_SHA384'
  readonly alpn: string | null;
  /** DER of every certificate the server sent. */
  readonly served: Uint8Array[];
  /** 'as-sent': wire order (observed on the TLS 1.2 probe); 'reconstructed': Node's issuer-linked order (server would not speak TLS 1.2). */
  readonly chainOrder: 'as-sent' | 'reconstructed';
  /** Whether the server sent a CertificateRequest; null when it could not be observed. */
  readonly clientCertificateRequested: boolean | null;
  /** DER-encoded X.501 Names from the CertificateRequest's certificate_authorities list, in the order sent. */
  readonly acceptableCaNames: Uint8Array[];
  /** Present when options.client was given: did the server accept it? null = could not tell. message in plain words. */
  readonly clientCertificate: { readonly accepted: boolean | null; readonly message: Msg } | null;
  /** null when the (main) handshake succeeded; otherwise what happened, in plain words a security engineer can act on (a catalog text). */
  readonly failure: Msg | null;
  /** How far it got, as data for those who judge it (the endpoint watch): 'ok' exactly when failure is null. */
  readonly reached: EndpointReach;
}

const DEFAULT_TIMEOUT_MS = 8000;
/**
 * In TLS 1.3 the client finishes its handshake before the server has judged the client certificate;
 * a rejection arrives as an alert (or a hang-up) right after. On a working link it comes within
 * milliseconds, so this is the wait before calling the handshake a success.
 */
const VERDICT_WAIT_MS = 400;
/** What a browser offers, so that ALPN shows what the server would pick for one. */
const OFFERED_ALPN = ['h2', 'http/1.1'];

// ---- The endpoint --------------------------------------------------------------------------------

interface Target extends TlsTarget {
  readonly port: number;
}

function targetOf(options: TlsProbeOptions): Target {
  const host = options.host.trim().replace(/^\[(.*)\]$/, '$1');
  // SNI carries DNS names only (RFC 6066 §3).
  const sni = options.servername ?? host;
  const servername = sni !== '' && isIP(sni) === 0 ? sni.replace(/\.$/, '') : null;
  const timeoutMs = options.timeoutMs !== undefined && options.timeoutMs > 0 ? options.timeoutMs : DEFAULT_TIMEOUT_MS;
  return { host, port: options.port, servername, endpoint: isIP(host) === 6 ? `[${host}]:${options.port}` : `${host}:${options.port}`, timeoutMs, alpn: OFFERED_ALPN };
}

/** Options both connections share: whatever the server presents is accepted, to be reported. */
function baseTlsOptions(target: Target): ConnectionOptions {
  return {
    servername: target.servername ?? '', // '' sends no SNI
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
  };
}

/**
 * The SecureContexts of the observation (which never presents a client certificate) and of a main
 * connection without a client certificate, made once per thread: tls.connect would otherwise build
 * one per connection (the cipher list, the root store's reference, OpenSSL's SSL_CTX), ~7–9% of a
 * round of the endpoint watch. They hold nothing of one connection — SNI, ALPN and the verification
 * choice are set on each connection, and Node keeps no client sessions in a context — so sharing
 * them changes nothing a server sees (tls-probe.interop.test.ts: no session resumed, nothing
 * presented after an mTLS probe). A client certificate gets a context of its own for its one
 * connection (its key lives no longer).
 */
let sharedContexts: { readonly observation: SecureContext; readonly main: SecureContext } | null = null;
function contexts(): NonNullable<typeof sharedContexts> {
  sharedContexts ??= { observation: createSecureContext({ maxVersion: 'TLSv1.2' }), main: createSecureContext() };
  return sharedContexts;
}

// ---- Connection 1: observing the first flight over TLS 1.2 ---------------------------------------

interface Observation {
  readonly address: string | null;
  readonly connected: boolean;
  readonly flight: ServerFlight;
  /** 'flight-complete': ServerHelloDone was read. */
  readonly end: 'flight-complete' | 'stopped' | 'handshake-complete' | 'error' | 'closed' | 'timeout';
  readonly error: NodeJS.ErrnoException | null;
}

/**
 * A Duplex over `raw` that shows every incoming chunk to `inspect` before passing it on. A
 * net.Socket handed to tls.connect directly is read in C++, out of JavaScript's sight; a generic
 * Duplex is read through JavaScript.
 */
function tappingDuplex(raw: Socket, inspect: (chunk: Buffer) => boolean): Duplex {
  const tap = new Duplex({
    read() {
      raw.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      raw.write(chunk, callback);
    },
    final(callback) {
      raw.end(callback);
    },
    destroy(error, callback) {
      raw.destroy();
      callback(error);
    },
  });
  raw.on('data', (chunk: Buffer) => {
    if (inspect(chunk) && !tap.push(chunk)) raw.pause();
  });
  raw.on('end', () => tap.push(null));
  return tap;
}

function observeFirstFlight(target: Target): Promise<Observation> {
  return new Promise((resolve) => {
    const reader = new ServerFlightReader();
    const raw = netConnect({ host: target.host, port: target.port });
    let tap: Duplex | null = null;
    let secure: TLSSocket | null = null;
    let address: string | null = null;
    let settled = false;

    const finish = (end: Observation['end'], error: NodeJS.ErrnoException | null = null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      secure?.destroy();
      tap?.destroy();
      raw.destroy();
      resolve({ address, connected: address !== null, flight: reader.flight(), end, error });
    };
    const timer = setTimeout(() => finish('timeout'), target.timeoutMs);

    raw.on('error', (error) => finish('error', error));
    raw.on('close', () => finish('closed'));
    raw.once('connect', () => {
      address = raw.remoteAddress ?? null;
      tap = tappingDuplex(raw, (chunk) => {
        const state = reader.feed(chunk);
        if (state === 'reading') return true;
        // Everything wanted has been read (or there is nothing to read): drop the connection
        // before the client answers, so it never gets as far as a client certificate.
        finish(state === 'done' ? 'flight-complete' : 'stopped');
        return false;
      });
      tap.on('error', () => undefined); // reported through the TLS socket or raw
      secure = tlsConnect({ ...baseTlsOptions(target), socket: tap, secureContext: contexts().observation });
      secure.on('error', (error) => finish('error', error));
      secure.once('secureConnect', () => finish('handshake-complete'));
    });
  });
}

// ---- Connection 2: the handshake a modern client gets -------------------------------------------

interface MainConnection {
  readonly address: string | null;
  readonly connected: boolean;
  readonly protocol: string | null;
  readonly cipher: string | null;
  readonly alpn: string | null;
  /** getPeerCertificate(true), flattened: issuer-linked, not the wire order (see reconstructedChain); empty when not asked for. */
  readonly chain: Uint8Array[];
  /**
   * 'established': the handshake completed and the server kept quiet for VERDICT_WAIT_MS.
   * 'rejected-after-handshake': an alert arrived in that time (TLS 1.3 client certificate verdicts).
   * 'closed-after-handshake': the server hung up in that time without an alert.
   * 'client-material': the client certificate or key could not be loaded.
   */
  readonly end: 'established' | 'rejected-after-handshake' | 'closed-after-handshake' | 'handshake-failed' | 'timeout' | 'client-material';
  readonly error: NodeJS.ErrnoException | null;
}

/**
 * The chain Node rebuilt, leaf first. Only a stand-in for the wire order: certificates that link to
 * nothing are left out, and when the last one sent is not self-issued, Node appends its issuer from
 * its own root store (bundled roots and NODE_EXTRA_CA_CERTS, whatever `ca` says), so a root at the
 * end may not have been sent. TLS 1.3 encrypts the Certificate message, so there is no other source.
 */
function reconstructedChain(socket: TLSSocket): Uint8Array[] {
  const chain: Uint8Array[] = [];
  const seen = new Set<string>();
  let certificate: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (certificate?.raw && chain.length < MAX_CERTIFICATES && !seen.has(certificate.fingerprint256)) {
    seen.add(certificate.fingerprint256);
    chain.push(new Uint8Array(certificate.raw));
    certificate = certificate.issuerCertificate === certificate ? undefined : certificate.issuerCertificate;
  }
  return chain;
}

/**
 * `awaitVerdict`: wait VERDICT_WAIT_MS after the handshake for a refusal. Needless when no client
 * certificate is presented and the observation saw that none is asked for — then there is no verdict
 * to come, and a round of many probes (the endpoint watch) does not pay the wait for each.
 * `wantChain`: read the served chain from this connection. Needless when the observation already
 * has it as sent: getPeerCertificate(true) turns every certificate into a JS object and walks the
 * issuers (~9% of a watch round), only to be thrown away.
 */
function connectMain(target: Target, connectTo: string, client: TlsProbeOptions['client'], awaitVerdict: boolean, wantChain: boolean): Promise<MainConnection> {
  return new Promise((resolve) => {
    let socket: TLSSocket;
    try {
      socket = tlsConnect({
        ...baseTlsOptions(target),
        host: connectTo,
        port: target.port,
        ALPNProtocols: OFFERED_ALPN,
        ...(client ? { cert: client.certificatePem, key: client.keyPem } : { secureContext: contexts().main }),
      });
    } catch (error) {
      // createSecureContext refused the certificate or key (unparseable, or not a pair).
      return resolve({ address: null, connected: false, protocol: null, cipher: null, alpn: null, chain: [], end: 'client-material', error: error as NodeJS.ErrnoException });
    }
    let connected = false;
    let address: string | null = null;
    let secured: Pick<MainConnection, 'protocol' | 'cipher' | 'alpn' | 'chain'> | null = null;
    let settled = false;

    const finish = (end: MainConnection['end'], error: NodeJS.ErrnoException | null = null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ address, connected, protocol: null, cipher: null, alpn: null, chain: [], ...secured, end, error });
    };
    let timer = setTimeout(() => finish('timeout'), target.timeoutMs);

    socket.once('connect', () => {
      connected = true;
      address = socket.remoteAddress ?? null;
    });
    socket.once('secureConnect', () => {
      address ??= socket.remoteAddress ?? null;
      secured = {
        protocol: socket.getProtocol(),
        cipher: socket.getCipher()?.standardName ?? null,
        alpn: typeof socket.alpnProtocol === 'string' ? socket.alpnProtocol : null,
        chain: wantChain ? reconstructedChain(socket) : [],
      };
      clearTimeout(timer);
      if (!awaitVerdict) return finish('established');
      timer = setTimeout(() => finish('established'), VERDICT_WAIT_MS);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (secured === null) return finish('handshake-failed', error);
      finish(isTlsAlert(error) ? 'rejected-after-handshake' : 'closed-after-handshake', error);
    });
    socket.on('close', () => finish(secured === null ? 'handshake-failed' : 'closed-after-handshake'));
    // Keep reading, so that a post-handshake alert is processed while we wait for it. Application
    // data means the server took the connection: it accepted us. (A bare end of stream proves
    // nothing: Node servers refuse a client by destroying the socket, which also ends it.)
    socket.on('data', () => {
      if (secured !== null) finish('established');
    });
  });
}

// ---- The client certificate and the server's CA list ---------------------------------------------

interface ClientChain {
  /** "CN=probe-client,O=Example": for messages. */
  readonly subject: string | null;
  readonly issuer: string | null;
  /** DER issuer and subject Names of every certificate given, to compare with the server's CA list. */
  readonly names: readonly Buffer[];
}

function readClientChain(pem: string): ClientChain {
  const certificates = certificatesFromPem(pem, 'skip').flatMap((der) => {
    try {
      return [parseCertificate(der)];
    } catch {
      return []; // tls.connect will say what is wrong with it
    }
  });
  const leaf = certificates[0];
  return {
    subject: leaf?.subjectDn ?? null,
    issuer: leaf?.issuerDn ?? null,
    names: certificates.flatMap((certificate) => [Buffer.from(certificate.issuerDer), Buffer.from(certificate.subjectDer)]),
  };
}

/**
 * A Name from the server's CA list, as RFC 4514 text (engine/names.ts: as the catalog and the
 * inspector write it). From the network: never throws.
 */
export function caNameText(der: Uint8Array): string {
  try {
    return rfc4514(der) || '(an empty name)';
  } catch {
    return `(an unreadable name, ${der.length} bytes)`;
  }
}

/**
 * What the server's CA list says about this client certificate, or null when it says nothing: an
 * empty list (any CA, or the server did not say), or a list that names one of the chain's CAs.
 */
function caListHint(acceptable: readonly Uint8Array[], client: ClientChain | null): Msg | null {
  if (acceptable.length === 0) return null;
  const listed = nestedMsg('listed', describeNames(acceptable));
  if (client === null) return msg('x509:caHint.accepts', listed);
  if (acceptable.some((name) => client.names.some((own) => own.equals(name)))) return null;
  return client.issuer === null ? msg('x509:caHint.acceptsNotListed', listed) : msg('x509:caHint.acceptsNotThis', { ...listed, issuer: client.issuer });
}

function describeNames(names: readonly Uint8Array[]): Msg {
  // A name is at most 300 characters here: the list is the server's to fill.
  const shown = names.slice(0, 5).map((name) => caNameText(name).slice(0, 300));
  return names.length > shown.length ? msg('x509:caHint.namesMore', { names: shown.join('; '), more: names.length - shown.length }) : msg('x509:caHint.names', { names: shown.join('; ') });
}

// ---- Putting it together -------------------------------------------------------------------------

/** When the observation already shows there is no TLS server to talk to, the words for it and how far it got. */
function unreachable(observation: Observation, s: Situation): { failure: Msg; reached: Exclude<EndpointReach, 'ok'> } | null {
  if (observation.flight.state === 'not-tls') return { failure: explainNotTls(s.target.endpoint, observation.flight.firstBytes), reached: 'not-tls' };
  // Connected and then silence: a TLS server that never answers the ClientHello (or something that waits for the client to speak).
  if (observation.end === 'timeout' && observation.flight.firstBytes.length === 0) return { failure: explainTimeout(observation.connected, s), reached: observation.connected ? 'handshake-failed' : 'unreachable' };
  if (observation.end === 'error' && !observation.connected && observation.error) return { failure: explainError(observation.error, s), reached: 'unreachable' };
  return null;
}

/** How far the main connection got, when it failed (its words come from mainFailure). */
function mainReach(main: MainConnection): Exclude<EndpointReach, 'ok'> {
  if (!main.connected && (main.end === 'timeout' || main.end === 'handshake-failed')) return 'unreachable';
  return main.error !== null && isNotTlsError(main.error) ? 'not-tls' : 'handshake-failed';
}

/** TLS 1.3 hides the CertificateRequest, but an alert about the client certificate implies one. */
function requestedFrom(observation: Observation, main: MainConnection): boolean | null {
  if (observation.end === 'flight-complete') return observation.flight.certificateRequest !== null;
  return main.error && isClientCertificateAlert(main.error, false) ? true : null;
}

/**
 * Servers that do not send alerts (Node's, many proxies) refuse a client certificate by hanging up:
 * right after the handshake in TLS 1.3, before their Finished in TLS 1.2. A hang-up is read that way
 * only when a client certificate could have been the reason.
 */
function hangUpOf(main: MainConnection, s: Situation): HangUp | null {
  if (s.requested === false) return null;
  if (main.end === 'closed-after-handshake') return 'after-handshake';
  const silent = main.error === null || main.error.code === 'ECONNRESET' || main.error.code === 'EPIPE';
  return main.end === 'handshake-failed' && main.connected && silent && s.requested === true ? 'during-handshake' : null;
}

function mainFailure(main: MainConnection, s: Situation): Msg | null {
  const hangUp = hangUpOf(main, s);
  if (hangUp !== null) return explainHangUp(s, hangUp);
  switch (main.end) {
    case 'established':
    case 'closed-after-handshake': // and no certificate was asked for: the handshake itself worked
      return null;
    case 'timeout':
      return explainTimeout(main.connected, s);
    case 'client-material':
      return main.error ? explainClientMaterial(main.error) : msg('x509:tls.clientMaterialShort');
    default:
      return main.error ? explainError(main.error, s) : msg('x509:tls.closedNoAlert', { endpoint: s.target.endpoint });
  }
}

function clientVerdict(main: MainConnection, failure: Msg | null, s: Situation, client: ClientChain): { accepted: boolean | null; message: Msg } {
  // The client certificate by its subject, or in words when it has none.
  const who = (named: string, unnamed: string): Msg => (client.subject === null ? msg(unnamed) : msg(named, { who: client.subject }));
  if (main.end === 'established') {
    if (s.requested === true) return { accepted: true, message: who('x509:client.accepted', 'x509:client.acceptedUnnamed') };
    if (s.requested === false) return { accepted: null, message: msg('x509:client.notAsked') };
    return { accepted: null, message: who('x509:client.unseen', 'x509:client.unseenUnnamed') };
  }
  const verdict = failure ?? who('x509:client.refused', 'x509:client.refusedUnnamed');
  // The server never saw a certificate that could not be loaded: no verdict to report.
  if (main.end === 'client-material') return { accepted: null, message: verdict };
  if (hangUpOf(main, s) !== null || (main.error && isClientCertificateAlert(main.error, true))) return { accepted: false, message: verdict };
  return { accepted: null, message: failure ? msg('x509:client.couldNotTell', nestedMsg('failure', failure)) : msg('x509:client.couldNotTellNotAsked') };
}

function invalidTarget(target: Target): Msg | null {
  if (target.host === '') return msg('x509:tls.noHost');
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65_535) return msg('x509:tls.badPort', { port: String(target.port) });
  return null;
}

/** The result when no TLS conversation took place at all. */
function withoutTls(address: string | null, failure: Msg, reached: Exclude<EndpointReach, 'ok'>, client: ClientChain | null): TlsProbeResult {
  return {
    address,
    protocol: null,
    cipher: null,
    alpn: null,
    served: [],
    chainOrder: 'reconstructed',
    clientCertificateRequested: null,
    acceptableCaNames: [],
    clientCertificate: client ? { accepted: null, message: msg('x509:client.notTried', nestedMsg('failure', failure)) } : null,
    failure,
    reached,
  };
}

export async function probeTls(options: TlsProbeOptions): Promise<TlsProbeResult> {
  const target = targetOf(options);
  const client = options.client ? readClientChain(options.client.certificatePem) : null;
  const invalid = invalidTarget(target);
  if (invalid !== null) return withoutTls(null, invalid, 'unreachable', client);

  const observation = await observeFirstFlight(target);
  const early = unreachable(observation, { target, clientPresented: client !== null, requested: null, caHint: null });
  if (early !== null) return withoutTls(observation.address, early.failure, early.reached, client);

  // The same address as the observation, so that both connections reach the same server.
  const observed = observation.end === 'flight-complete';
  const notAsked = observed && observation.flight.certificateRequest === null;
  const main = await connectMain(target, observation.address ?? target.host, options.client, client !== null || !notAsked, !observed);
  const acceptableCaNames = observed ? [...(observation.flight.certificateRequest?.caNames ?? [])] : [];
  const requested = requestedFrom(observation, main);
  const situation: Situation = { target, clientPresented: client !== null, requested, caHint: caListHint(acceptableCaNames, client) };
  const failure = mainFailure(main, situation);
  return {
    address: main.address ?? observation.address,
    protocol: main.protocol,
    cipher: main.cipher,
    alpn: main.alpn,
    served: observed ? [...(observation.flight.certificates ?? [])] : main.chain,
    chainOrder: observed ? 'as-sent' : 'reconstructed',
    clientCertificateRequested: requested,
    acceptableCaNames,
    clientCertificate: client ? clientVerdict(main, failure, situation, client) : null,
    failure,
    reached: failure === null ? 'ok' : mainReach(main),
  };
}
