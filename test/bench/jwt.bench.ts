/**
 * Service tokens (issue 15), ES256, against python3-jwt measured in the same run (npm run bench;
 * BENCH_ONLY=jwt for this one alone; not part of npm test):
 *   engine mint:   `signToken` (the JWS assembled and signed through node:crypto with the issuer's
 *                  WebCrypto P-256 key, as mint.ts does since this benchmark measured jose's
 *                  crypto.subtle path at 0.47–0.60×) with fresh claims each time — target ≥ 1×
 *                  python3-jwt's `jwt.encode` with a loaded key object, in one Python process (no
 *                  interpreter start counted)
 *   engine verify: jose `jwtVerify` with the issuer's public key imported once, algorithm, iss and
 *                  aud pinned — target ≥ 0.5× python3-jwt's `jwt.decode(…, algorithms=['ES256'],
 *                  audience=…, issuer=…)` with a loaded key object. Verification stays on jose, the
 *                  library made for hostile tokens: it runs once per pasted token (services verify in
 *                  their own language), so the target only guards against a collapse
 *   diagnosis:     `diagnoseToken`, what `jwt verify` and the window's Verify run: every check in
 *                  plain words, the JWK imported per token (as each pasted token is) — for
 *                  information, with its ratio
 *   service mint:  `identity.mint` through createServices: the policy read, the cached unsealed key,
 *                  the signature and the durable audit write (an fsynced append and the manifest) per
 *                  token — target ≥ TOKENS_PER_SECOND (the token endpoint's budget, 20/s): the
 *                  endpoint's own limit, not the vault, must be what a busy caller meets
 * For information, what the same key reaches through node:crypto's synchronous verify (jose verifies
 * through crypto.subtle, whose every call is an async job).
 * Engine and Python take turns for BENCH_ROUNDS rounds (default 3); the best of each counts; every
 * round is printed. BENCH_JWT_N: tokens per round (default 5,000); BENCH_JWT_SERVICE_N: tokens the
 * service path signs (default 300).
 */
