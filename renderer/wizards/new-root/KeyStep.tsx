import { ROOT_VALIDITY_DAYS } from '../../../shared/ipc/contract.js';
import { Trans } from 'react-i18next';
import { formatDate } from '../../app/format.js';
import { useT } from '../../i18n/use-t.js';
import { TextField } from '../../components/Field.js';
import { KeyAlgorithmChoice } from '../shared/KeyAlgorithmChoice.js';
import { StepIntro } from '../shared/Review.js';
import { ValidityDaysField } from '../shared/ValidityDaysField.js';
import { expiryDate, PATH_LENGTH_LIMIT, validityPresets } from './model.js';
import type { StepProps } from './IdentityStep.js';
import { UrlsSection } from './UrlsSection.js';

export function KeyStep({ state, errors, dispatch }: StepProps) {
  const t = useT();
  const expiry = expiryDate(new Date(), state.validityDays);
  const validityHint = expiry ? (
    <Trans t={t} i18nKey="newRoot:key.validityHint" values={{ date: formatDate(expiry) }} components={{ 1: <strong /> }} />
  ) : (
    t('wizard:validity.between', { min: ROOT_VALIDITY_DAYS.min, max: ROOT_VALIDITY_DAYS.max })
  );
  return (
    <div className="step">
      <StepIntro title={t('newRoot:key.title')}>{t('newRoot:key.intro')}</StepIntro>

      <KeyAlgorithmChoice value={state.keyAlgorithm} onChange={(value) => dispatch({ type: 'keyAlgorithm', value })} />

      <div className="grid-2">
        <ValidityDaysField
          value={state.validityDays}
          presets={validityPresets()}
          hint={validityHint}
          error={errors.validityDays}
          onChange={(value) => dispatch({ type: 'validityDays', value })}
          onBlur={() => dispatch({ type: 'touch', field: 'validityDays' })}
        />
        <TextField
          id="path-length"
          label={t('newRoot:key.pathLength')}
          optional
          inputMode="numeric"
          className="input-number"
          placeholder={t('newRoot:key.noLimit')}
          value={state.pathLength}
          onValueChange={(value) => dispatch({ type: 'pathLength', value })}
          onBlur={() => dispatch({ type: 'touch', field: 'pathLength' })}
          hint={t('newRoot:key.pathLengthHint', { max: PATH_LENGTH_LIMIT })}
          error={errors.pathLength}
        />
      </div>

      <UrlsSection state={state} errors={errors} dispatch={dispatch} />
    </div>
  );
}
