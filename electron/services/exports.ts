/** Taking a certificate where it is going: a bundle written to disk, its configuration snippets, and a real handshake proving it. */
import type { CertificateDetail } from '../../shared/domain/certificate.js';
import type { ExportAllResult, ExportResult, SnippetView } from '../../shared/domain/export.js';
import { CertwrightError } from '../../shared/errors.js';
import type { ValidInput } from '../../shared/ipc/contract.js';
import { pemSet, pemSetInputFromDetail } from '../engine/export/pem-set.js';
import type { EngineCrypto } from '../engine/webcrypto.js';
import type { Vault } from '../vault/vault.js';
import { assembleBundle, bundleSnippets, dialHost, safeName } from './bundle.js';
import type { Catalog } from './catalog.js';
import type { ChooseDestination } from './destination.js';
import { exportAll } from './export-all.js';
import type { Issuing } from './issuing.js';
import { Operations } from './operations.js';
import { noProgress, type OnProgress } from './progress.js';
import { proveBundle, type PemBundle } from './prove-bundle.js';
import { proofHostname, throwawayClient, throwawayServer } from './throwaway.js';
import { writeBundle } from './write-bundle.js';
import { msg } from '../../shared/i18n/message.js';

export class Exports {
  readonly #vault: Vault;
  readonly #catalog: Catalog;
  readonly #issuing: Issuing;
  readonly #crypto: EngineCrypto;
  readonly #operations: Operations;

  /** The service-token snippets (middleware, interceptor, clients) for a service, when the vault has a token issuer. */
  readonly #tokenSnippets: (service: string) => SnippetView[];

  constructor(deps: { vault: Vault; catalog: Catalog; issuing: Issuing; crypto: EngineCrypto; tokenSnippets?: (service: string) => SnippetView[]; operations?: Operations }) {
    this.#operations = deps.operations ?? new Operations();
    this.#tokenSnippets = deps.tokenSnippets ?? (() => []);
    this.#vault = deps.vault;
    this.#catalog = deps.catalog;
    this.#issuing = deps.issuing;
    this.#crypto = deps.crypto;
  }

