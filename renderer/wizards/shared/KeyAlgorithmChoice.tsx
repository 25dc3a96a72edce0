import { DEFAULT_KEY_ALGORITHM, KEY_ALGORITHM_INFO, KEY_ALGORITHMS, type KeyAlgorithmId } from '../../../shared/domain/keys.js';
import { ChoiceGroup } from '../../components/ChoiceGroup.js';
import { useT } from '../../i18n/use-t.js';

interface KeyAlgorithmChoiceProps {
  readonly value: KeyAlgorithmId;
  readonly onChange: (value: KeyAlgorithmId) => void;
  /** Limits the offer, e.g. leaf certificates need not offer every CA key. */
  readonly options?: readonly KeyAlgorithmId[];
}

/** The key algorithm as a group of radio cards, each with when to pick it. */
export function KeyAlgorithmChoice({ value, onChange, options = KEY_ALGORITHMS }: KeyAlgorithmChoiceProps) {
  const t = useT();
  return (
    <ChoiceGroup
      // eslint-disable-next-line i18next/no-literal-string -- the radio group's name, not text
      name="keyAlgorithm"
      legend={t('wizard:key.legend')}
      value={value}
      onChange={onChange}
      choices={options.map((id) => ({
        value: id,
        title: t(`wizard:key.algorithm.${id}.label`),
        hint: t(`wizard:key.algorithm.${id}.hint`),
        tags: (
          <>
            {id === DEFAULT_KEY_ALGORITHM ? <span className="tag tag-accent">{t('wizard:key.default')}</span> : null}
            {KEY_ALGORITHM_INFO[id].slow ? <span className="tag">{t('wizard:key.slow')}</span> : null}
          </>
        ),
      }))}
    />
  );
}
