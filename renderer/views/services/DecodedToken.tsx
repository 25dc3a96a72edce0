import { useT } from '../../i18n/use-t.js';
import { claimRows } from './model.js';

interface DecodedTokenProps {
  readonly header: Readonly<Record<string, unknown>> | null;
  readonly claims: Readonly<Record<string, unknown>> | null;
  /** "untrusted" while the signature has not been verified. */
  readonly note?: string;
}

function Members({ title, record }: { readonly title: string; readonly record: Readonly<Record<string, unknown>> | null }) {
  const t = useT();
  return (
    <section className="svc-decoded-part" aria-label={title}>
      <h4 className="section-title">{title}</h4>
      {record === null ? (
        <p className="muted">{t('services:decoded.notDecoded')}</p>
      ) : (
        <dl className="facts svc-claims">
          {claimRows(record).map((r) => (
            <div key={r.name} className="fact">
              <dt>
                <code>{r.name}</code>
              </dt>
              <dd>
                <code className="mono-wrap">{r.value}</code>
                {r.note ? <span className="muted"> · {r.note}</span> : null}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

/** A token's header and claims, decoded, side by side; times also as dates. */
export function DecodedToken({ header, claims, note }: DecodedTokenProps) {
  const t = useT();
  return (
    <div className="svc-decoded">
      {note ? <p className="field-hint svc-decoded-note">{note}</p> : null}
      <Members title={t('services:decoded.header')} record={header} />
      <Members title={t('services:decoded.claims')} record={claims} />
    </div>
  );
}
