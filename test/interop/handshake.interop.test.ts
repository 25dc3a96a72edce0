/**
 * Real mutual-TLS handshakes on 127.0.0.1 with certificates Certwright issued: Node `tls` on both
 * ends, and `openssl s_server` with `openssl s_client`. Success and failure are judged on the
 * server side (in TLS 1.3 a client can finish its handshake before the server rejects it). The
 * failures: no client certificate, a client from another CA, a server certificate used as a client
 * (wrong EKU), an expired client certificate, and a chain that breaks a path length constraint.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import * as tls from 'node:tls';
import { issueIntermediate, issueLeaf, type Issuer } from '../../electron/engine/issue.js';
import { generateKeyPair } from '../../electron/engine/keys.js';
import { toPem } from '../../electron/engine/pem.js';
import { X509 } from '../../electron/engine/webcrypto.js';
import type { KeyAlgorithmId } from '../../shared/domain/keys.js';
import { openBackend } from '../support/backend.js';
import { runPeer, writeTemp } from '../support/peers.js';
import { expectInvalid, type Backend } from '../support/pki.js';
import { tempDir } from '../support/temp.js';

const PASSPHRASE = 'handshake interop passphrase';
const DAY_MS = 86_400_000;
/** No single handshake may take longer than this. */
const IO_TIMEOUT_MS = 10_000;

/** What a client presents: PEM key and certificate chain (leaf first), or nothing. */
interface ClientIdentity {
  readonly key: string;
  readonly cert: string;
}

interface ServerIdentity {
  readonly key: string;
  /** Leaf followed by the intermediate. */
  readonly cert: string;
}

interface ServerVerdict {
  readonly authorized: boolean;
  readonly authorizationError: string | null;
  readonly peerCommonName: string | null;
  readonly protocol: string | null;
  readonly cipher: string | null;
}

async function keyPem(backend: Backend, id: string): Promise<string> {
  const pkcs8 = await backend.vault.exportPrivateKeyPkcs8(id);
  try {
    return toPem('PRIVATE KEY', pkcs8);
  } finally {
    pkcs8.fill(0);
  }
}

/** A certificate's PEM followed by its intermediates, as a TLS peer sends it. */
async function chainOf(backend: Backend, id: string): Promise<{ leaf: string; chain: string; root: string; full: string }> {
  const detail = await backend.call('certificate.get', { id });
  const leaf = `${detail.certificatePem.trim()}\n`;
  const chain = `${detail.chainPem.trim()}\n`;
  return { leaf, chain, root: `${detail.rootPem.trim()}\n`, full: leaf + chain };
}

/**
 * One mTLS exchange between a Node server and a Node client. The server accepts every socket and
 * reports its own verdict on the client; the client reads the server's one-line reply.
 */
async function nodeHandshake(options: { server: ServerIdentity; serverCa: string[]; client: ClientIdentity | null; clientCa: string; version?: tls.SecureVersion }) {
  const verdicts: ServerVerdict[] = [];
  const server = tls.createServer(
    {
      key: options.server.key,
      cert: options.server.cert,
      ca: options.serverCa,
      requestCert: true,
      rejectUnauthorized: false,
      minVersion: options.version ?? 'TLSv1.2',
      maxVersion: options.version ?? 'TLSv1.3',
    },
    (socket) => {
      const peer = socket.getPeerCertificate();
      const cn = peer && 'subject' in peer && peer.subject ? peer.subject.CN : undefined;
      const verdict: ServerVerdict = {
        authorized: socket.authorized,
        authorizationError: socket.authorizationError ? String(socket.authorizationError) : null,
        peerCommonName: typeof cn === 'string' ? cn : null,
        protocol: socket.getProtocol(),
        cipher: socket.getCipher()?.name ?? null,
      };
      verdicts.push(verdict);
      socket.end(verdict.authorized ? `welcome ${verdict.peerCommonName}\n` : `denied ${verdict.authorizationError}\n`);
    },
  );
  server.on('tlsClientError', () => undefined); // a refused handshake is a verdict, not a crash
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  try {
    const client = await new Promise<{ reply: string; protocol: string | null; cipher: string | null; serverVerified: boolean }>((resolve, reject) => {
      const socket = tls.connect({
        host: '127.0.0.1',
        port,
        servername: 'localhost',
        ca: options.clientCa,
        ...(options.client ? { key: options.client.key, cert: options.client.cert } : {}),
        minVersion: options.version ?? 'TLSv1.2',
        maxVersion: options.version ?? 'TLSv1.3',
      });
      let reply = '';
      let protocol: string | null = null;
      let cipher: string | null = null;
      let serverVerified = false;
      socket.setEncoding('utf8');
      socket.setTimeout(IO_TIMEOUT_MS, () => socket.destroy(new Error('client timed out')));
      socket.on('secureConnect', () => {
        protocol = socket.getProtocol();
        cipher = socket.getCipher()?.name ?? null;
        serverVerified = socket.authorized;
      });
      socket.on('data', (chunk: string) => (reply += chunk));
      socket.on('end', () => socket.end());
      socket.on('close', () => resolve({ reply, protocol, cipher, serverVerified }));
      socket.on('error', (error) => (protocol === null ? reject(error) : undefined));
    });
    assert.equal(verdicts.length, 1, 'the server saw exactly one connection');
    return { server: verdicts[0]!, client };
  } finally {
    server.close();
    await once(server, 'close');
  }
}

