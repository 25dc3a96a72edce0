import { useId, useState, type ReactNode } from 'react';
import type { AddedToVault, InspectChain, InspectedCertificate, InspectedContainer, InspectedCrl, InspectedCsr, InspectedKey, InspectedObject, NameAttribute } from '../../../shared/domain/inspect.js';
import { formatDateTime, formatNumber, profileName } from '../../app/format.js';
import { ErrorAlert, Notice, NoticeList } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { FingerprintFact, SerialFact, SpkiPinFact } from '../../components/CertificateFacts.js';
import { ExtensionList } from '../../components/ExtensionList.js';
import { Fact } from '../../components/Fact.js';
import { Icon } from '../../components/Icon.js';
import { PemBlock } from '../../components/PemBlock.js';
import { SanLines } from '../../components/SanLines.js';
import { call, withoutField, type IpcError } from '../../ipc/client.js';
import { wordOf } from '../../i18n/instance.js';
import { useT } from '../../i18n/use-t.js';
import { AsnDisclosure } from './AsnTreeView.js';
import { addedMessage, attributeLabel, canAddToVault, daysTone, describeDays, effectiveLimit, keyFormatLabel, keyMatchText, kindLabel, objectName, sourceText, vaultTag, type InspectContent } from './model.js';

/** The input the report was made from: what ASN.1 trees and Add to vault send back to main. */
export type ReportSource = (InspectContent & { readonly password: string | null }) | null;

