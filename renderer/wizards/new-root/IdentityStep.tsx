import { StepIntro } from '../shared/Review.js';
import { SubjectFieldset } from '../shared/SubjectFieldset.js';
import type { FieldErrors, WizardAction, WizardState } from './model.js';

interface StepProps {
  readonly state: WizardState;
  readonly errors: FieldErrors;
  readonly dispatch: (action: WizardAction) => void;
}

export function IdentityStep({ state, errors, dispatch }: StepProps) {
  return (
    <div className="step">
      <StepIntro title="Who is this authority?">These names go into the certificate's subject. Every certificate the root signs will name it as issuer.</StepIntro>
      <SubjectFieldset
        subject={state.subject}
        errors={errors}
        onChange={(field, value) => dispatch({ type: 'subject', field, value })}
        onBlur={(field) => dispatch({ type: 'touch', field })}
        commonName={{ placeholder: 'Acme Internal Root CA', hint: 'The name operators and tools will show for this CA.' }}
        autoFocus
      />
    </div>
  );
}

export type { StepProps };
