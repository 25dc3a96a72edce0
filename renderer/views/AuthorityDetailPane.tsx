import { useState, type ReactNode } from 'react';
import type { AuthorityDetail, AuthoritySummary, NameConstraints } from '../../shared/domain/authority.js';
import { KEY_ALGORITHM_INFO } from '../../shared/domain/keys.js';
import { whyNoIntermediates } from '../app/authority-tree.js';
import { aboutYears, describeDaysLeft, expiryTone, formatDateTime, formatNumber } from '../app/format.js';
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
import { canRevoke } from '../../shared/domain/revocation.js';
import { t } from '../i18n/instance.js';
import { useT } from '../i18n/use-t.js';
import { reasonLabel } from '../components/CrlEntryTable.js';
import { CrlPanel } from './CrlPanel.js';
import { OcspPanel } from './OcspPanel.js';
import { AcmePanel } from './acme/AcmePanel.js';
import { AuthoritySettingsForm } from './AuthoritySettingsForm.js';
import { PendingActivation } from './PendingActivation.js';
import { DetailLoadStatus } from './LoadStatus.js';
import { RemotePanel } from './remote/RemotePanel.js';
import { StepCaTag } from './remote/RemoteTags.js';
import { StepCaExportSection } from './remote/StepCaExport.js';

interface AuthorityDetailPaneProps {
  readonly id: string;
  /** Something about this authority changed (settings, activation): the list should reload. */
  readonly onChanged: (authority: AuthoritySummary) => void;
  /** Selects another authority of the vault (from the chain). */
  readonly onSelect: (id: string) => void;
}

type AuthorityTab = 'overview' | 'certificates' | 'revocation' | 'settings';

/**
 * The tabs, worded when shown (the language can change meanwhile). A pending CA has no certificates
 * or revocation yet; a remote one (step-ca signs) no CRL, OCSP or issuing settings here.
 */
function tabsFor(pending: boolean, remote = false): ReadonlyArray<TabDef<AuthorityTab>> {
  const tabs: ReadonlyArray<TabDef<AuthorityTab>> = [
    { id: 'overview', label: t('authorities:tab.overview'), icon: 'shield' },
    { id: 'certificates', label: t('authorities:tab.certificates'), icon: 'certificate' },
    { id: 'revocation', label: t('authorities:tab.revocation'), icon: 'alert' },
    { id: 'settings', label: t('authorities:tab.settings'), icon: 'settings' },
  ];
  if (remote) return tabs.filter((tab) => tab.id === 'overview' || tab.id === 'certificates');
  return pending ? tabs.filter((tab) => tab.id === 'overview' || tab.id === 'settings') : tabs;
}

function constraintLines(c: NameConstraints): string[] {
  const lines: string[] = [];
  if (c.permittedDns.length > 0) lines.push(t('authorities:overview.permittedDns', { list: c.permittedDns.join(', ') }));
  if (c.excludedDns.length > 0) lines.push(t('authorities:overview.excludedDns', { list: c.excludedDns.join(', ') }));
  if (c.permittedIp.length > 0) lines.push(t('authorities:overview.permittedIp', { list: c.permittedIp.join(', ') }));
  if (c.excludedIp.length > 0) lines.push(t('authorities:overview.excludedIp', { list: c.excludedIp.join(', ') }));
  return lines.length > 0 ? lines : [t('authorities:overview.none')];
}

function pathLengthText(pathLength: number | null): string {
  return pathLength === null ? t('authorities:overview.noLimit') : pathLength === 0 ? t('authorities:overview.leafOnly') : String(pathLength);
}

/**
 * One authority: its name and main actions above four tabs — Overview (the certificate),
 * Certificates (what it issued, ACME), Revocation (CRL, OCSP, revoking the CA itself, kept away
 * from the main actions) and Settings (what goes into what it issues).
 */
export function AuthorityDetailPane({ id, onChanged, onSelect }: AuthorityDetailPaneProps) {
  const t = useT();
  const [reload, setReload] = useState(0);
  const [tab, setTab] = useState<AuthorityTab>('overview');
  const [load, setLoad] = useDetail('authority.get', id, reload);

  if (load.state !== 'ready') return <DetailLoadStatus load={load} failedTitle={t('authorities:detail.loadFailed')} />;

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
        <div className="alert alert-error" role="status" aria-label={t('authorities:detail.revocationLabel')}>
          <Icon name="alert" />
          <div className="alert-body">
            <p className="alert-title">{t('authorities:detail.revokedTitle', { reason: reasonLabel(d.revocation.reason) })}</p>
            <p>{t('authorities:detail.revokedBody', { date: formatDateTime(d.revocation.revokedAt) })}</p>
          </div>
        </div>
      ) : null}
      <Tabs label={t('authorities:detail.sections', { name: d.subject.commonName })} tabs={tabsFor(pending, Boolean(d.remoteId))} selected={tab} onSelect={setTab} panels={panels} className="authority-tabs" />
    </article>
  );
}

