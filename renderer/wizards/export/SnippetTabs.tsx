import { useId, useState } from 'react';
import type { SnippetView } from '../../../shared/domain/export.js';
import { PemBlock } from '../../components/PemBlock.js';

/** The configuration snippets for a bundle, one tab each, with a copy button. */
export function SnippetTabs({ snippets }: { readonly snippets: readonly SnippetView[] }) {
  const [selected, setSelected] = useState(snippets[0]?.id ?? '');
  const base = useId();
  const current = snippets.find((s) => s.id === selected) ?? snippets[0];
  if (!current) return null;
  return (
    <div className="snippets">
      <div className="tabs" role="tablist" aria-label="Configuration snippets">
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
        <PemBlock
          title={`snippets/${current.filename}`}
          pem={current.text}
          label={current.title}
          copyLabel={`Copy ${current.title}`}
          hint={current.complete ? 'Complete as it is: run it in the bundle folder.' : 'A fragment: put it into your own program or configuration.'}
        />
      </div>
    </div>
  );
}
