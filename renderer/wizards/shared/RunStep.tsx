import { ErrorAlert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import type { IpcError } from '../../ipc/client.js';
import { StepIntro } from './Review.js';
import type { Progress } from './useOperation.js';

interface RunStepProps {
  /** "Creating “Acme Issuing CA”" */
  readonly title: string;
  /** Heading when it failed, e.g. "The intermediate CA was not created". */
  readonly failedTitle: string;
  readonly note: string;
  /** Accessible name of the progress bar. */
  readonly progressLabel: string;
  readonly progress: Progress;
  readonly error: IpcError | null;
  readonly onRetry: () => void;
  readonly onBack: () => void;
}

/** The last step of a wizard: a real progress bar while main works, or what went wrong. */
export function RunStep({ title, failedTitle, note, progressLabel, progress, error, onRetry, onBack }: RunStepProps) {
  return (
    <div className="step">
      <StepIntro title={error ? failedTitle : title}>{error ? 'Nothing was stored. You can try again or go back and change the request.' : note}</StepIntro>
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
        <ProgressBar label={progressLabel} step={progress.step} done={progress.done} total={progress.total} />
      )}
    </div>
  );
}
