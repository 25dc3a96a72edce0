import { useId, useState, type FormEvent } from 'react';
import { ACME_VALIDITY_DAYS, type AcmeServerStatus } from '../../../shared/domain/acme.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
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
    <form className="acme-form" onSubmit={(e) => void start(e)} noValidate aria-label="Start the ACME server">
      <div className="acme-form-row">
        <TextField id={`${id}-port`} label="Port" optional inputMode="numeric" value={form.port} onValueChange={(port) => change({ port })} placeholder="any free port" error={shown.port} className="input-number" hint="HTTPS, for the clients." />
        <TextField
          id={`${id}-bind`}
          label="Bind address"
          value={form.bind}
          onValueChange={(bind) => change({ bind })}
          error={shown.bind}
          className="acme-input-address"
          hint="127.0.0.1: only this computer."
        />
        <TextField
          id={`${id}-http01`}
          label="http-01 port"
          inputMode="numeric"
          value={form.http01Port}
          onValueChange={(http01Port) => change({ http01Port })}
          error={shown.http01Port}
          className="input-number"
          hint="Challenges are fetched here: 80 on a real host."
        />
      </div>
      {warning ? <Notice tone="warning">{warning}</Notice> : null}

      <ResolveList id={`${id}-resolve`} rows={form.resolve} problems={shown} onChange={(resolve) => change({ resolve })} />

      <div className="acme-form-row acme-form-row-2">
        <TextField
          id={`${id}-days`}
          label="Max lifetime (days)"
          inputMode="numeric"
          value={form.maxValidityDays}
          onValueChange={(maxValidityDays) => change({ maxValidityDays })}
          error={shown.maxValidityDays}
          className="input-number"
          hint={`Of each certificate issued: ${ACME_VALIDITY_DAYS.min}–${ACME_VALIDITY_DAYS.max}, ${ACME_VALIDITY_DAYS.default} by default. Clients renew on their own.`}
        />
        <TextField
          id={`${id}-dns`}
          label="dns-01 resolver"
          optional
          value={form.dnsResolver}
          onValueChange={(dnsResolver) => change({ dnsResolver })}
          placeholder="192.0.2.53:53"
          error={shown.dnsResolver}
          className="acme-input-address"
          hint="The DNS server TXT records are checked on. Empty: only http-01."
        />
      </div>

      <div className="acme-switch">
        <label className="checkbox">
          <input type="checkbox" checked={form.eab} onChange={(e) => change({ eab: e.target.checked })} aria-describedby={`${id}-eab-hint`} />
          Require external account binding (EAB)
        </label>
        <p id={`${id}-eab-hint`} className="field-hint">
          Clients need a key id and HMAC key, shown here once the server runs, to create an account; accounts without them are refused.
        </p>
      </div>

      <div className="acme-switch">
        <label className="checkbox">
          <input type="checkbox" checked={form.ipOnlyClient} onChange={(e) => change({ ipOnlyClient: e.target.checked })} aria-describedby={`${id}-ip-hint`} />
          Client certificates for orders of IP addresses only
        </label>
        <p id={`${id}-ip-hint`} className="field-hint">
          For lab machines that prove who they are by address (mutual TLS). Orders that name a DNS name always get server certificates.
        </p>
      </div>

      <div className={form.labMode ? 'acme-lab is-on' : 'acme-lab'}>
        <Icon name="alert" />
        <div>
          <label className="checkbox">
            <input type="checkbox" checked={form.labMode} onChange={(e) => change({ labMode: e.target.checked })} aria-describedby={`${id}-lab-hint`} />
            Lab mode — approve without validation
          </label>
          <p id={`${id}-lab-hint`} className="acme-lab-text">
            Every order is approved without checking that the client controls the names: anyone who reaches the server gets a certificate for any name this CA may sign. Recorded in the audit log. Only for a lab.
          </p>
        </div>
      </div>

      {error && !serverField ? <ErrorAlert error={error} title="The ACME server could not be started" /> : null}
      <div className="button-row">
        <Button type="submit" variant="primary" icon={<Icon name="play" />} busy={busy}>
          Start
        </Button>
        {tried && Object.keys(problems).length > 0 ? (
          <span className="field-error" role="status">
            Correct the fields marked above first.
          </span>
        ) : null}
      </div>
    </form>
  );
}