  /** Writes the bundle where `choose` says; the key is unsealed only when it travels, and wiped after. */
  async export(input: ValidInput<'certificate.export'>, choose: ChooseDestination): Promise<{ cancelled: boolean; paths: string[] }> {
    const { id, format, target, password, includeKey } = input;
    const detail = await this.#catalog.certificateDetail(this.#vault.getCertificate(id));
    const withKey = includeKey && detail.hasPrivateKey && !['p7b', 'der', 'truststore'].includes(format);
    const name = safeName(detail.subject.commonName);
    const folder = format === 'pem' || format === 'truststore';
    const title = msg('menu:dialog.exportCertificate', { name: detail.subject.commonName });
    const out = folder
      ? await choose({ kind: 'folder', title, defaultName: `${name}-${format === 'pem' ? detail.profile : 'truststore'}` })
      : await choose({ kind: 'file', title, defaultName: `${name}.${format}`, extensions: [format] });
    if (out === null) return { cancelled: true, paths: [] };
    const pkcs8 = withKey ? await this.#vault.exportPrivateKeyPkcs8(id, 'export') : null;
    try {
      const moreSnippets = this.#serviceTokenFiles(detail.subject.commonName).map((s) => ({ path: s.filename, text: s.text }));
      const bundle = await assembleBundle(detail, pkcs8, { format, target, password, includeKey: withKey, moreSnippets }, this.#crypto);
      return { cancelled: false, paths: await writeBundle(bundle, out) };
    } finally {
      pkcs8?.fill(0);
    }
  }

  /** Many certificates in one zip, a folder each, keys only encrypted (see export-all.ts); `operation.cancel` stops it, writing nothing. */
  async exportAll(input: ValidInput<'certificate.exportAll'>, choose: ChooseDestination, onProgress: OnProgress = noProgress): Promise<ExportAllResult> {
    this.#vault.assertUnlocked();
    return this.#operations.run(input.operationId, (signal) => exportAll({ vault: this.#vault, catalog: this.#catalog, crypto: this.#crypto }, input, choose, onProgress, signal));
  }

  /** A pending intermediate's CSR (PEM) where the user picks: what the outside CA needs, never over an existing file. */
  async saveCsr(id: string, choose: ChooseDestination): Promise<ExportResult> {
    const detail = await this.#catalog.authorityDetail(this.#vault.getAuthority(id));
    if (!detail.csrPem) throw new CertwrightError('INVALID_INPUT', msg('errors:exports.noRequest'), { field: 'id' });
    const out = await choose({ kind: 'file', title: msg('menu:dialog.saveRequest', { name: detail.subject.commonName }), defaultName: `${safeName(detail.subject.commonName)}.csr`, extensions: ['csr', 'pem'] });
    if (out === null) return { cancelled: true, paths: [] };
    return { cancelled: false, paths: await writeBundle({ layout: 'file', files: [{ name: 'request.csr', contents: detail.csrPem, secret: false, mode: 0o644 }] }, out) };
  }

  async snippets(id: string): Promise<SnippetView[]> {
    const detail = await this.#catalog.certificateDetail(this.#vault.getCertificate(id));
    const files = pemSet(pemSetInputFromDetail(detail, null));
    // The snippets name key.pem when the bundle will carry it; no key bytes are involved here.
    const withKeyName = detail.hasPrivateKey ? [...files, { name: 'key.pem', contents: '', secret: true, mode: 0o600 }] : files;
    const tls = bundleSnippets(detail, withKeyName).map(
      (s): SnippetView => ({
        id: s.id,
        title: s.title,
        language: s.language,
        filename: s.filename,
        complete: s.complete,
        text: s.secret ? `# ${s.filename} embeds the private key, so it is written into the exported bundle\n# (snippets/${s.filename}) and never shown on screen.\n` : s.text,
      }),
    );
    return [...tls, ...this.#serviceTokenFiles(detail.subject.commonName)];
  }

  /**
   * The service-token Go package for the service a certificate is for (its CommonName: the sub of
   * its tokens as a caller, their aud as the called), in its own folder: a Go package of its own
   * cannot share snippets/ with the TLS snippets' package main.
   */
  #serviceTokenFiles(commonName: string): SnippetView[] {
    return this.#tokenSnippets(commonName).map((s) => ({ ...s, filename: `servicetoken/${s.filename}` }));
  }

  /** A real TLS handshake on 127.0.0.1 with the certificate in its role, against a throwaway peer from the same CA unless one is named. */
  async prove(input: ValidInput<'certificate.prove'>) {
    const { id, as, serverId } = input;
    const subject = await this.#pemBundle(id);
    const role = as ?? (subject.detail.profile === 'server' ? 'server' : 'client');
    // A client proved against a named server needs no throwaway peer (nor the CA's key: a remote authority's pair proves this way).
    if (role === 'client' && serverId) {
      const server = await this.#pemBundle(serverId);
      return proveBundle({ client: subject.bundle, server: server.bundle, caPem: subject.caPem, hostname: dialHost(server.detail) });
    }
    const issuer = await this.#issuing.issuer(subject.authorityId);
    const from = { issuer, authorityId: subject.authorityId, vault: this.#vault };
    if (role === 'server') {
      // The client checks the server's name: dial the first name the certificate carries.
      return proveBundle({ server: subject.bundle, caPem: subject.caPem, hostname: dialHost(subject.detail), throwawayClient: { issue: () => throwawayClient(from, this.#crypto) } });
    }
    const hostname = proofHostname(issuer);
    return proveBundle({ client: subject.bundle, caPem: subject.caPem, hostname, throwawayServer: { issue: () => throwawayServer(from, hostname, this.#crypto) } });
  }

  /** A certificate's PEM bundle as the handshake proof takes it; the key stays in main. */
  async #pemBundle(id: string): Promise<{ bundle: PemBundle; caPem: string; authorityId: string; detail: CertificateDetail }> {
    const record = this.#vault.getCertificate(id);
    const detail = await this.#catalog.certificateDetail(record);
    if (!detail.hasPrivateKey) throw new CertwrightError('INVALID_INPUT', msg('errors:exports.noKeyForHandshake'), { field: 'id' });
    const pkcs8 = await this.#vault.exportPrivateKeyPkcs8(id);
    try {
      const files = pemSet(pemSetInputFromDetail(detail, pkcs8));
      const text = (name: string) => String(files.find((f) => f.name === name)?.contents ?? '');
      return { bundle: { certChainPem: text('fullchain.pem'), keyPem: text('key.pem') }, caPem: text('ca.pem'), authorityId: record.authorityId, detail };
    } finally {
      pkcs8.fill(0);
    }
  }
}
