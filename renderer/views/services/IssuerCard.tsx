import { useEffect, useRef, useState } from 'react';
import { Trans } from 'react-i18next';
import type { AuthoritySummary } from '../../../shared/domain/authority.js';
import { TOKEN_ALGORITHM_INFO, type TokenIssuerPublicKeys, type TokenIssuerSummary } from '../../../shared/domain/service-identity.js';
import { formatDate, formatDateTime } from '../../app/format.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Fact } from '../../components/Fact.js';
import { Icon } from '../../components/Icon.js';
import { PemBlock } from '../../components/PemBlock.js';
import { useT } from '../../i18n/use-t.js';
import { call, type IpcError } from '../../ipc/client.js';
import { CopyTextButton } from './CopyTextButton.js';
import { InlineConfirm } from './InlineConfirm.js';
import { type EndpointTarget, shortKid } from './model.js';
import { TokenEndpointPanel } from './TokenEndpointPanel.js';

interface IssuerCardProps {
  readonly issuer: TokenIssuerSummary;
  readonly authorities: readonly AuthoritySummary[];
  /** What the endpoint's curl line can ask for. */
  readonly targets: readonly EndpointTarget[];
  /** Something about the issuer changed in main (rotated, endpoint started): load the list again. */
  readonly onChanged: () => void;
}

