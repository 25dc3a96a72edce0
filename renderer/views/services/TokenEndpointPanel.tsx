import { useState } from 'react';
import type { AuthoritySummary } from '../../../shared/domain/authority.js';
import type { TokenIssuerSummary } from '../../../shared/domain/service-identity.js';
import { flattenTree, buildAuthorityTree } from '../../app/authority-tree.js';
import { ErrorAlert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { CopyButton } from '../../components/CopyButton.js';
import { SelectField, TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
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
  const target = targets.find((t) => t.audience === audience) ?? targets[0];
  const curl = endpoint.url ? curlLine(endpoint.url, target?.audience ?? 'SERVICE') : '';
  return (
    <section className="card-inset svc-endpoint" aria-labelledby={`${id}-title`}>
      <div className="proof-head">
        <div>
          <h4 id={`${id}-title`} className="section-title">
            Token endpoint
          </h4>
          <p className="field-hint">Gives a token to any caller with a valid client certificate of the chosen authority: sub is its CommonName, scope what the policy grants it. Local only (127.0.0.1); it stops when Certwright quits.</p>
        </div>
        {endpoint.running ? (
          <Button onClick={() => void stop()} busy={busy}>
            Stop endpoint
          </Button>
        ) : null}
      </div>
      {endpoint.running && endpoint.url ? (
        <>
          <div className="ocsp-url">
            <p role="status" aria-label="Token endpoint state">
              Running on <code>{endpoint.url}</code>, accepting client certificates of {chosen?.subject.commonName ?? 'an authority no longer in the vault'}
            </p>
            <CopyButton text={endpoint.url} label="Copy the endpoint URL" compact />
          </div>
          {targets.length > 1 ? (
            <SelectField id={`${id}-aud`} label="Token for" value={target?.audience ?? ''} onValueChange={setAudience} options={targets.map((t) => ({ value: t.audience, label: t.audience }))} fieldClassName="svc-narrow" />
          ) : null}
          <div className="svc-command">
            <code className="mono-wrap">{curl}</code>
            <CopyButton text={curl} label="Copy the curl command" compact />
          </div>
          <p className="field-hint">{curlHint(target)}</p>
        </>
      ) : (
        <>
          <p role="status" aria-label="Token endpoint state" className="muted">
            Off.
          </p>
          {usable.length === 0 ? (
            <p className="field-hint">Create or import an active certificate authority first: the endpoint accepts the client certificates it issued.</p>
          ) : (
            <div className="svc-endpoint-form">
              <SelectField
                id={`${id}-authority`}
                label="Accept client certificates of"
                value={authorityId}
                onValueChange={setAuthorityId}
                options={usable.map((n) => ({ value: n.authority.id, label: n.authority.subject.commonName }))}
                error={field === 'authorityId' && error ? fieldMessage(error) : undefined}
              />
              <TextField
                id={`${id}-port`}
                label="Port"
                optional
                inputMode="numeric"
                value={port}
                onValueChange={setPort}
                placeholder="any free port"
                error={portError ?? (field === 'port' && error ? fieldMessage(error) : undefined)}
                className="input-number"
              />
              <Button variant="primary" icon={<Icon name="play" />} busy={busy} disabled={portError !== null || !authorityId} onClick={() => void start()}>
                Start endpoint
              </Button>
            </div>
          )}
        </>
      )}
      {error && field !== 'authorityId' && field !== 'port' ? <ErrorAlert error={error} title={endpoint.running ? 'The token endpoint could not be stopped' : 'The token endpoint could not be started'} /> : null}
    </section>
  );
}
