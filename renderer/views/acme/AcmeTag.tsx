import { shortAccountId } from './model.js';

/** "ACME · 1a2b3c4d": the certificate was ordered over the authority's ACME server by that account. */
export function AcmeTag({ accountId }: { readonly accountId: string }) {
  return (
    <span className="tag tag-acme" title={`Ordered over ACME by account ${accountId}`}>
      ACME · {shortAccountId(accountId)}
    </span>
  );
}
