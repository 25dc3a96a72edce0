import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import type { IpcError } from '../../ipc/client.js';
import { useT } from '../../i18n/use-t.js';
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
  /** A run main can stop partway (operation.cancel): its Cancel button, and what cancelling keeps. */
  readonly cancel?: {
    readonly label: string;
    readonly cancellingNote: string;
    readonly cancelling: boolean;
    readonly error: IpcError | null;
    readonly onCancel: () => void;
  };
}

/** The last step of a wizard: a real progress bar while main works, or what went wrong. */
export function RunStep({ title, failedTitle, note, progressLabel, progress, error, onRetry, onBack, cancel }: RunStepProps) {
  const t = useT();
  return (
    <div className="step">
      <StepIntro title={error ? failedTitle : title}>{error ? t('wizard:run.nothingStored') : note}</StepIntro>
      {error ? (
        <>
          <ErrorAlert error={error} />
          <div className="actions">
            <Button onClick={onBack}>{t('wizard:run.backToReview')}</Button>
            <Button variant="primary" onClick={onRetry}>
              {t('wizard:run.tryAgain')}
            </Button>
          </div>
        </>
      ) : (
        <>
          <ProgressBar label={progressLabel} step={progress.step} done={progress.done} total={progress.total} />
          {cancel ? (
            <>
              {cancel.cancelling ? <Notice tone="warning">{cancel.cancellingNote}</Notice> : null}
              {cancel.error ? <ErrorAlert error={cancel.error} title={t('wizard:run.notCancelled')} /> : null}
              <div className="actions">
                <Button variant="danger" busy={cancel.cancelling} onClick={cancel.onCancel}>
                  {cancel.cancelling ? t('wizard:run.cancelling') : cancel.label}
                </Button>
              </div>
            </>
          ) : null}
        </>
      )}
    </div>
  );
}
