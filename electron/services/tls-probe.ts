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
 * so both connections accept whatever is served.
 */
import { X509Certificate } from 'node:crypto';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { connect as tlsConnect, type ConnectionOptions, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';

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
  readonly clientCertificate: { readonly accepted: boolean | null; readonly message: string } | null;
  /** null when the (main) handshake succeeded; otherwise what happened, in plain words a security engineer can act on. */
  readonly failure: string | null;
}

const DEFAULT_TIMEOUT_MS = 8000;
/**
 * In TLS 1.3 the client finishes its handshake before the server has judged the client certificate;
 * a rejection arrives as an alert (or a hang-up) right after. On a working link it comes within
 * milliseconds, so this is the wait before calling the handshake a success.
 */
const VERDICT_WAIT_MS = 400;
/** Bytes read from the server before giving up: a first flight is a few KiB, a large one 100 KiB. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
const MAX_CERTIFICATES = 64;
const MAX_CA_NAMES = 1024;
/** What a browser offers, so that ALPN shows what the server would pick for one. */
const OFFERED_ALPN = ['h2', 'http/1.1'];

// ---- Reading the server's plaintext first flight (TLS ≤ 1.2) ---------------------------------------

const RECORD = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23, heartbeat: 24 } as const;
const HANDSHAKE = { serverHello: 2, certificate: 11, certificateRequest: 13, serverHelloDone: 14 } as const;
/** RFC 8446 §5.1 allows 2^14 plus expansion; larger lengths only come from garbage. */
const MAX_RECORD_LENGTH = 16_384 + 2_048;
const TLS_1_2 = 0x0303;

/**
 * 'reading' until ServerHelloDone ('done'), an alert, encrypted records ('encrypted'), bytes that are
 * not TLS ('not-tls'), structure that does not add up ('malformed'), or too much ('too-large').
 */
export type FlightState = 'reading' | 'done' | 'alert' | 'encrypted' | 'not-tls' | 'malformed' | 'too-large';

export interface ServerFlight {
  readonly state: FlightState;
  /** DER certificates of the Certificate message, in wire order; null when there was none. */
  readonly certificates: readonly Uint8Array[] | null;
  /** The CertificateRequest's certificate_authorities (DER Names); null when there was no request. */
  readonly certificateRequest: { readonly caNames: readonly Uint8Array[] } | null;
  readonly alert: { readonly level: number; readonly description: number } | null;
  /** The first bytes received, to say what a server that does not speak TLS answered instead. */
  readonly firstBytes: Uint8Array;
}

/** Thrown inside the reader when a length points past the data; never escapes it. */
class Truncated extends Error {}

/** Bounds-checked big-endian reads over one handshake message body. */
class Cursor {
  private offset = 0;
  constructor(private readonly bytes: Buffer) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  uint(size: 1 | 2 | 3): number {
    if (this.remaining < size) throw new Truncated();
    const value = this.bytes.readUIntBE(this.offset, size);
    this.offset += size;
    return value;
  }

