import { useState, type FormEvent } from 'react';
import { DEFAULT_TOKEN_ALGORITHM, RSA_TOKEN_KEY_BITS, TOKEN_ALGORITHM_INFO, TOKEN_ALGORITHMS, type TokenAlgorithm, type TokenIssuerSummary } from '../../../shared/domain/service-identity.js';
import { ErrorAlert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { ChoiceGroup } from '../../components/ChoiceGroup.js';
import { SelectField, TextField } from '../../components/Field.js';
import { call, errorField, fieldMessage, type IpcError } from '../../ipc/client.js';
import { issuerNameProblem } from './model.js';

type RsaBits = (typeof RSA_TOKEN_KEY_BITS)[number];

interface NewIssuerFormProps {
  readonly onCreated: (issuer: TokenIssuerSummary) => void;
  readonly onCancel?: (() => void) | undefined;
}

/** "New token issuer": its name (the tokens' iss) and its signing algorithm. */
export function NewIssuerForm({ onCreated, onCancel }: NewIssuerFormProps) {
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
        New token issuer
      </h3>
      <TextField
        id="issuer-name"
        label="Name"
        value={name}
        onValueChange={(v) => {
          setName(v);
          if (error) setError(null);
        }}
        onBlur={() => setTouched(true)}
        placeholder="https://auth.acme.internal"
        hint="Every token it signs carries this as iss; verifiers check it. A URL or a plain name such as acme-auth."
        error={(touched ? (nameProblem ?? undefined) : undefined) ?? serverNameError}
        autoComplete="off"
      />
      <ChoiceGroup
        name="issuer-algorithm"
        legend="Signing algorithm"
        value={algorithm}
        onChange={setAlgorithm}
        layout="choices-3"
        choices={TOKEN_ALGORITHMS.map((id) => ({
          value: id,
          title: TOKEN_ALGORITHM_INFO[id].label,
          hint: TOKEN_ALGORITHM_INFO[id].hint,
          tags: id === DEFAULT_TOKEN_ALGORITHM ? <span className="tag tag-accent">Default</span> : null,
        }))}
      />
      {algorithm === 'RS256' ? (
        <SelectField
          id="issuer-rsa-bits"
          label="RSA key size"
          value={String(bits)}
          onValueChange={(v) => setBits(Number(v) as RsaBits)}
          options={RSA_TOKEN_KEY_BITS.map((b) => ({ value: String(b), label: `${b} bits${b === 2048 ? ' (default)' : ''}` }))}
          hint="Larger keys make larger, slower signatures; 2048 bits is enough for tokens that live minutes."
          fieldClassName="svc-narrow"
        />
      ) : null}
      {error && !serverNameError ? <ErrorAlert error={error} title="The token issuer was not created" /> : null}
      <div className="actions">
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
        ) : null}
        <Button type="submit" variant="primary" busy={busy}>
          Create token issuer
        </Button>
      </div>
    </form>
  );
}
