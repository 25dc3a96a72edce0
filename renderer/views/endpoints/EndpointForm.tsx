import { useEffect, useState, type FormEvent } from 'react';
import type { ServiceRow } from '../../../shared/domain/service-identity.js';
import type { EndpointStatus } from '../../../shared/domain/watch.js';
import { formatNumber } from '../../app/format.js';
import { ErrorAlert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { ChoiceGroup } from '../../components/ChoiceGroup.js';
import { SelectField, TextField } from '../../components/Field.js';
import { errorText } from '../../i18n/error-text.js';
import { useT } from '../../i18n/use-t.js';
import { call, errorField, fieldMessage, type IpcError } from '../../ipc/client.js';
import { draftFieldOf, draftOf, EMPTY_DRAFT, FIELD_OF_DRAFT, toRequest, type DraftErrors, type DraftField, type EndpointDraft, type ExpectKind } from './model.js';
import { CHOICES_AT_ONCE, useCertificateChoices, useCertificateNames, type Choice, type Choices } from './useChoices.js';

interface EndpointFormProps {
  /** The endpoint edited; absent: a new one. */
  readonly editing?: EndpointStatus | undefined;
  /** The vault-wide interval, for "use the setting (every N minutes)". */
  readonly settingMinutes: number;
  readonly onDone: (status: EndpointStatus) => void;
  readonly onCancel: () => void;
}

/** Add an endpoint, or edit one: its target, SNI, client certificate, what it should serve and how often it is probed. */
export function EndpointForm({ editing, settingMinutes, onDone, onCancel }: EndpointFormProps) {
  const t = useT();
  const [draft, setDraft] = useState<EndpointDraft>(() => (editing ? draftOf(editing.endpoint, settingMinutes) : { ...EMPTY_DRAFT, intervalMinutes: String(settingMinutes) }));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  const [findClient, setFindClient] = useState('');
  const [findExpected, setFindExpected] = useState('');
  const clients = useCertificateChoices(findClient, 'client');
  const expected = useCertificateChoices(findExpected, 'expected');
  const services = useServices();
  // The certificates the endpoint already names stay offered (with their words) while the lists are narrowed to others.
  const named = useCertificateNames([draft.clientCertificateId, draft.expectCertificateId].filter((id) => id !== ''));

  const set = (patch: Partial<EndpointDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    const cleared = (Object.keys(patch) as Array<keyof EndpointDraft>).map((k) => FIELD_OF_DRAFT[k]);
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !cleared.includes(k as DraftField))));
    setError(null);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const made = toRequest(draft);
    if (!made.ok) {
      setErrors(made.errors);
      return;
    }
    setErrors({});
    setError(null);
    setBusy(true);
    const result = editing ? await call('watch.update', { id: editing.endpoint.id, ...made.request }) : await call('watch.add', made.request);
    setBusy(false);
    if (result.ok) {
      onDone(result.value);
      return;
    }
    const field = draftFieldOf(errorField(result.error));
    if (field) setErrors({ [field]: fieldMessage(result.error) });
    else setError(result.error);
  }

  const title = editing ? t('watch:view.form.editTitle', { target: editing.target }) : t('watch:view.form.addTitle');
  return (
    <form className="card endpoint-form" onSubmit={(e) => void submit(e)} aria-labelledby="endpoint-form-title" noValidate>
      <h2 id="endpoint-form-title" className="section-title">
        {title}
      </h2>
      <div className="endpoint-form-row">
        <TextField
          id="endpoint-target"
          label={t('watch:view.form.target')}
          value={draft.target}
          onValueChange={(target) => set({ target })}
          placeholder="api.example.org:443"
          hint={t('watch:view.form.targetHint')}
          error={errors.host}
          autoComplete="off"
          data-autofocus
          autoFocus
          fieldClassName="endpoint-target"
        />
        <TextField id="endpoint-sni" label={t('watch:view.form.sni')} optional value={draft.servername} onValueChange={(servername) => set({ servername })} hint={t('watch:view.form.sniHint')} error={errors.servername} autoComplete="off" />
      </div>
      <CertificatePicker
        id="endpoint-client"
        label={t('watch:view.form.client')}
        value={draft.clientCertificateId}
        onChange={(clientCertificateId) => set({ clientCertificateId })}
        choices={clients}
        named={named}
        noneLabel={t('watch:view.form.clientNone')}
        hint={t('watch:view.form.clientHint')}
        emptyHint={t('watch:view.form.clientEmpty')}
        error={errors.clientCertificateId}
        find={findClient}
        onFind={setFindClient}
      />
      <ChoiceGroup<ExpectKind>
        name="endpoint-expect"
        legend={t('watch:view.form.expect')}
        value={draft.expectKind}
        onChange={(expectKind) => set({ expectKind })}
        layout="choices-3"
        choices={[
          { value: 'none', title: t('watch:view.form.expectNone'), hint: t('watch:view.form.expectNoneHint') },
          { value: 'certificate', title: t('watch:view.form.expectCertificate'), hint: t('watch:view.form.expectCertificateHint') },
          { value: 'service', title: t('watch:view.form.expectService'), hint: t('watch:view.form.expectServiceHint') },
        ]}
      />
      {draft.expectKind === 'certificate' ? (
        <CertificatePicker
          id="endpoint-expect-certificate"
          label={t('watch:view.form.expectCertificateLabel')}
          value={draft.expectCertificateId}
          onChange={(expectCertificateId) => set({ expectCertificateId })}
          choices={expected}
          named={named}
          noneLabel={t('watch:view.form.choose')}
          noneDisabled
          error={errors.expect}
          find={findExpected}
          onFind={setFindExpected}
        />
      ) : null}
      {draft.expectKind === 'service' ? (
        <SelectField
          id="endpoint-expect-service"
          label={t('watch:view.form.expectServiceLabel')}
          value={draft.expectService}
          onValueChange={(expectService) => set({ expectService })}
          placeholder={t('watch:view.form.choose')}
          options={services.state === 'ready' ? services.rows.map((s) => ({ value: s.name, label: s.name })) : []}
          hint={services.state === 'failed' ? errorText(services.error) : services.state === 'ready' && services.rows.length === 0 ? t('watch:view.form.noServices') : undefined}
          error={errors.expect}
        />
      ) : null}
      <ChoiceGroup<'setting' | 'own'>
        name="endpoint-interval"
        legend={t('watch:view.form.interval')}
        value={draft.ownInterval ? 'own' : 'setting'}
        onChange={(v) => set({ ownInterval: v === 'own' })}
        choices={[
          { value: 'setting', title: t('watch:view.form.intervalSetting', { count: settingMinutes }), hint: t('watch:view.form.intervalSettingHint') },
          { value: 'own', title: t('watch:view.form.intervalOwn'), hint: t('watch:view.form.intervalOwnHint') },
        ]}
        error={draft.ownInterval ? undefined : errors.intervalMinutes}
      />
      {draft.ownInterval ? (
        <TextField id="endpoint-minutes" label={t('watch:view.form.minutes')} value={draft.intervalMinutes} onValueChange={(intervalMinutes) => set({ intervalMinutes })} inputMode="numeric" error={errors.intervalMinutes} autoComplete="off" className="input-short" fieldClassName="endpoint-minutes" />
      ) : null}
      {error ? <ErrorAlert error={error} title={editing ? t('watch:view.form.saveFailed') : t('watch:view.form.addFailed')} /> : null}
      <div className="actions">
        <Button variant="ghost" onClick={onCancel} disabled={busy}>
          {t('watch:view.form.cancel')}
        </Button>
        <Button type="submit" variant="primary" busy={busy}>
          {editing ? t('watch:view.form.save') : t('watch:view.form.add')}
        </Button>
      </div>
    </form>
  );
}

