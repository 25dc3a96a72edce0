import { TextField } from '../../components/Field.js';
import type { FieldErrors, SubjectKey, WizardAction, WizardState } from './model.js';
import { subjectPreview } from './subject-preview.js';

interface StepProps {
  readonly state: WizardState;
  readonly errors: FieldErrors;
  readonly dispatch: (action: WizardAction) => void;
}

export function IdentityStep({ state, errors, dispatch }: StepProps) {
  const field = (key: SubjectKey) => ({
    id: `subject-${key}`,
    value: state.subject[key],
    onValueChange: (value: string) => dispatch({ type: 'subject', field: key, value }),
    onBlur: () => dispatch({ type: 'touch', field: key }),
    error: errors[key],
    autoComplete: 'off',
  });
  const preview = subjectPreview(state.subject);
  return (
    <div className="step">
      <div className="step-intro">
        <h2 className="step-title">Who is this authority?</h2>
        <p className="muted">These names go into the certificate's subject. Every certificate the root signs will name it as issuer.</p>
      </div>
      <div className="grid-2">
        <TextField
          {...field('commonName')}
          label="Common name"
          required
          autoFocus
          placeholder="Acme Internal Root CA"
          hint="The name operators and tools will show for this CA."
          fieldClassName="span-2"
        />
        <TextField {...field('organization')} label="Organization" optional placeholder="Acme Corp" />
        <TextField {...field('organizationalUnit')} label="Organizational unit" optional placeholder="Platform Security" />
        <TextField {...field('country')} label="Country" optional placeholder="DE" hint="Two-letter ISO 3166 code." className="input-short" />
        <TextField {...field('state')} label="State or province" optional />
        <TextField {...field('locality')} label="Locality" optional fieldClassName="span-2" />
      </div>
      <div className="preview" aria-live="polite">
        <span className="preview-label">Subject</span>
        <code className="preview-value">{preview === '' ? '—' : preview}</code>
      </div>
    </div>
  );
}

export type { StepProps };