  /** A copy: the result outlives the connection's buffers. */
  take(length: number): Uint8Array {
    if (this.remaining < length) throw new Truncated();
    const slice = new Uint8Array(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return slice;
  }

  /** The body of a vector with a `size`-byte length prefix, as its own cursor. */
  vector(size: 1 | 2 | 3): Cursor {
    const length = this.uint(size);
    if (this.remaining < length) throw new Truncated();
    const inner = new Cursor(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return inner;
  }
}

/**
 * Reads the server's side of a TLS ≤ 1.2 handshake as it arrives, in chunks of any size: records
 * can be split across chunks, handshake messages across records, and several messages can share a
 * record. The input is whatever the remote end chose to send, so every length is checked, memory is
 * bounded, and `feed` never throws.
 */
export class ServerFlightReader {
  private state: FlightState = 'reading';
  private records = Buffer.alloc(0);
  private handshake = Buffer.alloc(0);
  private recordsRead = 0;
  private buffered = 0;
  private firstBytes = new Uint8Array(0);
  private version = TLS_1_2;
  private certificates: Uint8Array[] | null = null;
  private certificateRequest: { caNames: Uint8Array[] } | null = null;
  private alert: { level: number; description: number } | null = null;

  feed(chunk: Uint8Array): FlightState {
    if (this.state !== 'reading' || chunk.length === 0) return this.state;
    try {
      this.consume(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
    } catch {
      this.state = 'malformed';
    }
    return this.state;
  }

  flight(): ServerFlight {
    return {
      state: this.state,
      certificates: this.certificates,
      certificateRequest: this.certificateRequest,
      alert: this.alert,
      firstBytes: this.firstBytes,
    };
  }

  private consume(chunk: Buffer): void {
    if (this.firstBytes.length < 64) this.firstBytes = new Uint8Array(Buffer.concat([this.firstBytes, chunk.subarray(0, 64 - this.firstBytes.length)]));
    this.buffered += chunk.length;
    if (this.buffered > MAX_BUFFERED_BYTES) return this.stop('too-large');
    this.records = Buffer.concat([this.records, chunk]);
    if (this.recordsRead === 0 && !startsLikeTls(this.records)) return this.stop('not-tls');
    while (this.state === 'reading' && this.records.length >= 5) {
      const type = this.records[0]!;
      const length = this.records.readUInt16BE(3);
      if (!isRecordHeader(this.records) || length > MAX_RECORD_LENGTH) return this.stop('malformed');
      if (this.records.length < 5 + length) return;
      const fragment = this.records.subarray(5, 5 + length);
      this.records = this.records.subarray(5 + length);
      this.recordsRead += 1;
      this.onRecord(type, fragment);
    }
  }

  private onRecord(type: number, fragment: Buffer): void {
    switch (type) {
      case RECORD.handshake:
        this.handshake = Buffer.concat([this.handshake, fragment]);
        return this.readHandshakeMessages();
      case RECORD.alert:
        if (fragment.length < 2) return this.stop('malformed');
        this.alert = { level: fragment[0]!, description: fragment[1]! };
        return this.stop('alert');
      case RECORD.heartbeat:
        return;
      default:
        // ChangeCipherSpec or application data: from here on the server's records are encrypted.
        return this.stop('encrypted');
    }
  }

  private readHandshakeMessages(): void {
    while (this.state === 'reading' && this.handshake.length >= 4) {
      const type = this.handshake[0]!;
      const length = this.handshake.readUIntBE(1, 3);
      if (this.handshake.length < 4 + length) return;
      const body = this.handshake.subarray(4, 4 + length);
      this.handshake = this.handshake.subarray(4 + length);
      this.onHandshakeMessage(type, body);
    }
  }

  private onHandshakeMessage(type: number, body: Buffer): void {
    try {
      switch (type) {
        case HANDSHAKE.serverHello:
          // Its version decides the CertificateRequest layout.
          this.version = new Cursor(body).uint(2);
          return;
        case HANDSHAKE.certificate:
          this.certificates ??= readCertificateList(new Cursor(body));
          return;
        case HANDSHAKE.certificateRequest:
          this.certificateRequest ??= { caNames: readCertificateRequest(new Cursor(body), this.version) };
          return;
        case HANDSHAKE.serverHelloDone:
          return this.stop('done');
        default:
          return; // ServerKeyExchange, CertificateStatus, …: not needed
      }
    } catch (error) {
      if (!(error instanceof Truncated)) throw error;
      this.stop('malformed');
    }
  }

  private stop(state: Exclude<FlightState, 'reading'>): void {
    this.state = state;
    this.records = Buffer.alloc(0);
    this.handshake = Buffer.alloc(0);
  }
}

/** A server's first record is a handshake or an alert, with a 3.x version. */
function startsLikeTls(bytes: Buffer): boolean {
  if (bytes[0] !== RECORD.handshake && bytes[0] !== RECORD.alert) return false;
  if (bytes.length >= 2 && bytes[1] !== 3) return false;
  return bytes.length < 3 || bytes[2]! <= 4;
}

function isRecordHeader(bytes: Buffer): boolean {
  const type = bytes[0]!;
  return type >= RECORD.changeCipherSpec && type <= RECORD.heartbeat && bytes[1] === 3 && bytes[2]! <= 4;
}

/** TLS 1.2 Certificate: certificate_list<0..2^24-1> of ASN.1Cert<1..2^24-1>. */
function readCertificateList(body: Cursor): Uint8Array[] {
  const list = body.vector(3);
  if (body.remaining !== 0) throw new Truncated();
  const certificates: Uint8Array[] = [];
  while (list.remaining > 0 && certificates.length < MAX_CERTIFICATES) certificates.push(list.take(list.uint(3)));
  return certificates;
}

/**
 * TLS 1.2 CertificateRequest (RFC 5246 §7.4.4): certificate_types<1..2^8-1>,
 * supported_signature_algorithms<2..2^16-2> (absent before TLS 1.2), certificate_authorities<0..2^16-1>
 * of DistinguishedName<1..2^16-1>.
 */
function readCertificateRequest(body: Cursor, version: number): Uint8Array[] {
  body.vector(1);
  if (version >= TLS_1_2) body.vector(2);
  const authorities = body.vector(2);
  const names: Uint8Array[] = [];
  while (authorities.remaining > 0 && names.length < MAX_CA_NAMES) names.push(authorities.take(authorities.uint(2)));
  return names;
}

// ---- The endpoint --------------------------------------------------------------------------------

interface Target {
  readonly host: string;
  readonly port: number;
  readonly servername: string | null;
  /** "localhost:8443", "[::1]:443": how the endpoint is named in messages. */
  readonly endpoint: string;
  readonly timeoutMs: number;
}

function targetOf(options: TlsProbeOptions): Target {
  const host = options.host.trim().replace(/^\[(.*)\]$/, '$1');
  // SNI carries DNS names only (RFC 6066 §3).
  const sni = options.servername ?? host;
  const servername = sni !== '' && isIP(sni) === 0 ? sni.replace(/\.$/, '') : null;
  const timeoutMs = options.timeoutMs !== undefined && options.timeoutMs > 0 ? options.timeoutMs : DEFAULT_TIMEOUT_MS;
  return { host, port: options.port, servername, endpoint: isIP(host) === 6 ? `[${host}]:${options.port}` : `${host}:${options.port}`, timeoutMs };
}

/** Options both connections share: whatever the server presents is accepted, to be reported. */
function baseTlsOptions(target: Target): ConnectionOptions {
  return {
    servername: target.servername ?? '', // '' sends no SNI
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
  };
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
      secure = tlsConnect({ ...baseTlsOptions(target), socket: tap, maxVersion: 'TLSv1.2' });
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
  /** getPeerCertificate(true), flattened: issuer-linked, not the wire order (see reconstructedChain). */
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

function connectMain(target: Target, connectTo: string, client: TlsProbeOptions['client']): Promise<MainConnection> {
  return new Promise((resolve) => {
    let socket: TLSSocket;
    try {
      socket = tlsConnect({
        ...baseTlsOptions(target),
        host: connectTo,
        port: target.port,
        ALPNProtocols: OFFERED_ALPN,
        ...(client ? { cert: client.certificatePem, key: client.keyPem } : {}),
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
        chain: reconstructedChain(socket),
      };
      clearTimeout(timer);
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

function isTlsAlert(error: NodeJS.ErrnoException): boolean {
  return /^ERR_SSL_.*ALERT/.test(errorCode(error));
}

// ---- The client certificate and the server's CA list ---------------------------------------------

interface ClientChain {
  /** "CN=probe-client, O=Example": for messages. */
  readonly subject: string | null;
  readonly issuer: string | null;
  /** DER issuer and subject Names of every certificate given, to compare with the server's CA list. */
  readonly names: readonly Buffer[];
}

function readClientChain(pem: string): ClientChain {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const certificates = blocks.flatMap((block) => {
    try {
      return [new X509Certificate(block)];
    } catch {
      return []; // tls.connect will say what is wrong with it
    }
  });
  const leaf = certificates[0];
  return {
    subject: leaf ? oneLine(leaf.subject) : null,
    issuer: leaf ? oneLine(leaf.issuer) : null,
    names: certificates.flatMap((certificate) => issuerAndSubject(certificate.raw)),
  };
}

/** Node prints a DN one attribute per line. */
function oneLine(dn: string): string {
  return dn.split('\n').join(', ');
}

/**
 * What the server's CA list says about this client certificate, or null when it says nothing: an
 * empty list (any CA, or the server did not say), or a list that names one of the chain's CAs.
 */
function caListHint(acceptable: readonly Uint8Array[], client: ClientChain | null): string | null {
  if (acceptable.length === 0) return null;
  const listed = describeNames(acceptable);
  if (client === null) return `it accepts client certificates issued by ${listed}`;
  if (acceptable.some((name) => client.names.some((own) => own.equals(name)))) return null;
  return `it accepts client certificates issued by ${listed}, but this one was issued by ${client.issuer ?? 'a CA not on that list'}`;
}

function describeNames(names: readonly Uint8Array[]): string {
  const shown = names.slice(0, 5).map((name) => formatName(name) ?? '(an unreadable name)');
  return names.length > shown.length ? `${shown.join('; ')} and ${names.length - shown.length} more` : shown.join('; ');
}

// ---- Just enough DER to name a CA --------------------------------------------------------------

interface Element {
  readonly tag: number;
  /** Where the element (header included) starts, and where its contents start and end. */
  readonly offset: number;
  readonly start: number;
  readonly end: number;
}

function readElement(bytes: Uint8Array, offset: number, limit: number): Element | null {
  if (offset + 2 > limit) return null;
  const tag = bytes[offset]!;
  let length = bytes[offset + 1]!;
  let start = offset + 2;
  if (length >= 0x80) {
    const size = length & 0x7f;
    if (size === 0 || size > 3 || start + size > limit) return null;
    length = 0;
    for (let i = 0; i < size; i += 1) length = length * 256 + bytes[start + i]!;
    start += size;
  }
  return start + length > limit ? null : { tag, offset, start, end: start + length };
}

function childrenOf(bytes: Uint8Array, parent: Element): Element[] | null {
  const children: Element[] = [];
  for (let offset = parent.start; offset < parent.end; ) {
    const child = readElement(bytes, offset, parent.end);
    if (child === null || children.length >= 256) return null;
    children.push(child);
    offset = child.end;
  }
  return children;
}

/** The issuer and subject Names of a certificate, as DER (RFC 5280 §4.1: they bracket validity). */
function issuerAndSubject(der: Buffer): Buffer[] {
  const certificate = readElement(der, 0, der.length);
  const tbs = certificate && childrenOf(der, certificate)?.[0];
  const fields = tbs ? childrenOf(der, tbs) : null;
  if (!fields) return [];
  const first = fields[0]?.tag === 0xa0 ? 1 : 0; // [0] version
  return [fields[first + 2], fields[first + 4]].flatMap((name) => (name ? [der.subarray(name.offset, name.end)] : []));
}

const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.25': 'DC',
};

/** "CN=Example Root, O=Example" in DER order, or null when it is not a Name. From the network: never throws. */
function formatName(der: Uint8Array): string | null {
  const name = readElement(der, 0, der.length);
  if (name === null || name.tag !== 0x30) return null;
  const parts: string[] = [];
  for (const set of childrenOf(der, name) ?? []) {
    for (const pair of childrenOf(der, set) ?? []) {
      const [oid, value] = childrenOf(der, pair) ?? [];
      if (oid?.tag !== 0x06 || value === undefined) return null;
      const type = decodeOid(der.subarray(oid.start, oid.end));
      parts.push(`${ATTRIBUTE_NAMES[type] ?? type}=${decodeString(value.tag, der.subarray(value.start, value.end))}`);
    }
  }
  return parts.length > 0 ? parts.join(', ').slice(0, 300) : null;
}

function decodeOid(bytes: Uint8Array): string {
  const arcs: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if (byte & 0x80) continue;
    if (arcs.length === 0) arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
    else arcs.push(value);
    value = 0;
  }
  return arcs.join('.');
}

/** A damaged string's text ends with this mark, where the bytes that made no character were. */
const DAMAGED = '\ufffd';

/**
 * An attribute value's text. BMPString (UCS-2, big-endian) and UniversalString (UCS-4, big-endian)
 * come from the peer with whatever length it chose: the whole characters are read and a ragged end is
 * marked as damaged, never thrown on (Buffer#swap16 throws on an odd length).
 */
function decodeString(tag: number, bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes);
  let text: string;
  if (tag === 0x1e || tag === 0x1c) {
    const width = tag === 0x1e ? 2 : 4;
    const whole = buffer.length - (buffer.length % width);
    const units: number[] = [];
    for (let i = 0; i < whole; i += width) units.push(width === 2 ? buffer.readUInt16BE(i) : buffer.readUInt32BE(i));
    text = units.map((unit) => (width === 2 || unit <= 0x10ffff ? String.fromCodePoint(unit) : DAMAGED)).join('') + (whole < buffer.length ? DAMAGED : '');
  } else {
    text = buffer.toString(tag === 0x14 ? 'latin1' : 'utf8');
  }
  return Array.from(text, (c) => (c < ' ' || c === '\x7f' ? '?' : c)).join('');
}

// ---- Words -------------------------------------------------------------------------------------------

/** What a message needs to know about the attempt. */
interface Situation {
  readonly target: Target;
  readonly clientPresented: boolean;
  readonly requested: boolean | null;
  readonly caHint: string | null;
}

/** Alerts that are a verdict on the client certificate (or on its absence). */
const CLIENT_CERTIFICATE_ALERTS = new Set([
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED',
  'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE',
  'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
]);

const NOT_TLS_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST', 'ERR_SSL_RECORD_LAYER_FAILURE']);

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

function withHint(sentence: string, hint: string | null): string {
  return hint === null ? sentence : `${sentence}; ${hint}`;
}

/** The reason OpenSSL gives in a Node error ("…:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:…"). */
function opensslReason(error: Error): string | null {
  return /:[A-Za-z0-9 ]+ routines:[^:]*:([^:\n]+)/.exec(error.message)?.[1]?.trim() ?? null;
}

/**
 * Node names most TLS errors after OpenSSL's reason (ERR_SSL_TLSV1_ALERT_UNKNOWN_CA), but some
 * socket-level ones only 'EPROTO' with the reason in the message; this gives those their proper name.
 */
function errorCode(error: NodeJS.ErrnoException): string {
  const reason = error.code === 'EPROTO' ? opensslReason(error) : null;
  return reason === null ? (error.code ?? '') : `ERR_SSL_${reason.toUpperCase().replace(/\W+/g, '_')}`;
}

function explainTimeout(connected: boolean, s: Situation): string {
  if (!connected) return `could not connect to ${s.target.endpoint} within ${seconds(s.target.timeoutMs)}: nothing answered (a firewall may be dropping the connection)`;
  return `no TLS answer from ${s.target.endpoint} within ${seconds(s.target.timeoutMs)}: the port is open but the server never answered the TLS hello`;
}

/** Quotes the first line of a non-TLS reply when it is text (an HTTP status line, an SSH or SMTP banner). */
function explainNotTls(endpoint: string, firstBytes: Uint8Array): string {
  const firstLine = Buffer.from(firstBytes).toString('latin1').split(/\r?\n/)[0]!.slice(0, 60);
  if (/^HTTP\/\d/.test(firstLine)) return `${endpoint} did not answer in TLS — is this a plain-HTTP port? (it replied "${firstLine.replace(/[^\x20-\x7e]/g, '?')}")`;
  if (/^[\x20-\x7e]{4,}$/.test(firstLine)) return `${endpoint} did not answer in TLS (it sent "${firstLine}")`;
  return `${endpoint} did not answer in TLS: what it sent is not a TLS record`;
}

/**
 * Why tls.connect would not take the client certificate and key. Only OpenSSL's reason is quoted:
 * other errors can carry (part of) the value they were given, and that value is a private key.
 */
function explainClientMaterial(error: NodeJS.ErrnoException): string {
  if (error.code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH') return 'the client key does not belong to the client certificate: pick the matching key';
  const reason = error.code?.startsWith('ERR_OSSL_') ? opensslReason(error) : null;
  return `the client certificate or key could not be loaded${reason ? ` (${reason})` : ''}: give PEM certificates, leaf first, and its unencrypted PKCS#8 key`;
}

function explainError(error: NodeJS.ErrnoException, s: Situation): string {
  const { endpoint, host, servername } = s.target;
  const code = errorCode(error);
  if (NOT_TLS_CODES.has(code)) return `${endpoint} did not answer in TLS — is this a plain-HTTP port?`;
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused on ${endpoint}: nothing is listening there`;
    case 'ENOTFOUND':
      return `${host} does not resolve: DNS has no address for it (check the spelling, or the DNS/VPN this machine uses)`;
    case 'EAI_AGAIN':
      return `${host} could not be resolved: the DNS lookup failed temporarily (is this machine offline?)`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${endpoint} is unreachable: there is no network route to it (check the address, VPN or firewall)`;
    case 'ETIMEDOUT':
      return explainTimeout(false, s);
    case 'ECONNRESET':
    case 'EPIPE':
      return `${endpoint} closed the connection during the TLS handshake without an alert: a firewall, a proxy, or a server that refuses this client can do that`;
    case 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED':
      return withHint(`${endpoint} requires a client certificate and none was presented: pick one to present`, s.caHint);
    case 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA':
      return withHint(`${endpoint} does not trust the CA that issued the client certificate (unknown_ca alert)`, s.caHint);
    case 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE':
      return withHint(`${endpoint} rejected the client certificate (bad_certificate alert): check its chain, validity, and that it is made for clientAuth`, s.caHint);
    case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN':
      return withHint(`${endpoint} could not accept the client certificate (certificate_unknown alert): check its chain, validity, and that it is made for clientAuth`, s.caHint);
    case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED':
      return `${endpoint} rejected the client certificate as expired or not yet valid (certificate_expired alert)`;
    case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED':
      return `${endpoint} rejected the client certificate as revoked (certificate_revoked alert)`;
    case 'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE':
      return `${endpoint} cannot use the client certificate (unsupported_certificate alert): check its key type and that its extended key usage includes clientAuth`;
    case 'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED':
      return `${endpoint} verified the client certificate but denied it access (access_denied alert): this identity is not authorized there`;
    case 'ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR':
      return s.clientPresented
        ? `${endpoint} could not verify a signature in the handshake (decrypt_error alert): does the client key belong to the client certificate?`
        : `${endpoint} could not verify a signature in the handshake (decrypt_error alert)`;
    case 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE':
      if (s.requested === true && !s.clientPresented) return withHint(`${endpoint} requires a client certificate and none was presented (handshake_failure alert): pick one to present`, s.caHint);
      if (s.requested === true) return withHint(`${endpoint} aborted the handshake after asking for a client certificate (handshake_failure alert): it probably refused the certificate`, s.caHint);
      return `${endpoint} aborted the handshake (handshake_failure alert): it shares no cipher suite, signature algorithm or curve with a modern client`;
    case 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION':
    case 'ERR_SSL_UNSUPPORTED_PROTOCOL':
    case 'ERR_SSL_NO_PROTOCOLS_AVAILABLE':
    case 'ERR_SSL_TLSV1_ALERT_INSUFFICIENT_SECURITY':
      return `${endpoint} refused both TLS 1.2 and TLS 1.3 (protocol_version alert): it probably speaks only TLS 1.0/1.1, which are insecure and disabled here`;
    case 'ERR_SSL_TLSV1_ALERT_UNRECOGNIZED_NAME':
    case 'ERR_SSL_TLSV1_UNRECOGNIZED_NAME':
      return servername === null
        ? `${endpoint} needs a server name (SNI) to pick a certificate: give the DNS name it serves`
        : `${endpoint} does not serve the name "${servername}" (unrecognized_name alert): check the server name (SNI)`;
    case 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL':
      return `${endpoint} supports none of the application protocols offered (${OFFERED_ALPN.join(', ')}): it expects another ALPN protocol`;
    case 'ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR':
      return `${endpoint} reported an internal error during the handshake (internal_error alert): see the server's log`;
    default:
      return `the TLS handshake with ${endpoint} failed: ${opensslReason(error) ?? (code || 'for no reason given')}`;
  }
}

/** Where a server hung up without an alert while a client certificate was in play. */
type HangUp = 'after-handshake' | 'during-handshake';

function explainHangUp(s: Situation, when: HangUp): string {
  const sentence =
    when === 'after-handshake'
      ? `${s.target.endpoint} closed the connection right after the handshake without saying why`
      : `${s.target.endpoint} asked for a client certificate, then closed the connection during the handshake without saying why`;
  if (!s.clientPresented) return `${sentence}: it may require a client certificate`;
  const rejected = `${sentence}: it most likely rejected the client certificate`;
  return s.caHint === null ? `${rejected} (servers do this when they do not trust the CA that issued it, or when it has expired or is not made for clientAuth)` : `${rejected}; ${s.caHint}`;
}

// ---- Putting it together -------------------------------------------------------------------------

/** When the observation already shows there is no TLS server to talk to, the words for it. */
function unreachable(observation: Observation, s: Situation): string | null {
  if (observation.flight.state === 'not-tls') return explainNotTls(s.target.endpoint, observation.flight.firstBytes);
  if (observation.end === 'timeout' && observation.flight.firstBytes.length === 0) return explainTimeout(observation.connected, s);
  if (observation.end === 'error' && !observation.connected && observation.error) return explainError(observation.error, s);
  return null;
}

/** TLS 1.3 hides the CertificateRequest, but an alert about the client certificate implies one. */
function requestedFrom(observation: Observation, main: MainConnection): boolean | null {
  if (observation.end === 'flight-complete') return observation.flight.certificateRequest !== null;
  return main.error && CLIENT_CERTIFICATE_ALERTS.has(errorCode(main.error)) ? true : null;
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

function mainFailure(main: MainConnection, s: Situation): string | null {
  const hangUp = hangUpOf(main, s);
  if (hangUp !== null) return explainHangUp(s, hangUp);
  switch (main.end) {
    case 'established':
    case 'closed-after-handshake': // and no certificate was asked for: the handshake itself worked
      return null;
    case 'timeout':
      return explainTimeout(main.connected, s);
    case 'client-material':
      return main.error ? explainClientMaterial(main.error) : 'the client certificate or key could not be loaded';
    default:
      return main.error ? explainError(main.error, s) : `${s.target.endpoint} closed the connection during the TLS handshake without an alert`;
  }
}

function clientVerdict(main: MainConnection, failure: string | null, s: Situation, client: ClientChain): { accepted: boolean | null; message: string } {
  const who = client.subject ?? 'the client certificate';
  const code = main.error ? errorCode(main.error) : '';
  if (main.end === 'established') {
    if (s.requested === true) return { accepted: true, message: `the server asked for a client certificate and accepted ${who}` };
    if (s.requested === false) return { accepted: null, message: 'the server did not ask for a client certificate, so none was sent' };
    return { accepted: null, message: `the handshake succeeded, but over TLS 1.3 alone it cannot be seen whether the server asked for ${who}` };
  }
  const verdict = failure ?? `the server refused ${who}`;
  // The server never saw a certificate that could not be loaded: no verdict to report.
  if (main.end === 'client-material') return { accepted: null, message: verdict };
  if (hangUpOf(main, s) !== null || CLIENT_CERTIFICATE_ALERTS.has(code) || code === 'ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR') return { accepted: false, message: verdict };
  return { accepted: null, message: `could not tell: ${failure ?? 'the server did not ask for a client certificate'}` };
}

function invalidTarget(target: Target): string | null {
  if (target.host === '') return 'no host was given';
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65_535) return `${target.port} is not a TCP port (1–65535)`;
  return null;
}

/** The result when no TLS conversation took place at all. */
function withoutTls(address: string | null, failure: string, client: ClientChain | null): TlsProbeResult {
  return {
    address,
    protocol: null,
    cipher: null,
    alpn: null,
    served: [],
    chainOrder: 'reconstructed',
    clientCertificateRequested: null,
    acceptableCaNames: [],
    clientCertificate: client ? { accepted: null, message: `not tried: ${failure}` } : null,
    failure,
  };
}

export async function probeTls(options: TlsProbeOptions): Promise<TlsProbeResult> {
  const target = targetOf(options);
  const client = options.client ? readClientChain(options.client.certificatePem) : null;
  const invalid = invalidTarget(target);
  if (invalid !== null) return withoutTls(null, invalid, client);

  const observation = await observeFirstFlight(target);
  const early = unreachable(observation, { target, clientPresented: client !== null, requested: null, caHint: null });
  if (early !== null) return withoutTls(observation.address, early, client);

  // The same address as the observation, so that both connections reach the same server.
  const main = await connectMain(target, observation.address ?? target.host, options.client);
  const observed = observation.end === 'flight-complete';
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
  };
}
