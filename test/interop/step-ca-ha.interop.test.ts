/**
 * A team's CA, highly available, and shared with its automation (issue 20, docs/step-ca.md): ONE
 * step-ca export on a MariaDB database (test/support/step-ca.ts: smallstep's server built from
 * Debian's sources, a throwaway mariadbd), started TWICE from two copies of the folder — the second
 * copy's ca.json given its own loopback port, which is all that differs between instances on one
 * machine (on two machines the copies are identical). Certwright is connected with both URLs, in
 * order.
 *
 * - Failover: a certificate is issued through instance 1; instance 1 is stopped; the next is served
 *   by instance 2 (its own log shows the /sign), both in the one database, both verified by openssl.
 * - The shared database: a revocation made while only instance 2 runs is honoured by instance 1 once
 *   restarted — renewing the revoked certificate over mutual TLS is refused by each instance, in
 *   step-ca's words, while a certificate instance 2 issued renews through instance 1.
 * - lego (Debian 4.9) obtains a certificate from the same server's ACME provisioner over http-01.
 *   step-ca 0.19 fetches the challenge from port 80 of the identifier, with no way to name another
 *   port. So that no other listener can ever clash with lego's, the identifier is a loopback address
 *   chosen at random in 127.0.0.0/8 (not 127.0.0.1, where every other test listens) and lego answers
 *   on that address's port 80 only (we run as root in CI; a machine whose port 80 is taken on every
 *   address gets a message saying so). step-ca 0.19 supports IP identifiers (RFC 8738) but lego 4.9
 *   orders an address as a "dns" identifier and puts it in the CSR's subject, where step-ca reads it
 *   as an IP and refuses the CSR ("badCSR"); so lego is given a CSR (its --csr) that names the
 *   address as the order does, a DNS name. The server really fetches the token from lego.
 *   openssl verifies lego's certificate against the vault's root and the exported intermediate, the
 *   database lists it beside the desktop's, and the desktop's revocation of its serial makes the
 *   server refuse to renew it: the automation and the desktop share one CA.
 *
 * One MariaDB, one export, two step-ca processes (instance 1 started twice) for the whole file.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createPrivateKey, randomInt, X509Certificate } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { toPem } from '../../electron/engine/pem.js';
import { createServices, type Services } from '../../electron/services/index.js';
import { StepClient } from '../../electron/services/remote/step-client.js';
import { opensslVerify } from '../support/pki.js';
import { runPeer } from '../support/peers.js';
import { freePort } from '../support/servers.js';
import { startMariaDb, startStepCa, type MariaDb, type StepCa } from '../support/step-ca.js';
import { cheapVault } from '../support/vault-fixtures.js';
import { valid, failure } from '../support/service-calls.js';

const PASSWORD = 'step-ca export password';
const DATABASE = 'team_ca';

/** The requests of one API path in a step-ca's log (its text logger writes `path=/sign` per request). */
const served = (ca: StepCa, path: string) => ca.output().split('\n').filter((line) => line.includes(`path=${path} `) || line.endsWith(`path=${path}`)).length;

/** A second free port, different from the first. */
async function anotherFreePort(taken: number): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port !== taken) return port;
  }
}

/** Whether a TCP port can be listened on at this address now: null when it can, else why not (EADDRINUSE, EACCES…). */
function cannotListen(host: string, port: number): Promise<string | null> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    probe.listen(port, host, () => probe.close(() => resolve(null)));
  });
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runLego(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile('lego', args, { env: { ...process.env, ...env }, timeout: 40_000, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number' && !error.killed) return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : error ? -1 : 0, stdout, stderr });
    });
  });
}

