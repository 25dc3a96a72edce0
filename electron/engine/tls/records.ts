/**
 * The server's side of a TLS ≤ 1.2 handshake, read from the bytes as they arrive: records, the
 * handshake messages in them, and from those the certificates in wire order, the CertificateRequest's
 * CA names and any alert. Pure byte parsing of what a remote end chose to send — every length is
 * checked, memory is bounded, and the reader never throws. (TLS 1.3 encrypts all of this; the probe
 * in services/tls-probe.ts therefore observes over TLS 1.2.)
 */

/** Bytes read from the server before giving up: a first flight is a few KiB, a large one 100 KiB. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
export const MAX_CERTIFICATES = 64;
const MAX_CA_NAMES = 1024;

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