/**
 * One mTLS exchange between `openssl s_server` and `openssl s_client`. The server serves its -www
 * status page only after it verified the client; its own output carries its verdict.
 */
async function opensslHandshake(dir: string, name: string, options: { server: ServerIdentity & { chainOnly: string; leafOnly: string }; serverCaFile: string; client: (ClientIdentity & { leafOnly: string; chainOnly: string }) | null; clientCa: string; clientArgs?: string[] }) {
  const write = (file: string, text: string) => writeTemp(dir, `${name}-${file}`, text);
  const [serverCert, serverKey, serverChain, clientCa] = await Promise.all([
    write('server.pem', options.server.leafOnly),
    write('server.key', options.server.key),
    write('server-chain.pem', options.server.chainOnly),
    write('client-ca.pem', options.clientCa),
  ]);
  // -Verify takes the depth: 4 leaves room for the forced two-intermediate chain, so that it fails
  // for its path length and not for its depth.
  const server = spawn('openssl', ['s_server', '-accept', '127.0.0.1:0', '-naccept', '1', '-www', '-cert', serverCert, '-key', serverKey, '-cert_chain', serverChain, '-CAfile', options.serverCaFile, '-Verify', '4', '-verify_return_error'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let serverOutput = '';
  server.stdout.setEncoding('utf8').on('data', (d: string) => (serverOutput += d));
  server.stderr.setEncoding('utf8').on('data', (d: string) => (serverOutput += d));
  const exited = once(server, 'exit');
  const killer = setTimeout(() => server.kill(), IO_TIMEOUT_MS * 2);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`s_server did not start: ${serverOutput}`)), IO_TIMEOUT_MS);
      const check = () => {
        const match = /ACCEPT 127\.0\.0\.1:(\d+)/.exec(serverOutput);
        if (match) {
          clearTimeout(timer);
          server.stdout.off('data', check);
          resolve(Number(match[1]));
        }
      };
      server.stdout.on('data', check);
      server.on('exit', () => reject(new Error(`s_server exited: ${serverOutput}`)));
    });
    const clientArgs = ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'localhost', '-verify_hostname', 'localhost', '-CAfile', clientCa, '-verify_return_error', '-ign_eof'];
    if (options.client) {
      const [cert, key, chain] = await Promise.all([write('client.pem', options.client.leafOnly), write('client.key', options.client.key), write('client-chain.pem', options.client.chainOnly)]);
      clientArgs.push('-cert', cert, '-key', key, '-cert_chain', chain);
    }
    clientArgs.push(...(options.clientArgs ?? []));
    const client = await runPeer('openssl', clientArgs, 'GET / HTTP/1.0\r\n\r\n');
    let exitTimer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([exited, new Promise((_, reject) => (exitTimer = setTimeout(() => reject(new Error(`s_server did not exit:\n${serverOutput}`)), IO_TIMEOUT_MS)))]);
    } finally {
      clearTimeout(exitTimer);
    }
    return { serverOutput, clientOutput: client.stdout + client.stderr, served: /HTTP\/1\.0 200 ok/.test(client.stdout) };
  } finally {
    clearTimeout(killer);
    if (server.exitCode === null && server.signalCode === null) server.kill();
  }
}

