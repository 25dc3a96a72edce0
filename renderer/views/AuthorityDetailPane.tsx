import { useEffect, useState } from 'react';
import type { AuthorityDetail, AuthoritySummary, NameConstraints } from '../../shared/domain/authority.js';
import { KEY_ALGORITHM_INFO } from '../../shared/domain/keys.js';
import { whyNoIntermediates } from '../app/authority-tree.js';
import { aboutYears, describeDaysLeft, expiryTone, formatDateTime, wrapHex } from '../app/format.js';
import { useNavigation } from '../app/navigation.js';
import { ErrorAlert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { ChainPath } from '../components/ChainPath.js';
import { ExtensionList } from '../components/ExtensionList.js';
import { Fact } from '../components/Fact.js';
import { Icon } from '../components/Icon.js';
import { PemBlock } from '../components/PemBlock.js';
import { call, type IpcError } from '../ipc/client.js';
import { AuthoritySettingsForm } from './AuthoritySettingsForm.js';
import { PendingActivation } from './PendingActivation.js';

interface AuthorityDetailPaneProps {
  readonly id: string;
  readonly onVaultLocked: () => void;
  /** Something about this authority changed (settings, activation): the list should reload. */
  readonly onChanged: (authority: AuthoritySummary) => void;
  /** Selects another authority of the vault (from the chain). */
  readonly onSelect: (id: string) => void;
}

type Load = { readonly state: 'loading' } | { readonly state: 'failed'; readonly error: IpcError } | { readonly state: 'ready'; readonly detail: AuthorityDetail };

function constraintLines(c: NameConstraints): string[] {
  const lines: string[] = [];
  if (c.permittedDns.length > 0) lines.push(`Permitted DNS: ${c.permittedDns.join(', ')}`);
  if (c.excludedDns.length > 0) lines.push(`Excluded DNS: ${c.excludedDns.join(', ')}`);
  if (c.permittedIp.length > 0) lines.push(`Permitted IP ranges: ${c.permittedIp.join(', ')}`);
  if (c.excludedIp.length > 0) lines.push(`Excluded IP ranges: ${c.excludedIp.join(', ')}`);
  return lines.length > 0 ? lines : ['None'];
}

function pathLengthText(pathLength: number | null): string {
  return pathLength === null ? 'No limit' : pathLength === 0 ? '0 (signs leaf certificates only)' : String(pathLength);
}

export function AuthorityDetailPane({ id, onVaultLocked, onChanged, onSelect }: AuthorityDetailPaneProps) {
  const nav = useNavigation();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    void call('authority.get', { id }).then((result) => {
      if (!live) return;
      if (result.ok) setLoad({ state: 'ready', detail: result.value });
      else if (result.error.code === 'VAULT_LOCKED') onVaultLocked();
      else setLoad({ state: 'failed', error: result.error });
    });
    return () => {
      live = false;
    };
  }, [id, reload, onVaultLocked]);

  if (load.state === 'loading') {
    return (
      <div className="detail-loading" role="status">
        Loading details…
      </div>
    );
  }
  if (load.state === 'failed') return <ErrorAlert error={load.error} title="The details could not be loaded" />;

  const d = load.detail;
  const pending = d.state === 'pending';
  const tone = expiryTone(d.notAfter);
  const noIntermediates = whyNoIntermediates(d);
  const issuer = d.kind === 'root' ? 'Self-signed (this is a root)' : pending ? 'Not signed yet' : (d.chain[1]?.commonName ?? 'A CA outside this vault');
  return (
    <article className="detail" aria-labelledby="detail-title">
      <header className="detail-head">
        <div>
          <h2 id="detail-title" className="detail-title">
            {d.subject.commonName}
          </h2>
          <p className="detail-sub">
            <span className="tag tag-accent">{d.kind === 'root' ? 'Root CA' : 'Intermediate CA'}</span>
            {pending ? <span className="tag tag-soon">Waiting for signed certificate</span> : null}
            <span className="tag">{KEY_ALGORITHM_INFO[d.keyAlgorithm].label}</span>
            {pending ? null : <span className={`tag tag-${tone}`}>{aboutYears(d.notAfter) ? `Valid for ${aboutYears(d.notAfter)}` : describeDaysLeft(d.notAfter)}</span>}
          </p>
        </div>
      </header>

      {pending ? null : (
        <div className="detail-actions">
          <div className="button-row" role="group" aria-label="Authority actions">
            <Button variant="primary" icon={<Icon name="certificate" />} onClick={() => nav.open('issue', { authorityId: d.id })}>
              Issue certificate
            </Button>
            <Button icon={<Icon name="key" />} onClick={() => nav.open('mtls-pair', { authorityId: d.id })}>
              mTLS pair
            </Button>
            <Button icon={<Icon name="stack" />} onClick={() => nav.open('bulk-issue', { authorityId: d.id })}>
              Bulk issue
            </Button>
            <Button icon={<Icon name="plus" />} disabled={noIntermediates !== undefined} aria-describedby={noIntermediates ? 'no-intermediates' : undefined} onClick={() => nav.open('new-intermediate', { authorityId: d.id })}>
              New intermediate
            </Button>
          </div>
          {noIntermediates ? (
            <p id="no-intermediates" className="field-hint">
              No intermediate CAs below this one: {noIntermediates.charAt(0).toLowerCase() + noIntermediates.slice(1)}.
            </p>
          ) : null}
        </div>
      )}

      {pending ? (
        <PendingActivation
          detail={d}
          onVaultLocked={onVaultLocked}
          onActivated={(summary) => {
            onChanged(summary);
            setReload((r) => r + 1);
          }}
        />
      ) : (
        <dl className="counts" aria-label="Certificates issued by this CA">
          <div className="count">
            <dt>Issued</dt>
            <dd>{d.counts.issued.toLocaleString()}</dd>
          </div>
          <div className="count">
            <dt>Revoked</dt>
            <dd>{d.counts.revoked.toLocaleString()}</dd>
          </div>
          <div className={d.counts.expiring > 0 ? 'count count-warn' : 'count'}>
            <dt>Expiring within 30 days</dt>
            <dd>{d.counts.expiring.toLocaleString()}</dd>
          </div>
        </dl>
      )}

      <dl className="facts facts-detail" aria-label="Certificate details">
        <Fact label="Subject">
          <code>{d.subjectDn}</code>
        </Fact>
        <Fact label="Issuer">{issuer}</Fact>
        {pending ? null : (
          <>
            <Fact label="Serial number" copy={{ text: d.serialNumberHex, label: 'Copy serial number' }}>
              <code className="mono-wrap">{d.serialNumberHex}</code>
            </Fact>
            <Fact label="Valid from">{formatDateTime(d.notBefore)}</Fact>
            <Fact label="Valid until">
              {formatDateTime(d.notAfter)} <span className="muted">({[describeDaysLeft(d.notAfter), aboutYears(d.notAfter)].filter(Boolean).join(', ')})</span>
            </Fact>
          </>
        )}
        <Fact label="Path length">{pathLengthText(d.pathLength)}</Fact>
        {d.kind === 'intermediate' ? (
          <Fact label="Name constraints">
            <span className="mono-block">
              {(d.nameConstraints ? constraintLines(d.nameConstraints) : ['None']).map((line) => (
                <span key={line}>{line}</span>
              ))}
            </span>
          </Fact>
        ) : null}
        <Fact label="Key algorithm">{KEY_ALGORITHM_INFO[d.keyAlgorithm].label}</Fact>
        {pending ? null : (
          <>
            <Fact label="Signature algorithm">
              <code>{d.signatureAlgorithm}</code>
            </Fact>
            <Fact label="Subject key identifier">
              <code className="mono-block">{d.subjectKeyIdentifier ? wrapHex(d.subjectKeyIdentifier, 10).map((line) => <span key={line}>{line}</span>) : '—'}</code>
            </Fact>
          </>
        )}
        {d.spkiSha256 ? (
          <Fact label="SPKI pin (SHA-256)" copy={{ text: d.spkiSha256, label: 'Copy SPKI pin' }}>
            <code className="mono-wrap">{d.spkiSha256}</code>
          </Fact>
        ) : null}
        {pending ? null : (
          <Fact label="SHA-256 fingerprint" copy={{ text: d.sha256Fingerprint, label: 'Copy SHA-256 fingerprint' }}>
            <code className="mono-block">
              {wrapHex(d.sha256Fingerprint).map((line) => (
                <span key={line}>{line}</span>
              ))}
            </code>
          </Fact>
        )}
        <Fact label="Created">{formatDateTime(d.createdAt)}</Fact>
      </dl>

      {pending ? null : <ExtensionList extensions={d.extensions} />}
      {d.chain.length > 0 ? <ChainPath chain={d.chain} onOpenAuthority={onSelect} selfId={d.id} /> : null}

      <AuthoritySettingsForm
        key={d.id}
        authority={d}
        onVaultLocked={onVaultLocked}
        onSaved={(summary) => {
          setLoad({ state: 'ready', detail: { ...d, ...summary } });
          onChanged(summary);
        }}
      />

      {pending ? null : <PemBlock title="Certificate (PEM)" pem={d.certificatePem} label="Certificate PEM" copyLabel="Copy certificate PEM" hint="The certificate only. The private key stays sealed in the vault." />}
    </article>
  );
}
