import { useMemo, useReducer, useState } from 'react';
import type { AuthoritySummary } from '../../../shared/domain/authority.js';
import { KEY_ALGORITHM_INFO } from '../../../shared/domain/keys.js';
import { Icon } from '../../components/Icon.js';
import { useT } from '../../i18n/use-t.js';
import { call, type IpcError } from '../../ipc/client.js';
import { routeFailure } from '../shared/failure.js';
import { RunStep } from '../shared/RunStep.js';
import { useCancel } from '../shared/useCancel.js';
import { useOperation, type Progress } from '../shared/useOperation.js';
import { ReviewWizardFrame } from '../shared/WizardFrame.js';
import { IdentityStep } from './IdentityStep.js';
import { KeyStep } from './KeyStep.js';
import { fieldFromPath, initialState, STEPS, toRequest, visibleErrors, wizardReducer } from './model.js';
import { ReviewStep } from './ReviewStep.js';

interface NewRootWizardProps {
  readonly onCancel: () => void;
  readonly onCreated: (authority: AuthoritySummary) => void;
}


export function NewRootWizard({ onCancel, onCreated }: NewRootWizardProps) {
  const t = useT();
  const starting: Progress = useMemo(() => ({ step: t('wizard:run.starting'), done: 0, total: 3 }), [t]);
  const [state, dispatch] = useReducer(wizardReducer, undefined, initialState);
  const [createError, setCreateError] = useState<IpcError | null>(null);
  const operation = useOperation(starting);
  const cancel = useCancel();
  const errors = visibleErrors(state);

  async function create() {
    dispatch({ type: 'goto', step: 'create' });
    setCreateError(null);
    const result = await operation.run((operationId) => {
      cancel.started(operationId);
      return call('authority.createRoot', toRequest(state, operationId));
    });
    cancel.finished();
    if (!result) return;
    if (result.ok) return onCreated(result.value);
    routeFailure(result.error, { fieldFromPath, onField: (field, message) => dispatch({ type: 'serverError', field, message }), onOther: setCreateError });
  }

  const info = KEY_ALGORITHM_INFO[state.keyAlgorithm];
  return (
    <ReviewWizardFrame
      eyebrow={t('newRoot:eyebrow')}
      title={t('newRoot:title')}
      steps={STEPS}
      step={state.step}
      onCancel={onCancel}
      busy={operation.running}
      onNext={() => dispatch({ type: 'next' })}
      onBack={() => dispatch({ type: 'back' })}
      onRun={() => void create()}
      runLabel={t('newRoot:run.label')}
      runIcon={<Icon name="key" />}
    >
      {state.step === 'identity' ? <IdentityStep state={state} errors={errors} dispatch={dispatch} /> : null}
      {state.step === 'key' ? <KeyStep state={state} errors={errors} dispatch={dispatch} /> : null}
      {state.step === 'review' ? <ReviewStep state={state} errors={errors} dispatch={dispatch} /> : null}
      {state.step === 'create' ? (
        <RunStep
          title={t('newRoot:run.creating', { name: state.subject.commonName.trim() })}
          failedTitle={t('newRoot:run.failed')}
          note={info.slow ? t('wizard:key.slowNote', { algorithm: t(`wizard:key.algorithm.${state.keyAlgorithm}.label`) }) : t('wizard:run.quick')}
          progressLabel={t('newRoot:run.progress')}
          progress={operation.progress}
          error={createError}
          onRetry={() => void create()}
          onBack={() => dispatch({ type: 'goto', step: 'review' })}
          // Only a slow (RSA) key is worth stopping, and only while it is being generated: nothing is written before.
          {...(info.slow && operation.running && operation.progress.done === 0
            ? { cancel: { label: t('wizard:run.cancelKeygen'), cancellingNote: t('wizard:run.keygenCancellingNote'), cancelling: cancel.cancelling, error: cancel.error, onCancel: () => void cancel.cancel() } }
            : {})}
        />
      ) : null}
    </ReviewWizardFrame>
  );
}
