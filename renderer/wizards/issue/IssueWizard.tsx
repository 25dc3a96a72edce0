import { useReducer, useState } from 'react';
import { PROFILE_INFO } from '../../../shared/domain/certificate.js';
import { KEY_ALGORITHM_INFO } from '../../../shared/domain/keys.js';
import { useNavigation } from '../../app/navigation.js';
import { useAuthorities } from '../../app/useAuthorities.js';
import { ErrorAlert } from '../../components/Alert.js';
import { Icon } from '../../components/Icon.js';
import { SanEditor } from '../../components/SanEditor.js';
import { call, type IpcError } from '../../ipc/client.js';
import { CertificateReview } from '../shared/CertificateReview.js';
import { routeFailure } from '../shared/failure.js';
import { KeyAlgorithmChoice } from '../shared/KeyAlgorithmChoice.js';
import { issuerInfo, rootQuestion } from '../shared/leaf.js';
import { IssuerSelect, ProfileChoice, ValidityPicker } from '../shared/LeafFields.js';
import { EditLink, StepIntro } from '../shared/Review.js';
import { useRootIssuerConfirm } from '../shared/RootIssuerConfirm.js';
import { RunStep } from '../shared/RunStep.js';
import { SubjectFieldset } from '../shared/SubjectFieldset.js';
import { useOperation, type Progress } from '../shared/useOperation.js';
import { usePreselectedIssuer } from '../shared/usePreselectedIssuer.js';
import { ReviewWizardFrame } from '../shared/WizardFrame.js';
import { fieldFromPath, initialState, issueReducer, machine, STEPS, toRequest, type StepId } from './model.js';

interface IssueWizardProps {
  /** Preselects the issuing CA (the wizard was opened from it). */
  readonly authorityId?: string | undefined;
  readonly onCancel: () => void;
}

const STARTING: Progress = { step: 'Starting…', done: 0, total: 3 };

export function IssueWizard({ authorityId, onCancel }: IssueWizardProps) {
  const nav = useNavigation();
  const { load, authorities } = useAuthorities();
  const [state, dispatch] = useReducer(issueReducer, undefined, () => initialState(new Date()));
  const [issueError, setIssueError] = useState<IpcError | null>(null);
  const operation = useOperation(STARTING);
  const rootConfirm = useRootIssuerConfirm();
  const errors = machine.visible(state);
  const leaf = state.leaf;

  usePreselectedIssuer(load, authorities, authorityId, leaf.issuer, (issuer) => dispatch({ type: 'issuer', issuer }));

  async function issue() {
    setIssueError(null);
    const result = await rootConfirm.confirmSend(rootQuestion(leaf.issuer), 'this certificate', (ack) => {
      dispatch({ type: 'goto', step: 'issue' });
      return operation.run((operationId) => call('certificate.issue', { ...toRequest(state, operationId), ...ack }));
    });
    if (!result) {
      // The user chose not to sign with the root: back to the review, nothing was sent.
      if (!operation.running) dispatch({ type: 'goto', step: 'review' });
      return;
    }
    if (result.ok) {
      const c = result.value.certificate;
      nav.show('certificates', {
        select: c.id,
        flash: { message: `${PROFILE_INFO[c.profile].label} certificate “${c.subject.commonName}” was issued by ${c.issuerCommonName}.`, warnings: result.value.warnings },
      });
      return;
    }
    routeFailure(result.error, { fieldFromPath, onField: (field, message) => dispatch({ type: 'serverError', field, message }), onOther: setIssueError });
  }

  const edit = (step: StepId) => <EditLink what={STEPS[machine.index(step)]?.title ?? step} onClick={() => dispatch({ type: 'goto', step })} />;

  const client = leaf.profile === 'client';
  return (
    <ReviewWizardFrame
      eyebrow="Certificates"
      title="Issue certificate"
      steps={STEPS}
      step={state.step}
      onCancel={onCancel}
      busy={operation.running}
      onNext={() => dispatch({ type: 'next' })}
      onBack={() => dispatch({ type: 'back' })}
      onRun={() => void issue()}
      runLabel="Issue certificate"
      runIcon={<Icon name="certificate" />}
    >
      {load.state === 'failed' ? <ErrorAlert error={load.error} title="The authorities could not be loaded" /> : null}
      {rootConfirm.dialog}

      {state.step === 'issuer' ? (
        <div className="step">
          <StepIntro title="Who signs it, and what is it for?">The profile decides the extended key usage: what a TLS peer will accept the certificate for.</StepIntro>
          <IssuerSelect authorities={authorities} value={leaf.issuer?.id ?? ''} onChange={(a) => dispatch({ type: 'issuer', issuer: a ? issuerInfo(a) : null })} error={errors.authorityId} />
          <ProfileChoice value={leaf.profile} onChange={(profile) => dispatch({ type: 'profile', profile })} />
        </div>
      ) : null}

      {state.step === 'subject' ? (
        <div className="step">
          <StepIntro title="Subject and names">
            {client
              ? 'For a client certificate the common name is the service identity your servers authorize, e.g. billing-service. A URI SAN such as a SPIFFE ID is optional.'
              : 'TLS clients check the DNS names and IP addresses below against the host they connect to; the common name is only a label.'}
          </StepIntro>
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
          <StepIntro title="Key and validity">The key is generated here and sealed in the vault, like your CAs' keys. Short validity limits the damage of a lost key.</StepIntro>
          <KeyAlgorithmChoice value={state.keyAlgorithm} onChange={(value) => dispatch({ type: 'keyAlgorithm', value })} />
          <ValidityPicker value={leaf.validity} onChange={(value) => dispatch({ type: 'validity', value })} issuer={leaf.issuer} now={state.now} error={errors.validity} />
        </div>
      ) : null}

      {state.step === 'review' ? (
        <div className="step">
          <StepIntro title="Review">Certwright adds the key usages of the profile, SKI and AKI, and a random serial of at least 64 bits.</StepIntro>
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
    </ReviewWizardFrame>
  );
}
