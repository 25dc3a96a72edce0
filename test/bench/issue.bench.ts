/**
 * Issuance throughput, against peers measured in the same run (npm run bench; not part of npm test).
 *   in-app:   Certwright issuing N P-256 client certificates in process, keys sealed, persisted
 *   openssl:  one `openssl req -x509 -CA …` process per certificate (a typical script)
 *   floor:    raw WebCrypto P-256 keygen + one ECDSA signature per certificate (no X.509 at all)
 * Prints certificates per second for each and the ratios. Absolute times depend on the machine;
 * the ratios are the result.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openBackend } from '../support/backend.js';

const run = promisify(execFile);
const N = Number(process.env.BENCH_N ?? 1000);
const OPENSSL_N = Number(process.env.BENCH_OPENSSL_N ?? N);

async function timed(label: string, count: number, work: () => Promise<void>) {
  const start = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = count / seconds;
  console.log(`${label.padEnd(58)} ${count.toString().padStart(5)} certs in ${seconds.toFixed(2).padStart(6)} s = ${rate.toFixed(0).padStart(6)} certs/s`);
  return rate;
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-bench-'));
  try {
    const backend = openBackend(join(dir, 'vault'));
    await backend.call('vault.create', { passphrase: 'benchmark passphrase' });
    const root = await backend.call('authority.createRoot', { subject: { commonName: 'Bench Root' }, keyAlgorithm: 'p256' });
    const { authority } = await backend.call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Bench Issuing CA' }, keyAlgorithm: 'p256' });
    // Warm up (JIT, key unsealing) outside the measurement.
    await backend.call('certificate.issueBulk', { authorityId: authority.id, profile: 'client', serviceNames: ['warm-up'] });

    // Through the router, as the window's "Bulk issue" does: validation, keygen, build, sign, seal, one write.
    const inApp = await timed('Certwright in-app (keygen, build, sign, seal, persist)', N, async () => {
      const serviceNames = Array.from({ length: N }, (_, i) => `service-${i}`);
      const result = await backend.call('certificate.issueBulk', { authorityId: authority.id, profile: 'client', serviceNames, validity: { days: 7 } });
      if (result.issued !== N) throw new Error(`issued ${result.issued}, expected ${N}`);
    });
    const stored = backend.vault.listCertificates(authority.id).length;
    if (stored !== N + 1) throw new Error(`expected ${N + 1} stored certificates, found ${stored}`);

    const floor = await timed('WebCrypto floor (P-256 keygen + 1 ECDSA sign)', N, async () => {
      const data = new Uint8Array(400);
      for (let i = 0; i < N; i++) {
        const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
        await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, data);
      }
    });

    // openssl: an issuing CA on disk, then one process per certificate, as a shell loop would do.
    const caKey = join(dir, 'ca.key');
    const caPem = join(dir, 'ca.pem');
    await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', caKey, '-out', caPem, '-subj', '/CN=Bench OpenSSL CA', '-days', '30']);
    // The same extensions Certwright writes for a client certificate.
    const extensions = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=clientAuth'].flatMap((e) => ['-addext', e]);
    const openssl = await timed('openssl req -x509 -CA, one process per certificate', OPENSSL_N, async () => {
      for (let i = 0; i < OPENSSL_N; i++) {
        await run('openssl', [
          'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
          '-keyout', join(dir, 'leaf.key'), '-out', join(dir, 'leaf.pem'),
          '-subj', `/CN=service-${i}`, '-days', '7', '-CA', caPem, '-CAkey', caKey, ...extensions,
        ]);
      }
    });

    console.log('');
    const ratio = inApp / openssl;
    console.log(`in-app / openssl loop: ${ratio.toFixed(1)}x   (target: at least 9x)   ${ratio >= 9 ? 'PASS' : 'MISS'}`);
    console.log(`in-app / WebCrypto floor: ${(inApp / floor).toFixed(2)}x   (1.0 would be no X.509 overhead at all)`);
    // An absolute rate depends on what else the machine does; the ratio against a peer in the same run is the target.
    console.log(`in-app rate: ${inApp.toFixed(0)} certs/s   (for information: ≈ 2,000 on a quiet machine of this kind)`);
    if (ratio < 9) process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
