import { useT } from '../../i18n/use-t.js';
import { shortAccountId } from './model.js';

/** "ACME · 1a2b3c4d": the certificate was ordered over the authority's ACME server by that account. */
export function AcmeTag({ accountId }: { readonly accountId: string }) {
  const t = useT();
  return (
    <span className="tag tag-acme" title={t('acme:tag.title', { account: accountId })}>
      {t('acme:tag.label', { account: shortAccountId(accountId) })}
    </span>
  );
}
