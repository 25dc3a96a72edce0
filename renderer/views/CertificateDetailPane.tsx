import { useState } from 'react';
import { canRevoke } from '../../shared/domain/revocation.js';
import { ErrorAlert } from '../components/Alert.js';
import { call, type IpcError } from '../ipc/client.js';
import { certificateLabel, describeDaysLeft, formatDate, formatDateTime } from '../app/format.js';
import { useNavigation } from '../app/navigation.js';
import { useDetail } from '../app/useLoad.js';
import { Button } from '../components/Button.js';
import { DangerZone } from '../components/DangerZone.js';
import { Icon } from '../components/Icon.js';
import { FingerprintFact, HexFact, SerialFact, SpkiPinFact } from '../components/CertificateFacts.js';
import { ChainPath } from '../components/ChainPath.js';
import { ExtensionList } from '../components/ExtensionList.js';
import { Fact } from '../components/Fact.js';
import { PemBlock } from '../components/PemBlock.js';
import { SAN_TYPE_SHORT, unicodeForm } from '../components/san-model.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { DetailLoadStatus } from './LoadStatus.js';
import { AcmeTag } from './acme/AcmeTag.js';
import { StepCaTag } from './remote/RemoteTags.js';
import { useRemotes } from './remote/useRemotes.js';
import { useT } from '../i18n/use-t.js';
import { profileCertificateLabel } from './certificate-words.js';
import { reasonLabel } from '../components/CrlEntryTable.js';

interface CertificateDetailPaneProps {
  readonly id: string;
  readonly onClose: () => void;
  /** The certificate changed here (a hold lifted): the list around it refreshes. */
  readonly onChanged?: () => void;
}

/** A link to the certificate this one replaces or was replaced by: its name, serial and end. */
function RelatedCertificate({ id }: { readonly id: string }) {
  const t = useT();
  const nav = useNavigation();
  const [load] = useDetail('certificate.get', id);
  const c = load.state === 'ready' ? load.value : null;
  return (
    <button type="button" className="link" onClick={() => nav.show('certificates', { select: id })}>
      {c
        ? t('certificates:detail.related', { name: certificateLabel(c), serial: c.serialNumberHex.replace(/:/g, '').slice(-8), date: formatDate(c.notAfter) })
        : load.state === 'failed'
          ? t('certificates:detail.relatedGone')
          : t('certificates:detail.loading')}
    </button>
  );
}

