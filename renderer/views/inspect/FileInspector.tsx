import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { InspectRole } from '../../../shared/domain/inspect.js';
import { ErrorAlert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { TextAreaField, TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { formatBytes } from '../../app/format.js';
import { useT } from '../../i18n/use-t.js';
import { passwordMessage, roleChoices } from './model.js';
import { ReportView } from './ReportView.js';
import type { FileInspection } from './useFileInspection.js';

/** What an empty paste area shows: the shape of a PEM block (armour, not words). */
const PEM_PLACEHOLDER = ['-----BEGIN CERTIFICATE-----', '…', '-----END CERTIFICATE-----'].join('\n');

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
  const t = useT();
  return (
    <div className="inspect-options">
      <TextField
        id={`${idPrefix}-host`}
        label={t('inspect:options.hostCheck')}
        optional
        value={hostCheck}
        onValueChange={onHostCheck}
        placeholder={t('inspect:options.hostPlaceholder')}
        hint={t('inspect:options.hostHint')}
        error={hostError ?? undefined}
        autoComplete="off"
        fieldClassName="inspect-option-host"
      />
      {role && onRole ? (
        <div className="field">
          <span className="field-label" id={`${idPrefix}-role-label`}>
            {t('inspect:options.role')}
          </span>
          <div className="segmented" role="group" aria-labelledby={`${idPrefix}-role-label`}>
            {roleChoices().map((choice) => (
              <button key={choice.value} type="button" className={role === choice.value ? 'seg is-on' : 'seg'} aria-pressed={role === choice.value} onClick={() => onRole(choice.value)}>
                {choice.label}
              </button>
            ))}
          </div>
          <p className="field-hint">{t('inspect:options.roleHint')}</p>
        </div>
      ) : null}
      <div className="field inspect-option-system">
        <label className="checkbox">
          <input type="checkbox" checked={useSystemStore} onChange={(e) => onUseSystemStore(e.target.checked)} />
          {t('inspect:options.systemStore')}
        </label>
        <p className="field-hint">{t('inspect:options.systemStoreHint')}</p>
      </div>
    </div>
  );
}

/** Asks for the password of a PKCS#12 file or an encrypted key, right where the input is. */
function PasswordPrompt({ needs, busy, onSubmit }: { readonly needs: { readonly what: string; readonly wrong: boolean }; readonly busy: boolean; readonly onSubmit: (password: string) => void }) {
  const t = useT();
  const [password, setPassword] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);

  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit(password);
  }

  return (
    <form className={needs.wrong ? 'inspect-password alert alert-warning' : 'inspect-password alert alert-info'} onSubmit={submit} aria-label={t('inspect:password.prompt')}>
      <Icon name="lock" />
      <div className="alert-body inspect-password-body">
        <p className="alert-title" role="status">
          {passwordMessage(needs)}
        </p>
        <div className="inspect-password-row">
          <label htmlFor="inspect-password" className="field-label">
            {t('inspect:password.label')}
          </label>
          <input ref={ref} id="inspect-password" className="input" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" spellCheck={false} />
          <Button type="submit" variant="primary" busy={busy}>
            {t('inspect:password.open')}
          </Button>
        </div>
        <p className="field-hint">{t('inspect:password.hint')}</p>
      </div>
    </form>
  );
}

/** File or text: paste PEM, open or drop a file; the report below. */
export function FileInspector({ inspection }: { readonly inspection: FileInspection }) {
  const t = useT();
  const s = inspection;
  const report = s.result?.report ?? null;
  const request = s.result?.request ?? null;
  const needs = report?.needsPassword ?? null;

  return (
    <div className="inspect-mode">
      <div className="card inspect-input">
        <TextAreaField
          id="inspect-text"
          label={t('inspect:file.pasteLabel')}
          value={s.text}
          onValueChange={s.setText}
          rows={9}
          className="textarea-mono inspect-textarea"
          placeholder={s.source?.binary ? t('inspect:file.binaryPlaceholder', { name: s.source.label }) : PEM_PLACEHOLDER}
          hint={t('inspect:file.pasteHint')}
        />
        <div className="button-row inspect-input-actions">
          <label className="btn btn-secondary file-button">
            <Icon name="certificate" />
            <span>{t('inspect:file.open')}</span>
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
            {t('inspect:file.inspect')}
          </Button>
          {s.source ? (
            <Button variant="ghost" onClick={s.clear}>
              {t('inspect:file.clear')}
            </Button>
          ) : null}
          {s.source && s.source.label !== t('inspect:input.pastedText') ? (
            <span className="inspect-file" aria-label={t('inspect:file.inspectedFile')}>
              <Icon name="certificate" size={16} />
              <span className="inspect-file-name">{s.source.label}</span>
              <span className="muted">{s.source.binary ? t('inspect:file.sizeBinary', { size: formatBytes(s.source.bytes) }) : t('inspect:file.sizePem', { size: formatBytes(s.source.bytes) })}</span>
            </span>
          ) : null}
          <span className="inspect-drop-hint muted">{t('inspect:file.dropHint')}</span>
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
            <span className="spinner" aria-hidden="true" /> {t('inspect:file.busy')}
          </>
        ) : null}
      </p>

      {s.error ? <ErrorAlert error={s.error} title={t('inspect:file.failed')} /> : null}
      {needs ? <PasswordPrompt key={s.attempt} needs={needs} busy={s.busy} onSubmit={s.submitPassword} /> : null}
      {report && request ? <ReportView report={report} source={{ content: request.content, encoding: request.encoding, password: request.password }} onAdded={s.rerun} /> : null}
    </div>
  );
}
