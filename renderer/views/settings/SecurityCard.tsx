import { AUTO_LOCK_MINUTES, BACKUP_REMINDER_DAYS, DEFAULT_SECURITY_SETTINGS, type SecuritySettings } from '../../../shared/domain/vault.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { ChoiceGroup, type Choice } from '../../components/ChoiceGroup.js';
import { TextField } from '../../components/Field.js';
import { SaveActions } from '../../components/SaveActions.js';
import { call } from '../../ipc/client.js';
import { LoadStatus } from '../LoadStatus.js';
import { sameSecurity, securityDraft, securityInput, type AutoLock, type SecurityDraft } from './model.js';
import { useSettingsForm } from './useSettingsForm.js';

const DEFAULT_MINUTES = DEFAULT_SECURITY_SETTINGS.autoLockMinutes ?? 15;
const SECURITY_FIELDS = ['autoLockMinutes', 'backupReminderDays'] as const;
const toSecurityDraft = (s: SecuritySettings): SecurityDraft => securityDraft(s, DEFAULT_MINUTES);

const AUTO_LOCK_CHOICES: ReadonlyArray<Choice<AutoLock>> = [
  { value: 'idle', title: 'After a time without use', hint: 'Keys, clicks and scrolling in the window count as use.' },
  { value: 'never', title: 'Never', hint: 'Only when you lock it, the computer sleeps, the screen locks or the last window closes.' },
];

/** Auto-lock after N minutes (or never, with a warning) and the backup reminder, saved through settings.updateSecurity. */
export function SecurityCard({ onSaved }: { readonly onSaved: (security: SecuritySettings) => void }) {
  const { load, refresh, draft, edit, errors, error, saving, saved, save, current, unchanged, discard } = useSettingsForm({
    what: 'Security settings',
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
          Security
        </h2>
        <p className="muted">When the vault locks itself, and when the dashboard reminds you to back it up. It always locks when the computer sleeps, the screen locks or the last window closes.</p>
      </div>
      <LoadStatus load={load} failedTitle="The settings could not be loaded" onRetry={() => void refresh()} />
      {current ? (
        <>
          <ChoiceGroup name="auto-lock" legend="Lock the vault automatically" value={draft.autoLock} choices={AUTO_LOCK_CHOICES} onChange={(autoLock) => edit({ autoLock })} />
          {draft.autoLock === 'idle' ? (
            <TextField
              id="auto-lock-minutes"
              label="Minutes without use"
              inputMode="numeric"
              className="input-number"
              autoComplete="off"
              value={draft.minutes}
              onValueChange={(minutes) => edit({ minutes })}
              error={errors.autoLockMinutes}
              hint={`From ${AUTO_LOCK_MINUTES.min} to ${AUTO_LOCK_MINUTES.max.toLocaleString('en-US')} (a day). ${DEFAULT_MINUTES} by default.`}
            />
          ) : (
            <Notice tone="warning">
              <p className="alert-title">The vault stays unlocked until you lock it or the computer sleeps.</p>
              <p>Anyone at this computer meanwhile can sign, revoke and export with your authorities' keys.</p>
            </Notice>
          )}
          {draft.autoLock === 'never' && errors.autoLockMinutes ? <p className="field-error">{errors.autoLockMinutes}</p> : null}
          <TextField
            id="backup-reminder-days"
            label="Backup reminder (days)"
            inputMode="numeric"
            className="input-number"
            autoComplete="off"
            value={draft.reminderDays}
            onValueChange={(reminderDays) => edit({ reminderDays })}
            error={errors.backupReminderDays}
            hint={`The dashboard warns when the last backup is older than this. From ${BACKUP_REMINDER_DAYS.min} to ${BACKUP_REMINDER_DAYS.max}; ${DEFAULT_SECURITY_SETTINGS.backupReminderDays} by default.`}
          />
          {error ? <ErrorAlert error={error} title="The security settings were not saved" /> : null}
          <SaveActions label="Save security settings" saving={saving} unchanged={unchanged} saved={saved} onDiscard={discard} />
        </>
      ) : null}
    </form>
  );
}
