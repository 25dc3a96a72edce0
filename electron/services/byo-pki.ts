/**
 * Bring your own PKI: an existing CA comes in with its key, an outside sub-CA's request (Istio's
 * istiod plug-in CA, a Vault PKI intermediate) is signed, and an intermediate goes out as the
 * files Istio's plug-in CA reads. Outside input (the PKCS#12 or PEM, the request) is read in the
 * untrusted-input worker; only what it found comes back here, where the keys live.
 */
import { csrRefusal, type CertificateSummary } from '../../shared/domain/certificate.js';
import type { AddedToVault } from '../../shared/domain/inspect.js';
import { ISTIO_FILES, ISTIO_KUBECTL } from '../../shared/domain/sub-ca.js';
import { CertwrightError, atField } from '../../shared/errors.js';
import type { ValidInput } from '../../shared/ipc/contract.js';
import { issueIntermediate } from '../engine/issue.js';
import { toPem } from '../engine/pem.js';
import { checkPathLength } from '../engine/policy.js';
import { subCaValidity } from '../engine/sub-ca-policy.js';
import type { EngineCrypto, X509 } from '../engine/webcrypto.js';
import type { Vault } from '../vault/vault.js';
import type { UntrustedPool } from '../workers/pool.js';
import { safeName, type AssembledBundle } from './bundle.js';
import type { Catalog } from './catalog.js';
import type { ChooseDestination } from './destination.js';
import { bytesOf } from './inspection.js';
import { addToVault, authorityCertificates } from './inspecting.js';
import { emptyToNull, type Issuing } from './issuing.js';
import { writeBundle } from './write-bundle.js';
import { msg, type Msg, type MsgParams } from '../../shared/i18n/message.js';

function invalid(field: string, key: string, params?: MsgParams): CertwrightError {
  return new CertwrightError('INVALID_INPUT', atField(field, key, params), { field });
}

const commonNameOf = (cert: X509.X509Certificate) => cert.subjectName.getField('CN')[0] ?? cert.subject;
const pemOf = (cert: X509.X509Certificate) => toPem('CERTIFICATE', new Uint8Array(cert.rawData));
const selfSigned = (cert: X509.X509Certificate) => Buffer.from(cert.subjectName.toArrayBuffer()).equals(Buffer.from(cert.issuerName.toArrayBuffer()));

export class ByoPki {
  readonly #vault: Vault;
  readonly #catalog: Catalog;
  readonly #issuing: Issuing;
  readonly #untrusted: UntrustedPool;
  readonly #crypto: EngineCrypto;
  readonly #now: () => Date;

  constructor(deps: { vault: Vault; catalog: Catalog; issuing: Issuing; untrusted: UntrustedPool; crypto: EngineCrypto; now: () => Date }) {
    this.#vault = deps.vault;
    this.#catalog = deps.catalog;
    this.#issuing = deps.issuing;
    this.#untrusted = deps.untrusted;
    this.#crypto = deps.crypto;
    this.#now = deps.now;
  }

