import { useState } from 'react';
import { useNavigation } from '../../app/navigation.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { TextAreaField, TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { ObjectFileButton } from '../../components/ObjectFileButton.js';
import { t, wordOf } from '../../i18n/instance.js';
import { useT } from '../../i18n/use-t.js';
import { call, withoutField, type IpcError } from '../../ipc/client.js';
import { routeFailure } from '../shared/failure.js';
import { StepIntro } from '../shared/Review.js';
import { StepFooter, WizardFrame } from '../shared/WizardFrame.js';

// The title is a getter: read when shown, so it follows a language change.
const STEPS = [
  {
    id: 'import',
    get title() {
      return t('importCa:step.import');
    },
  },
] as const;

/** What a PEM certificate and key look like: PEM headers, the same in every language. */
const PEM_EXAMPLE = '-----BEGIN CERTIFICATE-----\n…\n-----BEGIN PRIVATE KEY-----';

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
  const t = useT();
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
    if (source.content.trim() === '') return setErrors({ content: t('importCa:content.empty') });
    setBusy(true);
    setError(null);
    const result = await call('authority.import', { content: source.encoding === 'text' ? source.content.trim() : source.content, encoding: source.encoding, password: password === '' ? null : password });
    setBusy(false);
    if (result.ok) {
      const added = result.value;
      nav.show('authorities', {
        ...(added.authorityId ? { select: added.authorityId } : {}),
        flash: { message: t('importCa:done', { name: added.commonName }), ...(added.note ? { notes: [wordOf(added.note)] } : {}) },
      });
      return;
    }
    routeFailure(result.error, {
      fieldFromPath: (path): Field | undefined => (path === 'content' || path === 'password' ? path : undefined),
      onField: (field, message) => setErrors({ [field]: message }),
      onOther: (e) => setError(withoutField(e)),
    });
  }

  const binary = source.encoding === 'base64';
  const fromFile = source.fileName !== null;
  return (
    <WizardFrame
      eyebrow={t('importCa:eyebrow')}
      title={t('importCa:title')}
      steps={STEPS}
      step="import"
      onCancel={onCancel}
      busy={busy}
      onSubmit={() => void submit()}
      footer={<StepFooter submitLabel={busy ? t('importCa:action.importing') : t('importCa:action.import')} submitIcon={<Icon name="shield" />} submitDisabled={busy} />}
    >
      <div className="step">
        <StepIntro title={t('importCa:intro.title')}>{t('importCa:intro.text')}</StepIntro>
        <div className="input-row">
          <ObjectFileButton
            label={t('importCa:open')}
            accept=".p12,.pfx,.pem,.crt,.cer,.key"
            onRead={(object, name) => edit({ content: object.text, encoding: object.kind === 'pem' ? 'text' : 'base64', fileName: name })}
            onError={(message) => setErrors({ content: message })}
          />
        </div>
        <TextAreaField
          id="import-content"
          label={t('importCa:content.label')}
          // An opened file is not shown: it holds a private key, and nothing on screen needs it.
          value={fromFile ? '' : source.content}
          onValueChange={(value) => edit({ content: value, encoding: 'text', fileName: null })}
          rows={fromFile ? 2 : 9}
          className="textarea-mono"
          placeholder={fromFile ? t('importCa:content.fileRead', { file: source.fileName ?? '' }) : PEM_EXAMPLE}
          hint={fromFile ? t(binary ? 'importCa:content.readBinary' : 'importCa:content.readPem', { file: source.fileName ?? '' }) : t('importCa:content.pasteHint')}
          error={errors.content}
        />
        <TextField
          id="import-password"
          label={t('importCa:password.label')}
          type="password"
          optional
          autoComplete="off"
          value={password}
          onValueChange={(value) => {
            setPassword(value);
            setErrors((e) => ({ ...e, password: undefined }));
          }}
          hint={t('importCa:password.hint')}
          error={errors.password}
        />
        <Notice>
          <p>{t('importCa:sealed')}</p>
        </Notice>
        {error ? <ErrorAlert error={error} title={t('importCa:failed')} /> : null}
      </div>
    </WizardFrame>
  );
}
