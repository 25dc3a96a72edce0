import { useState } from 'react';
import { Trans } from 'react-i18next';
import type { AuthoritySummary } from '../../../shared/domain/authority.js';
import type { TokenIssuerSummary } from '../../../shared/domain/service-identity.js';
import { flattenTree, buildAuthorityTree } from '../../app/authority-tree.js';
import { ErrorAlert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { CopyButton } from '../../components/CopyButton.js';
import { SelectField, TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { useT } from '../../i18n/use-t.js';
import { call, errorField, fieldMessage, type IpcError } from '../../ipc/client.js';
import { curlHint, curlLine, type EndpointTarget, portProblem } from './model.js';

interface TokenEndpointPanelProps {
  readonly issuer: TokenIssuerSummary;
  readonly authorities: readonly AuthoritySummary[];
  /** The services a token can be for (the curl line's aud), with who may ask. */
  readonly targets: readonly EndpointTarget[];
  readonly onChanged: () => void;
}

/**
 * The lab token endpoint of one issuer: HTTPS on 127.0.0.1 with mutual TLS against one authority;
 * a caller with a client certificate of that authority asks for a token for an audience.
 */
export function TokenEndpointPanel({ issuer, authorities, targets, onChanged }: TokenEndpointPanelProps) {
  const t = useT();
  const endpoint = issuer.endpoint;
  const usable = flattenTree(buildAuthorityTree(authorities)).filter((n) => n.authority.state === 'active' && n.authority.revocation === null);
  const [authorityId, setAuthorityId] = useState(endpoint.authorityId ?? usable[0]?.authority.id ?? '');
  const [port, setPort] = useState('');
  const [audience, setAudience] = useState(targets[0]?.audience ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const id = `endpoint-${issuer.id}`;
  const portError = portProblem(port);
  const chosen = authorities.find((a) => a.id === (endpoint.running ? endpoint.authorityId : authorityId));

  async function start() {
    if (portError || !authorityId) return;
    setBusy(true);
    setError(null);
    const result = await call('jwt.endpointStart', { id: issuer.id, authorityId, ...(port.trim() ? { port: Number(port.trim()) } : {}) });
    setBusy(false);
    if (result.ok) onChanged();
    else setError(result.error);
  }

  async function stop() {
    setBusy(true);
    setError(null);
    const result = await call('jwt.endpointStop', { id: issuer.id });
    setBusy(false);
    if (result.ok) onChanged();
    else setError(result.error);
  }

  const field = error ? errorField(error) : undefined;
  const target = targets.find((candidate) => candidate.audience === audience) ?? targets[0];
  const curl = endpoint.url ? curlLine(endpoint.url, target?.audience ?? 'SERVICE') : '';
  return (
    <section className="card-inset svc-endpoint" aria-labelledby={`${id}-title`}>
      <div className="proof-head">
        <div>
          <h4 id={`${id}-title`} className="section-title">
            {t('services:endpoint.title')}
          </h4>
          <p className="field-hint">{t('services:endpoint.intro')}</p>
        </div>
        {endpoint.running ? (
          <Button onClick={() => void stop()} busy={busy}>
            {t('services:endpoint.stop')}
          </Button>
        ) : null}
      </div>
      {endpoint.running && endpoint.url ? (
        <>
          <div className="ocsp-url">
            <p role="status" aria-label={t('services:endpoint.stateLabel')}>
              <Trans t={t} i18nKey="services:endpoint.running" values={{ url: endpoint.url, authority: chosen?.subject.commonName ?? t('services:endpoint.goneAuthority') }} components={{ 1: <code /> }} />
            </p>
            <CopyButton text={endpoint.url} label={t('services:endpoint.copyUrl')} compact />
          </div>
          {targets.length > 1 ? (
            <SelectField id={`${id}-aud`} label={t('services:endpoint.tokenFor')} value={target?.audience ?? ''} onValueChange={setAudience} options={targets.map((candidate) => ({ value: candidate.audience, label: candidate.audience }))} fieldClassName="svc-narrow" />
          ) : null}
          <div className="svc-command">
            <code className="mono-wrap">{curl}</code>
            <CopyButton text={curl} label={t('services:endpoint.copyCurl')} compact />
          </div>
          <p className="field-hint">{curlHint(target)}</p>
        </>
      ) : (
        <>
          <p role="status" aria-label={t('services:endpoint.stateLabel')} className="muted">
            {t('services:endpoint.off')}
          </p>
          {usable.length === 0 ? (
            <p className="field-hint">{t('services:endpoint.noAuthority')}</p>
          ) : (
            <div className="svc-endpoint-form">
              <SelectField
                id={`${id}-authority`}
                label={t('services:endpoint.acceptOf')}
                value={authorityId}
                onValueChange={setAuthorityId}
                options={usable.map((n) => ({ value: n.authority.id, label: n.authority.subject.commonName }))}
                error={field === 'authorityId' && error ? fieldMessage(error) : undefined}
              />
              <TextField
                id={`${id}-port`}
                label={t('services:common.port')}
                optional
                inputMode="numeric"
                value={port}
                onValueChange={setPort}
                placeholder={t('services:common.anyFreePort')}
                error={portError ?? (field === 'port' && error ? fieldMessage(error) : undefined)}
                className="input-number"
              />
              <Button variant="primary" icon={<Icon name="play" />} busy={busy} disabled={portError !== null || !authorityId} onClick={() => void start()}>
                {t('services:endpoint.start')}
              </Button>
            </div>
          )}
        </>
      )}
      {error && field !== 'authorityId' && field !== 'port' ? <ErrorAlert error={error} title={endpoint.running ? t('services:endpoint.stopFailed') : t('services:endpoint.startFailed')} /> : null}
    </section>
  );
}