describe('two step-ca instances on one MariaDB, and lego on the same CA', { timeout: 120_000 }, () => {
  let dir = '';
  let db: MariaDb;
  let services: Services;
  let authorityId = '';
  let folders: [string, string];
  let passwordFile = '';
  let rootFile = '';
  let intermediateFile = '';
  let intermediateDer: Uint8Array;
  let rootDer: Uint8Array;
  const instances: [StepCa | null, StepCa | null] = [null, null];
  let urls: [string, string];
  /** The desktop's certificates by role, set as the tests go. */
  const issued: { first?: { id: string; serialNumberHex: string }; second?: { id: string; serialNumberHex: string } } = {};

  /** The serials (decimal, as step-ca keys them) in one of step-ca's tables. */
  const serialsIn = async (table: 'x509_certs' | 'revoked_x509_certs') => new Set((await db.sql(`SELECT CAST(nkey AS CHAR) FROM ${DATABASE}.${table}`)).split('\n').map((s) => s.trim()).filter(Boolean));
  const decimal = (hex: string) => BigInt(`0x${hex}`).toString(10);

  /** One instance alone, through the product's client pinned to the root: renewal over mutual TLS with a certificate and its key. */
  const renewAt = (url: string, certificateDer: Uint8Array, pkcs8: Uint8Array) => new StepClient({ urls: [url], rootDer }, { timeoutMs: 2_000 }).renew(certificateDer, [intermediateDer], pkcs8);

  /** A certificate of the vault: its DER and its key (PKCS#8, zero it after use). */
  const material = async (id: string) => {
    const detail = await services.certificates.get(id);
    return { der: new Uint8Array(new X509Certificate(detail.certificatePem).raw), pkcs8: await services.vault.exportPrivateKeyPkcs8(id, 'export'), pem: detail.certificatePem };
  };

  const verified = async (pem: string, name: string) => {
    const file = join(dir, `${name}.pem`);
    await writeFile(file, pem);
    return opensslVerify({ caFile: rootFile, untrusted: intermediateFile }, file);
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'certwright-stepca-ha-'));
    const [mariaDb, vault] = await Promise.all([startMariaDb(), mkdir(join(dir, 'vault'), { mode: 0o700 }).then(() => cheapVault(join(dir, 'vault'), { lock: true }))]);
    db = mariaDb;
    services = createServices({ vault });
    const rootId = (await services.authorities.createRoot(valid('authority.createRoot', { subject: { commonName: 'HA Offline Root' }, keyAlgorithm: 'p256', validityDays: 3650, pathLength: 1 }))).id;

    // ONE export (one intermediate, one provisioner key), on the shared database, with ACME.
    const port1 = await freePort();
    const port2 = await anotherFreePort(port1);
    folders = [join(dir, 'instance-1'), join(dir, 'instance-2')];
    await services.remotes.exportStepCa(
      valid('authority.exportStepCa', { rootId, keyAlgorithm: 'p256', password: PASSWORD, address: `127.0.0.1:${port1}`, dnsNames: ['127.0.0.1', 'localhost'], provisioner: 'certwright', acme: true, database: { type: 'mysql', dataSource: db.dsn, database: DATABASE }, format: 'folder' }),
      services.issuing,
      async () => folders[0],
    );
    // The second instance: a copy of the folder, its own port (on two machines, nothing would change).
    await cp(folders[0], folders[1], { recursive: true });
    const config2 = join(folders[1], 'config', 'ca.json');
    const caJson = JSON.parse(await readFile(config2, 'utf8')) as { address: string };
    caJson.address = `127.0.0.1:${port2}`;
    await writeFile(config2, `${JSON.stringify(caJson, null, 2)}\n`, { mode: 0o600 });

    passwordFile = join(dir, 'password.txt');
    await writeFile(passwordFile, PASSWORD, { mode: 0o600 });
    // One after the other: the first creates the database and its tables.
    instances[0] = await startStepCa({ folder: folders[0], passwordFile });
    instances[1] = await startStepCa({ folder: folders[1], passwordFile });
    urls = [instances[0].url, instances[1].url];
    assert.notEqual(urls[0], urls[1]);

    rootFile = join(dir, 'root.pem');
    await writeFile(rootFile, instances[0].rootPem);
    intermediateFile = join(folders[0], 'certs', 'intermediate_ca.crt');
    intermediateDer = new Uint8Array(new X509Certificate(await readFile(intermediateFile)).raw);
    rootDer = new Uint8Array(new X509Certificate(instances[0].rootPem).raw);

    const remote = await services.remotes.connect(valid('remote.connect', { name: 'team-ha', urls, fingerprint: instances[0].fingerprint, provisioner: 'certwright', password: PASSWORD }));
    authorityId = remote.authorityId;
    assert.deepEqual(remote.urlStatus.map((u) => u.health), ['ok', 'ok']);
  });

  after(async () => {
    for (const instance of instances) await instance?.stop();
    await services?.close();
    await db?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('failover: issued through instance 1; instance 1 stopped, the next is served by instance 2; both in the one database', async (t) => {
    const [one, two] = instances as [StepCa, StepCa];
    const signs = [served(one, '/sign'), served(two, '/sign')];
    const first = await services.certificates.issue(valid('certificate.issue', { authorityId, profile: 'server', subject: { commonName: 'one.ha.test' }, sans: [{ type: 'dns', value: 'one.ha.test' }], keyAlgorithm: 'p256' }));
    assert.deepEqual([served(one, '/sign'), served(two, '/sign')], [signs[0]! + 1, signs[1]], 'the first URL serves while it answers');

    await one.stop();
    instances[0] = null;
    const started = performance.now();
    const second = await services.certificates.issue(valid('certificate.issue', { authorityId, profile: 'client', subject: { commonName: 'two' }, sans: [{ type: 'dns', value: 'two.ha.test' }], keyAlgorithm: 'p256' }));
    t.diagnostic(`issue with instance 1 down: ${Math.round(performance.now() - started)} ms (a refused connection hands over at once)`);
    assert.equal(served(two, '/sign'), signs[1]! + 1, 'instance 2 served the second');
    issued.first = first.certificate;
    issued.second = second.certificate;

    for (const [c, name] of [[first.certificate, 'one'], [second.certificate, 'two']] as const) {
      const verdict = await verified((await services.certificates.get(c.id)).certificatePem, `desktop-${name}`);
      assert.ok(verdict.ok, verdict.output);
    }
    const inDb = await serialsIn('x509_certs');
    assert.ok(inDb.has(decimal(first.certificate.serialNumberHex)) && inDb.has(decimal(second.certificate.serialNumberHex)), `x509_certs: ${[...inDb].join(', ')}`);

    // The server's health as the desktop sees it: one URL down, the remote still ok.
    const health = await services.remotes.check((await services.remotes.list())[0]!.id);
    assert.equal(health.health, 'ok');
    assert.deepEqual(health.urlStatus.map((u) => u.health), ['unreachable', 'ok']);
    assert.match(JSON.stringify(health.urlStatus[0]!.problem), /ECONNREFUSED/);
  });

  test('the shared database: revoked through instance 2, refused by instance 1 once restarted (and by 2); a certificate 2 issued renews through 1', async () => {
    assert.ok(issued.first && issued.second, 'needs the failover test');
    const two = instances[1]!;
    const revokes = served(two, '/revoke');
    const result = await services.revocations.revoke({ ids: [issued.first.id], reason: 'keyCompromise', invalidityDate: null });
    assert.equal(result.revoked[0]?.status, 'revoked');
    assert.equal(served(two, '/revoke'), revokes + 1, 'instance 2 took the revocation (instance 1 is down)');

    // Instance 1 again, from its own folder: it has only the database to know of the revocation.
    const one = await startStepCa({ folder: folders[0], passwordFile });
    instances[0] = one;
    assert.equal(one.url, urls[0]);
    const revoked = await material(issued.first.id);
    const alive = await material(issued.second.id);
    try {
      for (const url of urls) {
        const refused = await failure(() => renewAt(url, revoked.der, revoked.pkcs8));
        assert.equal(refused.code, 'REMOTE_REFUSED');
        assert.match(refused.message, /The request lacked necessary authorization/, `${url}: ${refused.message}`);
      }
      assert.ok((await serialsIn('revoked_x509_certs')).has(decimal(issued.first.serialNumberHex)), 'the revocation is in the one database');
      // Not a refusal of everything: what instance 2 issued renews through instance 1 (the same intermediate, the same key).
      const renewals = served(one, '/renew');
      const renewed = await renewAt(urls[0], alive.der, alive.pkcs8);
      assert.equal(served(one, '/renew'), renewals + 1, 'instance 1 renewed it');
      const renewedPem = toPem('CERTIFICATE', renewed.certificateDer);
      assert.notEqual(new X509Certificate(renewedPem).serialNumber, new X509Certificate(alive.pem).serialNumber);
      const verdict = await verified(renewedPem, 'renewed-by-one');
      assert.ok(verdict.ok, verdict.output);
    } finally {
      revoked.pkcs8.fill(0);
      alive.pkcs8.fill(0);
    }
  });

  test('lego obtains a certificate from the same server’s ACME provisioner (http-01); openssl verifies it under the vault’s root; the desktop revokes it there', async (t) => {
    const ca = instances[0] ?? instances[1]!;
    const directory = `${ca.url}/acme/acme/directory`;
    // A loopback address of our own, so lego's port 80 cannot clash with any other test's listener.
    let address = '';
    const refusals: string[] = [];
    for (let tries = 0; tries < 5 && !address; tries++) {
      const candidate = `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
      const why = await cannotListen(candidate, 80);
      if (why === null) address = candidate;
      else refusals.push(`${candidate}:80 ${why}`);
    }
    assert.ok(address, `lego cannot listen on port 80 (${refusals.join('; ')}): step-ca 0.19 fetches http-01 from port 80 only. EACCES: run as root or give node and lego CAP_NET_BIND_SERVICE (CI runs as root); EADDRINUSE: something listens on 0.0.0.0:80`);
    const path = join(dir, 'lego');
    // lego 4.9 orders an address as a "dns" identifier and would put it in the CSR's subject, where
    // step-ca reads it as an IP: the CSR lego sends (its own key, lego's --csr) names it as the order does.
    const keyFile = join(dir, 'lego-key.pem');
    const csrFile = join(dir, 'lego.csr');
    const csr = await runPeer('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-subj', '/', '-addext', `subjectAltName=DNS:${address}`, '-out', csrFile]);
    assert.equal(csr.code, 0, csr.stderr);
    const started = performance.now();
    const run = await runLego(['--server', directory, '--accept-tos', '--email', 'ops@ha.test', '--path', path, '--http', '--http.port', `${address}:80`, '--csr', csrFile, 'run'], { LEGO_CA_CERTIFICATES: rootFile });
    assert.equal(run.code, 0, `lego: exit ${run.code}\n${run.stdout}\n${run.stderr}\nstep-ca:\n${ca.output().slice(-3000)}`);
    t.diagnostic(`lego run through step-ca (http-01 on ${address}:80): ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const certPath = join(path, 'certificates', `${address}.crt`);
    const chainPem = await readFile(certPath, 'utf8');
    const leaf = new X509Certificate(chainPem);
    assert.equal(leaf.subjectAltName, `DNS:${address}`);
    assert.equal(leaf.issuer, new X509Certificate(await readFile(intermediateFile)).subject, 'signed by the intermediate the vault exported');
    // The vault's root and the exported intermediate: the team's automation and the desktop share one CA.
    const verdict = await opensslVerify({ caFile: rootFile, untrusted: intermediateFile, purpose: 'sslserver' }, certPath);
    assert.ok(verdict.ok, verdict.output);

    // The same server as the desktop's: one database holds lego's serial beside the desktop's.
    const legoSerialHex = leaf.serialNumber.toLowerCase();
    const inDb = await serialsIn('x509_certs');
    assert.ok(inDb.has(decimal(legoSerialHex)), 'lego’s certificate is in the shared database');
    assert.ok(issued.second && inDb.has(decimal(issued.second.serialNumberHex)), 'beside the desktop’s');

    // The desktop revokes lego's certificate by serial (it is not in the vault); the server then refuses to renew it.
    const legoKey = createPrivateKey(await readFile(keyFile));
    const pkcs8 = new Uint8Array(legoKey.export({ type: 'pkcs8', format: 'der' }));
    const legoDer = new Uint8Array(leaf.raw);
    try {
      const before = await renewAt(ca.url, legoDer, pkcs8);
      assert.equal(new X509Certificate(Buffer.from(before.certificateDer)).subjectAltName, `DNS:${address}`, 'renewable before the revocation');
      const revoked = await services.issuing.remote.revokeSerial(authorityId, legoSerialHex, 'cessationOfOperation');
      assert.equal(revoked.certificateId, null);
      assert.ok((await serialsIn('revoked_x509_certs')).has(decimal(legoSerialHex)));
      const refused = await failure(() => renewAt(ca.url, legoDer, pkcs8));
      assert.match(refused.message, /The request lacked necessary authorization/);
    } finally {
      pkcs8.fill(0);
    }
  });
});
