import { ErrorAlert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import type { Load } from '../app/useLoad.js';
import { useT } from '../i18n/use-t.js';

/** Above a list: "Loading…" while it loads, or why it could not be loaded and Try again. */
export function LoadStatus({ load, failedTitle, onRetry }: { readonly load: Load<unknown>; readonly failedTitle: string; readonly onRetry: () => void }) {
  const t = useT();
  return (
    <>
      {load.state === 'failed' ? (
        <ErrorAlert error={load.error} title={failedTitle}>
          <Button onClick={onRetry}>{t('common:action.tryAgain')}</Button>
        </ErrorAlert>
      ) : null}
      {load.state === 'loading' ? (
        <p className="muted" role="status">
          {t('app:load.loading')}
        </p>
      ) : null}
    </>
  );
}

/** A detail pane that is not ready: "Loading details…", or why the record could not be loaded. */
export function DetailLoadStatus({ load, failedTitle }: { readonly load: Exclude<Load<unknown>, { readonly state: 'ready' }>; readonly failedTitle: string }) {
  const t = useT();
  if (load.state === 'failed') return <ErrorAlert error={load.error} title={failedTitle} />;
  return (
    <div className="detail-loading" role="status">
      {t('app:load.loadingDetails')}
    </div>
  );
}