type Services = { readonly state: 'loading' } | { readonly state: 'ready'; readonly rows: readonly ServiceRow[] } | { readonly state: 'failed'; readonly error: IpcError };

function useServices(): Services {
  const [services, setServices] = useState<Services>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    void call('services.list', {}).then((result) => {
      if (live) setServices(result.ok ? { state: 'ready', rows: result.value } : { state: 'failed', error: result.error });
    });
    return () => {
      live = false;
    };
  }, []);
  return services;
}

interface CertificatePickerProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (id: string) => void;
  readonly choices: Choices;
  /** Words for ids already chosen that the narrowed list may not hold. */
  readonly named: ReadonlyMap<string, string>;
  readonly noneLabel: string;
  /** "Choose…" cannot be chosen back (a certificate is required here). */
  readonly noneDisabled?: boolean;
  readonly hint?: string;
  readonly emptyHint?: string;
  readonly error: string | undefined;
  readonly find: string;
  readonly onFind: (text: string) => void;
}

/** A select of vault certificates picked by main, with a find box once there are more than it offers. */
function CertificatePicker({ id, label, value, onChange, choices, named, noneLabel, noneDisabled = false, hint, emptyHint, error, find, onFind }: CertificatePickerProps) {
  const t = useT();
  const offered: readonly Choice[] = choices.state === 'ready' ? choices.options : [];
  const keep: Choice[] = value !== '' && !offered.some((o) => o.value === value) ? [{ value, label: named.get(value) ?? `…${value.slice(-8)}` }] : [];
  const narrowing = find !== '' || (choices.state === 'ready' && choices.more);
  const shownHint =
    choices.state === 'failed'
      ? errorText(choices.error)
      : choices.state === 'ready' && offered.length === 0 && find === '' && emptyHint
        ? emptyHint
        : choices.state === 'ready' && choices.more
          ? t('watch:view.form.more', { shown: formatNumber(CHOICES_AT_ONCE) })
          : hint;
  return (
    <div className="endpoint-picker">
      <SelectField id={id} label={label} value={value} onValueChange={onChange} options={[{ value: '', label: noneLabel, disabled: noneDisabled }, ...keep, ...offered]} hint={shownHint} error={error} />
      {narrowing ? <TextField id={`${id}-find`} label={t('watch:view.form.find')} optional value={find} onValueChange={onFind} placeholder={t('watch:view.form.findPlaceholder')} autoComplete="off" maxLength={200} /> : null}
    </div>
  );
}
