import { useState, type ReactNode } from 'react';
import type { AuthorityDetail, AuthoritySummary, NameConstraints } from '../../shared/domain/authority.js';
import { KEY_ALGORITHM_INFO } from '../../shared/domain/keys.js';
import { whyNoIntermediates } from '../app/authority-tree.js';
import { aboutYears, describeDaysLeft, expiryTone, formatDateTime } from '../app/format.js';
import { useNavigation } from '../app/navigation.js';
import { useDetail } from '../app/useLoad.js';
import { Button } from '../components/Button.js';
import { DangerZone } from '../components/DangerZone.js';
import { IstioExportButton } from './IstioExportButton.js';
import { FingerprintFact, HexFact, MonoLines, SerialFact, SpkiPinFact } from '../components/CertificateFacts.js';
import { ChainPath } from '../components/ChainPath.js';
import { ExtensionList } from '../components/ExtensionList.js';
import { Fact } from '../components/Fact.js';
import { Icon } from '../components/Icon.js';
import { PemBlock } from '../components/PemBlock.js';
import { Tabs, type TabDef } from '../components/Tabs.js';
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

type AuthorityTab = 'overview' | 'certificates' | 'revocation' | 'settings';

const TABS: ReadonlyArray<TabDef<AuthorityTab>> = [
  { id: 'overview', label: 'Overview', icon: 'shield' },
  { id: 'certificates', label: 'Certificates', icon: 'certificate' },
  { id: 'revocation', label: 'Revocation', icon: 'alert' },
  { id: 'settings', label: 'Settings', icon: 'settings' },
];

/** A CA waiting for its signed certificate has no certificates or revocation yet. */
const PENDING_TABS = TABS.filter((t) => t.id === 'overview' || t.id === 'settings');

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

/**
 * One authority: its name and main actions above four tabs — Overview (the certificate),
 * Certificates (what it issued, ACME), Revocation (CRL, OCSP, revoking the CA itself, kept away
 * from the main actions) and Settings (what goes into what it issues).
 */
export function AuthorityDetailPane({ id, onChanged, onSelect }: AuthorityDetailPaneProps) {
  const [reload, setReload] = useState(0);
  const [tab, setTab] = useState<AuthorityTab>('overview');
  const [load, setLoad] = useDetail('authority.get', id, reload);

  if (load.state !== 'ready') return <DetailLoadStatus load={load} failedTitle="The details could not be loaded" />;

  const d = load.value;
  const pending = d.state === 'pending';
  const changed = (summary: AuthoritySummary) => {
    setReload((r) => r + 1);
    onChanged(summary);
  };
  const panels: Record<AuthorityTab, ReactNode> = {
    overview: <OverviewTab detail={d} onSelect={onSelect} onActivated={changed} />,
    certificates: pending ? null : <CertificatesTab detail={d} onIssued={() => changed(d)} />,
    revocation: pending ? null : <RevocationTab detail={d} />,
    settings: (
      <AuthoritySettingsForm
        key={d.id}
        authority={d}
        onSaved={(summary) => {
          setLoad({ state: 'ready', value: { ...d, ...summary } });
          onChanged(summary);
        }}
      />
    ),
  };
  return (
    <article className="detail" aria-labelledby="detail-title">
      <AuthorityHead detail={d} />
      {pending ? null : <AuthorityActions detail={d} />}
      {d.revocation ? (
        <div className="alert alert-error" role="status" aria-label="Revocation">
          <Icon name="alert" />
          <div className="alert-body">
            <p className="alert-title">Revoked: {REASON_INFO[d.revocation.reason].label}</p>
            <p>Since {formatDateTime(d.revocation.revokedAt)}. It can no longer issue, and clients that check its issuer's CRL refuse every certificate under it.</p>
          </div>
        </div>
      ) : null}
      <Tabs label={`${d.subject.commonName}: sections`} tabs={pending ? PENDING_TABS : TABS} selected={tab} onSelect={setTab} panels={panels} className="authority-tabs" />
    </article>
  );
}

function AuthorityHead({ detail: d }: { readonly detail: AuthorityDetail }) {
  const pending = d.state === 'pending';
  const tone = expiryTone(d.notAfter);
  return (
    <header className="detail-head">
      <div>
        <h2 id="detail-title" className="detail-title">
          {d.subject.commonName}
        </h2>
        <p className="detail-sub">
          <span className="tag tag-accent">{d.kind === 'root' ? 'Root CA' : 'Intermediate CA'}</span>
          {pending ? <span className="tag tag-soon">Waiting for signed certificate</span> : null}
          <span className="tag">{KEY_ALGORITHM_INFO[d.keyAlgorithm].label}</span>
          {pending ? null : <span className={`tag tag-${tone}`}>{aboutYears(d.notAfter) ? `Expires in ${aboutYears(d.notAfter)}` : describeDaysLeft(d.notAfter)}</span>}
        </p>
      </div>
    </header>
  );
}

/**
 * What this CA is for, first. A root signs CAs: its primary action is a new intermediate, and
 * issuing leaves from it stays possible but secondary (the issue wizards ask to confirm). Revoking
 * is not here: it is in the Revocation tab, apart from everything else.
 */
