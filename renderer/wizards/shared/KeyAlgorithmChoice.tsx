import { DEFAULT_KEY_ALGORITHM, KEY_ALGORITHM_INFO, KEY_ALGORITHMS, type KeyAlgorithmId } from '../../../shared/domain/keys.js';

interface KeyAlgorithmChoiceProps {
  readonly value: KeyAlgorithmId;
  readonly onChange: (value: KeyAlgorithmId) => void;
  /** Limits the offer, e.g. leaf certificates need not offer every CA key. */
  readonly options?: readonly KeyAlgorithmId[];
}

/** The key algorithm as a group of radio cards, each with when to pick it. */
export function KeyAlgorithmChoice({ value, onChange, options = KEY_ALGORITHMS }: KeyAlgorithmChoiceProps) {
  return (
    <fieldset className="choice-group">
      <legend className="field-label">Key algorithm</legend>
      <div className="choices">
        {options.map((id) => {
          const info = KEY_ALGORITHM_INFO[id];
          const checked = value === id;
          return (
            <label key={id} className={checked ? 'choice is-checked' : 'choice'}>
              <input type="radio" name="keyAlgorithm" value={id} checked={checked} onChange={() => onChange(id)} aria-describedby={`key-${id}-hint`} />
              <span className="choice-text">
                <span className="choice-title">
                  {info.label}
                  {id === DEFAULT_KEY_ALGORITHM ? <span className="tag tag-accent">Default</span> : null}
                  {info.slow ? <span className="tag">Slow</span> : null}
                </span>
                <span id={`key-${id}-hint`} className="choice-hint">
                  {info.hint}
                </span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
