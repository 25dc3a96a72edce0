import { useEffect, useReducer, useState } from 'react';
import { PROFILE_INFO } from '../../../shared/domain/certificate.js';
import { KEY_ALGORITHM_INFO } from '../../../shared/domain/keys.js';
import { useNavigation } from '../../app/navigation.js';
import { useAuthorities } from '../../app/useAuthorities.js';
import { ErrorAlert } from '../../components/Alert.js';
import { Icon } from '../../components/Icon.js';
import { SanEditor } from '../../components/SanEditor.js';
import { call, errorField, fieldMessage, type IpcError } from '../../ipc/client.js';
import { CertificateReview } from '../shared/CertificateReview.js';
import { KeyAlgorithmChoice } from '../shared/KeyAlgorithmChoice.js';
import { issuerInfo } from '../shared/leaf.js';
import { IssuerSelect, ProfileChoice, ValidityPicker } from '../shared/LeafFields.js';
import { RunStep } from '../shared/RunStep.js';
import { SubjectFieldset } from '../shared/SubjectFieldset.js';
import { useOperation, type Progress } from '../shared/useOperation.js';
import { StepFooter, WizardFrame } from '../shared/WizardFrame.js';
import { fieldFromPath, initialState, issueReducer, machine, STEPS, toRequest, type StepId } from './model.js';

interface IssueWizardProps {
  /** Preselects the issuing CA (the wizard was opened from it). */
  readonly authorityId?: string | undefined;
  readonly onCancel: () => void;
  readonly onVaultLocked: () => void;
}

const STARTING: Progress = { step: 'Starting…', done: 0, total: 3 };

