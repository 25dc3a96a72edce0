/**
 * The revocation URLs a CA wizard asks for, as pure data: the draft, its validation with main's own
 * schema, the settings sent at creation, a suggestion for Certwright's publication server, and the
 * preview: the extension lines issued certificates will carry, as `openssl x509 -text` prints them.
 */
import { AuthoritySettingsInput, type Input } from '../../../shared/ipc/contract.js';
import { DEFAULT_PUBLICATION_BASE, suggestedUrls } from '../../../shared/domain/publication.js';
import { t } from '../../i18n/instance.js';

export const URL_FIELDS = ['crlUrl', 'ocspUrl', 'caIssuersUrl'] as const;
export type UrlField = (typeof URL_FIELDS)[number];
export type UrlDraft = Readonly<Record<UrlField, string>>;

export const EMPTY_URLS: UrlDraft = { crlUrl: '', ocspUrl: '', caIssuersUrl: '' };

/** A URL field's label, in the window's language. */
export const urlLabel = (field: UrlField): string => t(`publication:urls.${field}` as const);

export function isUrlField(name: string): name is UrlField {
  return (URL_FIELDS as readonly string[]).includes(name);
}

/** Each URL's problem, from the schema main validates the settings with. */
export function urlErrors(draft: UrlDraft): Partial<Record<UrlField, string>> {
  const errors: Partial<Record<UrlField, string>> = {};
  for (const field of URL_FIELDS) {
    const parsed = AuthoritySettingsInput.shape[field].safeParse(draft[field]);
    if (!parsed.success) errors[field] = parsed.error.issues[0]?.message ?? t('publication:urls.invalid');
  }
  return errors;
}

/** The settings to create the CA with; undefined when no URL is given (main's defaults apply). */
export function urlSettings(draft: UrlDraft): Input<'authority.createRoot'>['settings'] {
  if (URL_FIELDS.every((f) => draft[f].trim() === '')) return undefined;
  return { crlUrl: draft.crlUrl.trim(), ocspUrl: draft.ocspUrl.trim(), caIssuersUrl: draft.caIssuersUrl.trim() };
}

/**
 * The publication address to suggest: the origin of a URL a related CA already uses (its parent's:
 * one publication server serves a root and its intermediates), else Certwright's default.
 */
export function publicationBase(known: readonly (string | null | undefined)[]): string {
  for (const url of known) {
    if (!url) continue;
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'http:') return parsed.origin;
    } catch {
      // not a URL: try the next
    }
  }
  return DEFAULT_PUBLICATION_BASE;
}

/** The URLs the publication server at `base` serves this CA under. */
export function suggestion(base: string, commonName: string): UrlDraft {
  return suggestedUrls(base, commonName.trim() || 'ca');
}

/** The extension lines issued certificates will carry, as OpenSSL prints them; empty when no URL is set. */
export function extensionPreview(draft: UrlDraft): string[] {
  const [crl, ocsp, issuers] = URL_FIELDS.map((f) => draft[f].trim());
  const lines: string[] = [];
  /* eslint-disable i18next/no-literal-string -- OpenSSL's own output (openssl x509 -text), verbatim in every language */
  if (crl) lines.push('X509v3 CRL Distribution Points:', '    Full Name:', `      URI:${crl}`);
  if (ocsp || issuers) {
    lines.push('Authority Information Access:');
    if (ocsp) lines.push(`    OCSP - URI:${ocsp}`);
    if (issuers) lines.push(`    CA Issuers - URI:${issuers}`);
  }
  /* eslint-enable i18next/no-literal-string */
  return lines;
}
