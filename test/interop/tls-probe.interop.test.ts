/**
 * probeTls against real endpoints on 127.0.0.1: `openssl s_server` and Node TLS servers with a
 * throwaway PKI made by the openssl CLI, and plain TCP servers that misbehave. What matters is that
 * the probe reports what the server actually did: the certificates in the order sent (even a wrong
 * one), the CertificateRequest's CA names, and the server's verdict on a client certificate, which in
 * TLS 1.3 arrives only after the client's side of the handshake is done.
 *
 * Servers run in this process or as children of it, so every openssl call that makes the PKI is
 * asynchronous (a synchronous one would block the event loop the servers need).
 */
import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { describe, test } from 'node:test';
import { createServer as createTlsServer, type TLSSocket, type TlsOptions } from 'node:tls';
import { ServerFlightReader, type FlightState } from '../../electron/engine/tls/records.js';
import { probeTls, type TlsProbeOptions, type TlsProbeResult } from '../../electron/services/tls-probe.js';
import { toPem } from '../../electron/engine/pem.js';
import { X509 } from '../../electron/engine/webcrypto.js';
import { runPeer, writeTemp } from '../support/peers.js';
import { withOpensslServer } from '../support/servers.js';
import { tempDir } from '../support/temp.js';
import { english } from '../../shared/i18n/english.js';
import type { Msg } from '../../shared/i18n/message.js';

const DAY_MS = 86_400_000;
/** A failure or verdict (a catalog text) in the English the CLI prints; '' for none. */
const text = (m: Msg | null | undefined): string => (m ? english(m) : '');

// ---- A throwaway PKI, made with the openssl CLI --------------------------------------------------

const OPENSSL_CONFIG = `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
authorityKeyIdentifier = keyid
[client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
`;

interface Issued {
  readonly cert: string;
  readonly key: string;
  readonly certFile: string;
  readonly keyFile: string;
}

async function openssl(args: readonly string[]): Promise<void> {
  const result = await runPeer('openssl', args);
  assert.equal(result.code, 0, `openssl ${args.join(' ')}\n${result.stderr}`);
}

/** A P-256 key and certificate: self-signed when there is no issuer. */
async function issue(dir: string, name: string, subject: string, extensions: 'ca' | 'server' | 'client', issuer: Issued | null): Promise<Issued> {
  const config = `${dir}/openssl.cnf`;
  const [certFile, keyFile] = [`${dir}/${name}.pem`, `${dir}/${name}.key`];
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-subj', subject, '-config', config];
  if (issuer === null) {
    await openssl(['req', '-x509', ...newKey, '-extensions', extensions, '-days', '2', '-out', certFile]);
  } else {
    await openssl(['req', '-new', ...newKey, '-out', `${dir}/${name}.csr`]);
    await openssl(['x509', '-req', '-in', `${dir}/${name}.csr`, '-CA', issuer.certFile, '-CAkey', issuer.keyFile, '-set_serial', `0x${Date.now().toString(16)}`, '-days', '2', '-extfile', config, '-extensions', extensions, '-out', certFile]);
  }
  const [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
  return { cert, key, certFile, keyFile };
}

/**
 * A server certificate that expired yesterday, issued by `issuer`. openssl 3.0's `x509` cannot
 * backdate (`-not_before` came in 3.4), so it is signed with @peculiar/x509.
 */
async function expiredServer(dir: string, issuer: Issued): Promise<Issued> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
  const issuerPkcs8 = createPrivateKey(issuer.key).export({ format: 'der', type: 'pkcs8' });
  const signingKey = await crypto.subtle.importKey('pkcs8', issuerPkcs8, algorithm, false, ['sign']);
  const keys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const now = Date.now();
  const certificate = await X509.X509CertificateGenerator.create({
    serialNumber: '0e0e',
    subject: 'CN=expired.localhost',
    issuer: new X509.X509Certificate(issuer.cert).subject,
    notBefore: new Date(now - 30 * DAY_MS),
    notAfter: new Date(now - DAY_MS),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    publicKey: keys.publicKey,
    signingKey,
    extensions: [new X509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }])],
  });
  const cert = certificate.toString('pem');
  const key = toPem('PRIVATE KEY', new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey)));
  return { cert, key, certFile: await writeTemp(dir, 'expired.pem', cert), keyFile: await writeTemp(dir, 'expired.key', key) };
}