export function IssueWizard({ authorityId, onCancel, onVaultLocked }: IssueWizardProps) {
  const nav = useNavigation();
  const { load, authorities } = useAuthorities(onVaultLocked);
  const [state, dispatch] = useReducer(issueReducer, undefined, () => initialState(new Date()));
  const [issueError, setIssueError] = useState<IpcError | null>(null);
  const operation = useOperation(STARTING);
  const errors = machine.visible(state);
  const leaf = state.leaf;

  // Once the authorities are known, preselect the one the wizard was opened from (or the only one).
  useEffect(() => {
    if (load.state !== 'ready' || leaf.issuer) return;
    const active = authorities.filter((a) => a.state === 'active');
    const chosen = active.find((a) => a.id === authorityId) ?? (active.length === 1 ? active[0] : undefined);
    if (chosen) dispatch({ type: 'issuer', issuer: issuerInfo(chosen) });
    // Only when the list arrives; later changes are the user's.
  }, [load.state]);

  async function issue() {
    dispatch({ type: 'goto', step: 'issue' });
    setIssueError(null);
    const result = await operation.run((operationId) => call('certificate.issue', toRequest(state, operationId)));
    if (!result) return;
    if (result.ok) {
      const c = result.value.certificate;
      nav.show('certificates', {
        select: c.id,
        flash: { message: `${PROFILE_INFO[c.profile].label} certificate “${c.subject.commonName}” was issued by ${c.issuerCommonName}.`, warnings: result.value.warnings },
      });
      return;
    }
    const field = errorField(result.error);
    const own = field ? fieldFromPath(field) : undefined;
    if (own) return dispatch({ type: 'serverError', field: own, message: fieldMessage(result.error) });
    if (result.error.code === 'VAULT_LOCKED') return onVaultLocked();
    setIssueError(result.error);
  }

  function submit() {
    if (state.step === 'review') void issue();
    else if (state.step !== 'issue') dispatch({ type: 'next' });
  }

  const edit = (step: StepId) => (
    <button type="button" className="link" onClick={() => dispatch({ type: 'goto', step })} aria-label={`Edit ${STEPS[machine.index(step)]?.title ?? step}`}>
      Edit
    </button>
  );

  const client = leaf.profile === 'client';
  return (
    <WizardFrame
      eyebrow="Certificates"
      title="Issue certificate"
      steps={STEPS}
      step={state.step}
      onCancel={onCancel}
      busy={operation.running}
      onSubmit={submit}
      footer={
        state.step === 'issue' ? undefined : (
          <StepFooter
            onBack={state.step === 'issuer' ? undefined : () => dispatch({ type: 'back' })}
            submitLabel={state.step === 'review' ? 'Issue certificate' : 'Next'}
            submitIcon={state.step === 'review' ? <Icon name="certificate" /> : undefined}
          />
        )
      }
    >
      {load.state === 'failed' ? <ErrorAlert error={load.error} title="The authorities could not be loaded" /> : null}

      {state.step === 'issuer' ? (
        <div className="step">
          <div className="step-intro">
            <h2 className="step-title">Who signs it, and what is it for?</h2>
            <p className="muted">The profile decides the extended key usage: what a TLS peer will accept the certificate for.</p>
          </div>
          <IssuerSelect authorities={authorities} value={leaf.issuer?.id ?? ''} onChange={(a) => dispatch({ type: 'issuer', issuer: a ? issuerInfo(a) : null })} error={errors.authorityId} />
          <ProfileChoice value={leaf.profile} onChange={(profile) => dispatch({ type: 'profile', profile })} />
        </div>
      ) : null}

      {state.step === 'subject' ? (
        <div className="step">
          <div className="step-intro">
            <h2 className="step-title">Subject and names</h2>
            <p className="muted">
              {client
                ? 'For a client certificate the common name is the service identity your servers authorize, e.g. billing-service. A URI SAN such as a SPIFFE ID is optional.'
                : 'TLS clients check the DNS names and IP addresses below against the host they connect to; the common name is only a label.'}
            </p>
          </div>
          <SubjectFieldset
            subject={leaf.subject}
            errors={errors}
            onChange={(field, value) => dispatch({ type: 'subject', field, value })}
            onBlur={(field) => dispatch({ type: 'touch', field })}
            commonName={
              client
                ? { placeholder: 'billing-service', hint: 'CN = service identity: the name your servers see and authorize.' }
                : { placeholder: 'billing.acme.internal', hint: 'A label for people; put every name clients use in the SANs below.' }
            }
            autoFocus
            preview={false}
          />
          <SanEditor id="san-input" entries={leaf.sans} draft={leaf.sanDraft} profile={leaf.profile} onChange={(sans, draft) => dispatch({ type: 'sans', sans, draft })} error={errors.sans} />
        </div>
      ) : null}

      {state.step === 'key' ? (
        <div className="step">
          <div className="step-intro">
            <h2 className="step-title">Key and validity</h2>
            <p className="muted">The key is generated here and sealed in the vault, like your CAs' keys. Short validity limits the damage of a lost key.</p>
          </div>
          <KeyAlgorithmChoice value={state.keyAlgorithm} onChange={(value) => dispatch({ type: 'keyAlgorithm', value })} />
          <ValidityPicker value={leaf.validity} onChange={(value) => dispatch({ type: 'validity', value })} issuer={leaf.issuer} now={state.now} error={errors.validity} />
        </div>
      ) : null}

      {state.step === 'review' ? (
        <div className="step">
          <div className="step-intro">
            <h2 className="step-title">Review</h2>
            <p className="muted">Certwright adds the key usages of the profile, SKI and AKI, and a random serial of at least 64 bits.</p>
          </div>
          <CertificateReview leaf={leaf} now={state.now} keyLabel={KEY_ALGORITHM_INFO[state.keyAlgorithm].label} edit={(part) => edit(part)} />
        </div>
      ) : null}

      {state.step === 'issue' ? (
        <RunStep
          title={`Issuing “${leaf.subject.commonName.trim()}”`}
          failedTitle="The certificate was not issued"
          note={KEY_ALGORITHM_INFO[state.keyAlgorithm].slow ? 'Generating an RSA key takes a few seconds.' : 'This only takes a moment.'}
          progressLabel="Issuing certificate"
          progress={operation.progress}
          error={issueError}
          onRetry={() => void issue()}
          onBack={() => dispatch({ type: 'goto', step: 'review' })}
        />
      ) : null}
    </WizardFrame>
  );
}
