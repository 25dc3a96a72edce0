import { useState } from 'react';
import type { RemoteSummary } from '../../../shared/domain/remote.js';
import { formatDateTime } from '../../app/format.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { FingerprintFact } from '../../components/CertificateFacts.js';
import { Fact } from '../../components/Fact.js';
import { Icon } from '../../components/Icon.js';
import { wordOf } from '../../i18n/instance.js';
import { useT } from '../../i18n/use-t.js';
import { call, type IpcError } from '../../ipc/client.js';
import { LoadStatus } from '../LoadStatus.js';
import { RemoteHealthTag } from './RemoteTags.js';
import { useRemotes } from './useRemotes.js';

type Check = { readonly kind: 'idle' } | { readonly kind: 'busy' } | { readonly kind: 'done'; readonly remote: RemoteSummary } | { readonly kind: 'failed'; readonly error: IpcError };

/**
 * The step-ca server a remote authority signs on, at the top of its Overview: its URLs in failover
 * order with each one's health, the version and provisioners it reported, the pinned root, the last
 * check and "Check now"; and why the vault-only actions are not offered for it.
 */
export function RemotePanel({ remoteId }: { readonly remoteId: string }) {
  const t = useT();
  const { load, refresh, remotes } = useRemotes();
  const [check, setCheck] = useState<Check>({ kind: 'idle' });
  const listed = remotes.find((r) => r.id === remoteId);
  // A check answers with the server as it is now; it replaces what the list said.
  const remote = check.kind === 'done' ? check.remote : listed;

  async function checkNow() {
    setCheck({ kind: 'busy' });
    const result = await call('remote.check', { id: remoteId });
    setCheck(result.ok ? { kind: 'done', remote: result.value } : { kind: 'failed', error: result.error });
  }

  return (
    <section className="action-panel" aria-labelledby={`remote-${remoteId}`}>
      <LoadStatus load={load} failedTitle={t('remote:view.loadFailed')} onRetry={() => void refresh()} />
      {load.state === 'ready' && !remote ? <Notice tone="warning">{t('remote:view.missing')}</Notice> : null}
      {remote ? (
        <>
          <div className="action-panel-head">
            <div>
              <h3 id={`remote-${remoteId}`}>{t('remote:view.serverTitle', { name: remote.name })}</h3>
              <p className="muted">{t('remote:view.serverIntro')}</p>
            </div>
            <Button icon={<Icon name="play" />} busy={check.kind === 'busy'} onClick={() => void checkNow()}>
              {t('remote:view.checkNow')}
            </Button>
          </div>
          {check.kind === 'failed' ? <ErrorAlert error={check.error} title={t('remote:view.checkFailed')} /> : null}
          {check.kind === 'done' ? <Notice tone={check.remote.health === 'ok' ? 'info' : 'warning'}>{t('remote:view.checked', { name: check.remote.name, health: t(`remote:view.health.${check.remote.health}`) })}</Notice> : null}
          <dl className="facts facts-detail" aria-label={t('remote:view.factsLabel')}>
            <Fact label={t('remote:view.overall')}>
              <RemoteHealthTag health={remote.health} />
            </Fact>
            <Fact label={t('remote:view.urls')}>
              <ol className="remote-urls" aria-label={t('remote:view.urlsLabel')}>
                {remote.urls.map((url) => {
                  const status = remote.urlStatus.find((s) => s.url === url);
                  return (
                    <li key={url}>
                      <code className="mono-wrap">{url}</code> <RemoteHealthTag health={status?.health ?? 'unknown'} />
                      {status?.problem ? <span className="remote-url-problem">{wordOf(status.problem)}</span> : null}
                    </li>
                  );
                })}
              </ol>
              <span className="field-hint">{t('remote:view.urlsHint')}</span>
            </Fact>
            <Fact label={t('remote:view.version')}>{remote.version ?? <span className="muted">{t('remote:view.versionUnknown')}</span>}</Fact>
            <Fact label={t('remote:view.provisioners')}>
              {remote.provisioners.length === 0 ? (
                <span className="muted">{t('remote:view.provisionersNone')}</span>
              ) : (
                <ul className="remote-provisioners">
                  {remote.provisioners.map((p) => (
                    <li key={`${p.type}-${p.name}`}>{t('remote:view.provisionerEntry', { name: p.name, type: p.type })}</li>
                  ))}
                </ul>
              )}
            </Fact>
            <Fact label={t('remote:view.signsWith')}>{remote.provisioner}</Fact>
            <FingerprintFact label={t('remote:view.fingerprint')} copyLabel={t('remote:view.copyFingerprint')} hex={remote.rootFingerprint} />
            <Fact label={t('remote:view.lastCheck')}>{remote.checkedAt ? formatDateTime(remote.checkedAt) : <span className="muted">{t('remote:view.neverChecked')}</span>}</Fact>
            <Fact label={t('remote:view.connected')}>{formatDateTime(remote.createdAt)}</Fact>
          </dl>
        </>
      ) : null}
      <Notice tone="info" live={false}>
        <p className="alert-title">{t('remote:view.notHereTitle')}</p>
        <p>{t('remote:view.notHere')}</p>
      </Notice>
    </section>
  );
}
