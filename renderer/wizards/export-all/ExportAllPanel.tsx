import { useState } from 'react';
import type { ExportAllResult } from '../../../shared/domain/export.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { ChoiceGroup } from '../../components/ChoiceGroup.js';
import { TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { call, fieldMessage, type IpcError } from '../../ipc/client.js';
import { useCancel } from '../shared/useCancel.js';
import { useOperation, type Progress } from '../shared/useOperation.js';
import { exportAllErrors, exportAllSummary, exportAllUnavailable, exportAllWarning, INITIAL_FORM, toExportAllRequest, type ExportAllForm } from './model.js';

const STARTING: Progress = { step: 'Waiting for the place to save…', done: 0, total: 1 };

type KeyChoice = 'pem' | 'p12' | 'none';

/**
 * "Export all" under a bulk issue's or a renewal's result: every certificate in one zip, a folder
 * each (cert, chain, root and the key encrypted with a password given here, or a PKCS#12), written
 * where the user picks. Main builds and writes it; no key reaches this window.
 */
export function ExportAllPanel({ ids }: { readonly ids: readonly string[] }) {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<ExportAllForm>(INITIAL_FORM);
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [result, setResult] = useState<ExportAllResult | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const operation = useOperation(STARTING);
  const cancel = useCancel();
  const unavailable = exportAllUnavailable(ids.length);
  const errors = touched ? exportAllErrors(form) : {};
  const warning = exportAllWarning(form);
  const n = ids.length.toLocaleString();

  async function run() {
    setTouched(true);
    if (Object.keys(exportAllErrors(form)).length > 0) return;
    setError(null);
    setNote(null);
    const done = await operation.run((operationId) => {
      cancel.started(operationId);
      return call('certificate.exportAll', toExportAllRequest(ids, form, operationId));
    });
    cancel.finished();
    if (!done) return;
    if (!done.ok) return setError({ ...done.error, message: fieldMessage(done.error) });
    if (done.value.cancelled) return setNote('Nothing was written.');
    setResult(done.value);
    setForm(INITIAL_FORM);
  }

  if (result) {
    return (
      <Notice tone="success">
        <p className="alert-title">Exported to a zip</p>
        <p className="alert-note">{exportAllSummary(result, result.withKey > 0)}.</p>
      </Notice>
    );
  }
  if (!open) {
    return (
      <div className="export-all-offer">
        <Button icon={<Icon name="download" />} disabled={unavailable !== null} onClick={() => setOpen(true)}>
          Export all…
        </Button>
        {unavailable ? <span className="field-hint">{unavailable}</span> : null}
      </div>
    );
  }
  const keyChoice: KeyChoice = form.includeKeys ? form.keyFormat : 'none';
  return (
    <section className="export-all card-inset" aria-label="Export all">
      <h2 className="step-title">Export all {n} as one zip</h2>
      <p className="field-hint">A folder per certificate: cert.pem, chain.pem, ca.pem and fullchain.pem, with its key encrypted by your password (or in a PKCS#12). Keys never go into the zip in clear.</p>
      {operation.running ? (
        <>
          <ProgressBar label="Exporting certificates" step={operation.progress.step} done={operation.progress.done} total={operation.progress.total} />
          {cancel.error ? <ErrorAlert error={cancel.error} title="The export could not be cancelled" /> : null}
          <div className="actions">
            <Button variant="danger" busy={cancel.cancelling} onClick={() => void cancel.cancel()}>
              {cancel.cancelling ? 'Cancelling…' : 'Cancel export'}
            </Button>
          </div>
        </>
      ) : (
        <>
          <ChoiceGroup
            name="export-all-keys"
            legend="Private keys"
            value={keyChoice}
            onChange={(value: KeyChoice) => setForm({ ...form, includeKeys: value !== 'none', keyFormat: value === 'p12' ? 'p12' : 'pem' })}
            choices={[
              { value: 'pem', title: 'Encrypted PEM key', hint: 'key.enc.pem (PKCS#8, AES-256, PBKDF2): nginx, Envoy, Go and OpenSSL read it with the password.' },
              { value: 'p12', title: 'PKCS#12', hint: 'One .p12 per certificate with its key and chain: Java, Windows and macOS import it with the password.' },
              { value: 'none', title: 'Certificates only', hint: 'No keys: the keys stay sealed in the vault.' },
            ]}
          />
          {form.includeKeys ? (
            <div className="grid-2">
              <TextField
                id="export-all-password"
                type="password"
                label="Password for the keys"
                value={form.password}
                onValueChange={(password) => setForm({ ...form, password })}
                error={errors.password}
                hint="Used once, never stored. Whoever installs a key types it."
                autoComplete="new-password"
              />
              <TextField id="export-all-confirm" type="password" label="Repeat the password" value={form.confirm} onValueChange={(confirm) => setForm({ ...form, confirm })} error={errors.confirm} autoComplete="new-password" />
            </div>
          ) : null}
          {warning ? <Notice tone="warning">{warning}</Notice> : null}
          {note ? <p className="field-hint" role="status">{note}</p> : null}
          {error ? <ErrorAlert error={error} title="The certificates were not exported" /> : null}
          <div className="actions">
            <Button onClick={() => setOpen(false)}>Close</Button>
            <Button variant="primary" icon={<Icon name="download" />} onClick={() => void run()}>
              Export {n} {ids.length === 1 ? 'certificate' : 'certificates'}…
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
