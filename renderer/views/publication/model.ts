/** The Revocation area's publication panel as pure data: the start form's defaults and checks. */
import type { AuthoritySettings } from '../../../shared/domain/authority.js';
import { PUBLICATION_DEFAULT_PORT, type ReachabilityVerdict } from '../../../shared/domain/publication.js';
import { contract } from '../../../shared/ipc/contract.js';
import { canonicalIp } from '../../../shared/validation/san.js';
import { t } from '../../i18n/instance.js';

export interface ServerForm {
  readonly bind: string;
  readonly port: string;
}

/**
 * Where to start the server: the address and port the CA's URLs name when they name an address of
 * this machine's kind (an IP literal, or localhost), so its certificates reach it; else 127.0.0.1 and
 * the default port.
 */
export function serverDefaults(settings: Pick<AuthoritySettings, 'crlUrl' | 'ocspUrl' | 'caIssuersUrl'>): ServerForm {
  for (const url of [settings.crlUrl, settings.ocspUrl, settings.caIssuersUrl]) {
    if (!url) continue;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      continue;
    }
    if (parsed.protocol !== 'http:') continue;
    const port = Number(parsed.port || 80);
    if (port < 1024) continue;
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    const ip = host === 'localhost' ? '127.0.0.1' : canonicalIp(host);
    if (ip !== null) return { bind: ip, port: String(port) };
  }
  return { bind: '127.0.0.1', port: String(PUBLICATION_DEFAULT_PORT) };
}

/** The form's problems, by field, from the schema main validates the start with. */
export function serverFormErrors(id: string, form: ServerForm): { bind?: string; port?: string } {
  const port = /^\d+$/.test(form.port.trim()) ? Number(form.port.trim()) : Number.NaN;
  const errors: { bind?: string; port?: string } = {};
  if (Number.isNaN(port)) errors.port = t('publication:panel.portRange');
  const parsed = contract['authority.publicationStart'].input.safeParse({ id, bind: form.bind.trim(), port: Number.isNaN(port) ? PUBLICATION_DEFAULT_PORT : port });
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const field = issue.path[0];
    if ((field === 'bind' || field === 'port') && errors[field] === undefined) errors[field] = issue.message;
  }
  return errors;
}

/** How each verdict looks; its words are `publication:verdict.<verdict>`. */
export const VERDICT_TONE: Readonly<Record<ReachabilityVerdict, 'ok' | 'warning' | 'error' | 'muted'>> = {
  ok: 'ok',
  warning: 'warning',
  error: 'error',
  notConfigured: 'muted',
};
