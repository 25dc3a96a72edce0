import { DEFAULT_EXPIRY_SETTINGS } from '../../../shared/domain/expiry.js';
import { ErrorAlert } from '../../components/Alert.js';
import { TextField } from '../../components/Field.js';
import { SaveActions } from '../../components/SaveActions.js';
import { call } from '../../ipc/client.js';
import { LoadStatus } from '../LoadStatus.js';
import { expiryDraft, expiryInput, sameExpiry } from './model.js';
import { useSettingsForm } from './useSettingsForm.js';

const EXPIRY_FIELDS = ['warningDays', 'urgentDays', 'notifications'] as const;

/** Vault-wide expiry thresholds: what the dashboard, the list and the OS notifications call soon. */
export function ExpiryWarningsCard() {
  const { load, refresh, draft, edit, errors, error, saving, saved, save, current, unchanged, discard } = useSettingsForm({
    what: 'Expiry warnings',
    section: 'expiry',
    initial: expiryDraft(DEFAULT_EXPIRY_SETTINGS),
    toDraft: expiryDraft,
    toInput: expiryInput,
    same: sameExpiry,
    fields: EXPIRY_FIELDS,
    send: (expiry) => call('settings.updateExpiry', expiry),
  });
  return (
    <form className="card settings-card settings-form-card" onSubmit={(e) => void save(e)} noValidate aria-labelledby="expiry-settings-title">
      <div>
        <h2 id="expiry-settings-title" className="settings-title">
          Expiry warnings
        </h2>
        <p className="muted">When a certificate counts as expiring soon, on the dashboard and in the certificate list. Expiry is effective expiry: the earliest end anywhere in its chain.</p>
      </div>
      <LoadStatus load={load} failedTitle="The settings could not be loaded" onRetry={() => void refresh()} />
      {current ? (
        <>
          <div className="grid-2">
            <TextField
              id="expiry-warning-days"
              label="Warning threshold (days)"
              inputMode="numeric"
              className="input-number"
              autoComplete="off"
              value={draft.warningDays}
              onValueChange={(value) => edit({ warningDays: value })}
              error={errors.warningDays}
              hint={`Expiring within this many days: a warning. ${DEFAULT_EXPIRY_SETTINGS.warningDays} by default.`}
            />
            <TextField
              id="expiry-urgent-days"
              label="Urgent threshold (days)"
              inputMode="numeric"
              className="input-number"
              autoComplete="off"
              value={draft.urgentDays}
              onValueChange={(value) => edit({ urgentDays: value })}
              error={errors.urgentDays}
              hint={`Within this many: urgent, in red. ${DEFAULT_EXPIRY_SETTINGS.urgentDays} by default; not more than the warning threshold.`}
            />
          </div>
          <div className="field">
            <label className="checkbox">
              <input type="checkbox" checked={draft.notifications} onChange={(e) => edit({ notifications: e.target.checked })} aria-describedby="expiry-notifications-hint" />
              Show OS notifications
            </label>
            <p id="expiry-notifications-hint" className="field-hint">
              When Certwright starts and once a day while it runs, for certificates within the warning threshold.
            </p>
            {errors.notifications ? <p className="field-error">{errors.notifications}</p> : null}
          </div>
          {error ? <ErrorAlert error={error} title="The expiry settings were not saved" /> : null}
          <SaveActions label="Save expiry settings" saving={saving} unchanged={unchanged} saved={saved} onDiscard={discard} />
        </>
      ) : null}
    </form>
  );
}
