/**
 * Child process for the SIGKILL durability test (test/unit/vault-crash.test.ts):
 *
 *   vault-crash-writer.ts DIR PASSPHRASE MAX_WRITES
 *
 * Unlocks the vault in DIR through the real main-side stack (test/support/backend.ts: handlers,
 * router, file lock) and makes up to MAX_WRITES acknowledged writes, a random mix of:
 *   - issuing a real certificate (certificate.issue: keygen, sign, seal, persist) — `issued <id>`
 *   - adding stand-in records through the vault API, 1 or 3 at once (3 span buckets: the pending
 *     batch and its fold) — `issued <id> [<id> <id>]`
 *   - revoking a stand-in record through vault.updateRevocations, reserving the next CRL number, then
 *     recording that CRL (vault.recordCrl) — `revoked <authorityId> <serial>`, then `crl <authorityId> <n>`
 *   - revoking a real certificate (certificate.revoke, which publishes the CRL) — `revoked …`, `crl …`
 *   - publishing a CRL (authority.publishCrl) — `crl <authorityId> <n>`
 * One line per write (a publish is two vault transactions, the number's reservation and the signed
 * CRL, acknowledged together), printed with writeSync on fd 1 once it has returned, so a line the
 * parent reads is a write that must survive. After MAX_WRITES it prints `done` and
 * waits to be killed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { writeSync } from 'node:fs';
import { normalizeSerial } from '../../electron/vault/revocations.js';
import { openBackend } from './backend.js';
import { fakeCertificates } from './vault-fixtures.js';

const [dir, passphrase, maxText] = [process.argv[2]!, process.argv[3]!, process.argv[4]!];
const maxWrites = Number(maxText);
const say = (line: string) => writeSync(1, `${line}\n`);

const backend = openBackend(dir);
await backend.call('vault.unlock', { passphrase });
const vault = backend.vault;
const authorities = vault.listAuthorities().map((a) => a.id);

interface Target {
  readonly id: string;
  readonly authorityId: string;
  readonly serial: string;
}
/** Not yet revoked, by kind: stand-ins (revoked through the vault API) and real certificates (through the router). */
const standIns: Target[] = [];
const real: Target[] = [];
for (const authorityId of authorities) {
  const revoked = vault.revocations(authorityId).entries;
  for (const record of vault.listCertificates(authorityId)) {
    const serial = normalizeSerial(record.serialNumberHex);
    if (revoked.has(serial)) continue;
    (record.keyAlgorithm === null ? standIns : real).push({ id: record.id, authorityId, serial });
  }
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const take = (items: Target[]): Target => items.splice(Math.floor(Math.random() * items.length), 1)[0]!;

let writes = 0;
const ack = (line: string) => {
  say(line);
  writes++;
};

while (writes < maxWrites) {
  const authorityId = pick(authorities);
  const roll = Math.random();
  if (roll < 0.2) {
    const { certificate } = await backend.call('certificate.issue', { authorityId, profile: 'client', subject: { commonName: `crash-${randomBytes(4).toString('hex')}` } });
    real.push({ id: certificate.id, authorityId, serial: normalizeSerial(certificate.serialNumberHex) });
    ack(`issued ${certificate.id}`);
  } else if (roll < 0.5) {
    const records = await vault.addCertificates(authorityId, fakeCertificates(Math.random() < 0.2 ? 3 : 1));
    for (const record of records) standIns.push({ id: record.id, authorityId, serial: normalizeSerial(record.serialNumberHex) });
    // One acknowledged write of 1 or 3 records: one line.
    ack(`issued ${records.map((r) => r.id).join(' ')}`);
  } else if (roll < 0.7 && standIns.length > 0) {
    const target = take(standIns);
    const number = vault.updateRevocations(target.authorityId, (book) => {
      const entries = new Map(book.entries);
      entries.set(target.serial, { serialNumberHex: target.serial, reason: 'keyCompromise', revokedAt: new Date().toISOString(), invalidityDate: null, certificateId: target.id });
      return {
        entries,
        lastCrlNumber: book.lastCrlNumber + 1,
        result: book.lastCrlNumber + 1,
        audit: [{ kind: 'certificate.revoked', authorityId: target.authorityId, serial: target.serial, details: { reason: 'keyCompromise', certificateId: target.id, invalidityDate: null } }],
      };
    });
    ack(`revoked ${target.authorityId} ${target.serial}`);
    if (writes >= maxWrites) break;
    const der = randomBytes(64);
    const thisUpdate = new Date();
    vault.recordCrl(target.authorityId, { number, thisUpdate: thisUpdate.toISOString(), nextUpdate: new Date(thisUpdate.getTime() + 86_400_000).toISOString(), entries: vault.revocations(target.authorityId).entries.size, sha256: createHash('sha256').update(der).digest('hex') }, der);
    ack(`crl ${target.authorityId} ${number}`);
  } else if (roll < 0.8 && real.length > 0) {
    const target = take(real);
    const result = await backend.call('certificate.revoke', { ids: [target.id], reason: 'superseded' });
    // Two writes: the entry with its reserved CRL number, then the signed CRL.
    ack(`revoked ${target.authorityId} ${target.serial}`);
    for (const crl of result.crls) ack(`crl ${crl.authorityId} ${crl.number}`);
  } else {
    const detail = await backend.call('authority.publishCrl', { id: authorityId });
    ack(`crl ${authorityId} ${detail.number}`);
  }
}
say('done');
setInterval(() => undefined, 60_000);