async function makePki(dir: string) {
  await writeTemp(dir, 'openssl.cnf', OPENSSL_CONFIG);
  const [root, otherRoot] = await Promise.all([issue(dir, 'root', '/O=Certwright Tests/CN=Probe Test Root', 'ca', null), issue(dir, 'other-root', '/O=Certwright Tests/CN=Probe Other Root', 'ca', null)]);
  const [intermediate, client, otherClient] = await Promise.all([
    issue(dir, 'intermediate', '/O=Certwright Tests/CN=Probe Test Intermediate', 'ca', root),
    issue(dir, 'client', '/CN=probe-client', 'client', root),
    issue(dir, 'other-client', '/CN=rogue-client', 'client', otherRoot),
  ]);
  const [leaf, expired] = await Promise.all([issue(dir, 'leaf', '/CN=localhost', 'server', intermediate), expiredServer(dir, intermediate)]);
  return {
    root,
    otherRoot,
    intermediate,
    leaf,
    client,
    otherClient,
    expired,
    files: {
      intermediate: intermediate.certFile,
      rootThenIntermediate: await writeTemp(dir, 'root-then-intermediate.pem', root.cert + intermediate.cert),
    },
  };
}

// ---- Peers ---------------------------------------------------------------------------------------

/** Closes a listening server and every connection it still holds. */
async function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  server.close();
  await once(server, 'close');
}

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

async function withNodeTlsServer<T>(options: TlsOptions, body: (port: number) => Promise<T>, onSecure?: (socket: TLSSocket) => void): Promise<T> {
  const sockets = new Set<Socket>();
  const server = createTlsServer(options, (socket) => {
    socket.on('error', () => undefined);
    onSecure?.(socket);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => undefined); // a refused handshake is the point of some tests
  const port = await listen(server);
  try {
    return await body(port);
  } finally {
    await closeServer(server, sockets);
  }
}

/** A plain TCP server whose connections are handled by `onConnection`. */
async function withTcpServer<T>(onConnection: (socket: Socket) => void, body: (port: number) => Promise<T>): Promise<T> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  const port = await listen(server);
  try {
    return await body(port);
  } finally {
    await closeServer(server, sockets);
  }
}

// ---- Assertions ----------------------------------------------------------------------------------

const derOf = (pem: string) => new Uint8Array(new X509Certificate(pem).raw);
const hex = (items: readonly Uint8Array[]) => items.map((item) => Buffer.from(item).toString('hex'));
const subjectOf = (certificate: X509Certificate) => certificate.subject.split('\n').join(', ');

