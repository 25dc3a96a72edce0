import { useEffect, useReducer, useState } from 'react';
import type { AuthoritySummary, RevocationImpact } from '../../../shared/domain/authority.js';
import type { CertificateSummary } from '../../../shared/domain/certificate.js';
import { canRevoke, REASON_INFO, REVOCATION_REASONS } from '../../../shared/domain/revocation.js';
import { certificateLabel, formatDateTime } from '../../app/format.js';
import { useNavigation } from '../../app/navigation.js';
import { useCertificateSummaries } from '../../app/useCertificateSummaries.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { ChoiceGroup } from '../../components/ChoiceGroup.js';
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
  /** The certificates to revoke; or, with `authorityId`, a CA's own certificate. */
  readonly certificateIds: readonly string[];
  readonly authorityId?: string | undefined;
  readonly onCancel: () => void;
}

const STARTING: Progress = { step: 'Starting…', done: 0, total: 2 };

/** Revoke one certificate, or several selected in the Certificates view, for one reason. */
export function RevokeWizard({ certificateIds, authorityId, onCancel }: RevokeWizardProps) {
  const nav = useNavigation();
  const load = useCertificateSummaries({ ids: certificateIds });
  const authority = useAuthorityTarget(authorityId);
  const [state, dispatch] = useReducer(revokeReducer, new Date(), initialState);
  const [error, setError] = useState<IpcError | null>(null);
  /** Revoking a CA takes its name typed out: everything under it stops being trusted. */
  const [typedName, setTypedName] = useState('');
  const caName = authority?.summary.subject.commonName;
  const confirmed = authorityId === undefined || (caName !== undefined && typedName.trim() === caName);
  const operation = useOperation(STARTING);
  const errors = machine.visible(state);

  const targets: CertificateSummary[] = load.state === 'ready' ? load.value : [];
  const blocked = targets.filter((c) => !canRevoke(c.revocation));
  const title = authority ? `Revoke the CA ${authority.summary.subject.commonName}` : targets.length === 1 ? `Revoke ${certificateLabel(targets[0]!)}` : `Revoke ${certificateIds.length} certificates`;

  async function revoke() {
    dispatch({ type: 'goto', step: 'revoke' });
    setError(null);
    if (authority) {
      const request = toRequest([], state);
      const done = await operation.run((operationId) => call('authority.revoke', { id: authority.summary.id, reason: request.reason, invalidityDate: request.invalidityDate, operationId }));
      if (!done) return;
      if (done.ok) {
        return nav.show('authorities', {
          select: done.value.authority.id,
          flash: { message: `Revoked the CA “${done.value.authority.subject.commonName}” (${REASON_INFO[request.reason].label}). It can no longer issue.`, notes: [`Published CRL #${done.value.crl.number} of its issuer.`] },
        });
      }
      return routeFailure(done.error, { fieldFromPath, onField: (field, message) => dispatch({ type: 'serverError', field, message }), onOther: setError });
    }
    const result = await operation.run((operationId) => call('certificate.revoke', toRequest(certificateIds, state, operationId)));
    if (!result) return;
    if (result.ok) {
      const { revoked, crls } = result.value;
      const names = revoked.length === 1 ? `“${certificateLabel(revoked[0]!)}”` : `${revoked.length} certificates`;
      return nav.show('certificates', {
        select: revoked[0]?.id,
        flash: { message: `Revoked ${names} (${REASON_INFO[toRequest(certificateIds, state).reason].label}).`, notes: crls.map((c) => `Published CRL #${c.number} with ${c.entries.toLocaleString()} entr${c.entries === 1 ? 'y' : 'ies'}; next update ${formatDateTime(c.nextUpdate)}.`) },
      });
    }
    routeFailure(result.error, { fieldFromPath, onField: (field, message) => dispatch({ type: 'serverError', field, message }), onOther: setError });
  }

  return (
    <ReviewWizardFrame
      eyebrow={authorityId ? 'Certificate authorities' : 'Certificates'}
      title={title}
      steps={STEPS}
      step={state.step}
      onCancel={onCancel}
      busy={operation.running}
      onNext={() => dispatch({ type: 'next' })}
      onBack={() => dispatch({ type: 'back' })}
      onRun={() => void revoke()}
      runLabel={authorityId ? 'Revoke CA' : 'Revoke'}
      runIcon={<Icon name="alert" />}
      runVariant="danger"
      runDisabled={!confirmed}
      runDescribedBy={authorityId ? 'revoke-confirm-hint' : undefined}
    >
      {load.state === 'failed' ? <ErrorAlert error={load.error} title="The certificates could not be loaded" /> : null}
      {blocked.length > 0 ? <ErrorAlert error={`Already revoked for good: ${blocked.map((c) => certificateLabel(c)).join(', ')}. Go back and leave ${blocked.length === 1 ? 'it' : 'them'} out.`} /> : null}
      {state.step === 'reason' ? (
        <div className="step">
          <StepIntro title="Why is it revoked?">The reason goes into the CRL. Relying parties read it to judge how worried to be.</StepIntro>
          <ChoiceGroup
            name="reason"
            legend="Reason"
            value={state.reason}
            onChange={(value) => dispatch({ type: 'reason', value })}
            error={errors.reason}
            choices={REVOCATION_REASONS.map((reason) => ({
              value: reason,
              title: REASON_INFO[reason].label,
              hint: REASON_INFO[reason].hint,
              tags: reason === 'certificateHold' ? <span className="tag">Can be lifted</span> : null,
            }))}
          />
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
          {authority ? (
            <Notice tone="warning">
              <p className="alert-title">Everything under this CA stops being trusted</p>
              <p>
                {authority.impact.certificates.toLocaleString()} certificate{authority.impact.certificates === 1 ? '' : 's'}
                {authority.impact.authorities > 0 ? ` and ${authority.impact.authorities} CA${authority.impact.authorities === 1 ? '' : 's'}` : ''} chain through it: clients that check revocation refuse them all from the next CRL of its issuer, and it can no longer issue.
              </p>
            </Notice>
          ) : null}
          <ul className="consequences">
            {(authority ? consequences([{ ...authority.asTarget }], state.reason) : consequences(targets, state.reason)).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <dl className="facts" aria-label="Revocation">
            <ReviewFact label={authority ? 'CA' : targets.length === 1 ? 'Certificate' : 'Certificates'}>
              {authority ? `${authority.summary.subject.commonName} (${authority.summary.serialNumberHex})` : targets.map((t) => `${certificateLabel(t)} (${t.serialNumberHex})`).join(', ')}
            </ReviewFact>
            <ReviewFact label="Reason">{REASON_INFO[state.reason].label}</ReviewFact>
            <ReviewFact label="Invalidity date">{toRequest(certificateIds, state).invalidityDate ? formatDateTime(toRequest(certificateIds, state).invalidityDate!) : 'Not given'}</ReviewFact>
          </dl>
          {caName !== undefined ? (
            <TextField
              id="revoke-confirm"
              label="Type the CA's name to confirm"
              value={typedName}
              onValueChange={setTypedName}
              autoComplete="off"
              spellCheck={false}
              hint={confirmed ? 'The name matches: Revoke CA is enabled.' : `Revoke CA is enabled once this reads “${caName}”.`}
            />
          ) : null}
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

/** The CA being revoked (authority mode): its summary, what depends on it, and its issuer's name. */
function useAuthorityTarget(authorityId: string | undefined) {
  const [target, setTarget] = useState<{ summary: AuthoritySummary; impact: RevocationImpact; asTarget: Pick<CertificateSummary, 'issuerCommonName' | 'subject'> } | null>(null);
  useEffect(() => {
    if (!authorityId) return;
    let live = true;
    void Promise.all([call('authority.get', { id: authorityId }), call('authority.revocationImpact', { id: authorityId })]).then(([detail, impact]) => {
      if (!live) return;
      if (detail.ok && impact.ok) {
        const issuer = detail.value.chain[1]?.commonName ?? 'its issuer';
        setTarget({ summary: detail.value, impact: impact.value, asTarget: { issuerCommonName: issuer, subject: detail.value.subject } });
      }
    });
    return () => {
      live = false;
    };
  }, [authorityId]);
  return target;
}
