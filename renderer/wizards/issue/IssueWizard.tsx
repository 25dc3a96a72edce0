import { useMemo, useReducer, useState } from 'react';
import { KEY_ALGORITHM_INFO } from '../../../shared/domain/keys.js';
import { useNavigation } from '../../app/navigation.js';
import { useAuthorities } from '../../app/useAuthorities.js';
import { ErrorAlert } from '../../components/Alert.js';
import { Icon } from '../../components/Icon.js';
import { SanEditor } from '../../components/SanEditor.js';
import { useT } from '../../i18n/use-t.js';
import { wordOf } from '../../i18n/instance.js';
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

export function IssueWizard({ authorityId, onCancel }: IssueWizardProps) {
  const t = useT();
  const nav = useNavigation();
  const { load, authorities } = useAuthorities();
  const starting = useMemo<Progress>(() => ({ step: t('issue:running.starting'), done: 0, total: 3 }), [t]);
  const [state, dispatch] = useReducer(issueReducer, undefined, () => initialState(new Date()));
  const [issueError, setIssueError] = useState<IpcError | null>(null);
  const operation = useOperation(starting);
  const rootConfirm = useRootIssuerConfirm();
  const errors = machine.visible(state);
  const leaf = state.leaf;

  usePreselectedIssuer(load, authorities, authorityId, leaf.issuer, (issuer) => dispatch({ type: 'issuer', issuer }));

  async function issue() {
    setIssueError(null);
    const result = await rootConfirm.confirmSend(rootQuestion(leaf.issuer), t('issue:rootWhat'), (ack) => {
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
        flash: { message: t(`issue:issued.${c.profile}`, { name: c.subject.commonName, issuer: c.issuerCommonName }), warnings: result.value.warnings.map(wordOf) },
      });
      return;
    }
    routeFailure(result.error, { fieldFromPath, onField: (field, message) => dispatch({ type: 'serverError', field, message }), onOther: setIssueError });
  }

  const edit = (step: StepId) => <EditLink what={STEPS[machine.index(step)]?.title ?? step} onClick={() => dispatch({ type: 'goto', step })} />;

  const client = leaf.profile === 'client';
  return (
    <ReviewWizardFrame
      eyebrow={t('issue:eyebrow')}
      title={t('issue:title')}
      steps={STEPS}
      step={state.step}
      onCancel={onCancel}
      busy={operation.running}
      onNext={() => dispatch({ type: 'next' })}
      onBack={() => dispatch({ type: 'back' })}
      onRun={() => void issue()}
      runLabel={t('issue:run')}
      runIcon={<Icon name="certificate" />}
    >
      {load.state === 'failed' ? <ErrorAlert error={load.error} title={t('issue:authoritiesFailed')} /> : null}
      {rootConfirm.dialog}

      {state.step === 'issuer' ? (
        <div className="step">
          <StepIntro title={t('issue:issuer.title')}>{t('issue:issuer.intro')}</StepIntro>
          <IssuerSelect authorities={authorities} value={leaf.issuer?.id ?? ''} onChange={(a) => dispatch({ type: 'issuer', issuer: a ? issuerInfo(a) : null })} error={errors.authorityId} />
          <ProfileChoice value={leaf.profile} onChange={(profile) => dispatch({ type: 'profile', profile })} />
        </div>
      ) : null}

      {state.step === 'subject' ? (
        <div className="step">
          <StepIntro title={t('issue:subject.title')}>
            {client ? t('issue:subject.introClient') : t('issue:subject.introServer')}
          </StepIntro>
          <SubjectFieldset
            subject={leaf.subject}
            errors={errors}
            onChange={(field, value) => dispatch({ type: 'subject', field, value })}
            onBlur={(field) => dispatch({ type: 'touch', field })}
            commonName={
              client
                ? { placeholder: 'billing-service', hint: t('issue:subject.cnHintClient') }
                : { placeholder: 'billing.acme.internal', hint: t('issue:subject.cnHintServer') }
            }
            autoFocus
            preview={false}
          />
          <SanEditor id="san-input" entries={leaf.sans} draft={leaf.sanDraft} profile={leaf.profile} onChange={(sans, draft) => dispatch({ type: 'sans', sans, draft })} error={errors.sans} />
        </div>
      ) : null}

      {state.step === 'key' ? (
        <div className="step">
          <StepIntro title={t('issue:key.title')}>{t('issue:key.intro')}</StepIntro>
          <KeyAlgorithmChoice value={state.keyAlgorithm} onChange={(value) => dispatch({ type: 'keyAlgorithm', value })} />
          <ValidityPicker value={leaf.validity} onChange={(value) => dispatch({ type: 'validity', value })} issuer={leaf.issuer} now={state.now} error={errors.validity} />
        </div>
      ) : null}

      {state.step === 'review' ? (
        <div className="step">
          <StepIntro title={t('issue:review.title')}>{t('issue:review.intro')}</StepIntro>
          <CertificateReview leaf={leaf} now={state.now} keyLabel={KEY_ALGORITHM_INFO[state.keyAlgorithm].label} edit={(part) => edit(part)} />
        </div>
      ) : null}

      {state.step === 'issue' ? (
        <RunStep
          title={t('issue:running.title', { name: leaf.subject.commonName.trim() })}
          failedTitle={t('issue:running.failed')}
          note={KEY_ALGORITHM_INFO[state.keyAlgorithm].slow ? t('issue:running.slow') : t('issue:running.fast')}
          progressLabel={t('issue:running.progress')}
          progress={operation.progress}
          error={issueError}
          onRetry={() => void issue()}
          onBack={() => dispatch({ type: 'goto', step: 'review' })}
        />
      ) : null}
    </ReviewWizardFrame>
  );
}
