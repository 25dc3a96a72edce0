import { useEffect, useState } from 'react';
import type { CertificateDetail } from '../../shared/domain/certificate.js';
import { PROFILE_INFO } from '../../shared/domain/certificate.js';
import { describeDaysLeft, formatDateTime, wrapHex } from '../app/format.js';
import { useNavigation } from '../app/navigation.js';
import { ErrorAlert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { ChainPath } from '../components/ChainPath.js';
import { ExtensionList } from '../components/ExtensionList.js';
import { Fact } from '../components/Fact.js';
import { PemBlock } from '../components/PemBlock.js';
import { SAN_TYPE_SHORT, unicodeForm } from '../components/san-model.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { call, type IpcError } from '../ipc/client.js';

type Load = { readonly state: 'loading' } | { readonly state: 'failed'; readonly error: IpcError } | { readonly state: 'ready'; readonly detail: CertificateDetail };

interface CertificateDetailPaneProps {
  readonly id: string;
  readonly onVaultLocked: () => void;
  readonly onClose: () => void;
}

/** Every field of one certificate in words, its chain leaf → root, and the PEMs to copy. */
export function CertificateDetailPane({ id, onVaultLocked, onClose }: CertificateDetailPaneProps) {
  const nav = useNavigation();
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  useEffect(() => {
    let live = true;
    void call('certificate.get', { id }).then((result) => {
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
  if (load.state === 'failed') return <ErrorAlert error={load.error} title="The certificate could not be loaded" />;

  const d = load.detail;
  const chainText = [d.chainPem.trim(), d.rootPem.trim()].filter(Boolean).join('\n');
  return (
    <article className="detail" aria-labelledby="certificate-title">
      <header className="detail-head detail-head-row">
        <div>
          <h2 id="certificate-title" className="detail-title">
            {d.subject.commonName}
          </h2>
          <p className="detail-sub">
            <span className="tag tag-accent">{PROFILE_INFO[d.profile].label} certificate</span>
            <StatusBadge status={d.status} />
            <span className="tag">{d.key.label}</span>
            {d.hasPrivateKey ? <span className="tag">Key sealed in the vault</span> : <span className="tag">Signed from a CSR</span>}
          </p>
        </div>
        <Button variant="ghost" onClick={onClose}>
          Close
        </Button>
      </header>

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
        <Fact label="Serial number" copy={{ text: d.serialNumberHex, label: 'Copy serial number' }}>
          <code className="mono-wrap">{d.serialNumberHex}</code>
        </Fact>
        <Fact label="Valid from">{formatDateTime(d.notBefore)}</Fact>
        <Fact label="Valid until">
          {formatDateTime(d.notAfter)} <span className="muted">({describeDaysLeft(d.notAfter)})</span>
        </Fact>
        <Fact label="Key">{d.key.label}</Fact>
        <Fact label="Signature algorithm">
          <code>{d.signatureAlgorithm}</code>
        </Fact>
        <Fact label="Subject key identifier">
          <code className="mono-wrap">{d.subjectKeyIdentifier || '—'}</code>
        </Fact>
        <Fact label="Authority key identifier">
          <code className="mono-wrap">{d.authorityKeyIdentifier || '—'}</code>
        </Fact>
        <Fact label="SPKI pin (SHA-256)" copy={{ text: d.spkiSha256, label: 'Copy SPKI pin' }}>
          <code className="mono-wrap">{d.spkiSha256}</code>
        </Fact>
        <Fact label="Fingerprint (SHA-256)" copy={{ text: d.sha256Fingerprint, label: 'Copy fingerprint' }}>
          <code className="mono-block">
            {wrapHex(d.sha256Fingerprint).map((line) => (
              <span key={line}>{line}</span>
            ))}
          </code>
        </Fact>
        <Fact label="Issued">{formatDateTime(d.createdAt)}</Fact>
      </dl>

      <ExtensionList extensions={d.extensions} />
      <ChainPath chain={d.chain} onOpenAuthority={(authorityId) => nav.show('authorities', { select: authorityId })} />

      <PemBlock title="Certificate (PEM)" pem={d.certificatePem} label="Certificate PEM" copyLabel="Copy certificate PEM" hint={d.hasPrivateKey ? 'The certificate only. Its private key stays sealed in the vault.' : 'The certificate only. Its private key is wherever the CSR came from.'} />
      {chainText ? <PemBlock title="Chain (PEM)" pem={chainText} label="Chain PEM" copyLabel="Copy chain PEM" hint="Intermediates first, then the root: what a peer needs to build the path from this certificate." /> : null}
    </article>
  );
}