  /**
   * An existing CA with its key, from a PKCS#12 or PEM (certificate + key, chain kept): the same
   * reading and storing as Inspect's "Add to vault", with the worker picking the CA whose key came
   * along. Only an authority that can issue is imported here; anything less is refused with why.
   */
  async importAuthority(input: ValidInput<'authority.import'>): Promise<AddedToVault> {
    this.#vault.assertUnlocked();
    const bytes = bytesOf(input.content, input.encoding);
    const candidate = await this.#untrusted.run('inspect.addToVault', { bytes, password: input.password, objectIndex: null, authorities: authorityCertificates(this.#vault) }, { transfer: [bytes.buffer] });
    if (candidate.key.algorithm === null) {
      candidate.privateKeyPkcs8?.fill(0);
      throw invalid('content', 'errors:byoPki.unsupportedKey', { name: candidate.commonName, key: candidate.key.label });
    }
    return addToVault(this.#vault, candidate);
  }

  /**
   * Signs an outside request to be a CA, with the extensions of an intermediate made here
   * (engine/issue.ts issueIntermediate): the path length, name constraints and validity chosen by the
   * signer, never those requested. The user types the requested CA's common name first. Recorded as a
   * certificate of the issuer, profile 'ca', so it can be revoked and listed on the issuer's CRL.
   */
  async signSubCa(input: ValidInput<'csr.signCa'>): Promise<{ certificate: CertificateSummary; warnings: Msg[] }> {
    this.#vault.assertUnlocked();
    const reviewed = await this.#untrusted.run('csr.review', { csr: input.csr });
    const { summary } = reviewed;
    if (summary.refusals.length > 0) {
      const refusal = csrRefusal(summary.refusals);
      throw invalid('csr', refusal.key, refusal.params);
    }
    if (!summary.caRequest) throw invalid('csr', 'errors:byoPki.notCaRequest');
    const commonName = summary.subject.commonName;
    if (!commonName) throw invalid('csr', 'errors:byoPki.noCommonName');
    if (input.confirmCommonName.trim() !== commonName) throw invalid('confirmCommonName', 'errors:byoPki.confirmName', { name: commonName });

    const issuer = await this.#issuing.issuer(input.authorityId);
    try {
      checkPathLength(issuer.chain, input.pathLength);
    } catch (error) {
      // The rule speaks of "creating an intermediate" under a parent: here the parent is the CA chosen to sign.
      if (error instanceof CertwrightError && error.details?.field === 'parentId') throw error.reason ? invalid('authorityId', 'errors:byoPki.pathLengthLeavesNoRoom', error.reason.params) : invalid('authorityId', 'errors:issuing.detail', { detail: `${error.message.replace(/, so no intermediate can be created here$/, '')}: it can sign only leaf certificates, not a sub-CA` });
      throw error;
    }
    const window = subCaValidity(input.validityDays, issuer.chain, this.#now());
    const constraints = emptyToNull(input.nameConstraints);
    const issued = await issueIntermediate(
      { subject: summary.subject, subjectPublicKeyInfo: new Uint8Array(reviewed.spki), pathLength: input.pathLength, nameConstraints: constraints, notBefore: window.notBefore, notAfter: window.notAfter, usedSerials: this.#vault.usedSerials(input.authorityId) },
      issuer,
      this.#crypto,
    );
    const auditDetails = { pathLength: input.pathLength, nameConstraints: constraints ? JSON.stringify(constraints) : null, notAfter: window.notAfter.toISOString() };
    const [record] = await this.#vault.addCertificates(input.authorityId, [{ profile: 'ca', certificateDer: issued.der, serialNumberHex: issued.serialNumberHex, keyAlgorithm: null, privateKey: null, commonName, auditDetails }]);
    const warnings = summary.sans.length > 0 ? [msg('errors:warning.namesNotCopied', { names: summary.sans.map((s) => s.value).join(', ') })] : [];
    return { certificate: await this.#catalog.certificateSummary(record!), warnings };
  }

  /**
   * Istio's plug-in CA (the cacerts secret): ca-cert.pem, ca-key.pem, root-cert.pem and cert-chain.pem
   * (the intermediate up to and including the root), with the kubectl line, written into a new folder
   * all at once (a temporary sibling renamed into place: never half a set). Only an intermediate:
   * istiod signs every workload certificate with this key, so a root's key must not go there.
   */
  async exportIstio(id: string, choose: ChooseDestination): Promise<{ cancelled: boolean; paths: string[] }> {
    const record = this.#vault.getAuthority(id);
    const name = record.certificateDerB64 ? commonNameOf(this.#catalog.certificate(record.certificateDerB64)) : id;
    if (record.kind === 'root') {
      throw invalid('id', 'errors:byoPki.istioRoot', { name });
    }
    // Pending, revoked or expired (itself or a CA above it) cannot sign: the reasons are the issuer's.
    const { chain } = await this.#issuing.issuer(id, 'id');
    const root = chain.at(-1)!;
    if (chain.length < 2 || !selfSigned(root)) throw invalid('id', 'errors:byoPki.noRoot', { name });
    const out = await choose({ kind: 'folder', title: msg('menu:dialog.exportIstio', { name }), defaultName: `${safeName(name)}-istio-cacerts` });
    if (out === null) return { cancelled: true, paths: [] };
    const pkcs8 = await this.#vault.exportAuthorityKeyPkcs8(id, 'istio');
    try {
      const readme = [
        `# Istio plug-in CA: ${name}`,
        '',
        "These are the files Istio's istiod reads from the `cacerts` secret in istio-system:",
        '',
        `- ca-cert.pem: the intermediate CA ${name}`,
        '- ca-key.pem: its private key (keep it secret; delete this copy once the secret exists)',
        `- root-cert.pem: the root CA ${commonNameOf(root)}`,
        '- cert-chain.pem: the intermediate and every CA above it, up to and including the root',
        '',
        'Create the secret from this folder, then restart istiod:',
        '',
        `    ${ISTIO_KUBECTL}`,
        '',
      ].join('\n');
      const bundle: AssembledBundle = {
        layout: 'directory',
        files: [
          { name: ISTIO_FILES[0], contents: pemOf(chain[0]!), secret: false, mode: 0o644 },
          { name: ISTIO_FILES[1], contents: toPem('PRIVATE KEY', pkcs8), secret: true, mode: 0o600 },
          { name: ISTIO_FILES[2], contents: pemOf(root), secret: false, mode: 0o644 },
          { name: ISTIO_FILES[3], contents: chain.map(pemOf).join(''), secret: false, mode: 0o644 },
          { name: 'kubectl.txt', contents: `${ISTIO_KUBECTL}\n`, secret: false, mode: 0o644 },
          { name: 'README.md', contents: readme, secret: false, mode: 0o644 },
        ],
      };
      return { cancelled: false, paths: await writeBundle(bundle, out) };
    } finally {
      pkcs8.fill(0);
    }
  }
}

