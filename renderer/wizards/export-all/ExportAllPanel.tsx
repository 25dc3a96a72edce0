import { useMemo, useState } from 'react';
import type { ExportAllResult } from '../../../shared/domain/export.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { ChoiceGroup } from '../../components/ChoiceGroup.js';
import { TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { useT } from '../../i18n/use-t.js';
import { call, withoutField, type IpcError } from '../../ipc/client.js';
import { useCancel } from '../shared/useCancel.js';
import { useOperation, type Progress } from '../shared/useOperation.js';
import { exportAllErrors, exportAllSummary, exportAllUnavailable, exportAllWarning, INITIAL_FORM, toExportAllRequest, type ExportAllForm } from './model.js';

type KeyChoice = 'pem' | 'p12' | 'none';

/**
 * "Export all" under a bulk issue's or a renewal's result: every certificate in one zip, a folder
 * each (cert, chain, root and the key encrypted with a password given here, or a PKCS#12), written
 * where the user picks. Main builds and writes it; no key reaches this window.
 */
export function ExportAllPanel({ ids }: { readonly ids: readonly string[] }) {
  const t = useT();
  const starting = useMemo<Progress>(() => ({ step: t('exports:all.starting'), done: 0, total: 1 }), [t]);
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<ExportAllForm>(INITIAL_FORM);
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [result, setResult] = useState<ExportAllResult | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const operation = useOperation(starting);
  const cancel = useCancel();
  const unavailable = exportAllUnavailable(ids.length);
  const errors = touched ? exportAllErrors(form) : {};
  const warning = exportAllWarning(form);

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
    if (!done.ok) return setError(withoutField(done.error));
    if (done.value.cancelled) return setNote(t('exports:all.nothingWritten'));
    setResult(done.value);
    setForm(INITIAL_FORM);
  }

  if (result) {
    return (
      <Notice tone="success">
        <p className="alert-title">{t('exports:all.done')}</p>
        <p className="alert-note">{t('exports:all.doneNote', { summary: exportAllSummary(result, result.withKey > 0) })}</p>
      </Notice>
    );
  }
  if (!open) {
    return (
      <div className="export-all-offer">
        <Button icon={<Icon name="download" />} disabled={unavailable !== null} onClick={() => setOpen(true)}>
          {t('exports:all.open')}
        </Button>
        {unavailable ? <span className="field-hint">{unavailable}</span> : null}
      </div>
    );
  }
  const keyChoice: KeyChoice = form.includeKeys ? form.keyFormat : 'none';
  return (
    <section className="export-all card-inset" aria-label={t('exports:all.region')}>
      <h2 className="step-title">{t('exports:all.title', { count: ids.length })}</h2>
      <p className="field-hint">{t('exports:all.intro')}</p>
      {operation.running ? (
        <>
          <ProgressBar label={t('exports:all.progress')} step={operation.progress.step} done={operation.progress.done} total={operation.progress.total} />
          {cancel.error ? <ErrorAlert error={cancel.error} title={t('exports:all.cancelFailed')} /> : null}
          <div className="actions">
            <Button variant="danger" busy={cancel.cancelling} onClick={() => void cancel.cancel()}>
              {cancel.cancelling ? t('exports:all.cancelling') : t('exports:all.cancel')}
            </Button>
          </div>
        </>
      ) : (
        <>
          <ChoiceGroup
            name="export-all-keys"
            legend={t('exports:all.keys')}
            value={keyChoice}
            onChange={(value: KeyChoice) => setForm({ ...form, includeKeys: value !== 'none', keyFormat: value === 'p12' ? 'p12' : 'pem' })}
            choices={[
              { value: 'pem', title: t('exports:all.pem'), hint: t('exports:all.pemHint') },
              { value: 'p12', title: t('exports:all.p12'), hint: t('exports:all.p12Hint') },
              { value: 'none', title: t('exports:all.none'), hint: t('exports:all.noneHint') },
            ]}
          />
          {form.includeKeys ? (
            <div className="grid-2">
              <TextField
                id="export-all-password"
                type="password"
                label={t('exports:all.password')}
                value={form.password}
                onValueChange={(password) => setForm({ ...form, password })}
                error={errors.password}
                hint={t('exports:all.passwordHint')}
                autoComplete="new-password"
              />
              <TextField id="export-all-confirm" type="password" label={t('exports:all.repeat')} value={form.confirm} onValueChange={(confirm) => setForm({ ...form, confirm })} error={errors.confirm} autoComplete="new-password" />
            </div>
          ) : null}
          {warning ? <Notice tone="warning">{warning}</Notice> : null}
          {note ? <p className="field-hint" role="status">{note}</p> : null}
          {error ? <ErrorAlert error={error} title={t('exports:all.failed')} /> : null}
          <div className="actions">
            <Button onClick={() => setOpen(false)}>{t('exports:all.close')}</Button>
            <Button variant="primary" icon={<Icon name="download" />} onClick={() => void run()}>
              {t('exports:all.run', { count: ids.length })}
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
