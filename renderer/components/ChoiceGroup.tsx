import type { ReactNode } from 'react';

export interface Choice<T extends string> {
  readonly value: T;
  readonly title: ReactNode;
  /** When to pick it, in one line (or why it cannot be picked). */
  readonly hint: ReactNode;
  /** Shown after the title, e.g. a "Default" tag. */
  readonly tags?: ReactNode;
  readonly disabled?: boolean;
}

interface ChoiceGroupProps<T extends string> {
  /** The radio group's name, also the prefix of the hint ids. */
  readonly name: string;
  readonly legend: string;
  readonly value: T | '';
  readonly choices: ReadonlyArray<Choice<T>>;
  readonly onChange: (value: T) => void;
  readonly error?: string | undefined;
  /** Extra class of the list, e.g. "choices-3" for three across. */
  readonly layout?: string;
}

/** A group of radio cards, each with a title and a line on when to pick it; the error under them. */
export function ChoiceGroup<T extends string>({ name, legend, value, choices, onChange, error, layout }: ChoiceGroupProps<T>) {
  const errorId = `${name}-error`;
  return (
    <>
      <fieldset className="choice-group" aria-describedby={error ? errorId : undefined}>
        <legend className="field-label">{legend}</legend>
        <div className={layout ? `choices ${layout}` : 'choices'}>
          {choices.map((c) => {
            const checked = value === c.value;
            const hintId = `${name}-${c.value}-hint`;
            return (
              <label key={c.value} className={['choice', checked ? 'is-checked' : '', c.disabled ? 'is-disabled' : ''].filter(Boolean).join(' ')}>
                <input type="radio" name={name} value={c.value} checked={checked} disabled={c.disabled} onChange={() => onChange(c.value)} aria-describedby={hintId} />
                <span className="choice-text">
                  <span className="choice-title">
                    {c.title}
                    {c.tags}
                  </span>
                  <span id={hintId} className="choice-hint">
                    {c.hint}
                  </span>
                </span>
              </label>
            );
          })}
        </div>
      </fieldset>
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </>
  );
}
