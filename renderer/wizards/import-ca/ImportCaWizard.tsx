import { useState } from 'react';
import { useNavigation } from '../../app/navigation.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { TextAreaField, TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { ObjectFileButton } from '../../components/ObjectFileButton.js';
import { call, fieldMessage, type IpcError } from '../../ipc/client.js';
import { routeFailure } from '../shared/failure.js';
import { StepIntro } from '../shared/Review.js';
import { StepFooter, WizardFrame } from '../shared/WizardFrame.js';

const STEPS = [{ id: 'import', title: 'CA and key' }] as const;

/** What will cross to main: PEM as typed or opened, or a binary file (PKCS#12, DER) as base64. */
interface Source {
  readonly content: string;
  readonly encoding: 'text' | 'base64';
  readonly fileName: string | null;
}

type Field = 'content' | 'password';

/**
 * Import an existing CA with its private key, from the front door: a PKCS#12 (with its password) or
 * PEM certificate + key (+ chain). Main reads it in the untrusted-input worker — the same reading as
 * Inspect's "Add to vault" — and says precisely what is wrong when it cannot be imported.
 */
export function ImportCaWizard({ onCancel }: { readonly onCancel: () => void }) {
  const nav = useNavigation();
  const [source, setSource] = useState<Source>({ content: '', encoding: 'text', fileName: null });
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<IpcError | string | null>(null);
  const [busy, setBusy] = useState(false);

  function edit(next: Partial<Source>) {
    setSource((s) => ({ ...s, ...next }));
    setErrors({});
    setError(null);
  }

  async function submit() {
    if (source.content.trim() === '') return setErrors({ content: 'Open the CA file, or paste its certificate and private key (PEM)' });
    setBusy(true);
    setError(null);
    const result = await call('authority.import', { content: source.encoding === 'text' ? source.content.trim() : source.content, encoding: source.encoding, password: password === '' ? null : password });
    setBusy(false);
    if (result.ok) {
      const added = result.value;
      nav.show('authorities', {
        ...(added.authorityId ? { select: added.authorityId } : {}),
        flash: { message: `Imported “${added.commonName}” with its private key, sealed in the vault: it can sign now.`, ...(added.note ? { notes: [added.note] } : {}) },
      });
      return;
    }
    routeFailure(result.error, {
      fieldFromPath: (path): Field | undefined => (path === 'content' || path === 'password' ? path : undefined),
      onField: (field, message) => setErrors({ [field]: message }),
      onOther: (e) => setError({ ...e, message: fieldMessage(e) }),
    });
  }

  const binary = source.encoding === 'base64';
  const fromFile = source.fileName !== null;
  return (
    <WizardFrame
      eyebrow="Authorities"
      title="Import an existing CA"
      steps={STEPS}
      step="import"
      onCancel={onCancel}
      busy={busy}
      onSubmit={() => void submit()}
      footer={<StepFooter submitLabel={busy ? 'Importing…' : 'Import CA'} submitIcon={<Icon name="shield" />} submitDisabled={busy} />}
    >
      <div className="step">
        <StepIntro title="The CA and its private key">
          Bring a CA your organization already runs: a PKCS#12 file (.p12, .pfx) with its password, or PEM holding the CA certificate and its private key. For an intermediate, include the chain up to its root: it is kept, so
          what you issue carries it.
        </StepIntro>
        <div className="input-row">
          <ObjectFileButton
            label="Open PKCS#12 or PEM file…"
            accept=".p12,.pfx,.pem,.crt,.cer,.key"
            onRead={(object, name) => edit({ content: object.text, encoding: object.kind === 'pem' ? 'text' : 'base64', fileName: name })}
            onError={(message) => setErrors({ content: message })}
          />
        </div>
        <TextAreaField
          id="import-content"
          label="Certificate and private key (PEM)"
          // An opened file is not shown: it holds a private key, and nothing on screen needs it.
          value={fromFile ? '' : source.content}
          onValueChange={(value) => edit({ content: value, encoding: 'text', fileName: null })}
          rows={fromFile ? 2 : 9}
          className="textarea-mono"
          placeholder={fromFile ? `${source.fileName ?? ''} is read. Paste PEM here instead to replace it.` : '-----BEGIN CERTIFICATE-----\n…\n-----BEGIN PRIVATE KEY-----'}
          hint={fromFile ? `Read from ${source.fileName ?? ''}${binary ? ' (binary, sent as it is)' : ' (PEM)'}.` : 'Or paste them: the certificate, its key and any chain certificates, in any order.'}
          error={errors.content}
        />
        <TextField
          id="import-password"
          label="Password"
          type="password"
          optional
          autoComplete="off"
          value={password}
          onValueChange={(value) => {
            setPassword(value);
            setErrors((e) => ({ ...e, password: undefined }));
          }}
          hint="For a PKCS#12 file or an encrypted private key. Used once to open it; never stored."
          error={errors.password}
        />
        <Notice>
          <p>The private key is sealed in your vault like the keys made here. Keep the file you imported from somewhere safe, or delete it: the vault (and its backups) now hold the key.</p>
        </Notice>
        {error ? <ErrorAlert error={error} title="Nothing was imported" /> : null}
      </div>
    </WizardFrame>
  );
}
