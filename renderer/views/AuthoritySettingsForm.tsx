import { useState, type FormEvent } from 'react';
import type { AuthoritySummary } from '../../shared/domain/authority.js';
import { LEAF_VALIDITY_DAYS } from '../../shared/ipc/contract.js';
import { ErrorAlert } from '../components/Alert.js';
import { useUnsavedChanges } from '../app/unsaved.js';
import { SaveActions } from '../components/SaveActions.js';
import { TextField } from '../components/Field.js';
import { call, errorField, fieldMessage, type IpcError } from '../ipc/client.js';
import { sameSettings, settingsDraft, settingsErrors, settingsFieldFromPath, settingsInput, SETTINGS_FIELDS, type SettingsDraft, type SettingsField } from './authority-settings.js';

interface AuthoritySettingsFormProps {
  readonly authority: AuthoritySummary;
  readonly onSaved: (authority: AuthoritySummary) => void;
}

/** Defaults and URLs that go into every certificate this CA issues from now on. */
export function AuthoritySettingsForm({ authority, onSaved }: AuthoritySettingsFormProps) {
  const [draft, setDraft] = useState<SettingsDraft>(() => settingsDraft(authority.settings));
  const [touched, setTouched] = useState<ReadonlySet<SettingsField>>(new Set());
  const [serverErrors, setServerErrors] = useState<Partial<Record<SettingsField, string>>>({});
  const [error, setError] = useState<IpcError | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  const local = settingsErrors(draft);
  const errorOf = (f: SettingsField) => serverErrors[f] ?? (touched.has(f) ? local[f] : undefined);
  const unchanged = sameSettings(draft, authority.settings);
  useUnsavedChanges(!unchanged, `${authority.subject.commonName} settings`);

  function discard() {
    setDraft(settingsDraft(authority.settings));
    setTouched(new Set());
    setServerErrors({});
    setError(null);
  }

  function edit(field: SettingsField, value: string) {
    setDraft((d) => ({ ...d, [field]: value }));
    setServerErrors((e) => ({ ...e, [field]: undefined }));
    setSaved(false);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setTouched(new Set(SETTINGS_FIELDS));
    setError(null);
    if (Object.keys(local).length > 0) return;
    setSaving(true);
    const result = await call('authority.updateSettings', { id: authority.id, settings: settingsInput(draft) });
    setSaving(false);
    if (result.ok) {
      setDraft(settingsDraft(result.value.settings));
      setSaved(true);
      onSaved(result.value);
      return;
    }
    const field = errorField(result.error);
    const own = field ? settingsFieldFromPath(field) : undefined;
    if (own) setServerErrors({ [own]: fieldMessage(result.error) });
    else setError(result.error);
  }

  const field = (key: SettingsField) => ({
    id: `settings-${key}`,
    value: draft[key],
    onValueChange: (value: string) => edit(key, value),
    onBlur: () => setTouched((t) => new Set([...t, key])),
    error: errorOf(key),
    autoComplete: 'off',
  });

  return (
    <form className="settings-form" onSubmit={(e) => void save(e)} noValidate aria-labelledby="settings-form-title">
      <div className="section-head">
        <div className="unsaved-title-row">
          <h3 id="settings-form-title" className="section-title">
            Settings
          </h3>
          {/* Up here too: the form is longer than the window, and its Save row below the fold. */}
          {!unchanged ? <span className="tag tag-unsaved">Not saved</span> : null}
        </div>
        <p className="muted">Used for every certificate this CA issues from now on. Leave a URL blank to leave it out.</p>
      </div>
      <div className="grid-2">
        <TextField {...field('defaultValidityDays')} label="Default validity (days)" inputMode="numeric" className="input-number" hint={`For new certificates; ${LEAF_VALIDITY_DAYS.min} to ${LEAF_VALIDITY_DAYS.max} days. 30 is current practice.`} />
        <TextField {...field('crlUrl')} label="CRL distribution point" optional placeholder="http://pki.acme.internal/issuing.crl" hint="Where clients download the revocation list." />
        <TextField {...field('ocspUrl')} label="OCSP URL" optional placeholder="http://ocsp.acme.internal" />
        <TextField {...field('caIssuersUrl')} label="CA issuers URL" optional placeholder="http://pki.acme.internal/issuing.crt" hint="Where clients fetch this CA's certificate." />
        <TextField {...field('crlNextUpdateDays')} label="CRL valid for (days)" inputMode="numeric" className="input-number" hint="Each CRL's next update; clients refuse a CRL past it, so publish before. 7 is common." />
      </div>
      {error ? <ErrorAlert error={error} title="The settings were not saved" /> : null}
      <SaveActions label="Save settings" saving={saving} unchanged={unchanged} saved={saved} onDiscard={discard} />
    </form>
  );
}
