import { useEffect, useState, type FormEvent } from 'react';
import { DEFAULT_EXPIRY_SETTINGS } from '../../../shared/domain/expiry.js';
import { useList } from '../../app/useLoad.js';
import { ErrorAlert } from '../../components/Alert.js';
import { TextField } from '../../components/Field.js';
import { SaveActions } from '../../components/SaveActions.js';
import { call, errorField, fieldMessage, type IpcError } from '../../ipc/client.js';
import { LoadStatus } from '../LoadStatus.js';
import { expiryDraft, sameExpiry, wholeNumber, type DayField, type ExpiryDraft } from './model.js';

/** Vault-wide expiry thresholds: what the dashboard, the list and the OS notifications call soon. */
export function ExpiryWarningsCard() {
  const { load, refresh } = useList('settings.get');
  const [draft, setDraft] = useState<ExpiryDraft>(expiryDraft(DEFAULT_EXPIRY_SETTINGS));
  const [errors, setErrors] = useState<Partial<Record<DayField | 'notifications', string>>>({});
  const [error, setError] = useState<IpcError | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  // What main holds is the draft, on load and after a save.
  useEffect(() => {
    if (load.state === 'ready') setDraft(expiryDraft(load.value.expiry));
  }, [load]);

  function edit(patch: Partial<ExpiryDraft>) {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors({});
    setSaved(false);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const warningDays = wholeNumber(draft.warningDays);
    const urgentDays = wholeNumber(draft.urgentDays);
    if (warningDays === null || urgentDays === null) {
      setErrors({
        ...(warningDays === null ? { warningDays: 'Give a whole number of days, such as 30' } : {}),
        ...(urgentDays === null ? { urgentDays: 'Give a whole number of days, such as 7' } : {}),
      });
      return;
    }
    setSaving(true);
    const result = await call('settings.updateExpiry', { warningDays, urgentDays, notifications: draft.notifications });
    if (result.ok) await refresh();
    setSaving(false);
    if (result.ok) {
      setSaved(true);
      return;
    }
    const field = errorField(result.error);
    if (field === 'warningDays' || field === 'urgentDays' || field === 'notifications') setErrors({ [field]: fieldMessage(result.error) });
    else setError(result.error);
  }

  const current = load.state === 'ready' ? load.value.expiry : null;
  const unchanged = current !== null && sameExpiry(draft, current);
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
          <SaveActions label="Save expiry settings" saving={saving} unchanged={unchanged} saved={saved} />
        </>
      ) : null}
    </form>
  );
}
