import { useCallback, useEffect, useState } from 'react';
import { DEFAULT_WATCH_SETTINGS, WATCH_CONCURRENCY, WATCH_INTERVAL_MINUTES, WATCH_TIMEOUT_SECONDS, type MetricsServerStatus } from '../../../shared/domain/watch.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { CopyButton } from '../../components/CopyButton.js';
import { Fact } from '../../components/Fact.js';
import { TextField } from '../../components/Field.js';
import { SaveActions } from '../../components/SaveActions.js';
import { wordOf } from '../../i18n/instance.js';
import { useT } from '../../i18n/use-t.js';
import { call, type IpcError } from '../../ipc/client.js';
import { LoadStatus } from '../LoadStatus.js';
import { sameWatch, scrapeConfigLine, watchDraft, watchInput } from './model.js';
import { useSettingsForm } from './useSettingsForm.js';

const WATCH_FIELDS = ['intervalMinutes', 'concurrency', 'timeoutSeconds', 'metricsServe', 'metricsPort'] as const;

/** The metrics listener as main reports it; asked again after every save (the switch starts and stops it). */
function useMetricsStatus() {
  const [status, setStatus] = useState<MetricsServerStatus | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const refresh = useCallback(async () => {
    const result = await call('metrics.status', {});
    setStatus(result.ok ? result.value : null);
    setError(result.ok ? null : result.error);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return { status, error, refresh };
}

/** The listener's state under the switch: running at its URL (copyable), stopped, or why it could not start. */
function MetricsState({ status, port }: { readonly status: MetricsServerStatus; readonly port: number }) {
  const t = useT();
  return (
    <div className="watch-metrics-state" role="group" aria-label={t('watch:settings.listener')}>
      {status.problem ? (
        <Notice tone="warning">
          <p className="alert-title">{t('watch:settings.problem')}</p>
          <p>{wordOf(status.problem)}</p>
        </Notice>
      ) : status.running && status.url ? (
        <dl className="facts">
          <Fact label={t('watch:settings.running')} copy={{ text: status.url, label: t('watch:settings.copyUrl') }}>
            <code className="mono-wrap">{status.url}</code>
          </Fact>
        </dl>
      ) : (
        <p className="muted">{t('watch:settings.stopped')}</p>
      )}
      <p className="field-hint">{t('watch:settings.scrapeHint')}</p>
      <div className="watch-scrape-line">
        <code className="mono-wrap">{scrapeConfigLine(port)}</code>
        <CopyButton text={scrapeConfigLine(port)} label={t('watch:settings.copyScrape')} compact />
      </div>
    </div>
  );
}

/** Vault-wide watching: how often endpoints are probed, how many at once, how long each may take, and the metrics listener. */
export function WatchingCard() {
  const t = useT();
  const metrics = useMetricsStatus();
  const { load, refresh, draft, edit, errors, error, saving, saved, save, current, unchanged, discard } = useSettingsForm({
    what: t('watch:settings.what'),
    section: 'watch',
    initial: watchDraft(DEFAULT_WATCH_SETTINGS),
    toDraft: watchDraft,
    toInput: watchInput,
    same: sameWatch,
    fields: WATCH_FIELDS,
    send: (watch) => call('settings.updateWatch', watch),
    onSaved: () => void metrics.refresh(),
  });
  return (
    <form className="card settings-card settings-form-card" onSubmit={(e) => void save(e)} noValidate aria-labelledby="watch-settings-title">
      <div>
        <h2 id="watch-settings-title" className="settings-title">
          {t('watch:settings.title')}
        </h2>
        <p className="muted">{t('watch:settings.lead')}</p>
      </div>
      <LoadStatus load={load} failedTitle={t('settings:page.loadFailed')} onRetry={() => void refresh()} />
      {current ? (
        <>
          <div className="watch-settings-grid">
            <TextField
              id="watch-interval"
              label={t('watch:settings.interval')}
              inputMode="numeric"
              className="input-number"
              autoComplete="off"
              value={draft.intervalMinutes}
              onValueChange={(intervalMinutes) => edit({ intervalMinutes })}
              error={errors.intervalMinutes}
              hint={t('watch:settings.intervalHint', { min: WATCH_INTERVAL_MINUTES.min, max: WATCH_INTERVAL_MINUTES.max, default: WATCH_INTERVAL_MINUTES.default })}
            />
            <TextField
              id="watch-concurrency"
              label={t('watch:settings.concurrency')}
              inputMode="numeric"
              className="input-number"
              autoComplete="off"
              value={draft.concurrency}
              onValueChange={(concurrency) => edit({ concurrency })}
              error={errors.concurrency}
              hint={t('watch:settings.concurrencyHint', { min: WATCH_CONCURRENCY.min, max: WATCH_CONCURRENCY.max, default: WATCH_CONCURRENCY.default })}
            />
            <TextField
              id="watch-timeout"
              label={t('watch:settings.timeout')}
              inputMode="numeric"
              className="input-number"
              autoComplete="off"
              value={draft.timeoutSeconds}
              onValueChange={(timeoutSeconds) => edit({ timeoutSeconds })}
              error={errors.timeoutSeconds}
              hint={t('watch:settings.timeoutHint', { min: WATCH_TIMEOUT_SECONDS.min, max: WATCH_TIMEOUT_SECONDS.max, default: WATCH_TIMEOUT_SECONDS.default })}
            />
          </div>
          <div className="field">
            <label className="checkbox">
              <input type="checkbox" role="switch" checked={draft.metricsServe} onChange={(e) => edit({ metricsServe: e.target.checked })} aria-describedby="watch-metrics-hint" />
              {t('watch:settings.serve')}
            </label>
            <p id="watch-metrics-hint" className="field-hint">
              {t('watch:settings.serveHint')}
            </p>
            {errors.metricsServe ? <p className="field-error">{errors.metricsServe}</p> : null}
          </div>
          <TextField
            id="watch-metrics-port"
            label={t('watch:settings.port')}
            inputMode="numeric"
            className="input-number"
            autoComplete="off"
            value={draft.metricsPort}
            onValueChange={(metricsPort) => edit({ metricsPort })}
            error={errors.metricsPort}
            hint={t('watch:settings.portHint', { default: DEFAULT_WATCH_SETTINGS.metricsPort })}
          />
          {metrics.status ? <MetricsState status={metrics.status} port={current.metricsPort} /> : null}
          {metrics.error ? <ErrorAlert error={metrics.error} title={t('watch:settings.statusFailed')} /> : null}
          {error ? <ErrorAlert error={error} title={t('watch:settings.failed')} /> : null}
          <SaveActions label={t('watch:settings.save')} saving={saving} unchanged={unchanged} saved={saved} onDiscard={discard} />
        </>
      ) : null}
    </form>
  );
}