/** Every field of one certificate in words, its chain leaf → root, and the PEMs to copy. */
export function CertificateDetailPane({ id, onClose, onChanged }: CertificateDetailPaneProps) {
  const t = useT();
  const nav = useNavigation();
  const [reload, setReload] = useState(0);
  const [load] = useDetail('certificate.get', id, reload);
  const [releasing, setReleasing] = useState(false);
  const [releaseError, setReleaseError] = useState<IpcError | null>(null);

  async function liftHold() {
    setReleasing(true);
    setReleaseError(null);
    const result = await call('certificate.release', { id });
    setReleasing(false);
    if (result.ok) {
      setReload((r) => r + 1);
      onChanged?.();
    } else setReleaseError(result.error);
  }

  // Issued through a step-ca server: tagged with it.
  const { remotes } = useRemotes();
  const remote = load.state === 'ready' ? remotes.find((r) => r.authorityId === load.value.authorityId) : undefined;
  if (load.state !== 'ready') return <DetailLoadStatus load={load} failedTitle={t('certificates:detail.loadFailed')} />;

  const d = load.value;
  const chainText = [d.chainPem.trim(), d.rootPem.trim()].filter(Boolean).join('\n');
  return (
    <article className="detail" aria-labelledby="certificate-title">
      <header className="detail-head detail-head-row">
        <div>
          <h2 id="certificate-title" className="detail-title">
            {certificateLabel(d)}
          </h2>
          <p className="detail-sub">
            <span className="tag tag-accent">{profileCertificateLabel(d.profile)}</span>
            <StatusBadge status={d.status} />
            <span className="tag">{d.key.label}</span>
            {d.hasPrivateKey ? <span className="tag">{t('certificates:detail.keySealed')}</span> : <span className="tag">{t('certificates:detail.fromCsr')}</span>}
            {d.acmeAccountId ? <AcmeTag accountId={d.acmeAccountId} /> : null}
            {remote ? <StepCaTag remote={remote} named /> : null}
          </p>
        </div>
        <div className="actions">
          {/* A revoked certificate is no longer worth deploying: Export stays possible, but not as the primary action. */}
          <Button variant={d.revocation ? 'secondary' : 'primary'} icon={<Icon name="download" />} onClick={() => nav.open('export', { certificateId: d.id })}>
            {t('certificates:detail.export')}
          </Button>
          {d.revocation === null && d.replacedById === null && d.profile !== 'ca' ? (
            <Button icon={<Icon name="clock" />} onClick={() => nav.open('renew', { certificateIds: [d.id] })}>
              {t('certificates:detail.renew')}
            </Button>
          ) : null}
          {d.revocation === null && d.replacedById === null && d.hasPrivateKey ? (
            <Button icon={<Icon name="key" />} onClick={() => nav.open('renew', { certificateIds: [d.id], rekey: true })}>
              {t('certificates:detail.rekey')}
            </Button>
          ) : null}
          {d.revocation?.reason === 'certificateHold' ? (
            <Button onClick={() => void liftHold()} busy={releasing}>
              {t('certificates:detail.liftHold')}
            </Button>
          ) : null}
          <Button variant="ghost" onClick={onClose}>
            {t('certificates:detail.close')}
          </Button>
        </div>
      </header>

      {releaseError ? <ErrorAlert error={releaseError} title={t('certificates:detail.liftFailed')} /> : null}
      {d.revocation ? (
        <div className={d.revocation.reason === 'certificateHold' ? 'alert alert-warning' : 'alert alert-error'} role="status" aria-label={t('certificates:detail.revocationLabel')}>
          <Icon name="alert" />
          <div className="alert-body">
            <p className="alert-title">
              {d.revocation.reason === 'certificateHold'
                ? t('certificates:detail.onHoldTitle', { reason: reasonLabel(d.revocation.reason) })
                : t('certificates:detail.revokedTitle', { reason: reasonLabel(d.revocation.reason) })}
            </p>
            <p>
              {d.revocation.invalidityDate
                ? t('certificates:detail.sinceInvalid', { date: formatDateTime(d.revocation.revokedAt), invalidity: formatDateTime(d.revocation.invalidityDate) })
                : t('certificates:detail.since', { date: formatDateTime(d.revocation.revokedAt) })}{' '}
              {d.revocation.reason === 'certificateHold' ? t('certificates:detail.holdNote') : remote ? t('remote:view.revokedNote', { name: remote.name }) : t('certificates:detail.finalNote')}
            </p>
          </div>
        </div>
      ) : null}

      {d.scheduledRevocation && d.revocation === null ? (
        <div className="alert alert-warning" role="status" aria-label={t('certificates:detail.scheduledLabel')}>
          <Icon name="clock" />
          <div className="alert-body">
            <p className="alert-title">{t('certificates:detail.scheduledTitle', { date: formatDateTime(d.scheduledRevocation) })}</p>
            <p>{t('certificates:detail.scheduledBody')}</p>
          </div>
        </div>
      ) : null}

      <dl className="facts facts-detail" aria-label={t('certificates:detail.fields')}>
        <Fact label={t('certificates:detail.subject')}>
          <code>{d.subjectDn}</code>
        </Fact>
        <Fact label={t('certificates:detail.sans')}>
          {d.sans.length === 0 ? (
            t('certificates:detail.none')
          ) : (
            <span className="mono-block">
              {d.sans.map((s) => {
                const unicode = unicodeForm(s);
                return (
                  <span key={`${s.type}:${s.value}`}>
                    <span className="muted">{SAN_TYPE_SHORT[s.type]}:</span> {unicode ? `${unicode} (${s.value})` : s.value}
                  </span>
                );
              })}
            </span>
          )}
        </Fact>
        <Fact label={t('certificates:detail.issuer')}>
          {d.authorityId ? (
            <button type="button" className="link" onClick={() => nav.show('authorities', { select: d.authorityId })}>
              {d.issuerCommonName}
            </button>
          ) : (
            d.issuerCommonName
          )}
        </Fact>
        <SerialFact hex={d.serialNumberHex} />
        <Fact label={t('certificates:detail.validFrom')}>{formatDateTime(d.notBefore)}</Fact>
        <Fact label={t('certificates:detail.expires')}>
          {formatDateTime(d.notAfter)}{' '}
          {d.revocation ? (
            <span className="revoked-on">
              {d.revocation.reason === 'certificateHold'
                ? t('certificates:detail.expiresOnHold', { date: formatDate(d.revocation.revokedAt) })
                : t('certificates:detail.expiresRevoked', { date: formatDate(d.revocation.revokedAt) })}
            </span>
          ) : (
            <span className="muted">({describeDaysLeft(d.notAfter)})</span>
          )}
        </Fact>
        <Fact label={t('certificates:detail.key')}>{d.key.label}</Fact>
        <Fact label={t('certificates:detail.signatureAlgorithm')}>
          <code>{d.signatureAlgorithm}</code>
        </Fact>
        {d.subjectKeyIdentifier ? <HexFact label={t('certificates:detail.ski')} hex={d.subjectKeyIdentifier} /> : <Fact label={t('certificates:detail.ski')}>—</Fact>}
        {d.authorityKeyIdentifier ? <HexFact label={t('certificates:detail.aki')} hex={d.authorityKeyIdentifier} /> : <Fact label={t('certificates:detail.aki')}>—</Fact>}
        <SpkiPinFact pin={d.spkiSha256} />
        <FingerprintFact label={t('certificates:detail.fingerprint')} copyLabel={t('certificates:detail.copyFingerprint')} hex={d.sha256Fingerprint} />
        <Fact label={t('certificates:detail.issued')}>{formatDateTime(d.createdAt)}</Fact>
        {d.acmeAccountId ? (
          <Fact label={t('certificates:detail.acme')} copy={{ text: d.acmeAccountId, label: t('certificates:detail.copyAcmeAccount') }}>
            <span className="muted">{t('certificates:detail.byAccount')}</span> <code className="mono-wrap">{d.acmeAccountId}</code>
          </Fact>
        ) : null}
        {d.replacesId ? (
          <Fact label={t('certificates:detail.replaces')}>
            <RelatedCertificate id={d.replacesId} />
          </Fact>
        ) : null}
        {d.replacedById ? (
          <Fact label={t('certificates:detail.replacedBy')}>
            <RelatedCertificate id={d.replacedById} />
          </Fact>
        ) : null}
      </dl>

      <ExtensionList extensions={d.extensions} />
      <ChainPath chain={d.chain} onOpenAuthority={(authorityId) => nav.show('authorities', { select: authorityId })} />

      <PemBlock
        title={t('certificates:detail.pemTitle')}
        pem={d.certificatePem}
        label={t('certificates:detail.pemLabel')}
        copyLabel={t('certificates:detail.copyPem')}
        hint={d.hasPrivateKey ? t('certificates:detail.pemHintSealed') : t('certificates:detail.pemHintCsr')}
      />
      {chainText ? <PemBlock title={t('certificates:detail.chainTitle')} pem={chainText} label={t('certificates:detail.chainLabel')} copyLabel={t('certificates:detail.copyChain')} hint={t('certificates:detail.chainHint')} /> : null}
      {canRevoke(d.revocation) ? (
        <DangerZone id={`revoke-certificate-${d.id}`} title={t('certificates:detail.revokeTitle')} action={t('certificates:detail.revokeAction')} onAction={() => nav.open('revoke', { certificateIds: [d.id] })}>
          {t('certificates:detail.revokeBody', { name: certificateLabel(d) })}
        </DangerZone>
      ) : null}
    </article>
  );
}
