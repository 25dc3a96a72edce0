import { useReducer, useState } from 'react';
import type { CertificateSummary } from '../../../shared/domain/certificate.js';
import { canRevoke, REASON_INFO, REVOCATION_REASONS } from '../../../shared/domain/revocation.js';
import { formatDateTime } from '../../app/format.js';
import { useNavigation } from '../../app/navigation.js';
import { useList } from '../../app/useLoad.js';
import { ErrorAlert } from '../../components/Alert.js';
import { TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { call, type IpcError } from '../../ipc/client.js';
import { routeFailure } from '../shared/failure.js';
import { ReviewFact, StepIntro } from '../shared/Review.js';
import { RunStep } from '../shared/RunStep.js';
import { useOperation, type Progress } from '../shared/useOperation.js';
import { ReviewWizardFrame } from '../shared/WizardFrame.js';
import { consequences, fieldFromPath, initialState, machine, revokeReducer, STEPS, toRequest } from './model.js';

interface RevokeWizardProps {
  readonly certificateIds: readonly string[];
  readonly onCancel: () => void;
  readonly onVaultLocked: () => void;
}

const STARTING: Progress = { step: 'Starting…', done: 0, total: 2 };

/** Revoke one certificate, or several selected in the Certificates view, for one reason. */
export function RevokeWizard({ certificateIds, onCancel, onVaultLocked }: RevokeWizardProps) {
  const nav = useNavigation();
  const { load } = useList('certificate.list', onVaultLocked);
  const [state, dispatch] = useReducer(revokeReducer, new Date(), initialState);
  const [error, setError] = useState<IpcError | null>(null);
  const operation = useOperation(STARTING);
  const errors = machine.visible(state);

  const wanted = new Set(certificateIds);
  const targets: CertificateSummary[] = load.state === 'ready' ? load.value.filter((c) => wanted.has(c.id)) : [];
  const blocked = targets.filter((c) => !canRevoke(c.revocation));
  const title = targets.length === 1 ? `Revoke ${targets[0]!.subject.commonName}` : `Revoke ${certificateIds.length} certificates`;

  async function revoke() {
    dispatch({ type: 'goto', step: 'revoke' });
    setError(null);
    const result = await operation.run((operationId) => call('certificate.revoke', toRequest(certificateIds, state, operationId)));
    if (!result) return;
    if (result.ok) {
      const { revoked, crls } = result.value;
      const names = revoked.length === 1 ? `“${revoked[0]!.subject.commonName}”` : `${revoked.length} certificates`;
      return nav.show('certificates', {
        select: revoked[0]?.id,
        flash: { message: `Revoked ${names} (${REASON_INFO[toRequest(certificateIds, state).reason].label}).`, notes: crls.map((c) => `Published CRL #${c.number} with ${c.entries.toLocaleString()} entr${c.entries === 1 ? 'y' : 'ies'}; next update ${formatDateTime(c.nextUpdate)}.`) },
      });
    }
    routeFailure(result.error, { fieldFromPath, onField: (field, message) => dispatch({ type: 'serverError', field, message }), onVaultLocked, onOther: setError });
  }

  return (
    <ReviewWizardFrame
      eyebrow="Certificates"
      title={title}
      steps={STEPS}
      step={state.step}
      onCancel={onCancel}
      busy={operation.running}
      onNext={() => dispatch({ type: 'next' })}
      onBack={() => dispatch({ type: 'back' })}
      onRun={() => void revoke()}
      runLabel="Revoke"
      runIcon={<Icon name="alert" />}
    >
      {load.state === 'failed' ? <ErrorAlert error={load.error} title="The certificates could not be loaded" /> : null}
      {blocked.length > 0 ? <ErrorAlert error={`Already revoked for good: ${blocked.map((c) => c.subject.commonName).join(', ')}. Go back and leave ${blocked.length === 1 ? 'it' : 'them'} out.`} /> : null}
      {state.step === 'reason' ? (
        <div className="step">
          <StepIntro title="Why is it revoked?">The reason goes into the CRL. Relying parties read it to judge how worried to be.</StepIntro>
          <fieldset className="choice-group" aria-describedby={errors.reason ? 'reason-error' : undefined}>
            <legend className="field-label">Reason</legend>
            <div className="choices">
              {REVOCATION_REASONS.map((reason) => {
                const info = REASON_INFO[reason];
                const checked = state.reason === reason;
                return (
                  <label key={reason} className={checked ? 'choice is-checked' : 'choice'}>
                    <input type="radio" name="reason" value={reason} checked={checked} onChange={() => dispatch({ type: 'reason', value: reason })} aria-describedby={`reason-${reason}-hint`} />
                    <span className="choice-text">
                      <span className="choice-title">
                        {info.label}
                        {reason === 'certificateHold' ? <span className="tag">Can be lifted</span> : null}
                      </span>
                      <span id={`reason-${reason}-hint`} className="choice-hint">
                        {info.hint}
                      </span>
                    </span>
                  </label>
                );
              })}
            </div>
          </fieldset>
          {errors.reason ? (
            <p id="reason-error" className="field-error">
              {errors.reason}
            </p>
          ) : null}
          <TextField
            id="revoke-invalidity"
            type="datetime-local"
            label="Invalidity date"
            optional
            value={state.invalidityDate}
            onValueChange={(value) => dispatch({ type: 'invalidityDate', value })}
            error={errors.invalidityDate}
            hint="When the key became (or may have become) unusable, if earlier than now — e.g. when it leaked."
          />
        </div>
      ) : null}
      {state.step === 'review' && state.reason !== '' ? (
        <div className="step">
          <StepIntro title="What will happen">Read this once more: revoking cannot be undone unless it is a hold.</StepIntro>
          <ul className="consequences">
            {consequences(targets, state.reason).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <dl className="facts" aria-label="Revocation">
            <ReviewFact label={targets.length === 1 ? 'Certificate' : 'Certificates'}>{targets.map((t) => `${t.subject.commonName} (${t.serialNumberHex})`).join(', ')}</ReviewFact>
            <ReviewFact label="Reason">{REASON_INFO[state.reason].label}</ReviewFact>
            <ReviewFact label="Invalidity date">{toRequest(certificateIds, state).invalidityDate ? formatDateTime(toRequest(certificateIds, state).invalidityDate!) : 'Not given'}</ReviewFact>
          </dl>
        </div>
      ) : null}
      {state.step === 'revoke' ? (
        <RunStep
          title="Revoking and publishing the CRL"
          failedTitle="Nothing was revoked"
          note="The CRL is signed by the issuing CA's key, sealed in the vault."
          progressLabel="Revoking"
          progress={operation.progress}
          error={error}
          onRetry={() => void revoke()}
          onBack={() => dispatch({ type: 'goto', step: 'review' })}
        />
      ) : null}
    </ReviewWizardFrame>
  );
}
