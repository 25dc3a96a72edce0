import { Fragment, useState } from 'react';
import type { AuthorityDetail } from '../../shared/domain/authority.js';
import { ISTIO_FILES, ISTIO_KUBECTL } from '../../shared/domain/sub-ca.js';
import { ErrorAlert, Notice } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { CopyButton } from '../components/CopyButton.js';
import { Icon } from '../components/Icon.js';
import { call, type IpcError } from '../ipc/client.js';
import { Trans } from 'react-i18next';
import { t } from '../i18n/instance.js';
import { useT } from '../i18n/use-t.js';

type Phase = { readonly kind: 'idle' } | { readonly kind: 'confirm' } | { readonly kind: 'busy' } | { readonly kind: 'done'; readonly folder: string } | { readonly kind: 'failed'; readonly error: IpcError };

/** Why this CA cannot be Istio's plug-in CA, or undefined when it can. */
function refusal(d: AuthorityDetail): string | undefined {
  if (d.kind === 'root') return t('authorities:istio.refuseRoot');
  if (d.revocation) return t('authorities:istio.refuseRevoked');
  return undefined;
}

/**
 * "Export for Istio": the intermediate's ca-cert.pem, ca-key.pem (its private key, in the clear,
 * because istiod needs it), root-cert.pem and cert-chain.pem, with the kubectl line, into a new
 * folder. The key leaving is said plainly and confirmed before the folder dialog opens.
 */
export function IstioExportButton({ detail: d }: { readonly detail: AuthorityDetail }) {
  const t = useT();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const why = refusal(d);
  const root = d.chain.at(-1)?.commonName;

  async function exportFiles() {
    setPhase({ kind: 'busy' });
    const result = await call('authority.exportIstio', { id: d.id });
    if (!result.ok) return setPhase({ kind: 'failed', error: result.error });
    if (result.value.cancelled) return setPhase({ kind: 'confirm' });
    const first = result.value.paths[0] ?? '';
    setPhase({ kind: 'done', folder: first.slice(0, Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\'))) });
  }

  return (
    <section className="action-panel" aria-labelledby={`istio-${d.id}`}>
      <div className="action-panel-head">
        <div>
          <h3 id={`istio-${d.id}`}>{t('authorities:istio.title')}</h3>
          <p className="muted">{t('authorities:istio.intro')}</p>
        </div>
        <Button icon={<Icon name="download" />} disabled={why !== undefined || phase.kind === 'busy'} aria-describedby={why ? `istio-why-${d.id}` : undefined} onClick={() => setPhase({ kind: 'confirm' })}>
          {t('authorities:istio.export')}
        </Button>
      </div>
      {why ? (
        <p id={`istio-why-${d.id}`} className="field-hint">
          {why}
        </p>
      ) : null}
      {phase.kind === 'confirm' || phase.kind === 'busy' ? (
        <div className="alert alert-warning" role="alert">
          <Icon name="alert" />
          <div className="alert-body">
            <p className="alert-title">{t('authorities:istio.warnTitle')}</p>
            <p>
              {root === undefined ? (
                <Trans t={t} i18nKey="authorities:istio.warnBodyNoRoot" values={{ name: d.subject.commonName }} components={{ 1: <code /> }} />
              ) : (
                <Trans t={t} i18nKey="authorities:istio.warnBody" values={{ name: d.subject.commonName, root }} components={{ 1: <code /> }} />
              )}
            </p>
            <div className="button-row">
              <Button variant="primary" icon={<Icon name="download" />} disabled={phase.kind === 'busy'} onClick={() => void exportFiles()}>
                {phase.kind === 'busy' ? t('authorities:istio.exporting') : t('authorities:istio.choose')}
              </Button>
              <Button variant="ghost" disabled={phase.kind === 'busy'} onClick={() => setPhase({ kind: 'idle' })}>
                {t('authorities:istio.cancel')}
              </Button>
            </div>
          </div>
        </div>
      ) : null}
      {phase.kind === 'failed' ? <ErrorAlert error={phase.error} title={t('authorities:istio.failed')} /> : null}
      {phase.kind === 'done' ? (
        <Notice tone="success">
          <p className="alert-title">{t('authorities:istio.wrote', { files: ISTIO_FILES.join(', ') })}</p>
          <p>
            <Trans t={t} i18nKey="authorities:istio.next" values={{ folder: phase.folder }} components={{ 1: <code className="istio-folder" /> }} />
          </p>
          <pre className="istio-command" aria-label={t('authorities:istio.commandLabel')}>
            {/* Lines break between words only, never inside --from-file=… */}
            {ISTIO_KUBECTL.split(' ').map((word, i) => (
              <Fragment key={`${i}-${word}`}>
                {i > 0 ? ' ' : null}
                <span className="istio-word">{word}</span>
              </Fragment>
            ))}
          </pre>
          <CopyButton text={ISTIO_KUBECTL} label={t('authorities:istio.copyCommand')} />
        </Notice>
      ) : null}
    </section>
  );
}
