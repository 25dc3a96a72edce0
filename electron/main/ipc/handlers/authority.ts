import type { AuthorityDetail, AuthoritySummary } from '../../../../shared/domain/authority.js';
import { KEY_ALGORITHM_INFO } from '../../../../shared/domain/keys.js';
import { describeCertificate } from '../../../engine/describe.js';
import { createRootAuthority } from '../../../engine/root-ca.js';
import { X509 } from '../../../engine/webcrypto.js';
import type { AuthorityRecord } from '../../../vault/records.js';
import type { Handlers } from '../handler.js';
import type { Services } from './services.js';

type AuthorityHandlers = Pick<Handlers, 'authority.list' | 'authority.get' | 'authority.createRoot'>;

export function authorityHandlers({ vault, crypto, now }: Services): AuthorityHandlers {
  // Parsing and hashing a certificate costs about a millisecond; records never change, so remember.
  const details = new Map<string, Promise<AuthorityDetail>>();

  function detail(record: AuthorityRecord): Promise<AuthorityDetail> {
    let cached = details.get(record.id);
    if (!cached) {
      cached = (async () => {
        const cert = new X509.X509Certificate(Buffer.from(record.certificateDerB64, 'base64'));
        const facts = await describeCertificate(cert, crypto);
        return { ...facts, id: record.id, kind: record.kind, keyAlgorithm: record.keyAlgorithm, createdAt: record.createdAt };
      })();
      details.set(record.id, cached);
    }
    return cached;
  }

  function summary(d: AuthorityDetail): AuthoritySummary {
    return {
      id: d.id,
      kind: d.kind,
      subject: d.subject,
      subjectDn: d.subjectDn,
      keyAlgorithm: d.keyAlgorithm,
      serialNumberHex: d.serialNumberHex,
      notBefore: d.notBefore,
      notAfter: d.notAfter,
      sha256Fingerprint: d.sha256Fingerprint,
      pathLength: d.pathLength,
      createdAt: d.createdAt,
    };
  }

  return {
    'authority.list': async () => Promise.all(vault.listAuthorities().map(async (r) => summary(await detail(r)))),
    'authority.get': async ({ id }) => detail(vault.getAuthority(id)),
    'authority.createRoot': async (input, ctx) => {
      vault.assertUnlocked(); // before spending seconds on an RSA key
      const label = KEY_ALGORITHM_INFO[input.keyAlgorithm].label;
      const steps = [`Generating ${label} key`, 'Signing the certificate', 'Sealing the key in the vault'];
      const progress = (done: number) => {
        if (input.operationId) ctx.emit('operation.progress', { operationId: input.operationId, step: steps[done] ?? 'Done', done, total: steps.length });
      };
      const created = await createRootAuthority(
        { ...input, now: now(), onStep: (step) => progress(step === 'key' ? 0 : 1) },
        crypto,
      );
      progress(2);
      const record = await vault.addAuthority({ kind: 'root', keyAlgorithm: input.keyAlgorithm, certificateDer: new Uint8Array(created.certificate.rawData), privateKey: created.privateKey });
      progress(3);
      return summary(await detail(record));
    },
  };
}
