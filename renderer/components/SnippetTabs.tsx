import { useId, useState } from 'react';
import type { SnippetView } from '../../shared/domain/export.js';
import { useT } from '../i18n/use-t.js';
import { PemBlock } from './PemBlock.js';

/** What the line under a snippet says: whether it runs as it is, or goes into a program. */
export interface SnippetHints {
  readonly complete: string;
  readonly fragment: string;
}

interface SnippetTabsProps {
  readonly snippets: readonly SnippetView[];
  /** The tab list's name. */
  readonly label?: string;
  /** Where the file goes, before its name in each title ('snippets/' in an export bundle; '' for none). */
  readonly folder?: string;
  readonly hints?: SnippetHints;
}

/** Snippets, one tab each, with a copy button: an export bundle's configuration by default. */
export function SnippetTabs({ snippets, label: givenLabel, folder = 'snippets/', hints: givenHints }: SnippetTabsProps) {
  const t = useT();
  const label = givenLabel ?? t('app:snippets.label');
  // An export bundle's by default: the snippets are written to its snippets/ folder, next to the certificate files.
  const hints = givenHints ?? { complete: t('app:snippets.complete'), fragment: t('app:snippets.fragment') };
  const [selected, setSelected] = useState(snippets[0]?.id ?? '');
  const base = useId();
  const current = snippets.find((s) => s.id === selected) ?? snippets[0];
  if (!current) return null;
  return (
    <div className="snippets">
      <div className="tabs" role="tablist" aria-label={label}>
        {snippets.map((s) => (
          <button
            key={s.id}
            type="button"
            role="tab"
            id={`${base}-${s.id}`}
            aria-selected={s.id === current.id}
            aria-controls={`${base}-panel`}
            className={s.id === current.id ? 'tab is-selected' : 'tab'}
            onClick={() => setSelected(s.id)}
          >
            {s.title}
          </button>
        ))}
      </div>
      <div id={`${base}-panel`} role="tabpanel" aria-labelledby={`${base}-${current.id}`}>
        <PemBlock title={`${folder}${current.filename}`} pem={current.text} label={current.title} copyLabel={t('app:snippets.copy', { title: current.title })} hint={current.complete ? hints.complete : hints.fragment} />
      </div>
    </div>
  );
}