function AuthorityHead({ detail: d }: { readonly detail: AuthorityDetail }) {
  const t = useT();
  const pending = d.state === 'pending';
  const tone = expiryTone(d.notAfter);
  const years = aboutYears(d.notAfter);
  return (
    <header className="detail-head">
      <div>
        <h2 id="detail-title" className="detail-title">
          {d.subject.commonName}
        </h2>
        <p className="detail-sub">
          <span className="tag tag-accent">{d.kind === 'root' ? t('authorities:item.root') : t('authorities:item.intermediate')}</span>
          {pending ? <span className="tag tag-soon">{t('authorities:item.waiting')}</span> : null}
          {d.remoteId ? <StepCaTag remote={undefined} /> : null}
          <span className="tag">{KEY_ALGORITHM_INFO[d.keyAlgorithm].label}</span>
          {pending ? null : <span className={`tag tag-${tone}`}>{years ? t('authorities:detail.expiresIn', { years }) : describeDaysLeft(d.notAfter)}</span>}
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
  const t = useT();
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
      {t('authorities:actions.newIntermediate')}
    </Button>
  );
  const issue = (
    <Button key="issue" variant={intermediateFirst ? 'secondary' : 'primary'} icon={<Icon name="certificate" />} onClick={() => nav.open('issue', { authorityId: d.id })}>
      {t('authorities:actions.issue')}
    </Button>
  );
  return (
    <div className="detail-actions">
      <div className="button-row" role="group" aria-label={t('authorities:actions.label')}>
        {intermediateFirst ? newIntermediate : issue}
        {intermediateFirst ? issue : null}
        <Button icon={<Icon name="key" />} onClick={() => nav.open('mtls-pair', { authorityId: d.id })}>
          {t('authorities:actions.mtlsPair')}
        </Button>
        <Button icon={<Icon name="stack" />} onClick={() => nav.open('bulk-issue', { authorityId: d.id })}>
          {t('authorities:actions.bulkIssue')}
        </Button>
        {intermediateFirst ? null : newIntermediate}
      </div>
      {noIntermediates ? (
        <p id="no-intermediates" className="field-hint">
          {t('authorities:actions.noIntermediates', { why: noIntermediates })}
        </p>
      ) : null}
    </div>
  );
}

