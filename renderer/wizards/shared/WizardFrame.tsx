import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { Button, type ButtonVariant } from '../../components/Button.js';
import { Icon } from '../../components/Icon.js';
import { useT } from '../../i18n/use-t.js';
import type { StepDef } from './form.js';

interface WizardFrameProps<S extends string> {
  readonly eyebrow: string;
  readonly title: string;
  readonly steps: ReadonlyArray<StepDef<S>>;
  readonly step: S;
  readonly onCancel: () => void;
  /** While something runs, Cancel is disabled. */
  readonly busy?: boolean;
  readonly onSubmit: () => void;
  /** The footer (Back / Next / the final action); absent on steps that run or show a result. It sticks to the bottom of the window, so the actions are always in view. */
  readonly footer?: ReactNode;
  readonly children: ReactNode;
}

/**
 * What every wizard looks like: page head with Cancel, the stepper, and one form per step whose
 * first element is a hidden heading that takes focus when the step changes (keyboard and
 * screen-reader users start at the top of each new step).
 */
export function WizardFrame<S extends string>({ eyebrow, title, steps, step, onCancel, busy = false, onSubmit, footer, children }: WizardFrameProps<S>) {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  const previous = useRef<S>(step);
  useEffect(() => {
    if (previous.current !== step) heading.current?.focus();
    previous.current = step;
  }, [step]);

  const current = steps.findIndex((s) => s.id === step);
  const stepTitle = steps[current]?.title ?? '';

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit();
  }

  return (
    <section className="wizard" aria-labelledby="wizard-title">
      <WizardHead eyebrow={eyebrow} title={title} onCancel={onCancel} busy={busy} />

      <ol className="stepper" aria-label={t('wizard:frame.stepsLabel')}>
        {steps.map((s, i) => {
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

      <form className="wizard-body card" onSubmit={submit} noValidate aria-label={t('wizard:frame.formLabel', { title, step: stepTitle })}>
        <h2 ref={heading} tabIndex={-1} className="visually-hidden">
          {t('wizard:frame.stepHeading', { current: current + 1, total: steps.length, title: stepTitle })}
        </h2>
        {children}
        {footer ? <div className="wizard-foot">{footer}</div> : null}
      </form>
    </section>
  );
}

/** A wizard's page head: what it makes, and Cancel (Close once it is done), disabled while it runs. */
export function WizardHead({ eyebrow, title, onCancel, busy, cancelLabel }: { readonly eyebrow: string; readonly title: string; readonly onCancel: () => void; readonly busy: boolean; readonly cancelLabel?: string }) {
  const t = useT();
  return (
    <header className="page-head">
      <div>
        <p className="eyebrow">{eyebrow}</p>
        <h1 id="wizard-title" className="page-title">
          {title}
        </h1>
      </div>
      <Button variant="ghost" onClick={onCancel} disabled={busy}>
        {cancelLabel ?? t('wizard:nav.cancel')}
      </Button>
    </header>
  );
}

interface StepFooterProps {
  readonly onBack?: (() => void) | undefined;
  readonly submitLabel?: string | undefined;
  readonly submitIcon?: ReactNode;
  readonly submitDisabled?: boolean | undefined;
  /** 'danger' for a final action that cannot be undone (revoking). */
  readonly submitVariant?: Extract<ButtonVariant, 'primary' | 'danger'>;
  /** Says why the submit button is disabled (the id of that text). */
  readonly submitDescribedBy?: string | undefined;
}

/** The usual footer: Back (unless on the first step) and a primary submit button. */
export function StepFooter({ onBack, submitLabel, submitIcon, submitDisabled, submitVariant = 'primary', submitDescribedBy }: StepFooterProps) {
  const t = useT();
  return (
    <>
      {onBack ? (
        <Button onClick={onBack} icon={<Icon name="back" />}>
          {t('wizard:nav.back')}
        </Button>
      ) : (
        <span />
      )}
      <Button type="submit" variant={submitVariant} icon={submitIcon} disabled={submitDisabled} aria-describedby={submitDescribedBy}>
        {submitLabel ?? t('wizard:nav.next')}
      </Button>
    </>
  );
}

interface ReviewWizardFrameProps<S extends string> extends Omit<WizardFrameProps<S>, 'onSubmit' | 'footer'> {
  readonly onNext: () => void;
  readonly onBack: () => void;
  /** The final action, pressed on the review step; it moves the wizard to the last step. */
  readonly onRun: () => void;
  readonly runLabel: string;
  readonly runIcon: ReactNode;
  /** 'danger' when the final action cannot be undone. */
  readonly runVariant?: StepFooterProps['submitVariant'];
  /** The final action waits for something (a typed confirmation); `runDescribedBy` says what. */
  readonly runDisabled?: boolean | undefined;
  readonly runDescribedBy?: string | undefined;
}

/**
 * A wizard whose steps end in Review and a step that runs what was reviewed: Next through the
 * steps (Back from the second on), the final action on Review, and no footer while it runs.
 */
export function ReviewWizardFrame<S extends string>({ onNext, onBack, onRun, runLabel, runIcon, runVariant, runDisabled, runDescribedBy, ...frame }: ReviewWizardFrameProps<S>) {
  const { steps, step } = frame;
  const first = steps[0]?.id;
  const review = steps[steps.length - 2]?.id;
  const run = steps[steps.length - 1]?.id;
  function submit() {
    if (step === review && !runDisabled) onRun();
    else if (step !== review && step !== run) onNext();
  }
  const atReview = step === review;
  const footer =
    step === run ? undefined : (
      <StepFooter
        onBack={step === first ? undefined : onBack}
        submitLabel={atReview ? runLabel : undefined}
        submitIcon={atReview ? runIcon : undefined}
        submitVariant={atReview ? runVariant : 'primary'}
        submitDisabled={atReview && runDisabled}
        submitDescribedBy={atReview ? runDescribedBy : undefined}
      />
    );
  return <WizardFrame {...frame} onSubmit={submit} footer={footer} />;
}
