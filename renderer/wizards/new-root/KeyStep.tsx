import { ROOT_VALIDITY_DAYS } from '../../../shared/ipc/contract.js';
import { formatDate } from '../../app/format.js';
import { TextField } from '../../components/Field.js';
import { KeyAlgorithmChoice } from '../shared/KeyAlgorithmChoice.js';
import { StepIntro } from '../shared/Review.js';
import { ValidityDaysField } from '../shared/ValidityDaysField.js';
import { expiryDate, PATH_LENGTH_LIMIT, VALIDITY_PRESETS } from './model.js';
import type { StepProps } from './IdentityStep.js';
import { UrlsSection } from './UrlsSection.js';

export function KeyStep({ state, errors, dispatch }: StepProps) {
  const expiry = expiryDate(new Date(), state.validityDays);
  const validityHint = expiry ? (
    <>
      Expires <strong>{formatDate(expiry)}</strong>. Roots usually live 10 to 20 years; leaves are short-lived.
    </>
  ) : (
    <>
      Between {ROOT_VALIDITY_DAYS.min} and {ROOT_VALIDITY_DAYS.max.toLocaleString()} days.
    </>
  );
  return (
    <div className="step">
      <StepIntro title="Key and validity">The key is generated on this computer and sealed in the vault. It never leaves Certwright.</StepIntro>

      <KeyAlgorithmChoice value={state.keyAlgorithm} onChange={(value) => dispatch({ type: 'keyAlgorithm', value })} />

      <div className="grid-2">
        <ValidityDaysField
          value={state.validityDays}
          presets={VALIDITY_PRESETS}
          hint={validityHint}
          error={errors.validityDays}
          onChange={(value) => dispatch({ type: 'validityDays', value })}
          onBlur={() => dispatch({ type: 'touch', field: 'validityDays' })}
        />
        <TextField
          id="path-length"
          label="Path length constraint"
          optional
          inputMode="numeric"
          className="input-number"
          placeholder="No limit"
          value={state.pathLength}
          onValueChange={(value) => dispatch({ type: 'pathLength', value })}
          onBlur={() => dispatch({ type: 'touch', field: 'pathLength' })}
          hint={`How many intermediate CAs may sit below this root (0 to ${PATH_LENGTH_LIMIT}). Empty: no limit; 0: it signs only leaf certificates.`}
          error={errors.pathLength}
        />
      </div>

      <UrlsSection state={state} errors={errors} dispatch={dispatch} />
    </div>
  );
}
