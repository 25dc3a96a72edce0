import { useId, useRef, type ReactNode } from 'react';
import { CopyButton } from './CopyButton.js';

interface PemBlockProps {
  readonly title: string;
  readonly pem: string;
  /** Accessible name of the text, e.g. "Certificate PEM". */
  readonly label: string;
  /** Accessible name of the copy button, e.g. "Copy certificate PEM". */
  readonly copyLabel: string;
  readonly hint?: ReactNode;
  /** More buttons beside Copy (a CSR's "Save as…"). */
  readonly actions?: ReactNode;
}

/** A PEM text with a heading and a copy button; selectable by hand when the clipboard refuses. */
export function PemBlock({ title, pem, label, copyLabel, hint, actions }: PemBlockProps) {
  const ref = useRef<HTMLPreElement>(null);
  const id = useId();
  return (
    <section className="pem" aria-labelledby={id}>
      <div className="pem-head">
        <h3 id={id}>{title}</h3>
        <div className="pem-actions">
          {actions}
          <CopyButton text={pem} label={copyLabel} fallbackTarget={() => ref.current} />
        </div>
      </div>
      <pre ref={ref} className="pem-body" tabIndex={0} aria-label={label}>
        {pem.trim()}
      </pre>
      {hint ? <p className="field-hint">{hint}</p> : null}
    </section>
  );
}