describe('mTLS handshakes with Certwright certificates', async () => {
  const dir = await tempDir();
  const backend: Backend = openBackend(await tempDir());
  await backend.call('vault.create', { passphrase: PASSPHRASE });
  const root = await backend.call('authority.createRoot', { subject: { commonName: 'Handshake Root' }, keyAlgorithm: 'p256', validityDays: 3650, pathLength: 1 });
  const { authority: intermediate } = await backend.call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Handshake Intermediate' }, pathLength: 0 });

  /** issuePair for 'localhost' and 127.0.0.1, with both keys exported. */
  async function pair(owner: Backend, authorityId: string, keyAlgorithm: KeyAlgorithmId, serviceName = 'order-service', validity?: { days: number }) {
    const issued = await owner.call('certificate.issuePair', { authorityId, serviceName, dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], keyAlgorithm, ...(validity ? { validity } : {}) });
    const [serverChain, clientChain, serverKey, clientKey] = await Promise.all([chainOf(owner, issued.server.id), chainOf(owner, issued.client.id), keyPem(owner, issued.server.id), keyPem(owner, issued.client.id)]);
    return {
      root: serverChain.root,
      server: { key: serverKey, cert: serverChain.full, leafOnly: serverChain.leaf, chainOnly: serverChain.chain },
      client: { key: clientKey, cert: clientChain.full, leafOnly: clientChain.leaf, chainOnly: clientChain.chain },
    };
  }

  const main = await pair(backend, intermediate.id, 'p256');

  // A second, unrelated CA in the same vault: the server does not trust it.
  const rogueRoot = await backend.call('authority.createRoot', { subject: { commonName: 'Rogue Root' }, keyAlgorithm: 'p256', validityDays: 365 });
  const { authority: rogueIntermediate } = await backend.call('authority.createIntermediate', { parentId: rogueRoot.id, subject: { commonName: 'Rogue Intermediate' } });
  const rogue = await pair(backend, rogueIntermediate.id, 'p256', 'order-service');

  // A CA made 400 days ago, which then issued a 1-day client certificate: expired today.
  const past = openBackend(await tempDir(), { now: () => new Date(Date.now() - 400 * DAY_MS) });
  await past.call('vault.create', { passphrase: PASSPHRASE });
  const pastRoot = await past.call('authority.createRoot', { subject: { commonName: 'Past Root' }, keyAlgorithm: 'p256', validityDays: 3650 });
  const { authority: pastIntermediate } = await past.call('authority.createIntermediate', { parentId: pastRoot.id, subject: { commonName: 'Past Intermediate' } });
  const expired = await pair(past, pastIntermediate.id, 'p256', 'order-service', { days: 1 });
  const pastRootPem = (await past.call('authority.get', { id: pastRoot.id })).certificatePem;
  // The server trusts both roots, so expiry is the only thing wrong with that client.
  const serverCa = [main.root, `${pastRootPem.trim()}\n`];
  const serverCaFile = await writeTemp(dir, 'server-ca.pem', serverCa.join(''));

  /** A client certificate under a sub-CA of the pathLen-0 intermediate, forced past the policy. */
  async function forcedDeepClient(): Promise<ClientIdentity & { leafOnly: string; chainOnly: string }> {
    const interDetail = await backend.call('authority.get', { id: intermediate.id });
    const chain = [new X509.X509Certificate(interDetail.certificatePem), new X509.X509Certificate(main.root)];
    const issuer: Issuer = { chain, signer: { privateKey: await backend.vault.signingKey(intermediate.id), algorithm: 'p256' }, settings: interDetail.settings };
    const subKeys = await generateKeyPair('p256', globalThis.crypto);
    const now = Date.now();
    const sub = await issueIntermediate(
      { subject: { commonName: 'Forbidden Sub-CA' }, subjectPublicKeyInfo: new Uint8Array(await globalThis.crypto.subtle.exportKey('spki', subKeys.publicKey)), pathLength: 0, nameConstraints: null, notBefore: new Date(now - 60_000), notAfter: new Date(now + 30 * DAY_MS) },
      issuer,
      globalThis.crypto,
    );
    const subCert = new X509.X509Certificate(sub.der);
    const leafKeys = await generateKeyPair('p256', globalThis.crypto);
    const leaf = await issueLeaf(
      { profile: 'client', subject: { commonName: 'deep-client' }, sans: [], subjectPublicKeyInfo: new Uint8Array(await globalThis.crypto.subtle.exportKey('spki', leafKeys.publicKey)), notBefore: new Date(now - 60_000), notAfter: new Date(now + DAY_MS) },
      { chain: [subCert, ...chain], signer: { privateKey: subKeys.privateKey, algorithm: 'p256' }, settings: interDetail.settings },
      globalThis.crypto,
    );
    const leafPem = toPem('CERTIFICATE', leaf.der);
    const chainPem = toPem('CERTIFICATE', sub.der) + `${interDetail.certificatePem.trim()}\n`;
    return { key: toPem('PRIVATE KEY', new Uint8Array(await globalThis.crypto.subtle.exportKey('pkcs8', leafKeys.privateKey))), cert: leafPem + chainPem, leafOnly: leafPem, chainOnly: chainPem };
  }

  test('the engine refuses a sub-CA under the pathLen-0 intermediate (so the next test has to force one)', async () => {
    await expectInvalid(backend, 'authority.createIntermediate', { parentId: intermediate.id, subject: { commonName: 'Forbidden Sub-CA' } }, 'parentId', /path length 0/);
  });

  describe('Node tls on both ends', () => {
    for (const keyAlgorithm of ['p256', 'p384', 'rsa2048', 'ed25519'] as const) {
      for (const version of ['TLSv1.3', 'TLSv1.2'] as const) {
        test(`${keyAlgorithm} pair over ${version}: the server authorizes the client`, async () => {
          const ids = keyAlgorithm === 'p256' ? main : await pair(backend, intermediate.id, keyAlgorithm);
          const { server, client } = await nodeHandshake({ server: ids.server, serverCa: [main.root], client: ids.client, clientCa: main.root, version });
          assert.deepEqual({ authorized: server.authorized, error: server.authorizationError, cn: server.peerCommonName }, { authorized: true, error: null, cn: 'order-service' });
          assert.equal(server.protocol, version);
          assert.ok(server.cipher, 'a cipher was negotiated');
          assert.equal(client.protocol, version);
          assert.equal(client.cipher, server.cipher);
          assert.equal(client.serverVerified, true, 'the client verified the server for localhost');
          assert.equal(client.reply, 'welcome order-service\n');
        });
      }
    }

    const failures: Array<[string, () => Promise<ClientIdentity | null>, RegExp]> = [
      ['no client certificate', async () => null, /^UNABLE_TO_GET_ISSUER_CERT$/], // Node's word for "none was sent"
      ['a client certificate from another CA', async () => rogue.client, /^UNABLE_TO_GET_ISSUER_CERT_LOCALLY$/],
      ['a server certificate used as a client (wrong EKU)', async () => main.server, /^INVALID_PURPOSE$/],
      ['an expired client certificate', async () => expired.client, /^CERT_HAS_EXPIRED$/],
      ['a chain that breaks a path length constraint', forcedDeepClient, /^PATH_LENGTH_EXCEEDED$/],
    ];
    for (const [what, identity, code] of failures) {
      for (const version of ['TLSv1.3', 'TLSv1.2'] as const) {
        test(`refused on the server over ${version}: ${what}`, async () => {
          const { server, client } = await nodeHandshake({ server: main.server, serverCa, client: await identity(), clientCa: main.root, version });
          assert.equal(server.authorized, false);
          assert.ok(server.authorizationError, 'the server names the reason');
          assert.match(server.authorizationError, code);
          assert.equal(client.reply, `denied ${server.authorizationError}\n`);
        });
      }
    }
  });

  describe('openssl s_server and s_client', () => {
    for (const [version, flag] of [['TLSv1.3', '-tls1_3'], ['TLSv1.2', '-tls1_2']] as const) {
      test(`mutual authentication over ${version} succeeds; the server verified the client's chain`, async () => {
        const result = await opensslHandshake(dir, `ok-${flag}`, { server: main.server, serverCaFile, client: main.client, clientCa: main.root, clientArgs: [flag] });
        assert.ok(result.served, `the server answered only after verifying the client:\n${result.serverOutput}\n${result.clientOutput}`);
        assert.doesNotMatch(result.serverOutput, /verify error/);
        assert.match(result.clientOutput, /Verification: OK/);
        // The -www page is written by the server: its session's verify result is the server's verdict.
        const page = result.clientOutput.slice(result.clientOutput.indexOf('HTTP/1.0 200 ok'));
        assert.match(page, new RegExp(`New, ${version.replace('.', '\\.')}, Cipher is \\S+`));
        assert.match(page, /Verify return code: 0 \(ok\)/);
        // The server walked the client's chain up to the root and accepted each link.
        assert.match(result.serverOutput, /depth=2 CN = Handshake Root\nverify return:1\ndepth=1 CN = Handshake Intermediate\nverify return:1\ndepth=0 CN = order-service\nverify return:1/);
      });
    }

    const failures: Array<[string, () => Promise<(ClientIdentity & { leafOnly: string; chainOnly: string }) | null>, RegExp]> = [
      ['no client certificate', async () => null, /peer did not return a certificate/],
      ['a client certificate from another CA', async () => rogue.client, /verify error:num=20:unable to get local issuer certificate/],
      ['a server certificate used as a client (wrong EKU)', async () => main.server, /verify error:num=26:(unsuitable|unsupported) certificate purpose/],
      ['an expired client certificate', async () => expired.client, /verify error:num=10:certificate has expired/],
      ['a chain that breaks a path length constraint', forcedDeepClient, /verify error:num=25:path length constraint exceeded/],
    ];
    for (const [what, identity, reason] of failures) {
      test(`refused by s_server: ${what}`, async () => {
        const name = what.replace(/\W+/g, '-');
        const result = await opensslHandshake(dir, name, { server: main.server, serverCaFile, client: await identity(), clientCa: main.root });
        assert.match(result.serverOutput, reason);
        assert.equal(result.served, false, 'the server did not serve the request');
        // The client itself verified the server fine: the failure is the server's verdict on it.
        assert.match(result.clientOutput, /Verification: OK|Verify return code: 0/);
      });
    }
  });
});
