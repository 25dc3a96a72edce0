import { useEffect, useReducer, useRef, useState, type FormEvent } from 'react';
import type { AuthoritySummary } from '../../../shared/domain/authority.js';
import { Button } from '../../components/Button.js';
import { Icon } from '../../components/Icon.js';
import { call, errorField, fieldMessage, newOperationId, subscribe, type IpcError } from '../../ipc/client.js';
import { CreateStep, type CreationProgress } from './CreateStep.js';
import { IdentityStep } from './IdentityStep.js';
import { KeyStep } from './KeyStep.js';
import { fieldFromPath, initialState, STEPS, stepIndex, toRequest, visibleErrors, wizardReducer, type StepId } from './model.js';
import { ReviewStep } from './ReviewStep.js';

interface NewRootWizardProps {
  readonly onCancel: () => void;
  readonly onCreated: (authority: AuthoritySummary) => void;
  /** The vault was locked under us (e.g. by a timeout): the app shows the unlock screen. */
  readonly onVaultLocked: () => void;
}

const STARTING: CreationProgress = { step: 'Starting…', done: 0, total: 3 };

export function NewRootWizard({ onCancel, onCreated, onVaultLocked }: NewRootWizardProps) {
  const [state, dispatch] = useReducer(wizardReducer, undefined, initialState);
  const [progress, setProgress] = useState<CreationProgress>(STARTING);
  const [createError, setCreateError] = useState<IpcError | null>(null);
  const [creating, setCreating] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const errors = visibleErrors(state);
  const current = stepIndex(state.step);

  // Move focus to the top of each new step, so keyboard and screen-reader users start there.
  const previousStep = useRef<StepId>(state.step);
  useEffect(() => {
    if (previousStep.current !== state.step) heading.current?.focus();
    previousStep.current = state.step;
  }, [state.step]);

  async function create() {
    if (creating) return;
    dispatch({ type: 'goto', step: 'create' });
    setCreating(true);
    setCreateError(null);
    setProgress(STARTING);
    const operationId = newOperationId();
    const unsubscribe = subscribe('operation.progress', (p) => {
      if (p.operationId === operationId) setProgress({ step: p.step, done: p.done, total: p.total });
    });
    try {
      const result = await call('authority.createRoot', toRequest(state, operationId));
      if (result.ok) {
        onCreated(result.value);
        return;
      }
      const field = errorField(result.error);
      const wizardField = field ? fieldFromPath(field) : undefined;
      if (wizardField) {
        // Main refused a field: take the user to it, with main's words next to it.
        dispatch({ type: 'serverError', field: wizardField, message: fieldMessage(result.error) });
        return;
      }
      if (result.error.code === 'VAULT_LOCKED') {
        onVaultLocked();
        return;
      }
      setCreateError(result.error);
    } finally {
      unsubscribe();
      setCreating(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (state.step === 'review') void create();
    else if (state.step !== 'create') dispatch({ type: 'next' });
  }

  const stepTitle = STEPS[current]?.title ?? '';
  return (
    <section className="wizard" aria-labelledby="wizard-title">
      <header className="page-head">
        <div>
          <p className="eyebrow">Certificate authorities</p>
          <h1 id="wizard-title" className="page-title">
            New root CA
          </h1>
        </div>
        <Button variant="ghost" onClick={onCancel} disabled={creating}>
          Cancel
        </Button>
      </header>

      <ol className="stepper" aria-label="Wizard steps">
        {STEPS.map((s, i) => {
          const status = i < current ? 'done' : i === current ? 'current' : 'todo';
          return (
            <li key={s.id} className={`stepper-item is-${status}`} aria-current={status === 'current' ? 'step' : undefined}>
              <span className="stepper-dot" aria-hidden="true">
                {status === 'done' ? <Icon name="check" size={14} /> : i + 1}
              </span>
              <span className="stepper-label">{s.title}</span>
            </li>
          );
        })}
      </ol>

      <form className="wizard-body card" onSubmit={submit} noValidate aria-label={`New root CA: ${stepTitle}`}>
        <h2 ref={heading} tabIndex={-1} className="visually-hidden">
          Step {current + 1} of {STEPS.length}: {stepTitle}
        </h2>
        {state.step === 'identity' ? <IdentityStep state={state} errors={errors} dispatch={dispatch} /> : null}
        {state.step === 'key' ? <KeyStep state={state} errors={errors} dispatch={dispatch} /> : null}
        {state.step === 'review' ? <ReviewStep state={state} errors={errors} dispatch={dispatch} /> : null}
        {state.step === 'create' ? (
          <CreateStep state={state} progress={progress} error={createError} onRetry={() => void create()} onBack={() => dispatch({ type: 'goto', step: 'review' })} />
        ) : null}

        {state.step !== 'create' ? (
          <div className="wizard-foot">
            {current > 0 ? (
              <Button onClick={() => dispatch({ type: 'back' })} icon={<Icon name="back" />}>
                Back
              </Button>
            ) : (
              <span />
            )}
            {state.step === 'review' ? (
              <Button type="submit" variant="primary" icon={<Icon name="key" />}>
                Create root CA
              </Button>
            ) : (
              <Button type="submit" variant="primary">
                Next
              </Button>
            )}
          </div>
        ) : null}
      </form>
    </section>
  );
}
