import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { Button } from '../../components/Button.js';
import { Icon } from '../../components/Icon.js';
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
  /** The footer (Back / Next / the final action); absent on steps that run or show a result. */
  readonly footer?: ReactNode;
  readonly children: ReactNode;
}

/**
 * What every wizard looks like: page head with Cancel, the stepper, and one form per step whose
 * first element is a hidden heading that takes focus when the step changes (keyboard and
 * screen-reader users start at the top of each new step).
 */
export function WizardFrame<S extends string>({ eyebrow, title, steps, step, onCancel, busy = false, onSubmit, footer, children }: WizardFrameProps<S>) {
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
      <header className="page-head">
        <div>
          <p className="eyebrow">{eyebrow}</p>
          <h1 id="wizard-title" className="page-title">
            {title}
          </h1>
        </div>
        <Button variant="ghost" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
      </header>

      <ol className="stepper" aria-label="Wizard steps">
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

      <form className="wizard-body card" onSubmit={submit} noValidate aria-label={`${title}: ${stepTitle}`}>
        <h2 ref={heading} tabIndex={-1} className="visually-hidden">
          Step {current + 1} of {steps.length}: {stepTitle}
        </h2>
        {children}
        {footer ? <div className="wizard-foot">{footer}</div> : null}
      </form>
    </section>
  );
}

/** The usual footer: Back (unless on the first step) and a primary submit button. */
export function StepFooter({ onBack, submitLabel = 'Next', submitIcon, submitDisabled }: { readonly onBack?: (() => void) | undefined; readonly submitLabel?: string; readonly submitIcon?: ReactNode; readonly submitDisabled?: boolean }) {
  return (
    <>
      {onBack ? (
        <Button onClick={onBack} icon={<Icon name="back" />}>
          Back
        </Button>
      ) : (
        <span />
      )}
      <Button type="submit" variant="primary" icon={submitIcon} disabled={submitDisabled}>
        {submitLabel}
      </Button>
    </>
  );
}
