import { Fragment, useState } from 'react';
import type { AuthorityDetail } from '../../shared/domain/authority.js';
import { ISTIO_FILES, ISTIO_KUBECTL } from '../../shared/domain/sub-ca.js';
import { ErrorAlert, Notice } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { CopyButton } from '../components/CopyButton.js';
import { Icon } from '../components/Icon.js';
import { call, type IpcError } from '../ipc/client.js';

type Phase = { readonly kind: 'idle' } | { readonly kind: 'confirm' } | { readonly kind: 'busy' } | { readonly kind: 'done'; readonly folder: string } | { readonly kind: 'failed'; readonly error: IpcError };

/** Why this CA cannot be Istio's plug-in CA, or undefined when it can. */
function refusal(d: AuthorityDetail): string | undefined {
  if (d.kind === 'root') return "Istio's plug-in CA should be an intermediate: istiod keeps its key online and signs every workload certificate with it, so a root's key must not go there. Create an intermediate under this root and export that.";
  if (d.revocation) return 'This CA was revoked: Istio would hand out certificates nobody should trust.';
  return undefined;
}

/**
 * "Export for Istio": the intermediate's ca-cert.pem, ca-key.pem (its private key, in the clear,
 * because istiod needs it), root-cert.pem and cert-chain.pem, with the kubectl line, into a new
 * folder. The key leaving is said plainly and confirmed before the folder dialog opens.
 */
export function IstioExportButton({ detail: d }: { readonly detail: AuthorityDetail }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const why = refusal(d);

  async function exportFiles() {
    setPhase({ kind: 'busy' });
    const result = await call('authority.exportIstio', { id: d.id });
    if (!result.ok) return setPhase({ kind: 'failed', error: result.error });
    if (result.value.cancelled) return setPhase({ kind: 'confirm' });
    const first = result.value.paths[0] ?? '';
    setPhase({ kind: 'done', folder: first.slice(0, Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\'))) });
  }

  return (
    <section className="istio-export" aria-labelledby={`istio-${d.id}`}>
      <div className="istio-export-head">
        <div>
          <h3 id={`istio-${d.id}`}>Istio plug-in CA</h3>
          <p className="muted">The files of Istio's cacerts secret, so istiod signs your mesh's workload certificates under this CA.</p>
        </div>
        <Button icon={<Icon name="download" />} disabled={why !== undefined || phase.kind === 'busy'} aria-describedby={why ? `istio-why-${d.id}` : undefined} onClick={() => setPhase({ kind: 'confirm' })}>
          Export for Istio…
        </Button>
      </div>
      {why ? (
        <p id={`istio-why-${d.id}`} className="field-hint">
          {why}
        </p>
      ) : null}
      {phase.kind === 'confirm' || phase.kind === 'busy' ? (
        <div className="alert alert-warning" role="alert">
          <Icon name="alert" />
          <div className="alert-body">
            <p className="alert-title">This writes the CA's private key to disk, unencrypted</p>
            <p>
              <code>ca-key.pem</code> is the private key of {d.subject.commonName}: whoever reads it can issue certificates that everything trusting {d.chain.at(-1)?.commonName ?? 'its root'} accepts. The export is recorded in the
              audit log. Create the secret, then delete the folder.
            </p>
            <div className="button-row">
              <Button variant="primary" icon={<Icon name="download" />} disabled={phase.kind === 'busy'} onClick={() => void exportFiles()}>
                {phase.kind === 'busy' ? 'Exporting…' : 'Choose a folder and export'}
              </Button>
              <Button variant="ghost" disabled={phase.kind === 'busy'} onClick={() => setPhase({ kind: 'idle' })}>
                Cancel
              </Button>
            </div>
          </div>
        </div>
      ) : null}
      {phase.kind === 'failed' ? <ErrorAlert error={phase.error} title="Nothing was exported" /> : null}
      {phase.kind === 'done' ? (
        <Notice tone="success">
          <p className="alert-title">Wrote {ISTIO_FILES.join(', ')}, kubectl.txt and README.md</p>
          <p>
            to <code className="istio-folder">{phase.folder}</code>. In that folder, create the secret, then restart istiod:
          </p>
          <pre className="istio-command" aria-label="kubectl command">
            {/* Lines break between words only, never inside --from-file=… */}
            {ISTIO_KUBECTL.split(' ').map((word, i) => (
              <Fragment key={`${i}-${word}`}>
                {i > 0 ? ' ' : null}
                <span className="istio-word">{word}</span>
              </Fragment>
            ))}
          </pre>
          <CopyButton text={ISTIO_KUBECTL} label="Copy the kubectl command" />
        </Notice>
      ) : null}
    </section>
  );
}