function assertServed(result: TlsProbeResult, expected: readonly string[], order: TlsProbeResult['chainOrder']): void {
  assert.equal(result.chainOrder, order);
  // Hex, so that a failure shows which certificate is where; subjects, so that it is readable.
  assert.deepEqual(
    result.served.map((der) => subjectOf(new X509Certificate(der))),
    expected.map((pem) => subjectOf(new X509Certificate(pem))),
  );
  assert.deepEqual(hex(result.served), hex(expected.map(derOf)));
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

const local = (port: number, extra: Partial<TlsProbeOptions> = {}): TlsProbeOptions => ({ host: '127.0.0.1', port, servername: 'localhost', client: null, timeoutMs: 4000, ...extra });

// ---- Tests ---------------------------------------------------------------------------------------

describe('probeTls against live endpoints', async () => {
  const dir = await tempDir('certwright-tls-probe-');
  const pki = await makePki(dir);
  const clientBundle = { certificatePem: pki.client.cert, keyPem: pki.client.key };
  const rootSubjectDer = new Uint8Array(new X509.X509Certificate(pki.root.cert).subjectName.toArrayBuffer());
  const otherRootSubjectDer = new Uint8Array(new X509.X509Certificate(pki.otherRoot.cert).subjectName.toArrayBuffer());
  const leafArgs = ['-cert', pki.leaf.certFile, '-key', pki.leaf.keyFile];

  describe('openssl s_server', () => {
    test('a complete chain: leaf then intermediate as sent, TLS 1.3, no client certificate asked', async () => {
      const result = await withOpensslServer([...leafArgs, '-cert_chain', pki.files.intermediate, '-alpn', 'http/1.1'], (port) => probeTls(local(port)));
      assert.equal(result.failure, null);
      assertServed(result, [pki.leaf.cert, pki.intermediate.cert], 'as-sent');
      assert.equal(result.address, '127.0.0.1');
      assert.equal(result.protocol, 'TLSv1.3');
      assert.match(result.cipher ?? '', /^TLS_(AES|CHACHA20)_/);
      assert.equal(result.alpn, 'http/1.1');
      assert.equal(result.clientCertificateRequested, false);
      assert.deepEqual(result.acceptableCaNames, []);
      assert.equal(result.clientCertificate, null);
    });

    test('SNI: the host name is sent when no servername is given, nothing for an IP', async () => {
      // s_server serves -cert2 to clients that ask for "localhost", -cert to everyone else.
      const sniArgs = [...leafArgs, '-servername', 'localhost', '-cert2', pki.expired.certFile, '-key2', pki.expired.keyFile];
      const [byName, byIp] = await withOpensslServer(sniArgs, (port) =>
        Promise.all([probeTls({ host: 'localhost', port, servername: null, client: null }), probeTls({ host: '127.0.0.1', port, servername: null, client: null })]),
      );
      assertServed(byName, [pki.expired.cert], 'as-sent');
      assert.equal(byName.address, '127.0.0.1');
      assertServed(byIp, [pki.leaf.cert], 'as-sent');
    });

    test('an incomplete chain: only the leaf was sent, and only the leaf is reported', async () => {
      const result = await withOpensslServer(leafArgs, (port) => probeTls(local(port)));
      assert.equal(result.failure, null);
      assertServed(result, [pki.leaf.cert], 'as-sent');
    });

    test('a chain in the wrong order (root before intermediate) is reported in that order', async () => {
      const result = await withOpensslServer([...leafArgs, '-cert_chain', pki.files.rootThenIntermediate], (port) => probeTls(local(port)));
      assert.equal(result.failure, null);
      assertServed(result, [pki.leaf.cert, pki.root.cert, pki.intermediate.cert], 'as-sent');
    });

    test('handshake messages split over 512-byte records are put back together', async () => {
      const result = await withOpensslServer([...leafArgs, '-cert_chain', pki.files.rootThenIntermediate, '-max_send_frag', '512', '-Verify', '1', '-CAfile', pki.root.certFile], (port) => probeTls(local(port)));
      assertServed(result, [pki.leaf.cert, pki.root.cert, pki.intermediate.cert], 'as-sent');
      assert.deepEqual(hex(result.acceptableCaNames), hex([rootSubjectDer]));
    });

    test('an expired server certificate is still reported; judging it is not the probe’s job', async () => {
      const result = await withOpensslServer(['-cert', pki.expired.certFile, '-key', pki.expired.keyFile, '-cert_chain', pki.files.intermediate], (port) => probeTls(local(port)));
      assert.equal(result.failure, null);
      assert.equal(result.protocol, 'TLSv1.3');
      assertServed(result, [pki.expired.cert, pki.intermediate.cert], 'as-sent');
    });

    describe('requiring a client certificate (-Verify 1 -CAfile root)', () => {
      const mtlsArgs = [...leafArgs, '-cert_chain', pki.files.intermediate, '-Verify', '1', '-CAfile', pki.root.certFile, '-verify_return_error'];

      test('without one: the failure says a client certificate is required, and from which CA', async () => {
        const result = await withOpensslServer(mtlsArgs, (port) => probeTls(local(port)));
        assert.match(text(result.failure), /requires a client certificate/);
        assert.match(text(result.failure), /pick one/);
        assert.match(text(result.failure), /CN=Probe Test Root/);
        assert.equal(result.clientCertificateRequested, true);
        assert.deepEqual(hex(result.acceptableCaNames), hex([rootSubjectDer]));
        assert.equal(new X509.Name(new Uint8Array(result.acceptableCaNames[0]!)).toString(), new X509.X509Certificate(pki.root.cert).subject);
        assert.equal(result.clientCertificate, null);
        // The server certificate was still received and the negotiation is still reported.
        assertServed(result, [pki.leaf.cert, pki.intermediate.cert], 'as-sent');
        assert.equal(result.protocol, 'TLSv1.3');
      });

      test('with a client certificate from that CA: accepted, no failure', async () => {
        const result = await withOpensslServer(mtlsArgs, (port) => probeTls(local(port, { client: clientBundle })));
        assert.equal(result.failure, null);
        assert.equal(result.clientCertificateRequested, true);
        assert.deepEqual({ ...result.clientCertificate, message: text(result.clientCertificate?.message) }, { accepted: true, message: 'the server asked for a client certificate and accepted CN=probe-client' });
      });

      test('with a client certificate from another CA: refused, and the message says which CA it wants', async () => {
        const result = await withOpensslServer(mtlsArgs, (port) => probeTls(local(port, { client: { certificatePem: pki.otherClient.cert, keyPem: pki.otherClient.key } })));
        assert.equal(result.clientCertificate?.accepted, false);
        assert.match(text(result.clientCertificate?.message), /does not trust the CA/);
        assert.match(text(result.clientCertificate?.message), /accepts client certificates issued by CN=Probe Test Root,O=Certwright Tests, but this one was issued by CN=Probe Other Root,O=Certwright Tests/);
        assert.deepEqual(result.failure, result.clientCertificate?.message);
      });
    });
  });

  describe('client material that cannot be used', () => {
    /** Everything the probe returned, as text: no part of a private key may be in it. */
    const asText = (result: TlsProbeResult) => JSON.stringify({ ...result, served: hex(result.served), acceptableCaNames: hex(result.acceptableCaNames) });
    const keyBody = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '');
    const mtlsArgs = [...leafArgs, '-Verify', '1', '-CAfile', pki.root.certFile];

    test('a key that does not belong to the certificate: said so; the server chain is still read', async () => {
      const result = await withOpensslServer(mtlsArgs, (port) => probeTls(local(port, { client: { certificatePem: pki.client.cert, keyPem: pki.otherClient.key } })));
      assert.equal(text(result.failure), 'the client key does not belong to the client certificate: pick the matching key');
      assert.deepEqual(result.clientCertificate, { accepted: null, message: result.failure });
      assertServed(result, [pki.leaf.cert], 'as-sent');
      for (let i = 0; i + 16 <= keyBody(pki.otherClient.key).length; i += 16) assert.ok(!asText(result).includes(keyBody(pki.otherClient.key).slice(i, i + 16)));
    });

    test('a key that is not a key: said so, without quoting it', async () => {
      const keyPem = `-----BEGIN PRIVATE KEY-----\nc2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0\n-----END PRIVATE KEY-----\n`;
      const result = await withOpensslServer(mtlsArgs, (port) => probeTls(local(port, { client: { certificatePem: pki.client.cert, keyPem } })));
      assert.match(text(result.failure), /^the client certificate or key could not be loaded/);
      assert.ok(!asText(result).includes('c2VjcmV0'), asText(result));
    });
  });

  describe('Node TLS servers', () => {
    const serverIdentity = { key: pki.leaf.key, cert: pki.leaf.cert + pki.intermediate.cert };

    test('requestCert with another CA: the client certificate is refused, and the message names the CA problem', async () => {
      // A Node server does not send an alert for an untrusted client certificate: it hangs up right
      // after the handshake. The CA list it sent over TLS 1.2 is what names the problem.
      const result = await withNodeTlsServer({ ...serverIdentity, requestCert: true, rejectUnauthorized: true, ca: [pki.otherRoot.cert] }, (port) => probeTls(local(port, { client: clientBundle })));
      assert.equal(result.clientCertificateRequested, true);
      assert.deepEqual(hex(result.acceptableCaNames), hex([otherRootSubjectDer]));
      assert.equal(result.clientCertificate?.accepted, false);
      assert.match(text(result.clientCertificate?.message), /rejected the client certificate/);
      assert.match(text(result.clientCertificate?.message), /issued by CN=Probe Other Root,O=Certwright Tests, but this one was issued by CN=Probe Test Root,O=Certwright Tests/);
      assert.ok(result.failure, 'the connection did not survive the handshake');
    });

    test('TLS 1.2 only, requestCert with another CA: the hang-up before the server’s Finished is read as a refusal', async () => {
      const result = await withNodeTlsServer({ ...serverIdentity, maxVersion: 'TLSv1.2', requestCert: true, rejectUnauthorized: true, ca: [pki.otherRoot.cert] }, (port) => probeTls(local(port, { client: clientBundle })));
      assert.equal(result.clientCertificate?.accepted, false);
      assert.match(text(result.clientCertificate?.message), /asked for a client certificate, then closed the connection during the handshake/);
      assert.match(text(result.clientCertificate?.message), /issued by CN=Probe Other Root,O=Certwright Tests, but this one was issued by CN=Probe Test Root,O=Certwright Tests/);
      assertServed(result, [pki.leaf.cert, pki.intermediate.cert], 'as-sent');
    });

    test('TLS 1.3 only: the chain comes from the main connection, reconstructed', async () => {
      const result = await withNodeTlsServer({ ...serverIdentity, minVersion: 'TLSv1.3' }, (port) => probeTls(local(port)));
      assert.equal(result.failure, null);
      assert.equal(result.protocol, 'TLSv1.3');
      assertServed(result, [pki.leaf.cert, pki.intermediate.cert], 'reconstructed');
      assert.equal(result.clientCertificateRequested, null, 'TLS 1.3 hides the CertificateRequest');
    });

    test('TLS 1.3 only, requiring a client certificate: the certificate_required alert is the evidence of the request', async () => {
      const result = await withNodeTlsServer({ ...serverIdentity, minVersion: 'TLSv1.3', requestCert: true, rejectUnauthorized: true, ca: [pki.root.cert] }, (port) => probeTls(local(port)));
      assert.match(text(result.failure), /requires a client certificate and none was presented: pick one/);
      assert.equal(result.clientCertificateRequested, true);
      assert.deepEqual(result.acceptableCaNames, [], 'encrypted in TLS 1.3');
      assert.equal(result.chainOrder, 'reconstructed');
      assert.ok(result.served.length > 0);
    });

    test('TLS 1.3 only, with an accepted client certificate: no failure, but whether it was asked for cannot be seen', async () => {
      const result = await withNodeTlsServer({ ...serverIdentity, minVersion: 'TLSv1.3', requestCert: true, rejectUnauthorized: true, ca: [pki.root.cert] }, (port) => probeTls(local(port, { client: clientBundle })));
      assert.equal(result.failure, null);
      assert.equal(result.clientCertificate?.accepted, null);
    });

    test('probes share their TLS contexts, never a session or a client certificate: each is a full handshake, and the probe after an mTLS one presents nothing', async () => {
      // The server sees only main connections (an observation is dropped before the handshake ends).
      const seen: Array<{ reused: boolean; presented: boolean }> = [];
      const results = await withNodeTlsServer(
        { ...serverIdentity, requestCert: true, rejectUnauthorized: false, ca: [pki.root.cert] },
        async (port) => [await probeTls(local(port)), await probeTls(local(port, { client: clientBundle })), await probeTls(local(port))],
        (socket) => seen.push({ reused: socket.isSessionReused(), presented: Object.keys(socket.getPeerCertificate()).length > 0 }),
      );
      assert.deepEqual(results.map((r) => r.failure), [null, null, null]);
      assert.deepEqual(seen, [{ reused: false, presented: false }, { reused: false, presented: true }, { reused: false, presented: false }]);
    });
  });

  describe('endpoints that are not TLS servers', () => {
    test('connection refused: said so, and settled at once', async () => {
      const port = await withTcpServer(() => undefined, async (free) => free); // free once this returns
      const { value: result, ms } = await timed(() => probeTls(local(port)));
      assert.match(text(result.failure), /^connection refused on 127\.0\.0\.1:\d+: nothing is listening there$/);
      assert.deepEqual(result.served, []);
      assert.ok(ms < 1000, `took ${ms} ms`);
    });

    test('a plain-HTTP port: the failure says it did not answer in TLS', async () => {
      const result = await withTcpServer(
        (socket) => socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')),
        (port) => probeTls(local(port, { client: clientBundle })),
      );
      assert.match(text(result.failure), /did not answer in TLS — is this a plain-HTTP port\? \(it replied "HTTP\/1\.1 400 Bad Request"\)/);
      assert.deepEqual({ ...result.clientCertificate, message: text(result.clientCertificate?.message) }, { accepted: null, message: `not tried: ${text(result.failure)}` });
    });

    test('a server that accepts and never answers: a timeout, within the bound', async () => {
      const { value: result, ms } = await timed(() => withTcpServer(() => undefined, (port) => probeTls(local(port, { timeoutMs: 1000 }))));
      assert.match(text(result.failure), /^no TLS answer from 127\.0\.0\.1:\d+ within 1 s/);
      assert.ok(ms < 2500, `took ${ms} ms`);
    });

    test('a name that does not resolve', async () => {
      const result = await probeTls({ host: 'no-such-host.invalid', port: 443, servername: null, client: null, timeoutMs: 3000 });
      assert.match(text(result.failure), /no-such-host\.invalid (does not resolve|could not be resolved)|could not connect/);
      assert.equal(result.address, null);
    });

    test('an invalid port is refused without connecting', async () => {
      const result = await probeTls({ host: 'localhost', port: 70_000, servername: null, client: null });
      assert.match(text(result.failure), /70000 is not a TCP port/);
    });
  });
});

