/**
 * Issuance throughput, against peers measured in the same run (npm run bench; not part of npm test).
 *   in-app:   Certwright issuing N P-256 client certificates through the router's certificate.issueBulk,
 *             as the window's "Bulk issue" does: validation, keygen, build, sign, seal, persist (keys
 *             sealed, one audit entry each, stored in atomic batches of 1,000)
 *   floor:    raw WebCrypto P-256 keygen + one ECDSA signature per certificate, one after the other
 *             (no X.509, no vault) — the target's peer (issue 14: in-app ≥ 0.7 × floor)
 *   openssl:  one `openssl req -x509 -CA …` process per certificate (a typical script) — in-app ≥ 9×
 * For information, two more floors: WebCrypto with 16 in flight (as many as the app keeps), and
 * node:crypto's synchronous P-256 keygen (createECDH) + sign — the primitives the app itself uses
 * since issue 14 (engine/p256-keys.ts, engine/node-signer.ts), so the overhead left is visible.
 * In-app and the floors take turns for ROUNDS rounds and the best rate of each counts (the least
 * disturbed by whatever else the machine does); every round is printed.
 *
 * BENCH_N: certificates per round (default 1,000); BENCH_ROUNDS (default 3); BENCH_OPENSSL_N: openssl
 * processes (default min(BENCH_N, 300)).
 */
import { execFile } from 'node:child_process';
import { createECDH, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openBackend } from '../support/backend.js';

const run = promisify(execFile);
const N = Number(process.env.BENCH_N ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const OPENSSL_N = Number(process.env.BENCH_OPENSSL_N ?? Math.min(N, 300));
const FLOOR_TARGET = 0.7;
const OPENSSL_TARGET = 9;

async function rate(count: number, work: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return count / (Number(process.hrtime.bigint() - start) / 1e9);
}

const line = (label: string, perSecond: number, extra = '') => console.log(`${label.padEnd(64)} ${perSecond.toFixed(0).padStart(7)} certs/s${extra ? `   ${extra}` : ''}`);

function verdict(label: string, value: number, target: number): boolean {
  const ok = value >= target;
  console.log(`${label.padEnd(40)} ${value.toFixed(2).padStart(6)}x   target ≥ ${target}x   ${ok ? 'PASS' : 'MISS'}`);
  return ok;
}

const data = new Uint8Array(400);

async function webCryptoOne(): Promise<void> {
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, data);
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-bench-'));
  try {
    const backend = openBackend(join(dir, 'vault'));
    await backend.call('vault.create', { passphrase: 'benchmark passphrase' });
    const root = await backend.call('authority.createRoot', { subject: { commonName: 'Bench Root' }, keyAlgorithm: 'p256' });
    const { authority } = await backend.call('authority.createIntermediate', { parentId: root.id, subject: { commonName: 'Bench Issuing CA' }, keyAlgorithm: 'p256' });
    // Warm up (JIT, key unsealing) outside the measurement.
    await backend.call('certificate.issueBulk', { authorityId: authority.id, profile: 'client', serviceNames: Array.from({ length: 50 }, (_, i) => `warm-up-${i}`) });
    for (let i = 0; i < 50; i++) await webCryptoOne();
    const caKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

    console.log(`Issuing P-256 client certificates: ${ROUNDS} rounds of ${N.toLocaleString('en-US')}, in-app and the floors taking turns`);
    const inApp: number[] = [];
    const floor: number[] = [];
    const floor16: number[] = [];
    const nodeFloor: number[] = [];
    let issued = 50;
    for (let round = 1; round <= ROUNDS; round++) {
      const serviceNames = Array.from({ length: N }, (_, i) => `round-${round}-service-${i}`);
      inApp.push(
        await rate(N, async () => {
          const result = await backend.call('certificate.issueBulk', { authorityId: authority.id, profile: 'client', serviceNames, validity: { days: 7 } });
          if (result.issued !== N) throw new Error(`issued ${result.issued}, expected ${N}`);
        }),
      );
      issued += N;
      floor.push(await rate(N, async () => {
        for (let i = 0; i < N; i++) await webCryptoOne();
      }));
      floor16.push(await rate(N, async () => {
        let next = 0;
        await Promise.all(Array.from({ length: 16 }, async () => {
          while (next++ < N) await webCryptoOne();
        }));
      }));
      nodeFloor.push(await rate(N, async () => {
        for (let i = 0; i < N; i++) {
          const ecdh = createECDH('prime256v1');
          ecdh.generateKeys();
          ecdh.getPrivateKey().fill(0);
          sign('sha256', data, { key: caKey, dsaEncoding: 'der' });
        }
      }));
      console.log(`  round ${round}: in-app ${inApp.at(-1)!.toFixed(0)}, WebCrypto floor ${floor.at(-1)!.toFixed(0)}, 16 in flight ${floor16.at(-1)!.toFixed(0)}, node:crypto ${nodeFloor.at(-1)!.toFixed(0)} certs/s`);
    }
    const stored = backend.vault.listCertificates(authority.id).length;
    if (stored !== issued) throw new Error(`expected ${issued} stored certificates, found ${stored}`);

    // openssl: an issuing CA on disk, then one process per certificate, as a shell loop would do.
    const caKeyFile = join(dir, 'ca.key');
    const caPem = join(dir, 'ca.pem');
    await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', caKeyFile, '-out', caPem, '-subj', '/CN=Bench OpenSSL CA', '-days', '30']);
    // The same extensions Certwright writes for a client certificate.
    const extensions = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=clientAuth'].flatMap((e) => ['-addext', e]);
    const openssl = await rate(OPENSSL_N, async () => {
      for (let i = 0; i < OPENSSL_N; i++) {
        await run('openssl', [
          'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
          '-keyout', join(dir, 'leaf.key'), '-out', join(dir, 'leaf.pem'),
          '-subj', `/CN=service-${i}`, '-days', '7', '-CA', caPem, '-CAkey', caKeyFile, ...extensions,
        ]);
      }
    });

    const best = (xs: readonly number[]) => Math.max(...xs);
    console.log('');
    console.log(`Best of ${ROUNDS} rounds:`);
    line('Certwright in-app (keygen, build, sign, seal, persist)', best(inApp));
    line('WebCrypto floor (P-256 keygen + 1 ECDSA sign, one at a time)', best(floor), 'the target\'s peer');
    line('WebCrypto floor, 16 in flight', best(floor16), 'for information');
    line('node:crypto floor (createECDH keygen + sync sign)', best(nodeFloor), 'for information: the primitives in-app uses');
    line(`openssl req -x509 -CA, one process per certificate (${OPENSSL_N})`, openssl);
    console.log('');
    let ok = verdict('in-app / WebCrypto floor', best(inApp) / best(floor), FLOOR_TARGET);
    ok = verdict('in-app / openssl loop', best(inApp) / openssl, OPENSSL_TARGET) && ok;
    console.log(`${'in-app / WebCrypto floor, 16 in flight'.padEnd(40)} ${(best(inApp) / best(floor16)).toFixed(2).padStart(6)}x   for information`);
    console.log(`${'in-app / node:crypto floor'.padEnd(40)} ${(best(inApp) / best(nodeFloor)).toFixed(2).padStart(6)}x   for information: what X.509, sealing and storing still cost`);
    console.log('');
    console.log(ok ? 'issue: every target met' : 'issue: a target was missed');
    if (!ok) process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
