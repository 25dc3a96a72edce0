/** Creating a self-signed root certificate authority. */
import type { KeyAlgorithmId } from '../../shared/domain/keys.js';
import type { SubjectFields } from '../../shared/validation/subject.js';
import { generateKeyPair, signingAlgorithm } from './keys.js';
import { subjectToName } from './names.js';
import { randomSerialNumber } from './serial.js';
import { validityWindow } from './validity.js';
import { X509, type EngineCrypto } from './webcrypto.js';

export interface RootAuthorityParams {
  readonly subject: SubjectFields;
  readonly keyAlgorithm: KeyAlgorithmId;
  readonly validityDays: number;
  /** null: no path length constraint. */
  readonly pathLength: number | null;
  readonly now: Date;
  /** Called between the slow steps, for progress reporting. */
  readonly onStep?: (step: 'key' | 'sign') => void;
  /** A key pair the caller generated (so that it can abandon a slow RSA generation on a cancel); absent: generated here. */
  readonly keys?: CryptoKeyPair;
}

export interface CreatedAuthority {
  readonly certificate: X509.X509Certificate;
  /** Extractable once, for sealing; never leaves the main process. */
  readonly privateKey: CryptoKey;
}

export async function createRootAuthority(params: RootAuthorityParams, crypto: EngineCrypto): Promise<CreatedAuthority> {
  params.onStep?.('key');
  const keys = params.keys ?? (await generateKeyPair(params.keyAlgorithm, crypto));
  params.onStep?.('sign');
  const name = subjectToName(params.subject);
  const { notBefore, notAfter } = validityWindow(params.now, params.validityDays);
  const certificate = await X509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerialNumber(crypto),
      name,
      notBefore,
      notAfter,
      keys,
      signingAlgorithm: signingAlgorithm(params.keyAlgorithm),
      extensions: [
        new X509.BasicConstraintsExtension(true, params.pathLength ?? undefined, true),
        new X509.KeyUsagesExtension(X509.KeyUsageFlags.keyCertSign | X509.KeyUsageFlags.cRLSign, true),
        await X509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        await X509.AuthorityKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { certificate, privateKey: keys.privateKey };
}
