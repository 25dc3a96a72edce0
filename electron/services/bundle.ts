/**
 * Assembles an export bundle for one certificate: the files of the chosen format, with the README
 * and configuration snippets where the format is a folder or a zip. Pure: returns the files; the
 * caller writes them where the user chose (see write-bundle.ts).
 */
import type { CertificateDetail } from '../../shared/domain/certificate.js';
import { EXPORT_FORMATS, pkcs12PasswordProblem, type ExportFormat } from '../../shared/domain/export.js';
import { CertwrightError } from '../../shared/errors.js';
import { FILE_NAMES, pemSet, pemSetInputFromDetail, truststoreSet, type BundleFile } from '../engine/export/pem-set.js';
import { buildPkcs12, Pkcs12Error, type Pkcs12Target } from '../engine/export/pkcs12.js';
import { pkcs7CertsOnlyPem } from '../engine/export/pkcs7.js';
import { encryptPkcs8Pem } from '../engine/export/pkcs8-encrypt.js';
import { buildReadme } from '../engine/export/readme.js';
import { buildSnippets, type Snippet } from '../engine/export/snippets.js';
import { zipBundle } from '../engine/export/zip.js';
import type { EngineCrypto } from '../engine/webcrypto.js';
import { msg } from '../../shared/i18n/message.js';

export { EXPORT_FORMATS, type ExportFormat };

export interface ExportOptions {
  readonly format: ExportFormat;
  /** PKCS#12 only: where the file is going. */
  readonly target: Pkcs12Target;
  /** Encrypts key.pem (PEM/zip) and protects the PKCS#12; never stored. */
  readonly password: string | null;
  /** False exports certificates only. */
  readonly includeKey: boolean;
  /** More snippets for the folder's snippets/ (the service-token Go package), by path below it. */
  readonly moreSnippets?: ReadonlyArray<{ readonly path: string; readonly text: string }>;
}

export interface AssembledBundle {
  /** 'directory': the files go into a folder; 'file': `files` holds exactly one file. */
  readonly layout: 'directory' | 'file';
  readonly files: BundleFile[];
}

const SNIPPET_PORT = 8443;

/** A file-system and snippet-safe name from a common name. */
export function safeName(commonName: string): string {
  return commonName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'certificate';
}

/** The host a client dials for this certificate: its first DNS or IP SAN, else localhost. */
export function dialHost(detail: Pick<CertificateDetail, 'sans'>): string {
  return detail.sans.find((s) => s.type === 'dns' || s.type === 'ip')?.value ?? 'localhost';
}

/** The configuration snippets for a bundle of `files` made from this certificate. */
export function bundleSnippets(detail: CertificateDetail, files: readonly BundleFile[]): Snippet[] {
  return buildSnippets({ serviceName: safeName(detail.subject.commonName), host: dialHost(detail), port: SNIPPET_PORT, files });
}

function single(name: string, contents: string | Uint8Array, secret = false): AssembledBundle {
  return { layout: 'file', files: [{ name, contents, secret, mode: secret ? 0o600 : 0o644 }] };
}

export async function assembleBundle(detail: CertificateDetail, pkcs8: Uint8Array | null, options: ExportOptions, crypto: EngineCrypto): Promise<AssembledBundle> {
  if (!detail.rootPem) throw new CertwrightError('INVALID_INPUT', msg('errors:exports.noRoot'), { field: 'id' });
  const key = options.includeKey ? pkcs8 : null;
  if (options.includeKey && !pkcs8) throw new CertwrightError('INVALID_INPUT', msg('errors:exports.noKey'), { field: 'includeKey' });
  const input = pemSetInputFromDetail(detail, key);
  const base = safeName(detail.subject.commonName);

  switch (options.format) {
    case 'der':
      return single(`${base}.der`, input.leafDer);
    case 'p7b':
      return single(`${base}.p7b`, pkcs7CertsOnlyPem([input.leafDer, ...input.intermediatesDer, input.rootDer]));
    case 'truststore': {
      const files = truststoreSet({ rootDer: input.rootDer, intermediatesDer: input.intermediatesDer });
      return { layout: 'directory', files: [...files, readme(detail, files)] };
    }
    case 'p12': {
      if (!key) throw new CertwrightError('INVALID_INPUT', msg('errors:exports.p12NeedsKey'), { field: 'includeKey' });
      const passwordProblem = pkcs12PasswordProblem(options.target, options.password);
      if (passwordProblem) throw new CertwrightError('INVALID_INPUT', passwordProblem, { field: 'password' });
      try {
        const p12 = await buildPkcs12(
          { certificateDer: input.leafDer, chainDer: [...input.intermediatesDer, input.rootDer], privateKeyPkcs8: key, password: options.password ?? '', friendlyName: detail.subject.commonName, target: options.target },
          crypto,
        );
        return single(`${base}.p12`, p12, true);
      } catch (error) {
        if (error instanceof Pkcs12Error) throw new CertwrightError('INVALID_INPUT', error.reason, { field: 'password' });
        throw error;
      }
    }
    case 'pem':
    case 'zip': {
      let files = pemSet(input);
      if (key && options.password) {
        const encrypted = await encryptPkcs8Pem(key, options.password, crypto);
        files = files.map((f) => (f.name === FILE_NAMES.key ? { ...f, name: FILE_NAMES.encryptedKey, contents: encrypted } : f));
      }
      const snippets = [
        ...bundleSnippets(detail, files).map((s): BundleFile => ({ name: `snippets/${s.filename}`, contents: s.text, secret: s.secret, mode: s.secret ? 0o600 : 0o644 })),
        ...(options.moreSnippets ?? []).map((s): BundleFile => ({ name: `snippets/${s.path}`, contents: s.text, secret: false, mode: 0o644 })),
      ];
      const all = [...files, ...snippets];
      const folder = [...all, readme(detail, all)];
      return options.format === 'zip' ? single(`${base}.zip`, zipBundle(folder), key !== null) : { layout: 'directory', files: folder };
    }
  }
}

function readme(detail: CertificateDetail, files: readonly BundleFile[]): BundleFile {
  return { name: FILE_NAMES.readme, contents: buildReadme({ commonName: detail.subject.commonName, files, notAfter: detail.notAfter }), secret: false, mode: 0o644 };
}
