import { useState, type FormEvent } from 'react';
import type { AuthorityDetail, AuthoritySummary } from '../../../shared/domain/authority.js';
import { STEP_CA_START_LINE, type StepCaExport as StepCaExportResult } from '../../../shared/domain/remote.js';
import { STEP_CA_PASSWORD_MIN } from '../../../shared/ipc/contract.js';
import { whyNoIntermediates } from '../../app/authority-tree.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { FingerprintFact } from '../../components/CertificateFacts.js';
import { ChoiceGroup } from '../../components/ChoiceGroup.js';
import { CopyButton } from '../../components/CopyButton.js';
import { Dialog } from '../../components/Dialog.js';
import { TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { useT } from '../../i18n/use-t.js';
import { call, errorField, fieldMessage, type IpcError } from '../../ipc/client.js';
import { KeyAlgorithmChoice } from '../../wizards/shared/KeyAlgorithmChoice.js';
import { EMPTY_EXPORT, exportFieldOf, exportRequest, STEP_CA_KEY_ALGORITHMS, type DatabaseKind, type StepCaKeyAlgorithm, type ExportDraft, type ExportErrors } from './model.js';

/**
 * "Hand an intermediate to step-ca", on a root's Overview beside its other exports: a button, and
 * the dialog that asks what the new intermediate and its ca.json need.
 */
export function StepCaExportSection({ detail: d, onExported }: { readonly detail: AuthorityDetail; readonly onExported: (authority: AuthoritySummary) => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const why = whyNoIntermediates(d);
  return (
    <section className="action-panel" aria-labelledby={`step-ca-export-${d.id}`}>
      <div className="action-panel-head">
        <div>
          <h3 id={`step-ca-export-${d.id}`}>{t('remote:exportDialog.title')}</h3>
          <p className="muted">{t('remote:exportDialog.intro')}</p>
        </div>
        <Button icon={<Icon name="download" />} disabled={why !== undefined} aria-describedby={why ? `step-ca-why-${d.id}` : undefined} onClick={() => setOpen(true)}>
          {t('remote:exportDialog.open')}
        </Button>
      </div>
      {why ? (
        <p id={`step-ca-why-${d.id}`} className="field-hint">
          {t('remote:exportDialog.refuse', { why })}
        </p>
      ) : null}
      {open ? <StepCaExportDialog detail={d} onClose={() => setOpen(false)} onExported={onExported} /> : null}
    </section>
  );
}

/**
 * The form, then what was written: the files, the root fingerprint to connect with, and the line
 * that starts step-ca. A refusal of one field shows at it; anything else as the alert above the buttons.
 */
function StepCaExportDialog({ detail: d, onClose, onExported }: { readonly detail: AuthorityDetail; readonly onClose: () => void; readonly onExported: (authority: AuthoritySummary) => void }) {
  const t = useT();
  const [draft, setDraft] = useState<ExportDraft>(EMPTY_EXPORT);
  const [errors, setErrors] = useState<ExportErrors>({});
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<StepCaExportResult | null>(null);

  const set = (patch: Partial<ExportDraft>) => {
    setDraft((x) => ({ ...x, ...patch }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !(k in patch))));
    setError(null);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const made = exportRequest(d.id, draft);
    if (!made.ok) return setErrors(made.errors);
    setErrors({});
    setError(null);
    setBusy(true);
    const result = await call('authority.exportStepCa', made.request);
    setBusy(false);
    if (!result.ok) {
      const field = exportFieldOf(errorField(result.error));
      if (field) setErrors({ [field]: fieldMessage(result.error) });
      else setError(result.error);
      return;
    }
    if (result.value.cancelled) return;
    setDone(result.value);
    onExported(d);
  }

  return (
    <Dialog title={t('remote:exportDialog.title')} icon={<Icon name="download" />} describedBy="step-ca-export-intro" onClose={busy ? null : onClose} className="remote-dialog remote-dialog-wide">
      {done ? (
        <div className="remote-form">
          <Notice tone="success">
            <p className="alert-title">{t('remote:exportDialog.wrote', { count: done.paths.length })}</p>
          </Notice>
          <ul className="remote-paths mono-block" aria-label={t('remote:exportDialog.pathsLabel')}>
            {done.paths.map((p) => (
              <li key={p}>
                <code className="mono-wrap">{p}</code>
              </li>
            ))}
          </ul>
          <dl className="facts facts-detail">
            <FingerprintFact label={t('remote:exportDialog.fingerprint')} copyLabel={t('remote:exportDialog.copyFingerprint')} hex={done.rootFingerprint} />
          </dl>
          <p id="step-ca-export-intro">{t('remote:exportDialog.start')}</p>
          <pre className="istio-command" aria-label={t('remote:exportDialog.startLabel')}>
            {STEP_CA_START_LINE}
          </pre>
          <CopyButton text={STEP_CA_START_LINE} label={t('remote:exportDialog.copyStart')} />
          <div className="dialog-actions">
            <Button variant="primary" onClick={onClose} data-autofocus>
              {t('remote:exportDialog.close')}
            </Button>
          </div>
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate className="remote-form">
          <p id="step-ca-export-intro" className="muted">
            {t('remote:exportDialog.intro')}
          </p>
          <div className="remote-form-row">
            <TextField id="step-ca-cn" label={t('remote:exportDialog.commonName')} optional value={draft.commonName} onValueChange={(commonName) => set({ commonName })} hint={t('remote:exportDialog.commonNameHint', { name: d.subject.commonName })} error={errors.commonName} autoComplete="off" data-autofocus />
            <TextField id="step-ca-validity" label={t('remote:exportDialog.validity')} optional inputMode="numeric" value={draft.validityDays} onValueChange={(validityDays) => set({ validityDays })} hint={t('remote:exportDialog.validityHint')} error={errors.validityDays} autoComplete="off" />
          </div>
          <KeyAlgorithmChoice value={draft.keyAlgorithm} options={STEP_CA_KEY_ALGORITHMS} onChange={(keyAlgorithm) => set({ keyAlgorithm: keyAlgorithm as StepCaKeyAlgorithm })} />
          <div className="remote-form-row">
            <TextField id="step-ca-password" type="password" label={t('remote:exportDialog.password')} value={draft.password} onValueChange={(password) => set({ password })} hint={t('remote:exportDialog.passwordHint', { min: STEP_CA_PASSWORD_MIN })} error={errors.password} autoComplete="new-password" />
            <TextField id="step-ca-password-again" type="password" label={t('remote:exportDialog.passwordAgain')} value={draft.passwordAgain} onValueChange={(passwordAgain) => set({ passwordAgain })} error={errors.passwordAgain} autoComplete="new-password" />
          </div>
          <div className="remote-form-row">
            <TextField id="step-ca-address" label={t('remote:exportDialog.address')} value={draft.address} onValueChange={(address) => set({ address })} hint={t('remote:exportDialog.addressHint')} error={errors.address} autoComplete="off" />
            <TextField id="step-ca-dns" label={t('remote:exportDialog.dnsNames')} value={draft.dnsNames} onValueChange={(dnsNames) => set({ dnsNames })} hint={t('remote:exportDialog.dnsNamesHint')} error={errors.dnsNames} autoComplete="off" />
          </div>
          <TextField id="step-ca-provisioner" label={t('remote:exportDialog.provisioner')} value={draft.provisioner} onValueChange={(provisioner) => set({ provisioner })} hint={t('remote:exportDialog.provisionerHint')} error={errors.provisioner} autoComplete="off" />
          <ChoiceGroup<'no' | 'yes'>
            name="step-ca-acme"
            legend={t('remote:exportDialog.acme')}
            value={draft.acme ? 'yes' : 'no'}
            onChange={(v) => set({ acme: v === 'yes' })}
            choices={[
              { value: 'no', title: t('remote:exportDialog.acmeNo'), hint: t('remote:exportDialog.acmeNoHint') },
              { value: 'yes', title: t('remote:exportDialog.acmeYes'), hint: t('remote:exportDialog.acmeYesHint') },
            ]}
          />
          <ChoiceGroup<DatabaseKind>
            name="step-ca-database"
            legend={t('remote:exportDialog.database')}
            value={draft.database}
            onChange={(database) => set({ database })}
            choices={[
              { value: 'badgerv2', title: t('remote:exportDialog.badger'), hint: t('remote:exportDialog.badgerHint') },
              { value: 'mysql', title: t('remote:exportDialog.mysql'), hint: t('remote:exportDialog.mysqlHint') },
            ]}
          />
          {draft.database === 'mysql' ? (
            <div className="remote-form-row">
              <TextField id="step-ca-dsn" label={t('remote:exportDialog.dataSource')} value={draft.dataSource} onValueChange={(dataSource) => set({ dataSource })} hint={t('remote:exportDialog.dataSourceHint')} error={errors.dataSource} autoComplete="off" />
              <TextField id="step-ca-db-name" label={t('remote:exportDialog.databaseName')} value={draft.databaseName} onValueChange={(databaseName) => set({ databaseName })} error={errors.databaseName} autoComplete="off" />
            </div>
          ) : null}
          <ChoiceGroup<'folder' | 'zip'>
            name="step-ca-format"
            legend={t('remote:exportDialog.format')}
            value={draft.format}
            onChange={(format) => set({ format })}
            choices={[
              { value: 'folder', title: t('remote:exportDialog.folder'), hint: t('remote:exportDialog.folderHint') },
              { value: 'zip', title: t('remote:exportDialog.zip'), hint: t('remote:exportDialog.zipHint') },
            ]}
          />
          {error ? <ErrorAlert error={error} title={t('remote:exportDialog.failed')} /> : null}
          <div className="dialog-actions">
            <Button variant="ghost" disabled={busy} onClick={onClose}>
              {t('remote:exportDialog.cancel')}
            </Button>
            <Button type="submit" variant="primary" icon={<Icon name="download" />} busy={busy}>
              {t('remote:exportDialog.export')}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
