import { ROOT_VALIDITY_DAYS } from '../../../shared/ipc/contract.js';
import { formatDate } from '../../app/format.js';
import { describedBy, FieldShell, TextField } from '../../components/Field.js';
import { KeyAlgorithmChoice } from '../shared/KeyAlgorithmChoice.js';
import { expiryDate, PATH_LENGTH_LIMIT, VALIDITY_PRESETS } from './model.js';
import type { StepProps } from './IdentityStep.js';

export function KeyStep({ state, errors, dispatch }: StepProps) {
  const expiry = expiryDate(new Date(), state.validityDays);
  const validityHint = expiry ? (
    <>
      Valid until <strong>{formatDate(expiry)}</strong>. Roots usually live 10 to 20 years; leaves are short-lived.
    </>
  ) : (
    <>
      Between {ROOT_VALIDITY_DAYS.min} and {ROOT_VALIDITY_DAYS.max.toLocaleString()} days.
    </>
  );
  return (
    <div className="step">
      <div className="step-intro">
        <h2 className="step-title">Key and validity</h2>
        <p className="muted">The key is generated on this computer and sealed in the vault. It never leaves Certwright.</p>
      </div>

      <KeyAlgorithmChoice value={state.keyAlgorithm} onChange={(value) => dispatch({ type: 'keyAlgorithm', value })} />

      <div className="grid-2">
        <FieldShell id="validity-days" label="Validity (days)" hint={validityHint} error={errors.validityDays}>
          <div className="input-row">
            <input
              id="validity-days"
              className="input input-number"
              inputMode="numeric"
              value={state.validityDays}
              onChange={(e) => dispatch({ type: 'validityDays', value: e.target.value })}
              onBlur={() => dispatch({ type: 'touch', field: 'validityDays' })}
              aria-invalid={errors.validityDays ? true : undefined}
              aria-describedby={describedBy('validity-days', true, errors.validityDays)}
            />
            <div className="segmented" role="group" aria-label="Validity presets">
              {VALIDITY_PRESETS.map((p) => (
                <button
                  key={p.days}
                  type="button"
                  className={state.validityDays.trim() === String(p.days) ? 'seg is-on' : 'seg'}
                  aria-pressed={state.validityDays.trim() === String(p.days)}
                  onClick={() => dispatch({ type: 'validityDays', value: String(p.days) })}
                >
                  {p.label}
                </button>
              ))}
            </div>
          </div>
        </FieldShell>
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
    </div>
  );
}
