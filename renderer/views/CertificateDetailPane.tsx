import { useState } from 'react';
import { PROFILE_INFO } from '../../shared/domain/certificate.js';
import { canRevoke, REASON_INFO } from '../../shared/domain/revocation.js';
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

interface CertificateDetailPaneProps {
  readonly id: string;
  readonly onClose: () => void;
  /** The certificate changed here (a hold lifted): the list around it refreshes. */
  readonly onChanged?: () => void;
}

/** A link to the certificate this one replaces or was replaced by: its name, serial and end. */
function RelatedCertificate({ id }: { readonly id: string }) {
  const nav = useNavigation();
  const [load] = useDetail('certificate.get', id);
  const c = load.state === 'ready' ? load.value : null;
  return (
    <button type="button" className="link" onClick={() => nav.show('certificates', { select: id })}>
      {c ? `${certificateLabel(c)}, serial …${c.serialNumberHex.replace(/:/g, '').slice(-8)}, expires ${formatDate(c.notAfter)}` : load.state === 'failed' ? 'a certificate no longer listed' : 'Loading…'}
    </button>
  );
}

/** Every field of one certificate in words, its chain leaf → root, and the PEMs to copy. */
export function CertificateDetailPane({ id, onClose, onChanged }: CertificateDetailPaneProps) {
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

  if (load.state !== 'ready') return <DetailLoadStatus load={load} failedTitle="The certificate could not be loaded" />;

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
            <span className="tag tag-accent">{PROFILE_INFO[d.profile].label} certificate</span>
            <StatusBadge status={d.status} />
            <span className="tag">{d.key.label}</span>
            {d.hasPrivateKey ? <span className="tag">Key sealed in the vault</span> : <span className="tag">Signed from a CSR</span>}
            {d.acmeAccountId ? <AcmeTag accountId={d.acmeAccountId} /> : null}
          </p>
        </div>
        <div className="actions">
          {/* A revoked certificate is no longer worth deploying: Export stays possible, but not as the primary action. */}
          <Button variant={d.revocation ? 'secondary' : 'primary'} icon={<Icon name="download" />} onClick={() => nav.open('export', { certificateId: d.id })}>
            Export…
          </Button>
          {d.revocation === null && d.replacedById === null && d.profile !== 'ca' ? (
            <Button icon={<Icon name="clock" />} onClick={() => nav.open('renew', { certificateIds: [d.id] })}>
              Renew…
            </Button>
          ) : null}
          {d.revocation === null && d.replacedById === null && d.hasPrivateKey ? (
            <Button icon={<Icon name="key" />} onClick={() => nav.open('renew', { certificateIds: [d.id], rekey: true })}>
              Rekey…
            </Button>
          ) : null}
          {d.revocation?.reason === 'certificateHold' ? (
            <Button onClick={() => void liftHold()} busy={releasing}>
              Lift hold
            </Button>
          ) : null}
          <Button variant="ghost" onClick={onClose}>
            Close
          </Button>
        </div>
      </header>

      {releaseError ? <ErrorAlert error={releaseError} title="The hold was not lifted" /> : null}
      {d.revocation ? (
        <div className={d.revocation.reason === 'certificateHold' ? 'alert alert-warning' : 'alert alert-error'} role="status" aria-label="Revocation">
          <Icon name="alert" />
          <div className="alert-body">
            <p className="alert-title">
              {d.revocation.reason === 'certificateHold' ? 'On hold' : 'Revoked'}: {REASON_INFO[d.revocation.reason].label}
            </p>
            <p>
              Since {formatDateTime(d.revocation.revokedAt)}
              {d.revocation.invalidityDate ? `; the key is considered unusable from ${formatDateTime(d.revocation.invalidityDate)}` : ''}.{' '}
              {d.revocation.reason === 'certificateHold' ? 'Clients that check the CRL refuse it until the hold is lifted.' : 'Final: clients that check the CRL refuse it.'}
            </p>
          </div>
        </div>
      ) : null}

      {d.scheduledRevocation && d.revocation === null ? (
        <div className="alert alert-warning" role="status" aria-label="Scheduled revocation">
          <Icon name="clock" />
          <div className="alert-body">
            <p className="alert-title">Will be revoked as superseded on {formatDateTime(d.scheduledRevocation)}</p>
            <p>It was renewed; clients have until then to move to the new certificate. After that, the CRL lists it (reason: superseded).</p>
          </div>
        </div>
      ) : null}

      <dl className="facts facts-detail" aria-label="Certificate fields">
        <Fact label="Subject">
          <code>{d.subjectDn}</code>
        </Fact>
        <Fact label="Subject alternative names">
          {d.sans.length === 0 ? (
            'None'
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
        <Fact label="Issuer">
          {d.authorityId ? (
            <button type="button" className="link" onClick={() => nav.show('authorities', { select: d.authorityId })}>
              {d.issuerCommonName}
            </button>
          ) : (
            d.issuerCommonName
          )}
        </Fact>
        <SerialFact hex={d.serialNumberHex} />
        <Fact label="Valid from">{formatDateTime(d.notBefore)}</Fact>
        <Fact label="Expires">
          {formatDateTime(d.notAfter)}{' '}
          {d.revocation ? (
            <span className="revoked-on">({d.revocation.reason === 'certificateHold' ? 'on hold' : 'revoked'} {formatDate(d.revocation.revokedAt)})</span>
          ) : (
            <span className="muted">({describeDaysLeft(d.notAfter)})</span>
          )}
        </Fact>
        <Fact label="Key">{d.key.label}</Fact>
        <Fact label="Signature algorithm">
          <code>{d.signatureAlgorithm}</code>
        </Fact>
        {d.subjectKeyIdentifier ? <HexFact label="Subject key identifier" hex={d.subjectKeyIdentifier} /> : <Fact label="Subject key identifier">—</Fact>}
        {d.authorityKeyIdentifier ? <HexFact label="Authority key identifier" hex={d.authorityKeyIdentifier} /> : <Fact label="Authority key identifier">—</Fact>}
        <SpkiPinFact pin={d.spkiSha256} />
        <FingerprintFact label="Fingerprint (SHA-256)" copyLabel="Copy fingerprint" hex={d.sha256Fingerprint} />
        <Fact label="Issued">{formatDateTime(d.createdAt)}</Fact>
        {d.acmeAccountId ? (
          <Fact label="Ordered over ACME" copy={{ text: d.acmeAccountId, label: 'Copy the ACME account id' }}>
            <span className="muted">by account</span> <code className="mono-wrap">{d.acmeAccountId}</code>
          </Fact>
        ) : null}
        {d.replacesId ? (
          <Fact label="Replaces">
            <RelatedCertificate id={d.replacesId} />
          </Fact>
        ) : null}
        {d.replacedById ? (
          <Fact label="Replaced by">
            <RelatedCertificate id={d.replacedById} />
          </Fact>
        ) : null}
      </dl>

      <ExtensionList extensions={d.extensions} />
      <ChainPath chain={d.chain} onOpenAuthority={(authorityId) => nav.show('authorities', { select: authorityId })} />

      <PemBlock title="Certificate (PEM)" pem={d.certificatePem} label="Certificate PEM" copyLabel="Copy certificate PEM" hint={d.hasPrivateKey ? 'The certificate only. Its private key stays sealed in the vault.' : 'The certificate only. Its private key is wherever the CSR came from.'} />
      {chainText ? <PemBlock title="Chain (PEM)" pem={chainText} label="Chain PEM" copyLabel="Copy chain PEM" hint="Intermediates first, then the root: what a peer needs to build the path from this certificate." /> : null}
      {canRevoke(d.revocation) ? (
        <DangerZone id={`revoke-certificate-${d.id}`} title="Revoke this certificate" action="Revoke…" onAction={() => nav.open('revoke', { certificateIds: [d.id] })}>
          Clients that check {certificateLabel(d)}'s CRL or OCSP refuse it from the next CRL on. A hold can be lifted; any other reason is final.
        </DangerZone>
      ) : null}
    </article>
  );
}