/** A distinguished name as a table: label, short name, value — one attribute a row. */
export function NameTable({ attributes, label }: { readonly attributes: readonly NameAttribute[]; readonly label: string }) {
  const t = useT();
  if (attributes.length === 0) return <span className="muted">{t('inspect:object.emptyName')}</span>;
  return (
    <table className="name-table" aria-label={label}>
      <tbody>
        {attributes.map((a, i) => (
          <tr key={`${a.oid}-${i}`}>
            <th scope="row">{attributeLabel(a)}</th>
            <td className="name-short">{a.short || a.oid}</td>
            <td className="name-value">{a.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CardShell({ object, title, tags, action, children }: { readonly object: InspectedObject; readonly title: string; readonly tags?: ReactNode; readonly action?: ReactNode; readonly children?: ReactNode }) {
  const t = useT();
  const id = useId();
  return (
    <article className={`card inspect-object inspect-object-${object.kind}`} aria-labelledby={id}>
      <header className="inspect-object-head">
        <div className="inspect-object-title-block">
          <p className="inspect-object-kind">
            <span className="tag tag-accent">{kindLabel(object.kind)}</span>
            <span className="muted">{t('inspect:object.numbered', { number: object.index + 1, source: sourceText(object.source) })}</span>
          </p>
          <h3 id={id} className="inspect-object-title">
            {title}
          </h3>
          {tags ? <p className="inspect-object-tags">{tags}</p> : null}
        </div>
        {action}
      </header>
      {children ? <div className="inspect-object-body">{children}</div> : null}
    </article>
  );
}

/** Adding an outside CA to the vault: the button, and what came of it. */
function useAddToVault(cert: InspectedCertificate, source: ReportSource, onAdded: () => void) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<AddedToVault | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  async function add() {
    if (!source) return;
    setBusy(true);
    setError(null);
    const result = await call('inspect.addToVault', { content: source.content, encoding: source.encoding, password: source.password, objectIndex: cert.index });
    setBusy(false);
    if (result.ok) {
      setAdded(result.value);
      onAdded();
    } else setError(withoutField(result.error));
  }

  const button =
    canAddToVault(cert) && !added && source ? (
      <Button variant="secondary" icon={<Icon name="plus" />} busy={busy} onClick={() => void add()}>
        {t('inspect:object.addToVault')}
      </Button>
    ) : null;
  const outcome = (
    <>
      {added ? (
        <Notice tone="success">
          <p>{addedMessage(added)}</p>
          {added.note ? <p className="alert-note">{wordOf(added.note)}</p> : null}
        </Notice>
      ) : null}
      {error ? <ErrorAlert error={error} title={t('inspect:object.notAdded')} /> : null}
    </>
  );
  return { button, outcome };
}

function CertificateCard({ cert, isLeaf, chain, source, onAdded }: { readonly cert: InspectedCertificate; readonly isLeaf: boolean; readonly chain: InspectChain | null; readonly source: ReportSource; readonly onAdded: () => void }) {
  const name = objectName(cert);
  const limit = isLeaf ? effectiveLimit(chain, cert) : null;
  const inVault = vaultTag(cert);
  const tone = daysTone(cert.daysLeft);
  const vault = useAddToVault(cert, source, onAdded);
  const t = useT();
  return (
    <CardShell
      object={cert}
      title={name}
      tags={
        <>
          {isLeaf ? <span className="tag">{t('inspect:object.diagnosed')}</span> : null}
          <span className="tag">{cert.isCa ? (cert.selfIssued ? t('inspect:chain.root') : t('inspect:object.ca')) : cert.selfIssued ? t('inspect:object.selfSigned') : t('inspect:object.endEntity')}</span>
          {inVault ? <span className="tag tag-ok">{inVault}</span> : null}
          <span className={`tag tag-${tone}`}>{describeDays(cert.daysLeft)}</span>
        </>
      }
      action={vault.button}
    >
      {vault.outcome}
      <dl className="facts" aria-label={t('inspect:object.fieldsOf', { name })}>
        <Fact label={t('inspect:object.subject')}>
          <code className="mono-wrap name-dn">{cert.subjectDn}</code>
          <NameTable attributes={cert.subject} label={t('inspect:object.subjectOf', { name })} />
        </Fact>
        <Fact label={t('inspect:object.issuer')}>
          <code className="mono-wrap name-dn">{cert.issuerDn}</code>
          <NameTable attributes={cert.issuer} label={t('inspect:object.issuerOf', { name })} />
        </Fact>
        <SerialFact hex={cert.serialNumberHex} />
        <Fact label={t('inspect:object.validFrom')}>{formatDateTime(cert.notBefore)}</Fact>
        <Fact label={t('inspect:object.expires')}>
          <span className="inspect-until">
            <span>
              {formatDateTime(cert.notAfter)} <span className={`expiry expiry-${tone}`}>({describeDays(cert.daysLeft)})</span>
              <span className="muted"> · {t('inspect:object.daysInAll', { count: cert.validityDays })}</span>
            </span>
            {limit ? (
              <span className="inspect-works-until">
                {t('inspect:object.chainExpires', { date: formatDateTime(limit.until), name: limit.limitedBy })}
              </span>
            ) : null}
          </span>
        </Fact>
        <Fact label={t('inspect:object.publicKey')}>{cert.publicKey.label}</Fact>
        <SpkiPinFact pin={cert.publicKey.spkiSha256} />
        <Fact label={t('inspect:object.signatureAlgorithm')}>
          <code>{cert.signatureAlgorithm}</code>
        </Fact>
        <FingerprintFact label={t('inspect:object.sha256')} copyLabel={t('inspect:object.copySha256', { name })} hex={cert.sha256Fingerprint} />
        <FingerprintFact label={t('inspect:object.sha1')} copyLabel={t('inspect:object.copySha1', { name })} hex={cert.sha1Fingerprint} />
        <Fact label={t('inspect:object.sans')}>
          {cert.sans.length === 0 ? (
            t('inspect:endpoint.none')
          ) : (
            <span className="mono-block">
              {cert.sans.map((s, i) => (
                <span key={`${s}-${i}`}>{s}</span>
              ))}
            </span>
          )}
        </Fact>
        <Fact label={t('inspect:object.version')}>{cert.version}</Fact>
      </dl>
      <ExtensionList extensions={cert.extensions} showOid headingLevel={4} />
      <PemBlock title={t('inspect:object.certificatePem')} pem={cert.pem} label={t('inspect:object.pemOf', { name })} copyLabel={t('inspect:object.copyPemOf', { name })} />
      <AsnDisclosure source={source} objectIndex={cert.index} name={name} />
    </CardShell>
  );
}

function KeyCard({ object, objects, source }: { readonly object: InspectedKey; readonly objects: readonly InspectedObject[]; readonly source: ReportSource }) {
  const t = useT();
  const matches = object.matchesCertificates.length > 0;
  const kind = kindLabel(object.kind);
  const number = object.index + 1;
  return (
    <CardShell object={object} title={object.publicKey ? t('inspect:key.title', { kind, key: object.publicKey.label }) : kind}>
      <dl className="facts" aria-label={object.kind === 'private-key' ? t('inspect:key.privateFields', { number }) : t('inspect:key.publicFields', { number })}>
        <Fact label={t('inspect:key.format')}>{keyFormatLabel(object.format)}</Fact>
        <Fact label={t('inspect:key.key')}>{object.publicKey ? object.publicKey.label : t('inspect:key.encrypted')}</Fact>
        {object.publicKey ? <SpkiPinFact pin={object.publicKey.spkiSha256} /> : null}
        <Fact label={t('inspect:kind.certificate')}>
          <span className={matches ? 'key-match is-match' : 'key-match'}>
            {matches ? <Icon name="check" size={16} /> : null}
            {keyMatchText(object, objects)}
          </span>
        </Fact>
      </dl>
      {object.kind === 'private-key' ? <p className="muted">{t('inspect:key.neverShown')}</p> : null}
      {object.publicKeyPem ? <PemBlock title={t('inspect:key.publicPem')} pem={object.publicKeyPem} label={t('inspect:key.publicPemOf', { number })} copyLabel={t('inspect:key.copyPublicPemOf', { number })} /> : null}
      {object.kind === 'public-key' ? <AsnDisclosure source={source} objectIndex={object.index} name={t('inspect:key.publicKeyNumber', { number })} /> : null}
    </CardShell>
  );
}

function CsrCard({ object, source }: { readonly object: InspectedCsr; readonly source: ReportSource }) {
  const t = useT();
  const r = object.request;
  const name = objectName(object);
  return (
    <CardShell object={object} title={name} tags={r.signatureValid ? <span className="tag tag-ok">{t('inspect:csr.signatureValid')}</span> : <span className="tag tag-expired">{t('inspect:csr.signatureInvalid')}</span>}>
      <NoticeList items={r.refusals.map(wordOf)} tone="warning" title={t('inspect:csr.refusals')} />
      <dl className="facts" aria-label={t('inspect:csr.fieldsOf', { name })}>
        <Fact label={t('inspect:object.subject')}>
          <code>{r.subjectDn || t('inspect:csr.empty')}</code>
        </Fact>
        <Fact label={t('inspect:object.sans')}>
          <SanLines sans={r.sans} />
        </Fact>
        <Fact label={t('inspect:object.publicKey')}>{object.publicKey.label}</Fact>
        <SpkiPinFact pin={object.publicKey.spkiSha256} />
        <Fact label={t('inspect:csr.signature')}>{r.signatureValid ? t('inspect:csr.signatureHolds') : t('inspect:csr.doesNotVerify')}</Fact>
        {r.suggestedProfile ? <Fact label={t('inspect:csr.seemsFor')}>{profileName(r.suggestedProfile)}</Fact> : null}
      </dl>
      <NoticeList items={r.notes.map(wordOf)} title={t('inspect:csr.notes')} />
      <ExtensionList extensions={r.requestedExtensions} title={t('inspect:csr.requestedExtensions')} showOid headingLevel={4} />
      <PemBlock title={t('inspect:csr.pem')} pem={object.pem} label={t('inspect:csr.pemOf', { name })} copyLabel={t('inspect:csr.copyPemOf', { name })} />
      <AsnDisclosure source={source} objectIndex={object.index} name={t('inspect:csr.named', { name })} />
    </CardShell>
  );
}

/** What a CRL's signature check found, in words. */
function crlSignatureText(status: InspectedCrl['crl']['signature']['status'], by: string | null, t: ReturnType<typeof useT>): string {
  switch (status) {
    case 'verified':
      return by === null ? t('inspect:crl.verifiedInSight') : t('inspect:crl.verifiedBy', { name: by });
    case 'invalid':
      return by === null ? t('inspect:crl.invalidSameName') : t('inspect:crl.invalidAgainst', { name: by });
    case 'unknown-issuer':
      return t('inspect:crl.unknownIssuer');
  }
}

function crlSignatureTag(status: InspectedCrl['crl']['signature']['status'], t: ReturnType<typeof useT>): string {
  return status === 'verified' ? t('inspect:crl.tagVerified') : status === 'invalid' ? t('inspect:crl.tagInvalid') : t('inspect:crl.tagUnchecked');
}

function CrlCard({ object, source }: { readonly object: InspectedCrl; readonly source: ReportSource }) {
  const t = useT();
  const c = object.crl;
  const name = objectName(object);
  return (
    <CardShell object={object} title={name} tags={<span className={`tag tag-${c.signature.status === 'verified' ? 'ok' : c.signature.status === 'invalid' ? 'expired' : 'soon'}`}>{crlSignatureTag(c.signature.status, t)}</span>}>
      <NoticeList items={c.warnings.map(wordOf)} tone="warning" />
      <dl className="facts" aria-label={t('inspect:object.fieldsOf', { name })}>
        <Fact label={t('inspect:object.issuer')}>
          <code>{c.issuerDn}</code>
        </Fact>
        <Fact label={t('inspect:crl.number')}>{c.number ?? t('inspect:endpoint.none')}</Fact>
        <Fact label={t('inspect:crl.thisUpdate')}>{formatDateTime(c.thisUpdate)}</Fact>
        <Fact label={t('inspect:crl.nextUpdate')}>{c.nextUpdate ? formatDateTime(c.nextUpdate) : t('inspect:endpoint.none')}</Fact>
        <Fact label={t('inspect:crl.entries')}>{formatNumber(c.total)}</Fact>
        <Fact label={t('inspect:csr.signature')}>{crlSignatureText(c.signature.status, c.signature.by, t)}</Fact>
        <Fact label={t('inspect:object.signatureAlgorithm')}>
          <code>{c.signatureAlgorithm}</code>
        </Fact>
      </dl>
      <PemBlock title={t('inspect:crl.pem')} pem={object.pem} label={t('inspect:object.pemOf', { name })} copyLabel={t('inspect:object.copyPemOf', { name })} />
      <AsnDisclosure source={source} objectIndex={object.index} name={name} />
    </CardShell>
  );
}

function ContainerCard({ object }: { readonly object: InspectedContainer }) {
  const t = useT();
  return (
    <CardShell object={object} title={wordOf(object.summary)}>
      <p className="muted">{t('inspect:object.containerHint')}</p>
    </CardShell>
  );
}

interface ObjectListProps {
  readonly objects: readonly InspectedObject[];
  readonly leafIndex: number | null;
  readonly chain: InspectChain | null;
  readonly source: ReportSource;
  readonly onAdded: () => void;
}

/** One card per object, in input order. */
export function ObjectList({ objects, leafIndex, chain, source, onAdded }: ObjectListProps) {
  const t = useT();
  return (
    <section className="inspect-section" role="region" aria-label={t('inspect:object.section')}>
      <div className="inspect-section-head">
        <h2 className="inspect-section-title">{t('inspect:object.section')}</h2>
        <span className="muted">{t('inspect:object.count', { count: objects.length })}</span>
      </div>
      {objects.length === 0 ? <p className="muted">{t('inspect:object.nothing')}</p> : null}
      <div className="inspect-objects">
        {objects.map((object) => {
          switch (object.kind) {
            case 'certificate':
              return <CertificateCard key={`${object.index}-${object.sha256Fingerprint}`} cert={object} isLeaf={object.index === leafIndex} chain={chain} source={source} onAdded={onAdded} />;
            case 'private-key':
            case 'public-key':
              return <KeyCard key={`${object.index}-${object.kind}`} object={object} objects={objects} source={source} />;
            case 'csr':
              return <CsrCard key={`${object.index}-csr`} object={object} source={source} />;
            case 'crl':
              return <CrlCard key={`${object.index}-crl`} object={object} source={source} />;
            case 'pkcs7':
            case 'pkcs12':
              return <ContainerCard key={`${object.index}-${object.kind}`} object={object} />;
          }
        })}
      </div>
    </section>
  );
}