// ---- The record reader on its own: wire bytes it must survive ----------------------------------------

const u16 = (n: number) => [n >> 8, n & 0xff];
const u24 = (n: number) => [n >> 16, (n >> 8) & 0xff, n & 0xff];
const vector16 = (bytes: number[]) => [...u16(bytes.length), ...bytes];
const vector24 = (bytes: number[]) => [...u24(bytes.length), ...bytes];
const message = (type: number, body: number[]) => [type, ...u24(body.length), ...body];
const records = (bytes: number[], size: number) => {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(22, 3, 3, ...vector16(bytes.slice(i, i + size)));
  return out;
};

/** A TLS 1.2 server flight with two fake certificates and a CertificateRequest naming two CAs. */
function syntheticFlight(): { bytes: Uint8Array; certificates: number[][]; names: number[][] } {
  const certificates = [Array.from({ length: 300 }, (_, i) => i & 0xff), [0x30, 0x03, 0x02, 0x01, 0x05]];
  const names = [[0x30, 0x00], [0x30, 0x02, 0x31, 0x00]];
  const handshake = [
    ...message(2, [3, 3, ...new Array<number>(32).fill(7), 0, 0xc0, 0x2f, 0]),
    ...message(11, vector24(certificates.flatMap(vector24))),
    ...message(13, [1, 64, ...vector16([4, 3]), ...vector16(names.flatMap(vector16))]),
    ...message(14, []),
  ];
  // 100-byte records: messages cross record boundaries and share records.
  return { bytes: new Uint8Array(records(handshake, 100)), certificates, names };
}

