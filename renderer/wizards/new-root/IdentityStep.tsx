import { useT } from '../../i18n/use-t.js';
import { StepIntro } from '../shared/Review.js';
import { SubjectFieldset } from '../shared/SubjectFieldset.js';
import type { FieldErrors, WizardAction, WizardState } from './model.js';

interface StepProps {
  readonly state: WizardState;
  readonly errors: FieldErrors;
  readonly dispatch: (action: WizardAction) => void;
}

export function IdentityStep({ state, errors, dispatch }: StepProps) {
  const t = useT();
  return (
    <div className="step">
      <StepIntro title={t('newRoot:identity.title')}>{t('newRoot:identity.intro')}</StepIntro>
      <SubjectFieldset
        subject={state.subject}
        errors={errors}
        onChange={(field, value) => dispatch({ type: 'subject', field, value })}
        onBlur={(field) => dispatch({ type: 'touch', field })}
        commonName={{ placeholder: t('newRoot:identity.commonNamePlaceholder'), hint: t('wizard:subject.commonNameHintCa') }}
        autoFocus
      />
    </div>
  );
}

export type { StepProps };
