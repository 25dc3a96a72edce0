import { DEFAULT_KEY_ALGORITHM, KEY_ALGORITHM_INFO, KEY_ALGORITHMS, type KeyAlgorithmId } from '../../../shared/domain/keys.js';
import { ChoiceGroup } from '../../components/ChoiceGroup.js';

interface KeyAlgorithmChoiceProps {
  readonly value: KeyAlgorithmId;
  readonly onChange: (value: KeyAlgorithmId) => void;
  /** Limits the offer, e.g. leaf certificates need not offer every CA key. */
  readonly options?: readonly KeyAlgorithmId[];
}

/** The key algorithm as a group of radio cards, each with when to pick it. */
export function KeyAlgorithmChoice({ value, onChange, options = KEY_ALGORITHMS }: KeyAlgorithmChoiceProps) {
  return (
    <ChoiceGroup
      name="keyAlgorithm"
      legend="Key algorithm"
      value={value}
      onChange={onChange}
      choices={options.map((id) => ({
        value: id,
        title: KEY_ALGORITHM_INFO[id].label,
        hint: KEY_ALGORITHM_INFO[id].hint,
        tags: (
          <>
            {id === DEFAULT_KEY_ALGORITHM ? <span className="tag tag-accent">Default</span> : null}
            {KEY_ALGORITHM_INFO[id].slow ? <span className="tag">Slow</span> : null}
          </>
        ),
      }))}
    />
  );
}
