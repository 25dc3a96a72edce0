import { DEFAULT_EXPIRY_SETTINGS } from '../../../shared/domain/expiry.js';
import { ErrorAlert } from '../../components/Alert.js';
import { TextField } from '../../components/Field.js';
import { SaveActions } from '../../components/SaveActions.js';
import { useT } from '../../i18n/use-t.js';
import { call } from '../../ipc/client.js';
import { LoadStatus } from '../LoadStatus.js';
import { expiryDraft, expiryInput, sameExpiry } from './model.js';
import { useSettingsForm } from './useSettingsForm.js';

const EXPIRY_FIELDS = ['warningDays', 'urgentDays', 'notifications'] as const;

/** Vault-wide expiry thresholds: what the dashboard, the list and the OS notifications call soon. */
export function ExpiryWarningsCard() {
  const t = useT();
  const { load, refresh, draft, edit, errors, error, saving, saved, save, current, unchanged, discard } = useSettingsForm({
    what: t('settings:expiry.what'),
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
          {t('settings:expiry.title')}
        </h2>
        <p className="muted">{t('settings:expiry.lead')}</p>
      </div>
      <LoadStatus load={load} failedTitle={t('settings:page.loadFailed')} onRetry={() => void refresh()} />
      {current ? (
        <>
          <div className="grid-2">
            <TextField
              id="expiry-warning-days"
              label={t('settings:expiry.warning')}
              inputMode="numeric"
              className="input-number"
              autoComplete="off"
              value={draft.warningDays}
              onValueChange={(value) => edit({ warningDays: value })}
              error={errors.warningDays}
              hint={t('settings:expiry.warningHint', { default: DEFAULT_EXPIRY_SETTINGS.warningDays })}
            />
            <TextField
              id="expiry-urgent-days"
              label={t('settings:expiry.urgent')}
              inputMode="numeric"
              className="input-number"
              autoComplete="off"
              value={draft.urgentDays}
              onValueChange={(value) => edit({ urgentDays: value })}
              error={errors.urgentDays}
              hint={t('settings:expiry.urgentHint', { default: DEFAULT_EXPIRY_SETTINGS.urgentDays })}
            />
          </div>
          <div className="field">
            <label className="checkbox">
              <input type="checkbox" checked={draft.notifications} onChange={(e) => edit({ notifications: e.target.checked })} aria-describedby="expiry-notifications-hint" />
              {t('settings:expiry.notifications')}
            </label>
            <p id="expiry-notifications-hint" className="field-hint">
              {t('settings:expiry.notificationsHint')}
            </p>
            {errors.notifications ? <p className="field-error">{errors.notifications}</p> : null}
          </div>
          {error ? <ErrorAlert error={error} title={t('settings:expiry.failed')} /> : null}
          <SaveActions label={t('settings:expiry.save')} saving={saving} unchanged={unchanged} saved={saved} onDiscard={discard} />
        </>
      ) : null}
    </form>
  );
}
