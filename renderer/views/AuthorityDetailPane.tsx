import { useState } from 'react';
import type { AuthoritySummary, NameConstraints } from '../../shared/domain/authority.js';
import { KEY_ALGORITHM_INFO } from '../../shared/domain/keys.js';
import { whyNoIntermediates } from '../app/authority-tree.js';
import { aboutYears, describeDaysLeft, expiryTone, formatDateTime, wrapHex } from '../app/format.js';
import { useNavigation } from '../app/navigation.js';
import { useDetail } from '../app/useLoad.js';
import { Button } from '../components/Button.js';
import { FingerprintFact, MonoLines, SerialFact, SpkiPinFact } from '../components/CertificateFacts.js';
import { ChainPath } from '../components/ChainPath.js';
import { ExtensionList } from '../components/ExtensionList.js';
import { Fact } from '../components/Fact.js';
import { Icon } from '../components/Icon.js';
import { PemBlock } from '../components/PemBlock.js';
import { canRevoke, REASON_INFO } from '../../shared/domain/revocation.js';
import { CrlPanel } from './CrlPanel.js';
import { OcspPanel } from './OcspPanel.js';
import { AcmePanel } from './acme/AcmePanel.js';
import { AuthoritySettingsForm } from './AuthoritySettingsForm.js';
import { PendingActivation } from './PendingActivation.js';
import { DetailLoadStatus } from './LoadStatus.js';

interface AuthorityDetailPaneProps {
  readonly id: string;
  /** Something about this authority changed (settings, activation): the list should reload. */
  readonly onChanged: (authority: AuthoritySummary) => void;
  /** Selects another authority of the vault (from the chain). */
  readonly onSelect: (id: string) => void;
}

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

export function AuthorityDetailPane({ id, onChanged, onSelect }: AuthorityDetailPaneProps) {
  const nav = useNavigation();
  const [reload, setReload] = useState(0);
  const [load, setLoad] = useDetail('authority.get', id, reload);

  if (load.state !== 'ready') return <DetailLoadStatus load={load} failedTitle="The details could not be loaded" />;

  const d = load.value;
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
            {d.kind === 'intermediate' && d.parentId && canRevoke(d.revocation) ? (
              <Button variant="danger" icon={<Icon name="alert" />} onClick={() => nav.open('revoke', { authorityId: d.id })}>
                Revoke CA…
              </Button>
            ) : null}
          </div>
          {noIntermediates ? (
            <p id="no-intermediates" className="field-hint">
              No intermediate CAs below this one: {noIntermediates.charAt(0).toLowerCase() + noIntermediates.slice(1)}.
            </p>
          ) : null}
        </div>
      )}

      {d.revocation ? (
        <div className="alert alert-error" role="status" aria-label="Revocation">
          <Icon name="alert" />
          <div className="alert-body">
            <p className="alert-title">Revoked: {REASON_INFO[d.revocation.reason].label}</p>
            <p>Since {formatDateTime(d.revocation.revokedAt)}. It can no longer issue, and clients that check its issuer's CRL refuse every certificate under it.</p>
          </div>
        </div>
      ) : null}

      {pending ? (
        <PendingActivation
          detail={d}
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
            <SerialFact hex={d.serialNumberHex} />
            <Fact label="Valid from">{formatDateTime(d.notBefore)}</Fact>
            <Fact label="Valid until">
              {formatDateTime(d.notAfter)} <span className="muted">({[describeDaysLeft(d.notAfter), aboutYears(d.notAfter)].filter(Boolean).join(', ')})</span>
            </Fact>
          </>
        )}
        <Fact label="Path length">{pathLengthText(d.pathLength)}</Fact>
        {d.kind === 'intermediate' ? (
          <Fact label="Name constraints">
            <MonoLines lines={d.nameConstraints ? constraintLines(d.nameConstraints) : ['None']} />
          </Fact>
        ) : null}
        <Fact label="Key algorithm">{KEY_ALGORITHM_INFO[d.keyAlgorithm].label}</Fact>
        {pending ? null : (
          <>
            <Fact label="Signature algorithm">
              <code>{d.signatureAlgorithm}</code>
            </Fact>
            <Fact label="Subject key identifier">
              {d.subjectKeyIdentifier ? <MonoLines lines={wrapHex(d.subjectKeyIdentifier, 10)} code /> : <code className="mono-block">—</code>}
            </Fact>
          </>
        )}
        {d.spkiSha256 ? (
          <SpkiPinFact pin={d.spkiSha256} />
        ) : null}
        {pending ? null : (
          <FingerprintFact label="SHA-256 fingerprint" copyLabel="Copy SHA-256 fingerprint" hex={d.sha256Fingerprint} />
        )}
        <Fact label="Created">{formatDateTime(d.createdAt)}</Fact>
      </dl>

      {pending ? null : <CrlPanel key={`crl-${d.id}`} authorityId={d.id} />}
      {pending ? null : <OcspPanel key={`ocsp-${d.id}`} authorityId={d.id} />}
      {pending || d.revocation ? null : (
        <AcmePanel
          key={`acme-${d.id}`}
          authority={d}
          onIssued={() => {
            // Certificates issued over ACME: this pane's counts and the list's are read again.
            setReload((r) => r + 1);
            onChanged(d);
          }}
        />
      )}

      {pending ? null : <ExtensionList extensions={d.extensions} />}
      {d.chain.length > 0 ? <ChainPath chain={d.chain} onOpenAuthority={onSelect} selfId={d.id} /> : null}

      <AuthoritySettingsForm
        key={d.id}
        authority={d}
        onSaved={(summary) => {
          setLoad({ state: 'ready', value: { ...d, ...summary } });
          onChanged(summary);
        }}
      />

      {pending ? null : <PemBlock title="Certificate (PEM)" pem={d.certificatePem} label="Certificate PEM" copyLabel="Copy certificate PEM" hint="The certificate only. The private key stays sealed in the vault." />}
    </article>
  );
}
