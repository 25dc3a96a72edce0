import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { AuthorityDetail } from '../../shared/domain/authority.js';
import { KEY_ALGORITHM_INFO } from '../../shared/domain/keys.js';
import { aboutYears, describeDaysLeft, expiryTone, formatDateTime, wrapHex } from '../app/format.js';
import { ErrorAlert } from '../components/Alert.js';
import { CopyButton } from '../components/CopyButton.js';
import { call, type IpcError } from '../ipc/client.js';

interface AuthorityDetailPaneProps {
  readonly id: string;
  readonly onVaultLocked: () => void;
}

type Load = { readonly state: 'loading' } | { readonly state: 'failed'; readonly error: IpcError } | { readonly state: 'ready'; readonly detail: AuthorityDetail };

function Fact({ label, children, copy }: { readonly label: string; readonly children: ReactNode; readonly copy?: { text: string; label: string } }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>
        <span className="fact-value">{children}</span>
        {copy ? <CopyButton text={copy.text} label={copy.label} compact /> : null}
      </dd>
    </div>
  );
}

export function AuthorityDetailPane({ id, onVaultLocked }: AuthorityDetailPaneProps) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const pem = useRef<HTMLPreElement>(null);

  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    void call('authority.get', { id }).then((result) => {
      if (!live) return;
      if (result.ok) setLoad({ state: 'ready', detail: result.value });
      else if (result.error.code === 'VAULT_LOCKED') onVaultLocked();
      else setLoad({ state: 'failed', error: result.error });
    });
    return () => {
      live = false;
    };
  }, [id, onVaultLocked]);

  if (load.state === 'loading') {
    return (
      <div className="detail-loading" role="status">
        Loading details…
      </div>
    );
  }
  if (load.state === 'failed') return <ErrorAlert error={load.error} title="The details could not be loaded" />;

  const d = load.detail;
  const tone = expiryTone(d.notAfter);
  return (
    <article className="detail" aria-labelledby="detail-title">
      <header className="detail-head">
        <div>
          <h2 id="detail-title" className="detail-title">
            {d.subject.commonName}
          </h2>
          <p className="detail-sub">
            <span className="tag tag-accent">Root CA</span>
            <span className="tag">{KEY_ALGORITHM_INFO[d.keyAlgorithm].label}</span>
            <span className={`tag tag-${tone}`}>{aboutYears(d.notAfter) ? `Valid for ${aboutYears(d.notAfter)}` : describeDaysLeft(d.notAfter)}</span>
          </p>
        </div>
      </header>

      <dl className="facts facts-detail" aria-label="Certificate details">
        <Fact label="Subject">
          <code>{d.subjectDn}</code>
        </Fact>
        <Fact label="Issuer">Self-signed (this is a root)</Fact>
        <Fact label="Serial number" copy={{ text: d.serialNumberHex, label: 'Copy serial number' }}>
          <code className="mono-wrap">{d.serialNumberHex}</code>
        </Fact>
        <Fact label="Valid from">{formatDateTime(d.notBefore)}</Fact>
        <Fact label="Valid until">
          {formatDateTime(d.notAfter)}{' '}
          <span className="muted">
            ({[describeDaysLeft(d.notAfter), aboutYears(d.notAfter)].filter(Boolean).join(', ')})
          </span>
        </Fact>
        <Fact label="Path length">{d.pathLength === null ? 'No limit' : d.pathLength === 0 ? '0 (signs leaf certificates only)' : d.pathLength}</Fact>
        <Fact label="Key algorithm">{KEY_ALGORITHM_INFO[d.keyAlgorithm].label}</Fact>
        <Fact label="Signature algorithm">
          <code>{d.signatureAlgorithm}</code>
        </Fact>
        <Fact label="Subject key identifier">
          <code className="mono-block">{d.subjectKeyIdentifier ? wrapHex(d.subjectKeyIdentifier, 10).map((line) => <span key={line}>{line}</span>) : '—'}</code>
        </Fact>
        <Fact label="SPKI pin (SHA-256)" copy={{ text: d.spkiSha256, label: 'Copy SPKI pin' }}>
          <code className="mono-wrap">{d.spkiSha256}</code>
        </Fact>
        <Fact label="SHA-256 fingerprint" copy={{ text: d.sha256Fingerprint, label: 'Copy SHA-256 fingerprint' }}>
          <code className="mono-block">
            {wrapHex(d.sha256Fingerprint).map((line) => (
              <span key={line}>{line}</span>
            ))}
          </code>
        </Fact>
        <Fact label="Created">{formatDateTime(d.createdAt)}</Fact>
      </dl>

      <section className="pem" aria-labelledby="pem-title">
        <div className="pem-head">
          <h3 id="pem-title">Certificate (PEM)</h3>
          <CopyButton text={d.certificatePem} label="Copy certificate PEM" fallbackTarget={() => pem.current} />
        </div>
        <pre ref={pem} className="pem-body" tabIndex={0} aria-label="Certificate PEM">
          {d.certificatePem.trim()}
        </pre>
        <p className="field-hint">The certificate only. The private key stays sealed in the vault.</p>
      </section>
    </article>
  );
}
