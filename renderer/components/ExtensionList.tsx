import type { ExtensionView } from '../../shared/domain/certificate.js';

/** Extensions in words: name, critical flag, and what each says. */
export function ExtensionList({ extensions, title = 'Extensions', emptyText = 'None' }: { readonly extensions: readonly ExtensionView[]; readonly title?: string; readonly emptyText?: string }) {
  return (
    <section className="extensions" aria-label={title}>
      <h3 className="section-title">{title}</h3>
      {extensions.length === 0 ? (
        <p className="muted">{emptyText}</p>
      ) : (
        <ul className="ext-list">
          {extensions.map((ext, i) => (
            <li key={`${ext.oid}-${i}`} className="ext-item">
              <div className="ext-head">
                <span className="ext-name" title={ext.oid}>
                  {ext.name}
                </span>
                {ext.critical ? <span className="tag tag-critical">Critical</span> : null}
              </div>
              <ul className="ext-values">
                {ext.values.map((v, j) => (
                  <li key={j}>{v}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