/** The public keys of an issuer, loaded again whenever its set of keys changes. */
function usePublicKeys(issuerId: string, keysKey: string) {
  const [keys, setKeys] = useState<TokenIssuerPublicKeys | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  useEffect(() => {
    let live = true;
    void call('jwt.publicKeys', { id: issuerId }).then((result) => {
      if (!live) return;
      if (result.ok) {
        setKeys(result.value);
        setError(null);
      } else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [issuerId, keysKey]);
  return { keys, error };
}

/** One token issuer: its keys, what it signed, rotation, its public keys for verifiers and its endpoint. */
export function IssuerCard({ issuer, authorities, targets, onChanged }: IssuerCardProps) {
  const t = useT();
  const current = issuer.keys.find((k) => k.state === 'current');
  const retiring = issuer.keys.filter((k) => k.state === 'retiring');
  const { keys, error: keysError } = usePublicKeys(issuer.id, issuer.keys.map((k) => k.kid).join(','));
  const [confirming, setConfirming] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [saving, setSaving] = useState<'jwks' | 'pem' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<{ readonly title: string; readonly error: IpcError } | null>(null);
  const [showKeys, setShowKeys] = useState(false);
  const keysRef = useRef<HTMLDetailsElement>(null);
  const titleId = `issuer-${issuer.id}`;

  async function rotate() {
    setRotating(true);
    setError(null);
    setMessage(null);
    const result = await call('jwt.rotateKey', { id: issuer.id });
    setRotating(false);
    setConfirming(false);
    if (!result.ok) return setError({ title: t('services:issuer.rotateFailed'), error: result.error });
    const next = result.value.keys.find((k) => k.state === 'current');
    setMessage(t('services:issuer.rotated', { kid: next ? shortKid(next.kid) : '' }));
    onChanged();
  }

  async function save(format: 'jwks' | 'pem') {
    setSaving(format);
    setError(null);
    setMessage(null);
    const result = await call('jwt.exportKeys', { id: issuer.id, format });
    setSaving(null);
    if (!result.ok) return setError({ title: format === 'jwks' ? t('services:issuer.jwksNotSaved') : t('services:issuer.pemNotSaved'), error: result.error });
    if (!result.value.cancelled) setMessage(t(format === 'jwks' ? 'services:issuer.jwksSaved' : 'services:issuer.pemSaved', { paths: result.value.paths.join(', ') }));
  }

  return (
    <article className="card svc-issuer" aria-labelledby={titleId}>
      <header className="svc-issuer-head">
        <div>
          <h3 id={titleId} className="svc-issuer-name">
            {issuer.name}
          </h3>
          <p className="muted">
            {t('services:issuer.subtitle', { algorithm: TOKEN_ALGORITHM_INFO[issuer.algorithm].label, date: formatDate(issuer.createdAt) })}
          </p>
        </div>
        <span className={issuer.endpoint.running ? 'tag tag-ok' : 'tag'}>{issuer.endpoint.running ? t('services:issuer.endpointRunning') : t('services:issuer.endpointOff')}</span>
      </header>
      <dl className="facts" aria-label={t('services:issuer.factsLabel', { name: issuer.name })}>
        <Fact label={t('services:issuer.iss')} copy={{ text: issuer.name, label: t('services:issuer.copyName', { name: issuer.name }) }}>
          <code className="mono-wrap">{issuer.name}</code>
        </Fact>
        <Fact label={t('services:issuer.currentKey')} copy={current ? { text: current.kid, label: t('services:issuer.copyKid') } : undefined}>
          {current ? (
            <>
              <code className="mono-wrap">{current.kid}</code>
              <span className="muted">{t('services:issuer.since', { time: formatDateTime(current.createdAt) })}</span>
            </>
          ) : (
            <span className="muted">{t('services:common.none')}</span>
          )}
        </Fact>
        <Fact label={t('services:issuer.retiringKeys')}>
          {retiring.length === 0 ? (
            <span className="muted">{t('services:common.none')}</span>
          ) : (
            <ul className="svc-retiring" aria-label={t('services:issuer.retiringKeys')}>
              {retiring.map((k) => (
                <li key={k.kid}>
                  {k.leavesJwksAt ? (
                    <Trans t={t} i18nKey="services:issuer.leaves" values={{ kid: shortKid(k.kid), time: formatDateTime(k.leavesJwksAt) }} components={{ 1: <code title={k.kid} /> }} />
                  ) : (
                    <Trans t={t} i18nKey="services:issuer.leavesUnknown" values={{ kid: shortKid(k.kid) }} components={{ 1: <code title={k.kid} /> }} />
                  )}
                </li>
              ))}
            </ul>
          )}
        </Fact>
        <Fact label={t('services:issuer.tokensSigned')}>{t('services:common.number', { value: issuer.tokensSigned })}</Fact>
      </dl>

      <div className="button-row">
        <Button icon={<Icon name="key" />} onClick={() => setConfirming(true)} disabled={confirming}>
          {t('services:issuer.rotate')}
        </Button>
        <CopyTextButton
          text={keys?.jwks ?? null}
          onClipboardRefused={() => {
            setShowKeys(true);
            window.setTimeout(() => {
              const pre = keysRef.current?.querySelector('pre');
              if (pre) window.getSelection()?.selectAllChildren(pre);
            }, 0);
          }}
        >
          {t('services:issuer.copyJwks')}
        </CopyTextButton>
        <Button icon={<Icon name="download" />} busy={saving === 'jwks'} disabled={saving !== null} onClick={() => void save('jwks')}>
          {t('services:issuer.saveJwks')}
        </Button>
        <Button icon={<Icon name="download" />} busy={saving === 'pem'} disabled={saving !== null} onClick={() => void save('pem')}>
          {t('services:issuer.savePem')}
        </Button>
      </div>
      {confirming ? (
        <InlineConfirm title={t('services:issuer.rotateTitle', { name: issuer.name })} confirmLabel={t('services:issuer.rotateConfirm')} busy={rotating} onConfirm={() => void rotate()} onCancel={() => setConfirming(false)}>
          <p>{t('services:issuer.rotateText')}</p>
        </InlineConfirm>
      ) : null}
      {message ? (
        <Notice tone="success">
          <p>{message}</p>
        </Notice>
      ) : null}
      {error ? <ErrorAlert error={error.error} title={error.title} /> : null}
      {keysError ? <ErrorAlert error={keysError} title={t('services:issuer.keysFailed')} /> : null}

      <details ref={keysRef} className="svc-keys" open={showKeys} onToggle={(e) => setShowKeys(e.currentTarget.open)}>
        <summary>{t('services:issuer.publicKeys')}</summary>
        {keys ? (
          <div className="svc-keys-body">
            <PemBlock title="JWKS" pem={keys.jwks} label={t('services:issuer.jwksLabel', { name: issuer.name })} copyLabel={t('services:issuer.copyJwksText')} hint={t('services:issuer.jwksHint')} />
            <PemBlock title={t('services:issuer.currentPem', { kid: shortKid(keys.currentKid) })} pem={keys.currentPem} label={t('services:issuer.pemLabel', { name: issuer.name })} copyLabel={t('services:issuer.copyPem')} />
          </div>
        ) : (
          <p className="muted">{t('services:common.loading')}</p>
        )}
      </details>

      <TokenEndpointPanel issuer={issuer} authorities={authorities} targets={targets} onChanged={onChanged} />
    </article>
  );
}
