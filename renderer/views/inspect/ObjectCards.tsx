import { useId, useState, type ReactNode } from 'react';
import type { AddedToVault, InspectChain, InspectedCertificate, InspectedContainer, InspectedCrl, InspectedCsr, InspectedKey, InspectedObject, NameAttribute } from '../../../shared/domain/inspect.js';
import { formatDateTime } from '../../app/format.js';
import { ErrorAlert, Notice, NoticeList } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { FingerprintFact, SerialFact, SpkiPinFact } from '../../components/CertificateFacts.js';
import { ExtensionList } from '../../components/ExtensionList.js';
import { Fact } from '../../components/Fact.js';
import { Icon } from '../../components/Icon.js';
import { PemBlock } from '../../components/PemBlock.js';
import { SanLines } from '../../components/SanLines.js';
import { call, fieldMessage, type IpcError } from '../../ipc/client.js';
import { AsnDisclosure } from './AsnTreeView.js';
import { addedMessage, canAddToVault, daysTone, describeDays, effectiveLimit, KIND_LABEL, keyMatchText, objectName, vaultTag, type InspectContent } from './model.js';

/** The input the report was made from: what ASN.1 trees and Add to vault send back to main. */
export type ReportSource = (InspectContent & { readonly password: string | null }) | null;

