import { useState } from 'react';
import type { AuthorityDetail, AuthoritySummary } from '../../shared/domain/authority.js';
import { ErrorAlert, Notice } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { TextAreaField } from '../components/Field.js';
import { ObjectFileButton } from '../components/ObjectFileButton.js';
import { CsrBlock } from './CsrBlock.js';
import { call, fieldMessage, type IpcError } from '../ipc/client.js';

interface PendingActivationProps {
  readonly detail: AuthorityDetail;
  readonly onActivated: (authority: AuthoritySummary) => void;
}

/** A pending intermediate: its CSR to take to the outside CA, and where to bring the certificate back. */
export function PendingActivation({ detail, onActivated }: PendingActivationProps) {
  const [text, setText] = useState('');
  const [fileNote, setFileNote] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | string | null>(null);
  const [busy, setBusy] = useState(false);

  async function activate() {
    setBusy(true);
    setError(null);
    const result = await call('authority.activate', { id: detail.id, certificatePem: text.trim() });
    setBusy(false);
    if (result.ok) onActivated(result.value);
    else setError({ ...result.error, message: fieldMessage(result.error) });
  }

  return (
    <section className="pending" aria-label="Waiting for signed certificate">
      <Notice>
        <p>
          This intermediate CA is <strong>waiting for its signed certificate</strong>. Take the request below to the CA that will sign it (as a CA, with
          path length {detail.pathLength ?? 'unlimited'}), then import the certificate it returns. The private key never leaves this vault.
        </p>
      </Notice>
      {detail.csrPem && detail.csrSha256 ? <CsrBlock authorityId={detail.id} csrPem={detail.csrPem} csrSha256={detail.csrSha256} /> : null}
      <div className="import-box">
        <h3 className="section-title">Import signed certificate</h3>
        <TextAreaField
          id="signed-certificate"
          label="Signed certificate (PEM)"
          value={text}
          onValueChange={(v) => {
            setText(v);
            setFileNote(null);
          }}
          rows={5}
          className="textarea-mono"
          placeholder="-----BEGIN CERTIFICATE-----"
          hint={fileNote ?? 'Paste the certificate the outside CA issued for this request, followed by its issuing CA certificates up to the root; or open the file.'}
        />
        <div className="input-row">
          <ObjectFileButton
            label="Open certificate file…"
            accept=".pem,.crt,.cer,.der,application/x-x509-ca-cert"
            onRead={(object, name) => {
              setError(null);
              setText(object.text);
              setFileNote(object.kind === 'pem' ? `Read ${name}` : `Read ${name} (binary DER, sent as base64)`);
            }}
            onError={setError}
          />
          <Button variant="primary" busy={busy} disabled={text.trim() === ''} onClick={() => void activate()}>
            Import signed certificate
          </Button>
        </div>
        {error ? <ErrorAlert error={error} title="The certificate was not imported" /> : null}
      </div>
    </section>
  );
}
