import { useState, type FormEvent } from 'react';
import { Trans } from 'react-i18next';
import type { RemoteSummary } from '../../../shared/domain/remote.js';
import { ErrorAlert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { TextAreaField, TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { useT } from '../../i18n/use-t.js';
import { call, errorField, fieldMessage, type IpcError } from '../../ipc/client.js';
import { connectFieldOf, connectRequest, EMPTY_CONNECT, type ConnectDraft, type ConnectField } from './model.js';

/** "Connect to step-ca" in a page head: opens the dialog; `onConnected` hears the new remote. */
export function ConnectStepCaButton({ onConnected }: { readonly onConnected: (remote: RemoteSummary) => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<Icon name="badge" />} onClick={() => setOpen(true)}>
        {t('remote:view.connect')}
      </Button>
      {open ? (
        <ConnectStepCaDialog
          onClose={() => setOpen(false)}
          onConnected={(remote) => {
            setOpen(false);
            onConnected(remote);
          }}
        />
      ) : null}
    </>
  );
}

/**
 * Name, URLs (failover order), the root fingerprint to pin, the provisioner and its password. Main
 * asks the server (first URL that answers), pins the root and checks the password: a refusal of one
 * field shows at it, anything else (another root, a wrong password, no answer) as the alert above
 * the buttons, in main's words.
 */
export function ConnectStepCaDialog({ onClose, onConnected }: { readonly onClose: () => void; readonly onConnected: (remote: RemoteSummary) => void }) {
  const t = useT();
  const [draft, setDraft] = useState<ConnectDraft>(EMPTY_CONNECT);
  const [errors, setErrors] = useState<Partial<Record<ConnectField, string>>>({});
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (patch: Partial<ConnectDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !(k in patch))));
    setError(null);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    setError(null);
    setBusy(true);
    const result = await call('remote.connect', connectRequest(draft));
    setBusy(false);
    if (result.ok) return onConnected(result.value);
    const field = connectFieldOf(errorField(result.error));
    if (field) setErrors({ [field]: fieldMessage(result.error) });
    else setError(result.error);
  }

  return (
    <Dialog title={t('remote:connectDialog.title')} icon={<Icon name="badge" />} describedBy="connect-step-ca-intro" onClose={busy ? null : onClose} className="remote-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate className="remote-form">
        <p id="connect-step-ca-intro" className="muted">
          {t('remote:connectDialog.intro')}
        </p>
        <TextField id="remote-name" label={t('remote:connectDialog.name')} value={draft.name} onValueChange={(name) => set({ name })} hint={t('remote:connectDialog.nameHint')} error={errors.name} autoComplete="off" data-autofocus />
        <TextAreaField id="remote-urls" label={t('remote:connectDialog.urls')} value={draft.urls} onValueChange={(urls) => set({ urls })} hint={t('remote:connectDialog.urlsHint')} error={errors.urls} rows={2} placeholder="https://ca.example.org:9000" />
        <TextField
          id="remote-fingerprint"
          label={t('remote:connectDialog.fingerprint')}
          value={draft.fingerprint}
          onValueChange={(fingerprint) => set({ fingerprint })}
          hint={<Trans t={t} i18nKey="remote:connectDialog.fingerprintHint" components={{ 1: <code /> }} />}
          error={errors.fingerprint}
          autoComplete="off"
          className="input-mono"
        />
        <div className="remote-form-row">
          <TextField id="remote-provisioner" label={t('remote:connectDialog.provisioner')} value={draft.provisioner} onValueChange={(provisioner) => set({ provisioner })} hint={t('remote:connectDialog.provisionerHint')} error={errors.provisioner} autoComplete="off" />
          <TextField id="remote-password" type="password" label={t('remote:connectDialog.password')} value={draft.password} onValueChange={(password) => set({ password })} hint={t('remote:connectDialog.passwordHint')} error={errors.password} autoComplete="off" />
        </div>
        {error ? <ErrorAlert error={error} title={t('remote:connectDialog.failed')} /> : null}
        <div className="dialog-actions">
          <Button variant="ghost" disabled={busy} onClick={onClose}>
            {t('remote:connectDialog.cancel')}
          </Button>
          <Button type="submit" variant="primary" busy={busy}>
            {t('remote:connectDialog.connect')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