/** A distinguished name as a table: label, short name, value — one attribute a row. */
export function NameTable({ attributes, label }: { readonly attributes: readonly NameAttribute[]; readonly label: string }) {
  if (attributes.length === 0) return <span className="muted">Empty name</span>;
  return (
    <table className="name-table" aria-label={label}>
      <tbody>
        {attributes.map((a, i) => (
          <tr key={`${a.oid}-${i}`}>
            <th scope="row">{a.label}</th>
            <td className="name-short">{a.short || a.oid}</td>
            <td className="name-value">{a.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CardShell({ object, title, tags, action, children }: { readonly object: InspectedObject; readonly title: string; readonly tags?: ReactNode; readonly action?: ReactNode; readonly children?: ReactNode }) {
  const id = useId();
  return (
    <article className={`card inspect-object inspect-object-${object.kind}`} aria-labelledby={id}>
      <header className="inspect-object-head">
        <div className="inspect-object-title-block">
          <p className="inspect-object-kind">
            <span className="tag tag-accent">{KIND_LABEL[object.kind]}</span>
            <span className="muted">
              {object.index + 1}. {object.source}
            </span>
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
    } else setError({ ...result.error, message: fieldMessage(result.error) });
  }

  const button =
    canAddToVault(cert) && !added && source ? (
      <Button variant="secondary" icon={<Icon name="plus" />} busy={busy} onClick={() => void add()}>
        Add to vault
      </Button>
    ) : null;
  const outcome = (
    <>
      {added ? (
        <Notice tone="success">
          <p>{addedMessage(added)}</p>
          {added.note ? <p className="alert-note">{added.note}</p> : null}
        </Notice>
      ) : null}
      {error ? <ErrorAlert error={error} title="It was not added to the vault" /> : null}
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
  return (
    <CardShell
      object={cert}
      title={name}
      tags={
        <>
          {isLeaf ? <span className="tag">The certificate diagnosed</span> : null}
          <span className="tag">{cert.isCa ? (cert.selfIssued ? 'Root CA' : 'CA') : cert.selfIssued ? 'Self-signed' : 'End entity'}</span>
          {inVault ? <span className="tag tag-ok">{inVault}</span> : null}
          <span className={`tag tag-${tone}`}>{describeDays(cert.daysLeft)}</span>
        </>
      }
      action={vault.button}
    >
      {vault.outcome}
      <dl className="facts" aria-label={`Fields of ${name}`}>
        <Fact label="Subject">
          <code className="mono-wrap name-dn">{cert.subjectDn}</code>
          <NameTable attributes={cert.subject} label={`Subject of ${name}`} />
        </Fact>
        <Fact label="Issuer">
          <code className="mono-wrap name-dn">{cert.issuerDn}</code>
          <NameTable attributes={cert.issuer} label={`Issuer of ${name}`} />
        </Fact>
        <SerialFact hex={cert.serialNumberHex} />
        <Fact label="Valid from">{formatDateTime(cert.notBefore)}</Fact>
        <Fact label="Expires">
          <span className="inspect-until">
            <span>
              {formatDateTime(cert.notAfter)} <span className={`expiry expiry-${tone}`}>({describeDays(cert.daysLeft)})</span>
              <span className="muted"> · {cert.validityDays.toLocaleString('en-US')} days in all</span>
            </span>
            {limit ? (
              <span className="inspect-works-until">
                Chain expires {formatDateTime(limit.until)} — limited by {limit.limitedBy}
              </span>
            ) : null}
          </span>
        </Fact>
        <Fact label="Public key">{cert.publicKey.label}</Fact>
        <SpkiPinFact pin={cert.publicKey.spkiSha256} />
        <Fact label="Signature algorithm">
          <code>{cert.signatureAlgorithm}</code>
        </Fact>
        <FingerprintFact label="Fingerprint (SHA-256)" copyLabel={`Copy SHA-256 fingerprint of ${name}`} hex={cert.sha256Fingerprint} />
        <FingerprintFact label="Fingerprint (SHA-1)" copyLabel={`Copy SHA-1 fingerprint of ${name}`} hex={cert.sha1Fingerprint} />
        <Fact label="Subject alternative names">
          {cert.sans.length === 0 ? (
            'None'
          ) : (
            <span className="mono-block">
              {cert.sans.map((s, i) => (
                <span key={`${s}-${i}`}>{s}</span>
              ))}
            </span>
          )}
        </Fact>
        <Fact label="Version">{cert.version}</Fact>
      </dl>
      <ExtensionList extensions={cert.extensions} showOid headingLevel={4} />
      <PemBlock title="Certificate (PEM)" pem={cert.pem} label={`PEM of ${name}`} copyLabel={`Copy PEM of ${name}`} />
      <AsnDisclosure source={source} objectIndex={cert.index} name={name} />
    </CardShell>
  );
}

function KeyCard({ object, objects, source }: { readonly object: InspectedKey; readonly objects: readonly InspectedObject[]; readonly source: ReportSource }) {
  const matches = object.matchesCertificates.length > 0;
  return (
    <CardShell object={object} title={object.publicKey ? `${KIND_LABEL[object.kind]}, ${object.publicKey.label}` : KIND_LABEL[object.kind]}>
      <dl className="facts" aria-label={`Fields of ${KIND_LABEL[object.kind].toLowerCase()} ${object.index + 1}`}>
        <Fact label="Format">{object.format}</Fact>
        <Fact label="Key">{object.publicKey ? object.publicKey.label : 'Encrypted: not opened'}</Fact>
        {object.publicKey ? <SpkiPinFact pin={object.publicKey.spkiSha256} /> : null}
        <Fact label="Certificate">
          <span className={matches ? 'key-match is-match' : 'key-match'}>
            {matches ? <Icon name="check" size={16} /> : null}
            {keyMatchText(object, objects)}
          </span>
        </Fact>
      </dl>
      {object.kind === 'private-key' ? <p className="muted">The private key itself is never shown; only its public half is.</p> : null}
      {object.publicKeyPem ? <PemBlock title="Public key (PEM)" pem={object.publicKeyPem} label={`Public key PEM of object ${object.index + 1}`} copyLabel={`Copy public key PEM of object ${object.index + 1}`} /> : null}
      {object.kind === 'public-key' ? <AsnDisclosure source={source} objectIndex={object.index} name={`public key ${object.index + 1}`} /> : null}
    </CardShell>
  );
}

function CsrCard({ object, source }: { readonly object: InspectedCsr; readonly source: ReportSource }) {
  const r = object.request;
  const name = objectName(object);
  return (
    <CardShell object={object} title={name} tags={r.signatureValid ? <span className="tag tag-ok">Signature valid</span> : <span className="tag tag-expired">Signature does not verify</span>}>
      <NoticeList items={r.refusals} tone="warning" title="Certwright would not sign it as it is" />
      <dl className="facts" aria-label={`Fields of request ${name}`}>
        <Fact label="Subject">
          <code>{r.subjectDn || 'Empty'}</code>
        </Fact>
        <Fact label="Subject alternative names">
          <SanLines sans={r.sans} />
        </Fact>
        <Fact label="Public key">{object.publicKey.label}</Fact>
        <SpkiPinFact pin={object.publicKey.spkiSha256} />
        <Fact label="Signature">{r.signatureValid ? 'Valid: the requester holds the private key' : 'Does not verify'}</Fact>
        {r.suggestedProfile ? <Fact label="Seems to be for">{r.suggestedProfile}</Fact> : null}
      </dl>
      <NoticeList items={r.notes} title="Notes" />
      <ExtensionList extensions={r.requestedExtensions} title="Requested extensions" showOid headingLevel={4} />
      <PemBlock title="Request (PEM)" pem={object.pem} label={`PEM of request ${name}`} copyLabel={`Copy PEM of request ${name}`} />
      <AsnDisclosure source={source} objectIndex={object.index} name={`request ${name}`} />
    </CardShell>
  );
}

const CRL_SIGNATURE = {
  verified: (by: string | null) => `Verified: signed by ${by ?? 'a CA in sight'}`,
  invalid: (by: string | null) => `Does not verify against ${by ?? 'the CA of that name'}`,
  'unknown-issuer': () => 'Unknown: no CA of that name in the input or the vault',
} as const;

function CrlCard({ object, source }: { readonly object: InspectedCrl; readonly source: ReportSource }) {
  const c = object.crl;
  const name = objectName(object);
  return (
    <CardShell object={object} title={name} tags={<span className={`tag tag-${c.signature.status === 'verified' ? 'ok' : c.signature.status === 'invalid' ? 'expired' : 'soon'}`}>Signature {c.signature.status === 'unknown-issuer' ? 'unchecked' : c.signature.status}</span>}>
      <NoticeList items={c.warnings} tone="warning" />
      <dl className="facts" aria-label={`Fields of ${name}`}>
        <Fact label="Issuer">
          <code>{c.issuerDn}</code>
        </Fact>
        <Fact label="CRL number">{c.number ?? 'None'}</Fact>
        <Fact label="This update">{formatDateTime(c.thisUpdate)}</Fact>
        <Fact label="Next update">{c.nextUpdate ? formatDateTime(c.nextUpdate) : 'None'}</Fact>
        <Fact label="Entries">{c.total.toLocaleString('en-US')}</Fact>
        <Fact label="Signature">{CRL_SIGNATURE[c.signature.status](c.signature.by)}</Fact>
        <Fact label="Signature algorithm">
          <code>{c.signatureAlgorithm}</code>
        </Fact>
      </dl>
      <PemBlock title="CRL (PEM)" pem={object.pem} label={`PEM of ${name}`} copyLabel={`Copy PEM of ${name}`} />
      <AsnDisclosure source={source} objectIndex={object.index} name={name} />
    </CardShell>
  );
}

function ContainerCard({ object }: { readonly object: InspectedContainer }) {
  return (
    <CardShell object={object} title={object.summary}>
      <p className="muted">Its contents are listed after it, one card each.</p>
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
  return (
    <section className="inspect-section" role="region" aria-label="Objects">
      <div className="inspect-section-head">
        <h2 className="inspect-section-title">Objects</h2>
        <span className="muted">{objects.length === 1 ? '1 object' : `${objects.length.toLocaleString('en-US')} objects`}, in input order</span>
      </div>
      {objects.length === 0 ? <p className="muted">Nothing readable was found in the input.</p> : null}
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
