import type { ExtensionView } from '../../shared/domain/certificate.js';
import { wordOf } from '../i18n/instance.js';
import { useT } from '../i18n/use-t.js';
import { TextWithHex } from './Hex.js';

interface ExtensionListProps {
  readonly extensions: readonly ExtensionView[];
  readonly title?: string;
  readonly emptyText?: string;
  /** Show each OID next to its name (the Inspect view, for the curious); otherwise it is the name's tooltip. */
  readonly showOid?: boolean;
  /** The heading's level where the list sits inside a card (Inspect). */
  readonly headingLevel?: 3 | 4;
}

/** Extensions in words (catalog texts from main, worded in the window's language): name, critical flag, and what each says. */
export function ExtensionList({ extensions, title: givenTitle, emptyText: givenEmpty, showOid = false, headingLevel = 3 }: ExtensionListProps) {
  const t = useT();
  const title = givenTitle ?? t('app:extensions.title');
  const emptyText = givenEmpty ?? t('common:word.none');
  const Heading = headingLevel === 4 ? 'h4' : 'h3';
  return (
    <section className="extensions" aria-label={title}>
      <Heading className="section-title">{title}</Heading>
      {extensions.length === 0 ? (
        <p className="muted">{emptyText}</p>
      ) : (
        <ul className="ext-list">
          {extensions.map((ext, i) => (
            <li key={`${ext.oid}-${i}`} className="ext-item">
              <div className="ext-head">
                <span className="ext-name" title={ext.oid}>
                  {wordOf(ext.name)}
                </span>
                {ext.critical ? <span className="tag tag-critical">{t('common:word.critical')}</span> : null}
                {showOid ? <code className="ext-oid">{ext.oid}</code> : null}
              </div>
              <ul className="ext-values">
                {ext.values.map((v, j) => (
                  <li key={j}>
                    <TextWithHex text={wordOf(v)} />
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