describe('ServerFlightReader', () => {
  test('reads a flight fed one byte at a time, across records', () => {
    const { bytes, certificates, names } = syntheticFlight();
    const reader = new ServerFlightReader();
    for (const byte of bytes) reader.feed(new Uint8Array([byte]));
    const flight = reader.flight();
    assert.equal(flight.state, 'done');
    assert.deepEqual(flight.certificates?.map((c) => [...c]), certificates);
    assert.deepEqual(flight.certificateRequest?.caNames.map((n) => [...n]), names);
  });

  test('says not-tls for an HTTP answer, encrypted for ChangeCipherSpec, alert for an alert', () => {
    const read = (bytes: number[]) => new ServerFlightReader().feed(new Uint8Array(bytes));
    assert.equal(read([...Buffer.from('HTTP/1.1 400 Bad Request\r\n')]), 'not-tls');
    assert.equal(read([20, 3, 3, 0, 1, 1]), 'not-tls'); // a server does not start with ChangeCipherSpec
    assert.equal(read([22, 3, 3, 0, 0, 20, 3, 3, 0, 1, 1]), 'encrypted');
    assert.equal(read([21, 3, 3, 0, 2, 2, 70]), 'alert');
  });

  test('bounds memory: a message that claims 16 MiB stops at 1 MiB', () => {
    const reader = new ServerFlightReader();
    reader.feed(new Uint8Array([22, 3, 3, 0, 4, 11, 0xff, 0xff, 0xff]));
    const filler = new Uint8Array(records(new Array<number>(16_000).fill(0), 16_000));
    let state: FlightState = 'reading';
    for (let i = 0; i < 100 && state === 'reading'; i += 1) state = reader.feed(filler);
    assert.equal(state, 'too-large');
  });

  test('never throws on mangled flights', () => {
    const { bytes } = syntheticFlight();
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 2000; round += 1) {
      const mangled = Uint8Array.from(bytes.subarray(0, Math.floor(random() * bytes.length) + 1));
      for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips -= 1) mangled[Math.floor(random() * mangled.length)] = Math.floor(random() * 256);
      const reader = new ServerFlightReader();
      let offset = 0;
      while (offset < mangled.length) {
        const size = 1 + Math.floor(random() * 64);
        assert.doesNotThrow(() => reader.feed(mangled.subarray(offset, offset + size)));
        offset += size;
      }
      const flight = reader.flight();
      assert.ok((flight.certificates?.length ?? 0) <= 64);
    }
  });
});

