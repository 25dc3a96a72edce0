import { useState, type FormEvent } from 'react';
import type { AuthoritySummary } from '../../shared/domain/authority.js';
import { LEAF_VALIDITY_DAYS } from '../../shared/ipc/contract.js';
import { ErrorAlert } from '../components/Alert.js';
import { useUnsavedChanges } from '../app/unsaved.js';
import { SaveActions } from '../components/SaveActions.js';
import { TextField } from '../components/Field.js';
import { call, errorField, fieldMessage, type IpcError } from '../ipc/client.js';
import { useT } from '../i18n/use-t.js';
import { sameSettings, settingsDraft, settingsErrors, settingsFieldFromPath, settingsInput, SETTINGS_FIELDS, type SettingsDraft, type SettingsField } from './authority-settings.js';

interface AuthoritySettingsFormProps {
  readonly authority: AuthoritySummary;
  readonly onSaved: (authority: AuthoritySummary) => void;
}

/** Defaults and URLs that go into every certificate this CA issues from now on. */
export function AuthoritySettingsForm({ authority, onSaved }: AuthoritySettingsFormProps) {
  const t = useT();
  const [draft, setDraft] = useState<SettingsDraft>(() => settingsDraft(authority.settings));
  const [touched, setTouched] = useState<ReadonlySet<SettingsField>>(new Set());
  const [serverErrors, setServerErrors] = useState<Partial<Record<SettingsField, string>>>({});
  const [error, setError] = useState<IpcError | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  const local = settingsErrors(draft);
  const errorOf = (f: SettingsField) => serverErrors[f] ?? (touched.has(f) ? local[f] : undefined);
  const unchanged = sameSettings(draft, authority.settings);
  useUnsavedChanges(!unchanged, t('authorities:settings.unsavedName', { name: authority.subject.commonName }));

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
  /** Each field's props, by name. */
  const fields = Object.fromEntries(SETTINGS_FIELDS.map((key) => [key, field(key)])) as Record<SettingsField, ReturnType<typeof field>>;

  return (
    <form className="settings-form" onSubmit={(e) => void save(e)} noValidate aria-labelledby="settings-form-title">
      <div className="section-head">
        <div className="unsaved-title-row">
          <h3 id="settings-form-title" className="section-title">
            {t('authorities:settings.title')}
          </h3>
          {/* Up here too: the form is longer than the window, and its Save row below the fold. */}
          {!unchanged ? <span className="tag tag-unsaved">{t('authorities:settings.notSaved')}</span> : null}
        </div>
        <p className="muted">{t('authorities:settings.intro')}</p>
      </div>
      <div className="grid-2">
        <TextField {...fields.defaultValidityDays} label={t('authorities:settings.validity')} inputMode="numeric" className="input-number" hint={t('authorities:settings.validityHint', { min: LEAF_VALIDITY_DAYS.min, max: LEAF_VALIDITY_DAYS.max })} />
        <TextField {...fields.crlUrl} label={t('authorities:settings.crlUrl')} optional placeholder="http://pki.acme.internal/issuing.crl" hint={t('authorities:settings.crlUrlHint')} />
        <TextField {...fields.ocspUrl} label={t('authorities:settings.ocspUrl')} optional placeholder="http://ocsp.acme.internal" />
        <TextField {...fields.caIssuersUrl} label={t('authorities:settings.caIssuersUrl')} optional placeholder="http://pki.acme.internal/issuing.crt" hint={t('authorities:settings.caIssuersUrlHint')} />
        <TextField {...fields.crlNextUpdateDays} label={t('authorities:settings.crlDays')} inputMode="numeric" className="input-number" hint={t('authorities:settings.crlDaysHint')} />
      </div>
      {error ? <ErrorAlert error={error} title={t('authorities:settings.saveFailed')} /> : null}
      <SaveActions label={t('authorities:settings.save')} saving={saving} unchanged={unchanged} saved={saved} onDiscard={discard} />
    </form>
  );
}
