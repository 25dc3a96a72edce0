import { useState } from 'react';
import { useDetail } from '../app/useLoad.js';
import { ErrorAlert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { CopyButton } from '../components/CopyButton.js';
import { call, type IpcError } from '../ipc/client.js';
import { PublicationPanel } from './publication/PublicationPanel.js';

/** The authority's local OCSP responder: off by default, on 127.0.0.1 only, gone when the app quits. */
export function OcspPanel({ authorityId }: { readonly authorityId: string }) {
  const [load, setLoad] = useDetail('authority.ocspStatus', authorityId);
  const status = load.state === 'ready' ? load.value : null;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [delegated, setDelegated] = useState(false);

  async function toggle() {
    setBusy(true);
    setError(null);
    const r = status?.running ? await call('authority.ocspStop', { id: authorityId }) : await call('authority.ocspStart', { id: authorityId, delegated });
    setBusy(false);
    if (r.ok) setLoad({ state: 'ready', value: r.value });
    else setError(r.error);
  }

  return (
    <>
      {/* The publication server comes first: it serves OCSP too, on the address the CA's URLs name. */}
      <PublicationPanel authorityId={authorityId} />
      <section className="crl card-inset" aria-labelledby={`ocsp-${authorityId}`}>
        <div className="proof-head">
          <div>
            <h3 id={`ocsp-${authorityId}`}>OCSP responder</h3>
            <p className="field-hint">Answers “is this certificate revoked?” from the vault as it is now, signed by this CA. Local only (127.0.0.1); it stops when Certwright quits.</p>
          </div>
          <Button onClick={() => void toggle()} busy={busy} disabled={status === null}>
            {status?.running ? 'Stop' : 'Start'}
          </Button>
        </div>
        {load.state === 'failed' ? <ErrorAlert error={load.error} title="The OCSP responder's state could not be read" /> : null}
        {error ? <ErrorAlert error={error} title="The OCSP responder could not be changed" /> : null}
        {status?.running ? null : (
          <label className="checkbox">
            <input type="checkbox" checked={delegated} onChange={(e) => setDelegated(e.target.checked)} />
            Sign with a delegated OCSP certificate (issued by this CA for one day, kept in memory) instead of the CA key
          </label>
        )}
        <div className="ocsp-url">
          <p role="status" aria-label="OCSP responder state">
            {status?.running && status.url ? (
              <>
                Running on <code>{status.url}</code>, signing with {status.signer === 'delegated' ? 'a delegated OCSP certificate' : 'the CA key'}
              </>
            ) : (
              'Off.'
            )}
          </p>
          {status?.running && status.url ? <CopyButton text={status.url} label="Copy the OCSP URL" compact /> : null}
        </div>
        {status?.running && status.url ? <p className="field-hint">Try it: openssl ocsp -issuer ca.pem -cert cert.pem -url {status.url} -resp_text</p> : null}
      </section>
    </>
  );
}
