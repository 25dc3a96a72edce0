import { AUTO_LOCK_MINUTES, BACKUP_REMINDER_DAYS, DEFAULT_SECURITY_SETTINGS, type SecuritySettings } from '../../../shared/domain/vault.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { ChoiceGroup, type Choice } from '../../components/ChoiceGroup.js';
import { TextField } from '../../components/Field.js';
import { SaveActions } from '../../components/SaveActions.js';
import { useT } from '../../i18n/use-t.js';
import { call } from '../../ipc/client.js';
import { LoadStatus } from '../LoadStatus.js';
import { sameSecurity, securityDraft, securityInput, type AutoLock, type SecurityDraft } from './model.js';
import { useSettingsForm } from './useSettingsForm.js';

const DEFAULT_MINUTES = DEFAULT_SECURITY_SETTINGS.autoLockMinutes ?? 15;
const SECURITY_FIELDS = ['autoLockMinutes', 'backupReminderDays'] as const;
const toSecurityDraft = (s: SecuritySettings): SecurityDraft => securityDraft(s, DEFAULT_MINUTES);


/** Auto-lock after N minutes (or never, with a warning) and the backup reminder, saved through settings.updateSecurity. */
export function SecurityCard({ onSaved }: { readonly onSaved: (security: SecuritySettings) => void }) {
  const t = useT();
  const autoLockChoices: ReadonlyArray<Choice<AutoLock>> = [
    { value: 'idle', title: t('settings:security.idle'), hint: t('settings:security.idleHint') },
    { value: 'never', title: t('settings:security.never'), hint: t('settings:security.neverHint') },
  ];
  const { load, refresh, draft, edit, errors, error, saving, saved, save, current, unchanged, discard } = useSettingsForm({
    what: t('settings:security.what'),
    section: 'security',
    initial: securityDraft(DEFAULT_SECURITY_SETTINGS, DEFAULT_MINUTES),
    toDraft: toSecurityDraft,
    toInput: securityInput,
    same: sameSecurity,
    fields: SECURITY_FIELDS,
    send: (security) => call('settings.updateSecurity', security),
    onSaved: (settings) => onSaved(settings.security),
  });
  return (
    <form className="card settings-card settings-form-card" onSubmit={(e) => void save(e)} noValidate aria-labelledby="security-settings-title">
      <div>
        <h2 id="security-settings-title" className="settings-title">
          {t('settings:security.title')}
        </h2>
        <p className="muted">{t('settings:security.lead')}</p>
      </div>
      <LoadStatus load={load} failedTitle={t('settings:page.loadFailed')} onRetry={() => void refresh()} />
      {current ? (
        <>
          <ChoiceGroup name="auto-lock" legend={t('settings:security.legend')} value={draft.autoLock} choices={autoLockChoices} onChange={(autoLock) => edit({ autoLock })} />
          {draft.autoLock === 'idle' ? (
            <TextField
              id="auto-lock-minutes"
              label={t('settings:security.minutes')}
              inputMode="numeric"
              className="input-number"
              autoComplete="off"
              value={draft.minutes}
              onValueChange={(minutes) => edit({ minutes })}
              error={errors.autoLockMinutes}
              hint={t('settings:security.minutesHint', { min: AUTO_LOCK_MINUTES.min, max: AUTO_LOCK_MINUTES.max, default: DEFAULT_MINUTES })}
            />
          ) : (
            <Notice tone="warning">
              <p className="alert-title">{t('settings:security.neverWarning')}</p>
              <p>{t('settings:security.neverRisk')}</p>
            </Notice>
          )}
          {draft.autoLock === 'never' && errors.autoLockMinutes ? <p className="field-error">{errors.autoLockMinutes}</p> : null}
          <TextField
            id="backup-reminder-days"
            label={t('settings:security.reminder')}
            inputMode="numeric"
            className="input-number"
            autoComplete="off"
            value={draft.reminderDays}
            onValueChange={(reminderDays) => edit({ reminderDays })}
            error={errors.backupReminderDays}
            hint={t('settings:security.reminderHint', { min: BACKUP_REMINDER_DAYS.min, max: BACKUP_REMINDER_DAYS.max, default: DEFAULT_SECURITY_SETTINGS.backupReminderDays })}
          />
          {error ? <ErrorAlert error={error} title={t('settings:security.failed')} /> : null}
          <SaveActions label={t('settings:security.save')} saving={saving} unchanged={unchanged} saved={saved} onDiscard={discard} />
        </>
      ) : null}
    </form>
  );
}
