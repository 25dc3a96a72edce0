/**
 * CRL generation at 1,000 / 10,000 / 100,000 revoked entries, against `openssl ca -gencrl` over an
 * index with the same entries, measured in the same run (npm run bench; not part of npm test).
 *   certwright: the engine's CRL writer with the CA's P-256 key (build + sign), as every revocation
 *               runs it; and the whole revoke-one-more path at the largest size (vault write included)
 *   openssl:    `openssl ca -gencrl` with a P-256 CA, one process (reads the index, sorts, signs, writes)
 * Both CRLs must verify under the CA with `openssl crl` and list exactly the entries revoked — every
 * serial, revocation date and reason, read back from OpenSSL's text (checkCrl: a CRL with an entry
 * missing, added or changed fails the run) — and so must the CRL the revoke-one-more path stored.
 * Prints both times and the ratio certwright / openssl at each size (target at the largest: ≤ 1.0).
 * BENCH_CRL_SIZES (default 1000,10000,100000), BENCH_CRL_ROUNDS (default 3).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildCrl, type CrlEntry } from '../../electron/engine/crl.js';
import { toPem } from '../../electron/engine/pem.js';
import { createRootAuthority } from '../../electron/engine/root-ca.js';
import { X509 } from '../../electron/engine/webcrypto.js';
import { REVOCATION_REASONS, type RevocationReason } from '../../shared/domain/revocation.js';
import { openBackend } from '../support/backend.js';

const run = promisify(execFile);
const SIZES = (process.env.BENCH_CRL_SIZES ?? '1000,10000,100000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_CRL_ROUNDS ?? 3);

/** The best of a few rounds: the least disturbed by whatever else the machine does. */
async function best(work: () => Promise<void>): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < ROUNDS; i++) {
    const start = process.hrtime.bigint();
    await work();
    min = Math.min(min, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return min;
}

const pad = (n: number) => String(n).padStart(2, '0');
const utc = (d: Date) => `${pad(d.getUTCFullYear() % 100)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
/** OpenSSL's index.txt spells reasons its own way. */
const OPENSSL_REASON: Partial<Record<RevocationReason, string>> = { keyCompromise: 'keyCompromise', cACompromise: 'CACompromise', affiliationChanged: 'affiliationChanged', superseded: 'superseded', cessationOfOperation: 'cessationOfOperation', certificateHold: 'certificateHold' };

/** OpenSSL's words for each reason in `openssl crl -text` (none is printed for unspecified: no extension). */
const OPENSSL_TEXT: Record<RevocationReason, string | null> = {
  unspecified: null,
  keyCompromise: 'Key Compromise',
  cACompromise: 'CA Compromise',
  affiliationChanged: 'Affiliation Changed',
  superseded: 'Superseded',
  cessationOfOperation: 'Cessation Of Operation',
  certificateHold: 'Certificate Hold',
  privilegeWithdrawn: 'Privilege Withdrawn',
  aACompromise: 'AA Compromise',
};

const serialKey = (hex: string) => hex.replace(/^0+(?=.)/, '').toUpperCase();

/**
 * The CRL in `file` verifies under the CA in `caPem`, and its entries are exactly `expected`: each
 * serial once, with its revocation date (to the second) and reason, as OpenSSL reads them. Throws
 * with the first difference.
 */
async function checkCrl(file: string, caPem: string, expected: readonly CrlEntry[]): Promise<void> {
  const verified = await run('openssl', ['crl', '-in', file, '-noout', '-CAfile', caPem], { maxBuffer: 256 * 1024 * 1024 });
  if (!/verify OK/.test(verified.stdout + verified.stderr)) throw new Error(`${file} does not verify: ${verified.stdout}${verified.stderr}`);
  const { stdout } = await run('openssl', ['crl', '-in', file, '-noout', '-text'], { maxBuffer: 512 * 1024 * 1024 });
  const found = new Map<string, { date: string; reason: string | null }>();
  const blocks = stdout.split(/\n\s*Serial Number: /).slice(1);
  for (const block of blocks) {
    const serial = serialKey(block.slice(0, block.indexOf('\n')).trim());
    const date = /Revocation Date: (.+)/.exec(block)?.[1];
    const reason = /X509v3 CRL Reason Code:\s*\n\s*(.+)/.exec(block)?.[1]?.trim() ?? null;
    if (!date) throw new Error(`${file}: entry ${serial} has no revocation date`);
    if (found.has(serial)) throw new Error(`${file}: serial ${serial} is listed twice`);
    found.set(serial, { date: new Date(date).toISOString(), reason });
  }
  if (found.size !== expected.length) throw new Error(`${file}: ${found.size} entries, ${expected.length} revoked`);
  for (const entry of expected) {
    const got = found.get(serialKey(entry.serialNumberHex));
    const want = { date: new Date(Math.floor(entry.revokedAt.getTime() / 1000) * 1000).toISOString(), reason: OPENSSL_TEXT[entry.reason] };
    if (!got) throw new Error(`${file}: revoked serial ${entry.serialNumberHex} is missing`);
    if (got.date !== want.date || got.reason !== want.reason) throw new Error(`${file}: serial ${entry.serialNumberHex} reads ${JSON.stringify(got)}, revoked as ${JSON.stringify(want)}`);
  }
}

function entries(n: number, now: Date): CrlEntry[] {
  const reasons = REVOCATION_REASONS.filter((r) => OPENSSL_REASON[r] !== undefined);
  return Array.from({ length: n }, (_, i) => ({ serialNumberHex: (0x1000000000 + i * 7919).toString(16), revokedAt: new Date(now.getTime() - (i % 86_400) * 1000), reason: reasons[i % reasons.length]! }));
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-crl-bench-'));
  try {
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const root = await createRootAuthority({ subject: { commonName: 'CRL Bench CA' }, keyAlgorithm: 'p256', validityDays: 3650, pathLength: null, now }, crypto);
    const caPem = join(dir, 'ca.pem');
    const caKey = join(dir, 'ca.key');
    await writeFile(caPem, root.certificate.toString('pem'));
    await writeFile(caKey, toPem('PRIVATE KEY', new Uint8Array(await crypto.subtle.exportKey('pkcs8', root.privateKey))), { mode: 0o600 });
    const ski = root.certificate.getExtension(X509.SubjectKeyIdentifierExtension)!;
    const signer = { privateKey: root.privateKey, algorithm: 'p256' as const };
    const config = join(dir, 'openssl.cnf');
    await writeFile(
      config,
      `[ca]\ndefault_ca = bench\n[bench]\ndatabase = ${dir}/index.txt\ncrlnumber = ${dir}/crlnumber\ncertificate = ${caPem}\nprivate_key = ${caKey}\ndefault_md = sha256\ndefault_crl_days = 7\ncrl_extensions = crl_ext\n[crl_ext]\nauthorityKeyIdentifier = keyid:always\n`,
    );

    console.log(`CRL generation, best of ${ROUNDS} (ms); ratio = certwright / openssl ca -gencrl`);
    console.log(`${'entries'.padStart(8)} ${'certwright'.padStart(11)} ${'openssl'.padStart(9)} ${'ratio'.padStart(7)}`);
    for (const n of SIZES) {
      const list = entries(n, now);
      const index = list.map((e, i) => `R\t${utc(new Date(now.getTime() + 365 * 86_400_000))}\t${utc(e.revokedAt)},${OPENSSL_REASON[e.reason]}\t${e.serialNumberHex.toUpperCase().padStart(10, '0')}\tunknown\t/CN=service-${i}`).join('\n');
      await writeFile(join(dir, 'index.txt'), `${index}\n`);
      await writeFile(join(dir, 'index.txt.attr'), 'unique_subject = no\n');
      await writeFile(join(dir, 'crlnumber'), '01\n');
      let der: Uint8Array = new Uint8Array();
      const ours = await best(async () => {
        der = await buildCrl({ issuerName: new Uint8Array(root.certificate.subjectName.toArrayBuffer()), issuerKeyId: Buffer.from(ski.keyId, 'hex'), crlNumber: 2, thisUpdate: now, nextUpdate: new Date(now.getTime() + 7 * 86_400_000), entries: list }, signer, crypto);
      });
      const theirs = await best(async () => {
        await run('openssl', ['ca', '-gencrl', '-config', config, '-out', join(dir, 'openssl.crl.pem')], { maxBuffer: 64 * 1024 * 1024 });
      });
      // Both must verify and list exactly what was revoked.
      await writeFile(join(dir, 'ours.crl.pem'), toPem('X509 CRL', der));
      await checkCrl(join(dir, 'ours.crl.pem'), caPem, list);
      await checkCrl(join(dir, 'openssl.crl.pem'), caPem, list);
      const largest = n === Math.max(...SIZES);
      const ratio = ours / theirs;
      const verdict = largest ? `   target ≤ 1.0   ${ratio <= 1 ? 'PASS' : 'MISS'}` : '';
      console.log(`${n.toLocaleString('en-US').padStart(8)} ${ours.toFixed(0).padStart(11)} ${theirs.toFixed(0).padStart(9)} ${ratio.toFixed(2).padStart(7)}${verdict}   (both CRLs checked entry by entry)`);
      if (largest && ratio > 1) process.exitCode = 1;
    }

    // The whole path at the largest size: a CA with that many revocations revokes one more.
    const largest = Math.max(...SIZES);
    const backend = openBackend(join(dir, 'vault'));
    await backend.call('vault.create', { passphrase: 'crl benchmark passphrase' });
    const ca = await backend.call('authority.createRoot', { subject: { commonName: 'Busy CA' } });
    backend.vault.updateRevocations(ca.id, () => ({
      entries: new Map(entries(largest, now).map((e) => [e.serialNumberHex, { serialNumberHex: e.serialNumberHex, reason: e.reason, revokedAt: e.revokedAt.toISOString(), invalidityDate: null, certificateId: null }])),
      result: undefined,
    }));
    const { certificate } = await backend.call('certificate.issue', { authorityId: ca.id, profile: 'client', subject: { commonName: 'one-more' } });
    const start = process.hrtime.bigint();
    const revoked = await backend.call('certificate.revoke', { ids: [certificate.id], reason: 'superseded' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    console.log(`revoke one more at ${largest.toLocaleString('en-US')} (read book, write book, build + sign + store CRL #${revoked.crls[0]?.number} of ${revoked.crls[0]?.entries.toLocaleString('en-US')}): ${ms.toFixed(0)} ms   for information`);
    // The CRL that path stored: every earlier entry and the new one, under the vault's CA.
    const stored = backend.vault.revocations(ca.id);
    const caFile = join(dir, 'busy-ca.pem');
    await writeFile(caFile, (await backend.call('authority.get', { id: ca.id })).certificatePem);
    await writeFile(join(dir, 'stored.crl.pem'), toPem('X509 CRL', Buffer.from(stored.latestCrlDerB64 ?? '', 'base64')));
    const expected = [...stored.entries.values()].map((e) => ({ serialNumberHex: e.serialNumberHex, revokedAt: new Date(e.revokedAt), reason: e.reason }));
    if (expected.length !== largest + 1 || !stored.entries.has(certificate.serialNumberHex.replace(/:/g, '').toLowerCase())) throw new Error(`the book holds ${expected.length} entries, expected ${largest + 1} with the new one`);
    await checkCrl(join(dir, 'stored.crl.pem'), caFile, expected);
    console.log(`  its CRL verifies and lists the ${expected.length.toLocaleString('en-US')} revoked, entry by entry`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