import { execFile } from 'node:child_process';
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { importJWK, importSPKI, jwtVerify, type JWK } from 'jose';
import { diagnoseToken } from '../../electron/engine/jwt/diagnose.js';
import { generateIssuerKey } from '../../electron/engine/jwt/keys.js';
import { importPrivateKey } from '../../electron/engine/keys.js';
import { signToken, tokenClaims } from '../../electron/engine/jwt/mint.js';
import { TOKENS_PER_SECOND } from '../../electron/services/token-server.js';
import { openBackend } from '../support/backend.js';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const N = Number(process.env.BENCH_JWT_N ?? 5000);
const SERVICE_N = Number(process.env.BENCH_JWT_SERVICE_N ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MINT_TARGET = 1;
const VERIFY_TARGET = 0.5;
const SERVICE_TARGET = TOKENS_PER_SECOND;

const POLICY = '{"version":1,"services":{"order-service":{"calls":["payment-service:charge"]},"payment-service":{"calls":[]}}}';

/** python3-jwt in one process: N encodes with fresh claims, then N decodes of one token; rates as JSON. */
const PY_BENCH = `
import json, sys, time, uuid, jwt
from cryptography.hazmat.primitives.serialization import load_pem_private_key, load_pem_public_key
n, key_path, pub_path, kid = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
key = load_pem_private_key(open(key_path, 'rb').read(), None)
pub = load_pem_public_key(open(pub_path, 'rb').read())
def claims():
    now = int(time.time())
    return {'iss': 'bench.issuer', 'sub': 'order-service', 'aud': 'payment-service', 'iat': now, 'nbf': now, 'exp': now + 600, 'jti': uuid.uuid4().hex, 'scope': 'payment-service:charge'}
for _ in range(50):
    token = jwt.encode(claims(), key, algorithm='ES256', headers={'kid': kid})
    jwt.decode(token, pub, algorithms=['ES256'], audience='payment-service', issuer='bench.issuer')
start = time.perf_counter()
for _ in range(n):
    token = jwt.encode(claims(), key, algorithm='ES256', headers={'kid': kid})
encode = n / (time.perf_counter() - start)
start = time.perf_counter()
for _ in range(n):
    jwt.decode(token, pub, algorithms=['ES256'], audience='payment-service', issuer='bench.issuer')
decode = n / (time.perf_counter() - start)
print(json.dumps({'encode': encode, 'decode': decode}))
`;

async function rate(count: number, work: (i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) await work(i);
  return count / ((performance.now() - start) / 1000);
}

const line = (label: string, perSecond: number, extra = '') => console.log(`${label.padEnd(66)} ${perSecond.toFixed(0).padStart(7)} tokens/s${extra ? `   ${extra}` : ''}`);

function verdict(label: string, value: number, target: number, unit = 'x'): boolean {
  const ok = value >= target;
  console.log(`${label.padEnd(46)} ${value.toFixed(2).padStart(8)}${unit}   target ≥ ${target}${unit}   ${ok ? 'PASS' : 'MISS'}`);
  return ok;
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-jwt-bench-'));
  try {
    // One P-256 key, the way an issuer's is made and (after unsealing) imported: non-extractable.
    const made = await generateIssuerKey('ES256', undefined, globalThis.crypto);
    const pkcs8 = new Uint8Array(await globalThis.crypto.subtle.exportKey('pkcs8', made.privateKey));
    const signing = await importPrivateKey(pkcs8, 'p256', globalThis.crypto);
    const kid = made.kid;
    const pem = (label: string, der: Uint8Array) => `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----\n`;
    const keyPath = join(dir, 'key.pem');
    const pubPath = join(dir, 'pub.pem');
    await writeFile(keyPath, pem('PRIVATE KEY', pkcs8), { mode: 0o600 });
    await writeFile(pubPath, pem('PUBLIC KEY', made.spki));
    pkcs8.fill(0);
    const verifyKey = await importSPKI(pem('PUBLIC KEY', made.spki), 'ES256');
    const issuer = { name: 'bench.issuer', algorithm: 'ES256' as const, keys: [{ kid, algorithm: 'ES256' as const, publicJwk: made.publicJwk as JWK }] };
    const claims = () => tokenClaims({ issuer: 'bench.issuer', subject: 'order-service', audience: 'payment-service', scope: ['payment-service:charge'], ttlSeconds: 600, now: new Date() });
    const token = await signToken(signing, 'ES256', kid, claims());
    // Each verifier accepts what the others make (a benchmark of a broken path would mean nothing).
    await jwtVerify(token, verifyKey, { algorithms: ['ES256'], issuer: 'bench.issuer', audience: 'payment-service' });
    if (!(await diagnoseToken({ token, issuer, audience: 'payment-service', now: new Date() })).valid) throw new Error('diagnoseToken refuses the engine\'s token');
    await importJWK(made.publicJwk, 'ES256');
    // For information: the same key through node:crypto, synchronously (engine/node-signer.ts's way).
    const publicObject = createPublicKey(pem('PUBLIC KEY', made.spki));
    const nodeMint = () => signToken(signing, 'ES256', kid, claims());
    const nodeVerify = async (jws: string) => {
      const [h, c, sig] = jws.split('.');
      if (!verifySignature('sha256', Buffer.from(`${h}.${c}`), { key: publicObject, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig!, 'base64url'))) throw new Error('bad signature');
      const header = JSON.parse(Buffer.from(h!, 'base64url').toString()) as { alg: string };
      const body = JSON.parse(Buffer.from(c!, 'base64url').toString()) as { iss: string; aud: string; exp: number };
      if (header.alg !== 'ES256' || body.iss !== 'bench.issuer' || body.aud !== 'payment-service' || body.exp <= Date.now() / 1000) throw new Error('refused');
    };
    await nodeVerify(await nodeMint());
    await jwtVerify(await nodeMint(), verifyKey, { algorithms: ['ES256'], issuer: 'bench.issuer', audience: 'payment-service' });
    // Warm-up outside the measurement (JIT).
    for (let i = 0; i < 200; i++) {
      const t = await signToken(signing, 'ES256', kid, claims());
      await jwtVerify(t, verifyKey, { algorithms: ['ES256'], issuer: 'bench.issuer', audience: 'payment-service' });
      await diagnoseToken({ token: t, issuer, audience: 'payment-service', now: new Date() });
      await nodeVerify(await nodeMint());
    }

    console.log(`ES256 tokens: ${ROUNDS} rounds of ${N.toLocaleString('en-US')}, Certwright's engine and python3-jwt taking turns`);
    const mint: number[] = [];
    const verify: number[] = [];
    const diagnose: number[] = [];
    const pyEncode: number[] = [];
    const pyDecode: number[] = [];
    const nodeVerifies: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      mint.push(await rate(N, () => signToken(signing, 'ES256', kid, claims())));
      verify.push(await rate(N, () => jwtVerify(token, verifyKey, { algorithms: ['ES256'], issuer: 'bench.issuer', audience: 'payment-service' })));
      diagnose.push(await rate(Math.ceil(N / 2), () => diagnoseToken({ token, issuer, audience: 'payment-service', now: new Date() })));
      nodeVerifies.push(await rate(N, () => nodeVerify(token)));
      const { stdout } = await run(PYTHON, ['-c', PY_BENCH, String(N), keyPath, pubPath, kid], { maxBuffer: 1 << 20 });
      const py = JSON.parse(stdout) as { encode: number; decode: number };
      pyEncode.push(py.encode);
      pyDecode.push(py.decode);
      console.log(`  round ${round}: engine mint ${mint.at(-1)!.toFixed(0)}, python3-jwt encode ${py.encode.toFixed(0)}; jose verify ${verify.at(-1)!.toFixed(0)}, diagnoseToken ${diagnose.at(-1)!.toFixed(0)}, python3-jwt decode ${py.decode.toFixed(0)}; node:crypto verify ${nodeVerifies.at(-1)!.toFixed(0)} tokens/s`);
    }

    // The service path: a real vault, one durable audit entry per token.
    const backend = openBackend(join(dir, 'vault'));
    await backend.call('vault.create', { passphrase: 'jwt benchmark passphrase' });
    await backend.call('policy.save', { text: POLICY });
    const created = await backend.call('jwt.createIssuer', { name: 'bench.issuer', algorithm: 'ES256' });
    const request = { id: created.id, service: 'order-service', audience: 'payment-service', ttlSeconds: 600 };
    for (let i = 0; i < 20; i++) await backend.services.identity.mint(request);
    const service: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      service.push(await rate(SERVICE_N, () => backend.services.identity.mint(request)));
      console.log(`  round ${round}: service mint (sign + durable audit entry) ${service.at(-1)!.toFixed(0)} tokens/s`);
    }
    const audited = backend.vault.auditEntries({ kinds: ['token.signed'], limit: 1 }).total;
    if (audited !== 20 + ROUNDS * SERVICE_N) throw new Error(`expected ${20 + ROUNDS * SERVICE_N} token.signed entries, found ${audited}`);
    backend.vault.lock();

    const best = (xs: readonly number[]) => Math.max(...xs);
    console.log('');
    console.log(`Best of ${ROUNDS} rounds:`);
    line('Certwright engine mint (signToken: claims, node:crypto sign, ES256)', best(mint));
    line('python3-jwt jwt.encode (key object loaded once)', best(pyEncode), 'the mint target\'s peer');
    line('Certwright verify (jose jwtVerify: alg, iss, aud pinned)', best(verify));
    line('python3-jwt jwt.decode (algorithms, audience, issuer given)', best(pyDecode), 'the verify target\'s peer');
    line('Certwright diagnoseToken (every check, JWK imported per token)', best(diagnose), 'for information');
    line('the same key through node:crypto sync verify (+ alg, iss, aud, exp)', best(nodeVerifies), 'for information');
    line(`Certwright service mint (+ policy, durable audit entry; ${SERVICE_N} a round)`, best(service));
    console.log('');
    let ok = verdict('engine mint / python3-jwt encode', best(mint) / best(pyEncode), MINT_TARGET);
    ok = verdict('jose verify / python3-jwt decode', best(verify) / best(pyDecode), VERIFY_TARGET) && ok;
    ok = verdict('service mint, tokens/s (endpoint budget)', best(service), SERVICE_TARGET, '/s') && ok;
    console.log(`${'diagnoseToken / python3-jwt decode'.padEnd(46)} ${(best(diagnose) / best(pyDecode)).toFixed(2).padStart(8)}x   for information`);
    console.log(`${'node:crypto verify / python3-jwt decode'.padEnd(46)} ${(best(nodeVerifies) / best(pyDecode)).toFixed(2).padStart(8)}x   for information`);
    console.log(`${'service mint / engine mint'.padEnd(46)} ${(best(service) / best(mint)).toFixed(3).padStart(8)}x   for information: what the durable audit write costs`);
    console.log('');
    console.log(ok ? 'jwt: every target met' : 'jwt: a target was missed');
    if (!ok) process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
