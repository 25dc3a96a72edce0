import { useEffect, useRef, useState } from 'react';
import type { AuthoritySummary } from '../../../shared/domain/authority.js';
import { TOKEN_ALGORITHM_INFO, type TokenIssuerPublicKeys, type TokenIssuerSummary } from '../../../shared/domain/service-identity.js';
import { formatDate, formatDateTime } from '../../app/format.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Fact } from '../../components/Fact.js';
import { Icon } from '../../components/Icon.js';
import { PemBlock } from '../../components/PemBlock.js';
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
    if (!result.ok) return setError({ title: 'The key was not rotated', error: result.error });
    const next = result.value.keys.find((k) => k.state === 'current');
    setMessage(`New signing key ${next ? shortKid(next.kid) : ''} is current. The previous key stays in the JWKS until the last token it signed has expired.`);
    onChanged();
  }

  async function save(format: 'jwks' | 'pem') {
    setSaving(format);
    setError(null);
    setMessage(null);
    const result = await call('jwt.exportKeys', { id: issuer.id, format });
    setSaving(null);
    if (!result.ok) return setError({ title: format === 'jwks' ? 'The JWKS was not saved' : 'The public key was not saved', error: result.error });
    if (!result.value.cancelled) setMessage(`Saved the ${format === 'jwks' ? 'JWKS' : 'public key'} to ${result.value.paths.join(', ')}`);
  }

  return (
    <article className="card svc-issuer" aria-labelledby={titleId}>
      <header className="svc-issuer-head">
        <div>
          <h3 id={titleId} className="svc-issuer-name">
            {issuer.name}
          </h3>
          <p className="muted">
            {TOKEN_ALGORITHM_INFO[issuer.algorithm].label} · created {formatDate(issuer.createdAt)}
          </p>
        </div>
        <span className={issuer.endpoint.running ? 'tag tag-ok' : 'tag'}>{issuer.endpoint.running ? 'Endpoint running' : 'Endpoint off'}</span>
      </header>
      <dl className="facts" aria-label={`Token issuer ${issuer.name}`}>
        <Fact label="Issuer (iss)" copy={{ text: issuer.name, label: `Copy the issuer name ${issuer.name}` }}>
          <code className="mono-wrap">{issuer.name}</code>
        </Fact>
        <Fact label="Current key (kid)" copy={current ? { text: current.kid, label: 'Copy the current kid' } : undefined}>
          {current ? (
            <>
              <code className="mono-wrap">{current.kid}</code>
              <span className="muted"> · since {formatDateTime(current.createdAt)}</span>
            </>
          ) : (
            <span className="muted">None</span>
          )}
        </Fact>
        <Fact label="Retiring keys">
          {retiring.length === 0 ? (
            <span className="muted">None</span>
          ) : (
            <ul className="svc-retiring" aria-label="Retiring keys">
              {retiring.map((k) => (
                <li key={k.kid}>
                  <code title={k.kid}>{shortKid(k.kid)}</code> — leaves the JWKS at {k.leavesJwksAt ? formatDateTime(k.leavesJwksAt) : 'an unknown time'}
                </li>
              ))}
            </ul>
          )}
        </Fact>
        <Fact label="Tokens signed">{issuer.tokensSigned.toLocaleString()}</Fact>
      </dl>

      <div className="button-row">
        <Button icon={<Icon name="key" />} onClick={() => setConfirming(true)} disabled={confirming}>
          Rotate key…
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
          Copy JWKS
        </CopyTextButton>
        <Button icon={<Icon name="download" />} busy={saving === 'jwks'} disabled={saving !== null} onClick={() => void save('jwks')}>
          Save JWKS…
        </Button>
        <Button icon={<Icon name="download" />} busy={saving === 'pem'} disabled={saving !== null} onClick={() => void save('pem')}>
          Save public key…
        </Button>
      </div>
      {confirming ? (
        <InlineConfirm title={`Rotate the signing key of ${issuer.name}?`} confirmLabel="Rotate key" busy={rotating} onConfirm={() => void rotate()} onCancel={() => setConfirming(false)}>
          <p>A new key signs every token from now on. The current key is not dropped: it stays in the JWKS, verifying the tokens it already signed, until the last of them has expired — so services keep accepting them while they fetch the new JWKS.</p>
        </InlineConfirm>
      ) : null}
      {message ? (
        <Notice tone="success">
          <p>{message}</p>
        </Notice>
      ) : null}
      {error ? <ErrorAlert error={error.error} title={error.title} /> : null}
      {keysError ? <ErrorAlert error={keysError} title="The public keys could not be read" /> : null}

      <details ref={keysRef} className="svc-keys" open={showKeys} onToggle={(e) => setShowKeys(e.currentTarget.open)}>
        <summary>Public keys for verifiers</summary>
        {keys ? (
          <div className="svc-keys-body">
            <PemBlock title="JWKS" pem={keys.jwks} label={`JWKS of ${issuer.name}`} copyLabel="Copy the JWKS text" hint="Every key still in use, current first: what verifiers load." />
            <PemBlock title={`Current public key (kid ${shortKid(keys.currentKid)})`} pem={keys.currentPem} label={`Public key of ${issuer.name}`} copyLabel="Copy the public key PEM" />
          </div>
        ) : (
          <p className="muted">Loading…</p>
        )}
      </details>

      <TokenEndpointPanel issuer={issuer} authorities={authorities} targets={targets} onChanged={onChanged} />
    </article>
  );
}
