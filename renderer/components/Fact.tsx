import type { ReactNode } from 'react';
import { CopyButton } from './CopyButton.js';

/** One row of a definition list of facts: label, value and an optional copy button. */
export function Fact({ label, children, copy }: { readonly label: ReactNode; readonly children: ReactNode; readonly copy?: { text: string; label: string } }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>
        <span className="fact-value">{children}</span>
        {copy ? <CopyButton text={copy.text} label={copy.label} compact /> : null}
      </dd>
    </div>
  );
}