// ---- A hostile CertificateRequest from a live (fake) server ------------------------------------------

/** A Name of one CN attribute whose value has the given string tag and raw bytes. */
function nameWith(tag: number, value: number[]): number[] {
  const der = (t: number, body: number[]) => [t, body.length, ...body]; // short lengths suffice here
  return der(0x30, der(0x31, der(0x30, [...der(0x06, [0x55, 0x04, 0x03]), ...der(tag, value)])));
}

const utf16be = (text: string) => [...text].flatMap((c) => u16(c.charCodeAt(0)));

describe('probeTls and the CA names of a CertificateRequest', () => {
  test('an odd-length BMPString (and a ragged UniversalString) is read up to the damage, never thrown on', async () => {
    const names = [
      nameWith(0x1e, [...utf16be('Evil CA'), 0x00]), // BMPString with a stray 15th byte
      nameWith(0x1e, utf16be('Fine CA')),
      nameWith(0x1c, [0, 0, 0, 0x55, 0, 0, 0, 0x43, 0, 0]), // UniversalString "UC" + 2 bytes
      nameWith(0x1c, [0x7f, 0xff, 0xff, 0xff]), // not a code point
    ];
    const flight = [
      ...message(2, [3, 3, ...new Array<number>(32).fill(7), 0, 0xc0, 0x2f, 0]),
      ...message(11, vector24(vector24([0x30, 0x03, 0x02, 0x01, 0x05]))),
      ...message(13, [1, 64, ...vector16([4, 3]), ...vector16(names.flatMap(vector16))]),
      ...message(14, []),
    ];
    // The TLS 1.2 observation gets the flight; the main connection is hung up on, as a server that
    // wanted a client certificate does, so that the failure words the CA list.
    let connections = 0;
    const dir = await tempDir('certwright-tls-probe-names-');
    await writeTemp(dir, 'openssl.cnf', OPENSSL_CONFIG);
    const client = await issue(dir, 'client', '/CN=names-client', 'client', null);
    const result = await withTcpServer(
      (socket) => socket.once('data', () => (++connections === 1 ? socket.end(new Uint8Array(records(flight, 16_000))) : socket.destroy())),
      (port) => probeTls(local(port, { client: { certificatePem: client.cert, keyPem: client.key } })),
    );
    assert.equal(result.clientCertificateRequested, true);
    assert.deepEqual(result.acceptableCaNames.map((n) => [...n]), names);
    // The names as the failure words them: whole characters, the damage marked.
    assert.match(text(result.failure), /it accepts client certificates issued by CN=Evil CA\ufffd; CN=Fine CA; CN=UC\ufffd; CN=\ufffd, but this one was issued by CN=names-client$/);
    assert.equal(result.clientCertificate?.accepted, false);
  });
});
