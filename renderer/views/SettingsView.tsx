import { useEffect, useState, type FormEvent } from 'react';
import { DEFAULT_EXPIRY_SETTINGS, type ExpirySettings } from '../../shared/domain/expiry.js';
import { ErrorAlert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { SaveActions } from '../components/SaveActions.js';
import { TextField } from '../components/Field.js';
import { Icon } from '../components/Icon.js';
import { call, errorField, fieldMessage, type IpcError } from '../ipc/client.js';
import { useList } from '../app/useLoad.js';
import { PageHead } from './PageHead.js';

type DayField = 'warningDays' | 'urgentDays';
type Draft = Readonly<Record<DayField, string>> & { readonly notifications: boolean };

const draftOf = (e: ExpirySettings): Draft => ({ warningDays: String(e.warningDays), urgentDays: String(e.urgentDays), notifications: e.notifications });
const days = (text: string): number | null => (/^\s*\d{1,4}\s*$/.test(text) ? Number(text) : null);
const same = (d: Draft, e: ExpirySettings) => days(d.warningDays) === e.warningDays && days(d.urgentDays) === e.urgentDays && d.notifications === e.notifications;

/** Vault-wide expiry thresholds: what the dashboard, the list and the OS notifications call soon. */
function ExpiryWarningsCard({ onVaultLocked }: { readonly onVaultLocked: () => void }) {
  const { load, refresh } = useList('settings.get', onVaultLocked);
  const [draft, setDraft] = useState<Draft>(draftOf(DEFAULT_EXPIRY_SETTINGS));
  const [errors, setErrors] = useState<Partial<Record<DayField | 'notifications', string>>>({});
  const [error, setError] = useState<IpcError | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  // What main holds is the draft, on load and after a save.
  useEffect(() => {
    if (load.state === 'ready') setDraft(draftOf(load.value.expiry));
  }, [load]);

  function edit(patch: Partial<Draft>) {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors({});
    setSaved(false);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const warningDays = days(draft.warningDays);
    const urgentDays = days(draft.urgentDays);
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
    else if (result.error.code === 'VAULT_LOCKED') onVaultLocked();
    else setError(result.error);
  }

  const current = load.state === 'ready' ? load.value.expiry : null;
  const unchanged = current !== null && same(draft, current);
  return (
    <form className="card settings-card settings-expiry" onSubmit={(e) => void save(e)} noValidate aria-labelledby="expiry-settings-title">
      <div>
        <h2 id="expiry-settings-title" className="settings-title">
          Expiry warnings
        </h2>
        <p className="muted">When a certificate counts as expiring soon, on the dashboard and in the certificate list. Expiry is effective expiry: the earliest end anywhere in its chain.</p>
      </div>
      {load.state === 'failed' ? <ErrorAlert error={load.error} title="The settings could not be loaded" /> : null}
      {load.state === 'loading' ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : null}
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

interface SettingsViewProps {
  readonly onLock: () => void;
  readonly locking: boolean;
  /** A call found the vault locked: back to the unlock screen. */
  readonly onVaultLocked: () => void;
}

export function SettingsView({ onLock, locking, onVaultLocked }: SettingsViewProps) {
  return (
    <section className="view" aria-labelledby="settings-title">
      <PageHead id="settings-title" eyebrow="Preferences" title="Settings" />
      <div className="card settings-card">
        <div className="settings-row">
          <div>
            <h2 className="settings-title">Vault</h2>
            <p className="muted">Locking forgets the key that opens the vault. Certwright asks for the passphrase again before any key can be used.</p>
          </div>
          <Button onClick={onLock} busy={locking} icon={<Icon name="lock" />}>
            Lock vault now
          </Button>
        </div>
      </div>
      <ExpiryWarningsCard onVaultLocked={onVaultLocked} />
      <div className="card settings-card">
        <h2 className="settings-title">Coming next</h2>
        <ul className="planned">
          <li>Lock the vault automatically after a period without use</li>
          <li>Theme: follow the system, light or dark (today it follows the system)</li>
          <li>Default validity and key algorithm for new certificates</li>
          <li>Change the vault passphrase</li>
        </ul>
      </div>
    </section>
  );
}
