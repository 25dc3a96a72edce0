import { useState } from 'react';
import { usePassphraseSubmit } from '../../app/usePassphraseSubmit.js';
import type { RestoredElsewhere } from '../../../shared/domain/vault.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { TextField } from '../../components/Field.js';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n/use-t.js';
import { call, type IpcError } from '../../ipc/client.js';

/** The alert's title for main's refusal. */
function failedTitle(code: IpcError['code'], t: ReturnType<typeof useT>): string {
  switch (code) {
    case 'WRONG_PASSPHRASE':
      return t('settings:restore.wrongPassphrase');
    case 'BACKUP_INVALID':
      return t('settings:restore.invalid');
    case 'INVALID_INPUT':
      return t('settings:restore.notEmpty');
    default:
      return t('settings:restore.failed');
  }
}

/**
 * Restore…: a backup restored into an empty folder the user picks — to move a vault, or to prove a
 * backup restores (a restore drill). The open vault is not touched; main says what the copy holds.
 */
export function RestoreElsewhereCard() {
  const t = useT();
  const [restored, setRestored] = useState<RestoredElsewhere | null>(null);
  const { passphrase, change, clear, busy, empty, error, submit } = usePassphraseSubmit(
    (p) => {
      setRestored(null);
      return call('vault.restoreTo', { passphrase: p });
    },
    (result) => {
      if (result.cancelled) return;
      setRestored(result);
      clear();
    },
  );

  return (
    <section className="card settings-card settings-form-card" aria-labelledby="restore-title">
      <h2 id="restore-title" className="settings-title">
        {t('settings:restore.title')}
      </h2>
      <p className="muted">{t('settings:restore.lead')}</p>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('settings:restore.form')}>
        <TextField
          id="restore-elsewhere-passphrase"
          label={t('settings:restore.passphrase')}
          type="password"
          autoComplete="off"
          value={passphrase}
          onValueChange={change}
          hint={t('settings:restore.passphraseHint')}
          error={empty ? t('settings:restore.passphraseMissing') : undefined}
          disabled={busy}
        />
        <div className="form-actions-start">
          <Button type="submit" busy={busy}>
            {busy ? t('settings:restore.restoring') : t('settings:restore.submit')}
          </Button>
        </div>
      </form>
      {error ? <ErrorAlert error={error} title={failedTitle(error.code, t)} /> : null}
      {restored ? (
        <Notice tone="success">
          <p className="alert-title">{t('settings:restore.restoredInto', { folder: restored.folder })}</p>
          <p>
            {t('settings:restore.contents', {
              authorities: t('settings:restore.authorities', { count: restored.authorities }),
              certificates: t('settings:restore.certificates', { count: restored.certificates }),
              entries: t('settings:restore.entries', { count: restored.auditEntries }),
            })}{' '}
            <Trans t={t} i18nKey="settings:restore.openWith" values={{ command: `certwright --vault "${restored.folder}"` }} components={{ 1: <code /> }} />
          </p>
        </Notice>
      ) : null}
    </section>
  );
}