/** The CA's certificate: subject, dates, limits, fingerprints, chain, extensions and PEM. */
function OverviewTab({ detail: d, onSelect, onActivated }: { readonly detail: AuthorityDetail; readonly onSelect: (id: string) => void; readonly onActivated: (summary: AuthoritySummary) => void }) {
  const t = useT();
  const pending = d.state === 'pending';
  const issuer = d.kind === 'root' ? t('authorities:overview.selfSigned') : pending ? t('authorities:overview.notSigned') : (d.chain[1]?.commonName ?? t('authorities:overview.outsideIssuer'));
  return (
    <div className="tab-stack">
      {pending ? <PendingActivation detail={d} onActivated={onActivated} /> : null}
      {d.remoteId ? <RemotePanel remoteId={d.remoteId} /> : null}
      <dl className="facts facts-detail" aria-label={t('authorities:overview.label')}>
        <Fact label={t('authorities:overview.subject')}>
          <code>{d.subjectDn}</code>
        </Fact>
        <Fact label={t('authorities:overview.issuer')}>{issuer}</Fact>
        {pending ? null : (
          <>
            <SerialFact hex={d.serialNumberHex} />
            <Fact label={t('authorities:overview.validFrom')}>{formatDateTime(d.notBefore)}</Fact>
            <Fact label={t('authorities:overview.expires')}>
              {formatDateTime(d.notAfter)} <span className="muted">({[describeDaysLeft(d.notAfter), aboutYears(d.notAfter)].filter(Boolean).join(', ')})</span>
            </Fact>
          </>
        )}
        <Fact label={t('authorities:overview.pathLength')}>{pathLengthText(d.pathLength)}</Fact>
        {d.kind === 'intermediate' ? (
          <Fact label={t('authorities:overview.nameConstraints')}>
            <MonoLines lines={d.nameConstraints ? constraintLines(d.nameConstraints) : [t('authorities:overview.none')]} />
          </Fact>
        ) : null}
        <Fact label={t('authorities:overview.keyAlgorithm')}>{KEY_ALGORITHM_INFO[d.keyAlgorithm].label}</Fact>
        {pending ? null : (
          <>
            <Fact label={t('authorities:overview.signatureAlgorithm')}>
              <code>{d.signatureAlgorithm}</code>
            </Fact>
            {d.subjectKeyIdentifier ? <HexFact label={t('authorities:overview.ski')} hex={d.subjectKeyIdentifier} /> : <Fact label={t('authorities:overview.ski')}>—</Fact>}
          </>
        )}
        {d.spkiSha256 ? <SpkiPinFact pin={d.spkiSha256} /> : null}
        {pending ? null : <FingerprintFact label={t('authorities:overview.fingerprint')} copyLabel={t('authorities:overview.copyFingerprint')} hex={d.sha256Fingerprint} />}
        <Fact label={t('authorities:overview.created')}>{formatDateTime(d.createdAt)}</Fact>
      </dl>
      {d.chain.length > 0 ? <ChainPath chain={d.chain} onOpenAuthority={onSelect} selfId={d.id} /> : null}
      {pending ? null : <ExtensionList extensions={d.extensions} />}
      {/* Exports of the CA (its certificate below; bundles for other systems go here too). */}
      {pending || d.remoteId ? null : <IstioExportButton detail={d} />}
      {d.kind === 'root' ? <StepCaExportSection detail={d} onExported={onActivated} /> : null}
      {pending ? null : <PemBlock title={t('authorities:overview.pemTitle')} pem={d.certificatePem} label={t('authorities:overview.pemLabel')} copyLabel={t('authorities:overview.copyPem')} hint={t('authorities:overview.pemHint')} />}
    </div>
  );
}

/** What the CA has issued, and the ACME server that issues for it. */
function CertificatesTab({ detail: d, onIssued }: { readonly detail: AuthorityDetail; readonly onIssued: () => void }) {
  const t = useT();
  const nav = useNavigation();
  return (
    <div className="tab-stack">
      <dl className="counts" aria-label={t('authorities:issued.label')}>
        <div className="count">
          <dt>{t('authorities:issued.issued')}</dt>
          <dd>{formatNumber(d.counts.issued)}</dd>
        </div>
        <div className="count">
          <dt>{t('authorities:issued.revoked')}</dt>
          <dd>{formatNumber(d.counts.revoked)}</dd>
        </div>
        <div className={d.counts.expiring > 0 ? 'count count-warn' : 'count'}>
          <dt>{t('authorities:issued.expiring')}</dt>
          <dd>{formatNumber(d.counts.expiring)}</dd>
        </div>
      </dl>
      <div className="button-row">
        <Button variant="ghost" icon={<Icon name="certificate" />} onClick={() => nav.show('certificates', { filter: { authorityId: d.id, authorityName: d.subject.commonName } })}>
          {t('authorities:issued.show')}
        </Button>
      </div>
      {d.revocation || d.remoteId ? null : (
        // Certificates issued over ACME: this pane's counts and the list's are read again.
        <AcmePanel key={`acme-${d.id}`} authority={d} onIssued={onIssued} />
      )}
    </div>
  );
}

/** The CA's revocation lists and OCSP responder; for an intermediate, revoking the CA itself, last and apart. */
function RevocationTab({ detail: d }: { readonly detail: AuthorityDetail }) {
  const t = useT();
  const nav = useNavigation();
  const revocable = d.kind === 'intermediate' && d.parentId !== null && canRevoke(d.revocation);
  return (
    <div className="tab-stack">
      <CrlPanel key={`crl-${d.id}`} authorityId={d.id} />
      <OcspPanel key={`ocsp-${d.id}`} authorityId={d.id} />
      {revocable ? (
        <DangerZone id={`revoke-ca-${d.id}`} title={t('authorities:revokeCa.title')} action={t('authorities:revokeCa.action')} onAction={() => nav.open('revoke', { authorityId: d.id })}>
          {t('authorities:revokeCa.body')}
        </DangerZone>
      ) : null}
    </div>
  );
}
