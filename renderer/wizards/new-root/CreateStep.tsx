import { KEY_ALGORITHM_INFO } from '../../../shared/domain/keys.js';
import { ErrorAlert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import type { IpcError } from '../../ipc/client.js';
import type { WizardState } from './model.js';

export interface CreationProgress {
  readonly step: string;
  readonly done: number;
  readonly total: number;
}

interface CreateStepProps {
  readonly state: WizardState;
  readonly progress: CreationProgress;
  readonly error: IpcError | null;
  readonly onRetry: () => void;
  readonly onBack: () => void;
}

export function CreateStep({ state, progress, error, onRetry, onBack }: CreateStepProps) {
  const info = KEY_ALGORITHM_INFO[state.keyAlgorithm];
  return (
    <div className="step">
      <div className="step-intro">
        <h2 className="step-title">{error ? 'The root CA was not created' : `Creating “${state.subject.commonName.trim()}”`}</h2>
        <p className="muted">
          {error
            ? 'Nothing was stored. You can try again or go back and change the request.'
            : info.slow
              ? `${info.label} keys take a while to generate. You can keep this window open; nothing else is needed.`
              : 'This only takes a moment.'}
        </p>
      </div>
      {error ? (
        <>
          <ErrorAlert error={error} />
          <div className="actions">
            <Button onClick={onBack}>Back to review</Button>
            <Button variant="primary" onClick={onRetry}>
              Try again
            </Button>
          </div>
        </>
      ) : (
        <ProgressBar label="Creating root CA" step={progress.step} done={progress.done} total={progress.total} />
      )}
    </div>
  );
}
