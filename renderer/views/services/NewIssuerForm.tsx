import { useState, type FormEvent } from 'react';
import { DEFAULT_TOKEN_ALGORITHM, RSA_TOKEN_KEY_BITS, TOKEN_ALGORITHM_INFO, TOKEN_ALGORITHMS, type TokenAlgorithm, type TokenIssuerSummary } from '../../../shared/domain/service-identity.js';
import { ErrorAlert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { ChoiceGroup } from '../../components/ChoiceGroup.js';
import { SelectField, TextField } from '../../components/Field.js';
import { useT } from '../../i18n/use-t.js';
import { call, errorField, fieldMessage, type IpcError } from '../../ipc/client.js';
import { issuerNameProblem } from './model.js';

type RsaBits = (typeof RSA_TOKEN_KEY_BITS)[number];

interface NewIssuerFormProps {
  readonly onCreated: (issuer: TokenIssuerSummary) => void;
  readonly onCancel?: (() => void) | undefined;
}

/** "New token issuer": its name (the tokens' iss) and its signing algorithm. */
export function NewIssuerForm({ onCreated, onCancel }: NewIssuerFormProps) {
  const t = useT();
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const [algorithm, setAlgorithm] = useState<TokenAlgorithm>(DEFAULT_TOKEN_ALGORITHM);
  const [bits, setBits] = useState<RsaBits>(2048);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);

  const nameProblem = issuerNameProblem(name);
  const serverNameError = error && errorField(error) === 'name' ? fieldMessage(error) : undefined;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (nameProblem) return;
    setBusy(true);
    setError(null);
    const result = await call('jwt.createIssuer', { name: name.trim(), algorithm, ...(algorithm === 'RS256' ? { rsaBits: bits } : {}) });
    setBusy(false);
    if (result.ok) onCreated(result.value);
    else setError(result.error);
  }

  return (
    <form className="card svc-form" onSubmit={(e) => void submit(e)} aria-labelledby="new-issuer-title" noValidate>
      <h3 id="new-issuer-title" className="section-title">
        {t('services:newIssuer.title')}
      </h3>
      <TextField
        id="issuer-name"
        label={t('services:newIssuer.name')}
        value={name}
        onValueChange={(v) => {
          setName(v);
          if (error) setError(null);
        }}
        onBlur={() => setTouched(true)}
        placeholder="https://auth.acme.internal"
        hint={t('services:newIssuer.nameHint')}
        error={(touched ? (nameProblem ?? undefined) : undefined) ?? serverNameError}
        autoComplete="off"
      />
      <ChoiceGroup
        name="issuer-algorithm"
        legend={t('services:newIssuer.algorithm')}
        value={algorithm}
        onChange={setAlgorithm}
        layout="choices-3"
        choices={TOKEN_ALGORITHMS.map((id) => ({
          value: id,
          title: TOKEN_ALGORITHM_INFO[id].label,
          hint: t(`services:algorithm.${id}`),
          tags: id === DEFAULT_TOKEN_ALGORITHM ? <span className="tag tag-accent">{t('services:newIssuer.default')}</span> : null,
        }))}
      />
      {algorithm === 'RS256' ? (
        <SelectField
          id="issuer-rsa-bits"
          label={t('services:newIssuer.rsaBits')}
          value={String(bits)}
          onValueChange={(v) => setBits(Number(v) as RsaBits)}
          options={RSA_TOKEN_KEY_BITS.map((b) => ({ value: String(b), label: b === 2048 ? t('services:newIssuer.bitsDefault', { bits: b }) : t('services:newIssuer.bits', { bits: b }) }))}
          hint={t('services:newIssuer.rsaHint')}
          fieldClassName="svc-narrow"
        />
      ) : null}
      {error && !serverNameError ? <ErrorAlert error={error} title={t('services:newIssuer.failed')} /> : null}
      <div className="actions">
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel} disabled={busy}>
            {t('services:common.cancel')}
          </Button>
        ) : null}
        <Button type="submit" variant="primary" busy={busy}>
          {t('services:newIssuer.create')}
        </Button>
      </div>
    </form>
  );
}
