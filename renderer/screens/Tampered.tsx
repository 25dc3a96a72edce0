import { ErrorAlert, Notice } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { Trans } from 'react-i18next';
import { useT } from '../i18n/use-t.js';
import type { IpcError } from '../ipc/client.js';
import { AuthScreen } from './AuthScreen.js';

interface TamperedProps {
  /** Main's VAULT_TAMPERED answer: it names the file that failed and the vault folder. */
  readonly error: IpcError;
  /** Asks main about the vault again (after the folder was moved aside). */
  readonly onCheckAgain: () => void;
  readonly checking: boolean;
  /** Checked again, and the vault that failed is still at its location. */
  readonly stillThere: boolean;
  /** Back to the unlock screen, for a vault whose original files were put back. */
  readonly onUnlockAgain: () => void;
}

/**
 * A vault file failed its authentication or was rolled back. Main refuses to sign, publish or export
 * from it; this screen says so, names the file, and how to get back to a vault that can be trusted.
 */
export function Tampered({ error, onCheckAgain, checking, stillThere, onUnlockAgain }: TamperedProps) {
  const t = useT();
  const strong = { 1: <strong /> };
  return (
    <AuthScreen
      title={t('auth:tampered.title')}
      wide
      lead={
        <p>
          <Trans t={t} i18nKey="auth:tampered.lead" components={strong} />
        </p>
      }
    >
      <ErrorAlert error={error} title={t('auth:tampered.whatFailed')} />
      <section className="tampered-steps" aria-labelledby="tampered-steps-title">
        <h2 id="tampered-steps-title" className="tampered-heading">
          {t('auth:tampered.whatToDo')}
        </h2>
        <ol>
          <li>
            <Trans t={t} i18nKey="auth:tampered.step1" components={strong} />
          </li>
          <li>
            <Trans t={t} i18nKey="auth:tampered.step2" components={strong} />
          </li>
          <li>
            <Trans t={t} i18nKey="auth:tampered.step3" components={strong} />
          </li>
        </ol>
        <p className="muted">{t('auth:tampered.noBackup')}</p>
      </section>
      {stillThere ? (
        <Notice tone="warning">
          <p className="alert-title">{t('auth:tampered.stillThere')}</p>
          <p>{t('auth:tampered.stillThereHint')}</p>
          <Button onClick={onUnlockAgain}>{t('auth:tampered.unlockAgain')}</Button>
        </Notice>
      ) : null}
      <Button variant="primary" busy={checking} onClick={onCheckAgain} className="btn-block">
        {t('auth:tampered.checkAgain')}
      </Button>
    </AuthScreen>
  );
}
