import type { ReactNode } from 'react';
import type { Token } from './san-model.js';
import { useT } from '../i18n/use-t.js';
import { describedBy, FieldShell } from './Field.js';

interface TokenFieldProps<V> {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onValueChange: (value: string) => void;
  readonly onBlur?: () => void;
  readonly tokens: ReadonlyArray<Token<V>>;
  readonly hint?: ReactNode;
  readonly error?: string | undefined;
  readonly optional?: boolean;
  readonly placeholder?: string;
  readonly rows?: number;
  readonly autoFocus?: boolean;
}

/**
 * One text field for many values (commas, spaces or new lines between them), with a chip per value
 * under it: checked as you type, invalid ones red with their reason.
 */
export function TokenField<V>({ id, label, value, onValueChange, onBlur, tokens, hint, error, optional = false, placeholder, rows = 2, autoFocus = false }: TokenFieldProps<V>) {
  const t = useT();
  const previewId = `${id}-preview`;
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} optional={optional}>
      <textarea
        id={id}
        className="input textarea"
        rows={rows}
        value={value}
        placeholder={placeholder}
        autoFocus={autoFocus}
        onChange={(e) => onValueChange(e.target.value)}
        onBlur={onBlur}
        aria-invalid={error ? true : undefined}
        aria-describedby={[describedBy(id, hint, error), tokens.length > 0 ? previewId : ''].filter(Boolean).join(' ') || undefined}
        spellCheck={false}
        autoComplete="off"
      />
      {tokens.length > 0 ? (
        <ul id={previewId} className="chips" aria-label={t('app:tokens.understood', { label })}>
          {tokens.map((token, i) =>
            token.check.ok ? (
              <li key={`${token.raw}-${i}`} className="chip">
                <span className="chip-type">{token.check.label}</span>
                <span className="chip-value">{token.check.display}</span>
              </li>
            ) : (
              <li key={`${token.raw}-${i}`} className="chip chip-invalid" title={token.check.message}>
                <span className="chip-type">!</span>
                <span className="chip-value">{token.raw}</span>
                <span className="visually-hidden">: {token.check.message}</span>
              </li>
            ),
          )}
        </ul>
      ) : null}
    </FieldShell>
  );
}
