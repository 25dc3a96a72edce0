import type { ReactNode } from 'react';
import { describedBy, FieldShell } from '../../components/Field.js';
import { useT } from '../../i18n/use-t.js';

interface ValidityDaysFieldProps {
  /** The days as typed. */
  readonly value: string;
  readonly presets: ReadonlyArray<{ readonly days: number; readonly label: string }>;
  readonly hint: ReactNode;
  readonly error?: string | undefined;
  readonly onChange: (value: string) => void;
  readonly onBlur: () => void;
  /** The id of a note under the input (in children) that describes it too. */
  readonly noteId?: string | undefined;
  /** Shown under the input, before the hint. */
  readonly children?: ReactNode;
}

/** "Validity (days)": a number input and a group of preset buttons that fill it in. */
export function ValidityDaysField({ value, presets, hint, error, onChange, onBlur, noteId, children }: ValidityDaysFieldProps) {
  const t = useT();
  const chosen = value.trim();
  return (
    <FieldShell id="validity-days" label={t('wizard:validity.days')} hint={hint} error={error}>
      <div className="input-row">
        <input
          id="validity-days"
          className="input input-number"
          inputMode="numeric"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
          aria-invalid={error ? true : undefined}
          aria-describedby={[describedBy('validity-days', hint, error), noteId ?? ''].filter(Boolean).join(' ') || undefined}
        />
        <div className="segmented" role="group" aria-label={t('wizard:validity.presets')}>
          {presets.map((p) => (
            <button key={p.days} type="button" className={chosen === String(p.days) ? 'seg is-on' : 'seg'} aria-pressed={chosen === String(p.days)} onClick={() => onChange(String(p.days))}>
              {p.label}
            </button>
          ))}
        </div>
      </div>
      {children}
    </FieldShell>
  );
}
