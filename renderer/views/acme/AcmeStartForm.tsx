import { useId, useState, type FormEvent } from 'react';
import { ACME_VALIDITY_DAYS, type AcmeServerStatus } from '../../../shared/domain/acme.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { useT } from '../../i18n/use-t.js';
import { call, errorField, fieldMessage, type IpcError } from '../../ipc/client.js';
import { bindWarning, formFieldOf, formProblems, startRequest, type AcmeForm } from './model.js';
import { ResolveList } from './ResolveList.js';

interface AcmeStartFormProps {
  readonly authorityId: string;
  /** Kept by the panel, so a stopped server starts again with what was typed. */
  readonly form: AcmeForm;
  readonly onChange: (form: AcmeForm) => void;
  readonly onStarted: (status: AcmeServerStatus) => void;
}

/** The value typed in the field a problem path names ('' when there is none), to tell untouched fields. */
function valueAt(form: AcmeForm, path: string): string {
  const cell = /^resolve\.(\d+)\.(name|address)$/.exec(path);
  if (cell) return form.resolve[Number(cell[1])]?.[cell[2] as 'name' | 'address'] ?? '';
  const value = form[path as keyof AcmeForm];
  return typeof value === 'string' ? value : '';
}

/** How the server starts: where it listens, how http-01 is checked, EAB, lab mode, the longest lifetime. */
export function AcmeStartForm({ authorityId, form, onChange, onStarted }: AcmeStartFormProps) {
  const t = useT();
  const id = useId();
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);

  const problems = formProblems(form);
  // As you type, a field's problem shows once it holds something; after Start, every one shows.
  const shown: Record<string, string> = Object.fromEntries(Object.entries(problems).filter(([path]) => tried || valueAt(form, path).trim() !== ''));
  const serverField = error ? formFieldOf(errorField(error)) : null;
  if (error && serverField && !shown[serverField]) shown[serverField] = fieldMessage(error);

  function change(next: Partial<AcmeForm>) {
    setError(null);
    onChange({ ...form, ...next });
  }

  async function start(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    const built = startRequest(authorityId, form);
    if (!built.ok) return;
    setBusy(true);
    setError(null);
    const result = await call('acme.start', built.request);
    setBusy(false);
    if (result.ok) onStarted(result.value);
    else setError(result.error);
  }

  const warning = bindWarning(form.bind, form.eab);
  return (
    <form className="acme-form" onSubmit={(e) => void start(e)} noValidate aria-label={t('acme:form.label')}>
      <div className="acme-form-row">
        <TextField id={`${id}-port`} label={t('acme:form.port')} optional inputMode="numeric" value={form.port} onValueChange={(port) => change({ port })} placeholder={t('acme:form.portPlaceholder')} error={shown.port} className="input-number" hint={t('acme:form.portHint')} />
        <TextField
          id={`${id}-bind`}
          label={t('acme:form.bind')}
          value={form.bind}
          onValueChange={(bind) => change({ bind })}
          error={shown.bind}
          className="acme-input-address"
          hint={t('acme:form.bindHint')}
        />
        <TextField
          id={`${id}-http01`}
          label={t('acme:form.http01Port')}
          inputMode="numeric"
          value={form.http01Port}
          onValueChange={(http01Port) => change({ http01Port })}
          error={shown.http01Port}
          className="input-number"
          hint={t('acme:form.http01Hint')}
        />
      </div>
      {warning ? <Notice tone="warning">{warning}</Notice> : null}

      <ResolveList id={`${id}-resolve`} rows={form.resolve} problems={shown} onChange={(resolve) => change({ resolve })} />

      <div className="acme-form-row acme-form-row-2">
        <TextField
          id={`${id}-days`}
          label={t('acme:form.maxDays')}
          inputMode="numeric"
          value={form.maxValidityDays}
          onValueChange={(maxValidityDays) => change({ maxValidityDays })}
          error={shown.maxValidityDays}
          className="input-number"
          hint={t('acme:form.maxDaysHint', { min: ACME_VALIDITY_DAYS.min, max: ACME_VALIDITY_DAYS.max, default: ACME_VALIDITY_DAYS.default })}
        />
        <TextField
          id={`${id}-dns`}
          label={t('acme:form.dnsResolver')}
          optional
          value={form.dnsResolver}
          onValueChange={(dnsResolver) => change({ dnsResolver })}
          placeholder="192.0.2.53:53"
          error={shown.dnsResolver}
          className="acme-input-address"
          hint={t('acme:form.dnsResolverHint')}
        />
      </div>

      <div className="acme-switch">
        <label className="checkbox">
          <input type="checkbox" checked={form.eab} onChange={(e) => change({ eab: e.target.checked })} aria-describedby={`${id}-eab-hint`} />
          {t('acme:form.eab')}
        </label>
        <p id={`${id}-eab-hint`} className="field-hint">
          {t('acme:form.eabHint')}
        </p>
      </div>

      <div className="acme-switch">
        <label className="checkbox">
          <input type="checkbox" checked={form.ipOnlyClient} onChange={(e) => change({ ipOnlyClient: e.target.checked })} aria-describedby={`${id}-ip-hint`} />
          {t('acme:form.ipOnlyClient')}
        </label>
        <p id={`${id}-ip-hint`} className="field-hint">
          {t('acme:form.ipOnlyClientHint')}
        </p>
      </div>

      <div className={form.labMode ? 'acme-lab is-on' : 'acme-lab'}>
        <Icon name="alert" />
        <div>
          <label className="checkbox">
            <input type="checkbox" checked={form.labMode} onChange={(e) => change({ labMode: e.target.checked })} aria-describedby={`${id}-lab-hint`} />
            {t('acme:form.labMode')}
          </label>
          <p id={`${id}-lab-hint`} className="acme-lab-text">
            {t('acme:form.labModeHint')}
          </p>
        </div>
      </div>

      {error && !serverField ? <ErrorAlert error={error} title={t('acme:form.startFailed')} /> : null}
      <div className="button-row">
        <Button type="submit" variant="primary" icon={<Icon name="play" />} busy={busy}>
          {t('acme:form.start')}
        </Button>
        {tried && Object.keys(problems).length > 0 ? (
          <span className="field-error" role="status">
            {t('acme:form.fixFirst')}
          </span>
        ) : null}
      </div>
    </form>
  );
}
