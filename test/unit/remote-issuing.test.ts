/**
 * What issuing through a remote authority does with what the server answers
 * (services/remote/remote-issuing.ts), without a step-ca: the server is a StepClient whose transport
 * is replaced by a CA of another vault signing for real — honestly, or for another key, another
 * issuer, other names, or with garbage. Every dishonest answer is refused in its own words and
 * nothing is stored; a pair whose second half fails stores neither; a revocation is entered in the
 * book without a CRL. The real server is in test/interop/step-ca-issue.interop.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issueLeaf } from '../../electron/engine/issue.js';
import { generateP256Der } from '../../electron/engine/p256-keys.js';
import { X509 } from '../../electron/engine/webcrypto.js';
import { createServices, type Services } from '../../electron/services/index.js';
import { StepClient, type RevokeOnServer, type SignedByServer } from '../../electron/services/remote/step-client.js';
import { CertwrightError } from '../../shared/errors.js';
import type { SanEntry } from '../../shared/validation/san.js';
import { cheapVault } from '../support/vault-fixtures.js';
import { valid } from '../support/service-calls.js';

async function refusal(work: () => Promise<unknown>): Promise<CertwrightError> {
  try {
    await work();
  } catch (error) {
    assert.ok(error instanceof CertwrightError, String(error));
    return error;
  }
  assert.fail('expected a refusal');
}

type Answer = 'honest' | 'otherKey' | 'otherIssuer' | 'otherNames' | 'garbage';

describe('issuing through a remote authority: the server’s answer is checked before anything is stored', () => {
  let dir = '';
  /** The "server": a vault whose intermediate plays step-ca's. */
  let server: Services;
  let serverIntermediate = '';
  let serverRoot = '';
  /** The vault under test, with the server's intermediate as a remote authority. */
  let vault: Services;
  let authorityId = '';
  let answers: Answer[] = [];
  const revoked: RevokeOnServer[] = [];

  /** Signs the request's key (or another) under the server's intermediate (or its root), as `answers` says. */
  async function answer(csrPem: string): Promise<SignedByServer> {
    const how = answers.shift() ?? 'honest';
    if (how === 'garbage') return { certificateDer: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]), chainDer: [] };
    const csr = new X509.Pkcs10CertificateRequest(csrPem);
    const spki = how === 'otherKey' ? generateP256Der().spki : new Uint8Array(csr.publicKey.rawData);
    const extension = csr.extensions.find((e): e is X509.SubjectAlternativeNameExtension => e instanceof X509.SubjectAlternativeNameExtension);
    const names = extension?.names.items ?? [];
    const sans: SanEntry[] = how === 'otherNames' ? [{ type: 'dns', value: 'elsewhere.test' }] : names.map((n) => ({ type: n.type === 'ip' ? 'ip' : n.type === 'url' ? 'uri' : n.type === 'email' ? 'email' : 'dns', value: n.value }) as SanEntry);
    const issuer = await server.issuing.issuer(how === 'otherIssuer' ? serverRoot : serverIntermediate);
    const now = Date.now();
    const issued = await issueLeaf(
      { profile: 'peer', subject: { commonName: csr.subjectName.getField('CN')[0] ?? '' }, sans, subjectPublicKeyInfo: spki, notBefore: new Date(now - 60_000), notAfter: new Date(now + 86_400_000), usedSerials: new Set() },
      issuer,
      globalThis.crypto,
    );
    return { certificateDer: issued.der, chainDer: [new Uint8Array(issuer.chain[0]!.rawData)] };
  }

  class FakeServer extends StepClient {
    override async sign(csrPem: string): Promise<SignedByServer> {
      return answer(csrPem);
    }
    override async revoke(request: RevokeOnServer): Promise<void> {
      revoked.push(request);
    }
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'certwright-remote-issuing-'));
    await mkdir(join(dir, 'server'));
    await mkdir(join(dir, 'desk'));
    server = createServices({ vault: await cheapVault(join(dir, 'server')) });
    serverRoot = (await server.authorities.createRoot(valid('authority.createRoot', { subject: { commonName: 'Fake step-ca Root' }, keyAlgorithm: 'p256', validityDays: 365, pathLength: 1 }))).id;
    const intermediate = (await server.authorities.createIntermediate(valid('authority.createIntermediate', { parentId: serverRoot, subject: { commonName: 'Fake step-ca Intermediate' }, keyAlgorithm: 'p256', validityDays: 300, pathLength: 0 }))).authority;
    serverIntermediate = intermediate.id;

    vault = createServices({ vault: await cheapVault(join(dir, 'desk')) });
    const provisioner = generateP256Der();
    const record = server.vault.getAuthority(serverIntermediate);
    const added = await vault.vault.addRemote({
      name: 'fake',
      urls: ['https://127.0.0.1:9'],
      rootDer: new Uint8Array(Buffer.from(server.vault.getAuthority(serverRoot).certificateDerB64!, 'base64')),
      provisioner: 'certwright',
      kid: 'fake-kid',
      keyAlgorithm: 'p256',
      jwsAlgorithm: 'ES256',
      spki: provisioner.spki,
      pkcs8: provisioner.pkcs8,
      intermediateDer: new Uint8Array(Buffer.from(record.certificateDerB64!, 'base64')),
      intermediateKeyAlgorithm: 'p256',
      intermediateSerialHex: record.serialNumberHex!,
      intermediateCommonName: 'Fake step-ca Intermediate',
      rootFingerprint: '0'.repeat(64),
    });
    authorityId = added.authority.id;
    const real = vault.remotes.clientFor.bind(vault.remotes);
    vault.remotes.clientFor = (authority) => new FakeServer(real(authority).server);
  });

  after(async () => {
    await server?.close();
    await vault?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const issue = (commonName: string) => vault.certificates.issue(valid('certificate.issue', { authorityId, profile: 'server', subject: { commonName }, sans: [{ type: 'dns', value: commonName }], keyAlgorithm: 'p256' }));

  test('an honest answer is stored with its sealed key (the harness signs what a server would)', async () => {
    answers = ['honest'];
    const { certificate } = await issue('honest.test');
    assert.equal(certificate.authorityId, authorityId);
    assert.equal(vault.vault.getCertificate(certificate.id).keyAlgorithm, 'p256');
    assert.ok(vault.vault.getCertificate(certificate.id).sealedKey);
  });

  for (const [how, words] of [
    ['otherKey', /for another key than the one generated here/],
    ['otherIssuer', /signed with “.*Fake step-ca Root.*”, not with its recorded issuing CA/],
    ['otherNames', /returned a certificate for honest2\.test, dns:elsewhere\.test instead of honest2\.test, dns:honest2\.test/],
    ['garbage', /answered with something that is not a certificate/],
  ] as const) {
    test(`${how}: refused in its own words, nothing stored`, async () => {
      const before = (await vault.certificates.list()).length;
      answers = [how];
      const error = await refusal(() => issue('honest2.test'));
      assert.equal(error.code, 'REMOTE_REFUSED');
      assert.match(error.message, words);
      assert.match(error.message, /nothing was saved/);
      assert.equal((await vault.certificates.list()).length, before);
    });
  }

  test('a pair whose second certificate is refused stores neither', async () => {
    const before = (await vault.certificates.list()).length;
    answers = ['honest', 'otherKey'];
    await refusal(() => vault.certificates.issuePair(valid('certificate.issuePair', { authorityId, serviceName: 'half', dnsNames: ['half.test'], ipAddresses: [], keyAlgorithm: 'p256' })));
    assert.equal((await vault.certificates.list()).length, before);
  });

  test('revoking: the server is asked (decimal-convertible hex serial, reason code), the book records it, no CRL is signed', async () => {
    answers = ['honest'];
    const { certificate } = await issue('gone.test');
    const result = await vault.revocations.revoke({ ids: [certificate.id], reason: 'keyCompromise', invalidityDate: null });
    assert.deepEqual(result.crls, []);
    // The same number (a serial may be written with a leading zero byte or without).
    assert.deepEqual(revoked.map((r) => [BigInt(`0x${r.serialNumberHex}`), r.reasonCode]), [[BigInt(`0x${certificate.serialNumberHex}`), 1]]);
    assert.equal(vault.vault.revocations(authorityId).lastCrlNumber, 0);
    assert.equal((await vault.certificates.list()).find((c) => c.id === certificate.id)?.status, 'revoked');
    // Something that would sign with the remote authority's key here is told why not.
    const crl = await refusal(() => vault.issuing.issuer(authorityId, 'id', 'status'));
    assert.match(crl.message, /signs on its step-ca server: its key is not in this vault/);
  });

  test('revoking by serial: a mistyped serial is refused before the server is asked (it is not read as some other number)', async () => {
    const before = revoked.length;
    for (const typed of ['zz', 'not-a-serial', 'g1']) {
      const error = await refusal(() => vault.issuing.remote.revokeSerial(authorityId, typed, 'keyCompromise'));
      assert.match(error.message, /is not a serial number/);
    }
    assert.equal(revoked.length, before);
  });
});