function AuthorityActions({ detail: d }: { readonly detail: AuthorityDetail }) {
  const nav = useNavigation();
  const noIntermediates = whyNoIntermediates(d);
  const intermediateFirst = d.kind === 'root' && noIntermediates === undefined;
  const newIntermediate = (
    <Button
      key="intermediate"
      variant={intermediateFirst ? 'primary' : 'secondary'}
      icon={<Icon name="plus" />}
      disabled={noIntermediates !== undefined}
      aria-describedby={noIntermediates ? 'no-intermediates' : undefined}
      onClick={() => nav.open('new-intermediate', { authorityId: d.id })}
    >
      New intermediate
    </Button>
  );
  const issue = (
    <Button key="issue" variant={intermediateFirst ? 'secondary' : 'primary'} icon={<Icon name="certificate" />} onClick={() => nav.open('issue', { authorityId: d.id })}>
      Issue certificate
    </Button>
  );
  return (
    <div className="detail-actions">
      <div className="button-row" role="group" aria-label="Authority actions">
        {intermediateFirst ? newIntermediate : issue}
        {intermediateFirst ? issue : null}
        <Button icon={<Icon name="key" />} onClick={() => nav.open('mtls-pair', { authorityId: d.id })}>
          mTLS pair
        </Button>
        <Button icon={<Icon name="stack" />} onClick={() => nav.open('bulk-issue', { authorityId: d.id })}>
          Bulk issue
        </Button>
        {intermediateFirst ? null : newIntermediate}
      </div>
      {noIntermediates ? (
        <p id="no-intermediates" className="field-hint">
          No intermediate CAs below this one: {noIntermediates.charAt(0).toLowerCase() + noIntermediates.slice(1)}.
        </p>
      ) : null}
    </div>
  );
}

/** The CA's certificate: subject, dates, limits, fingerprints, chain, extensions and PEM. */
function OverviewTab({ detail: d, onSelect, onActivated }: { readonly detail: AuthorityDetail; readonly onSelect: (id: string) => void; readonly onActivated: (summary: AuthoritySummary) => void }) {
  const pending = d.state === 'pending';
  const issuer = d.kind === 'root' ? 'Self-signed (this is a root)' : pending ? 'Not signed yet' : (d.chain[1]?.commonName ?? 'A CA outside this vault');
  return (
    <div className="tab-stack">
      {pending ? <PendingActivation detail={d} onActivated={onActivated} /> : null}
      <dl className="facts facts-detail" aria-label="Certificate details">
        <Fact label="Subject">
          <code>{d.subjectDn}</code>
        </Fact>
        <Fact label="Issuer">{issuer}</Fact>
        {pending ? null : (
          <>
            <SerialFact hex={d.serialNumberHex} />
            <Fact label="Valid from">{formatDateTime(d.notBefore)}</Fact>
            <Fact label="Expires">
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
            {d.subjectKeyIdentifier ? <HexFact label="Subject key identifier" hex={d.subjectKeyIdentifier} /> : <Fact label="Subject key identifier">—</Fact>}
          </>
        )}
        {d.spkiSha256 ? <SpkiPinFact pin={d.spkiSha256} /> : null}
        {pending ? null : <FingerprintFact label="SHA-256 fingerprint" copyLabel="Copy SHA-256 fingerprint" hex={d.sha256Fingerprint} />}
        <Fact label="Created">{formatDateTime(d.createdAt)}</Fact>
      </dl>
      {d.chain.length > 0 ? <ChainPath chain={d.chain} onOpenAuthority={onSelect} selfId={d.id} /> : null}
      {pending ? null : <ExtensionList extensions={d.extensions} />}
      {/* Exports of the CA (its certificate below; bundles for other systems go here too). */}
      {pending ? null : <IstioExportButton detail={d} />}
      {pending ? null : <PemBlock title="Certificate (PEM)" pem={d.certificatePem} label="Certificate PEM" copyLabel="Copy certificate PEM" hint="The certificate only. The private key stays sealed in the vault." />}
    </div>
  );
}

/** What the CA has issued, and the ACME server that issues for it. */
function CertificatesTab({ detail: d, onIssued }: { readonly detail: AuthorityDetail; readonly onIssued: () => void }) {
  const nav = useNavigation();
  return (
    <div className="tab-stack">
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
      <div className="button-row">
        <Button variant="ghost" icon={<Icon name="certificate" />} onClick={() => nav.show('certificates', { filter: { authorityId: d.id, authorityName: d.subject.commonName } })}>
          Show the certificates it issued
        </Button>
      </div>
      {d.revocation ? null : (
        // Certificates issued over ACME: this pane's counts and the list's are read again.
        <AcmePanel key={`acme-${d.id}`} authority={d} onIssued={onIssued} />
      )}
    </div>
  );
}

/** The CA's revocation lists and OCSP responder; for an intermediate, revoking the CA itself, last and apart. */
function RevocationTab({ detail: d }: { readonly detail: AuthorityDetail }) {
  const nav = useNavigation();
  const revocable = d.kind === 'intermediate' && d.parentId !== null && canRevoke(d.revocation);
  return (
    <div className="tab-stack">
      <CrlPanel key={`crl-${d.id}`} authorityId={d.id} />
      <OcspPanel key={`ocsp-${d.id}`} authorityId={d.id} />
      {revocable ? (
        <DangerZone id={`revoke-ca-${d.id}`} title="Revoke this CA" action="Revoke CA…" onAction={() => nav.open('revoke', { authorityId: d.id })}>
          Every certificate under it stops being trusted by clients that check its issuer's CRL, and it can no longer issue. You will be asked to type its name.
        </DangerZone>
      ) : null}
    </div>
  );
}
