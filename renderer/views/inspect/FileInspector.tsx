import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { InspectRole } from '../../../shared/domain/inspect.js';
import { ErrorAlert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { TextAreaField, TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { formatBytes } from '../../app/format.js';
import { passwordMessage, ROLE_CHOICES } from './model.js';
import { ReportView } from './ReportView.js';
import type { FileInspection } from './useFileInspection.js';

/** Options every inspection takes: a host name to check, the role, and the system store. */
export function InspectOptions({
  idPrefix,
  hostCheck,
  onHostCheck,
  hostError,
  role,
  onRole,
  useSystemStore,
  onUseSystemStore,
}: {
  readonly idPrefix: string;
  readonly hostCheck: string;
  readonly onHostCheck: (value: string) => void;
  readonly hostError?: string | null;
  /** Omitted where the role is fixed (a live endpoint's served chain is a server's). */
  readonly role?: InspectRole;
  readonly onRole?: (role: InspectRole) => void;
  readonly useSystemStore: boolean;
  readonly onUseSystemStore: (value: boolean) => void;
}) {
  return (
    <div className="inspect-options">
      <TextField
        id={`${idPrefix}-host`}
        label="Check host name"
        optional
        value={hostCheck}
        onValueChange={onHostCheck}
        placeholder="api.example.com or 10.0.0.5"
        hint="A DNS name or IP address the certificate must cover."
        error={hostError ?? undefined}
        autoComplete="off"
        fieldClassName="inspect-option-host"
      />
      {role && onRole ? (
        <div className="field">
          <span className="field-label" id={`${idPrefix}-role-label`}>
            Role
          </span>
          <div className="segmented" role="group" aria-labelledby={`${idPrefix}-role-label`}>
            {ROLE_CHOICES.map((choice) => (
              <button key={choice.value} type="button" className={role === choice.value ? 'seg is-on' : 'seg'} aria-pressed={role === choice.value} onClick={() => onRole(choice.value)}>
                {choice.label}
              </button>
            ))}
          </div>
          <p className="field-hint">Which purpose (extended key usage) to check.</p>
        </div>
      ) : null}
      <div className="field inspect-option-system">
        <label className="checkbox">
          <input type="checkbox" checked={useSystemStore} onChange={(e) => onUseSystemStore(e.target.checked)} />
          Also trust the system store
        </label>
        <p className="field-hint">Build chains up to the operating system&rsquo;s public roots too.</p>
      </div>
    </div>
  );
}

/** Asks for the password of a PKCS#12 file or an encrypted key, right where the input is. */
function PasswordPrompt({ needs, busy, onSubmit }: { readonly needs: { readonly what: string; readonly wrong: boolean }; readonly busy: boolean; readonly onSubmit: (password: string) => void }) {
  const [password, setPassword] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);

  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit(password);
  }

  return (
    <form className={needs.wrong ? 'inspect-password alert alert-warning' : 'inspect-password alert alert-info'} onSubmit={submit} aria-label="Password prompt">
      <Icon name="lock" />
      <div className="alert-body inspect-password-body">
        <p className="alert-title" role="status">
          {passwordMessage(needs)}
        </p>
        <div className="inspect-password-row">
          <label htmlFor="inspect-password" className="field-label">
            Password
          </label>
          <input ref={ref} id="inspect-password" className="input" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" spellCheck={false} />
          <Button type="submit" variant="primary" busy={busy}>
            Open
          </Button>
        </div>
        <p className="field-hint">It is used for this inspection only and never stored.</p>
      </div>
    </form>
  );
}

/** File or text: paste PEM, open or drop a file; the report below. */
export function FileInspector({ inspection }: { readonly inspection: FileInspection }) {
  const s = inspection;
  const report = s.result?.report ?? null;
  const request = s.result?.request ?? null;
  const needs = report?.needsPassword ?? null;

  return (
    <div className="inspect-mode">
      <div className="card inspect-input">
        <TextAreaField
          id="inspect-text"
          label="Paste PEM — any number of blocks"
          value={s.text}
          onValueChange={s.setText}
          rows={9}
          className="textarea-mono inspect-textarea"
          placeholder={s.source?.binary ? `${s.source.label} is inspected below. Paste text here to inspect that instead.` : '-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----'}
          hint="Certificates, chains, keys, requests, CRLs; or open a file: PEM, DER, PKCS#7 and PKCS#12 (.p12, .pfx) are told apart by their content, not their name. Up to 10 MiB."
        />
        <div className="button-row inspect-input-actions">
          <label className="btn btn-secondary file-button">
            <Icon name="certificate" />
            <span>Open file…</span>
            <input
              type="file"
              className="visually-hidden"
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void s.loadFile(file);
              }}
            />
          </label>
          <Button variant="primary" icon={<Icon name="search" />} busy={s.busy} disabled={s.source === null} onClick={s.rerun}>
            Inspect
          </Button>
          {s.source ? (
            <Button variant="ghost" onClick={s.clear}>
              Clear
            </Button>
          ) : null}
          {s.source && s.source.label !== 'Pasted text' ? (
            <span className="inspect-file" aria-label="Inspected file">
              <Icon name="certificate" size={16} />
              <span className="inspect-file-name">{s.source.label}</span>
              <span className="muted">
                {formatBytes(s.source.bytes)}
                {s.source.binary ? ', binary' : ', PEM text'}
              </span>
            </span>
          ) : null}
          <span className="inspect-drop-hint muted">or drop a file anywhere here</span>
        </div>
        <InspectOptions
          idPrefix="inspect"
          hostCheck={s.hostCheck}
          onHostCheck={s.setHostCheck}
          hostError={s.hostError}
          role={s.role}
          onRole={s.setRole}
          useSystemStore={s.useSystemStore}
          onUseSystemStore={s.setUseSystemStore}
        />
      </div>

      <p className="inspect-busy" role="status" aria-live="polite">
        {s.busy ? (
          <>
            <span className="spinner" aria-hidden="true" /> Inspecting…
          </>
        ) : null}
      </p>

      {s.error ? <ErrorAlert error={s.error} title="The input could not be inspected" /> : null}
      {needs ? <PasswordPrompt key={s.attempt} needs={needs} busy={s.busy} onSubmit={s.submitPassword} /> : null}
      {report && request ? <ReportView report={report} source={{ content: request.content, encoding: request.encoding, password: request.password }} onAdded={s.rerun} /> : null}
    </div>
  );
}
