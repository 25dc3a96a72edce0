import { useEffect, useReducer, useState, type ChangeEvent } from 'react';
import type { CsrSummary } from '../../../shared/domain/certificate.js';
import { PROFILE_INFO } from '../../../shared/domain/certificate.js';
import { useNavigation } from '../../app/navigation.js';
import { useAuthorities } from '../../app/useAuthorities.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { ExtensionList } from '../../components/ExtensionList.js';
import { Fact } from '../../components/Fact.js';
import { TextAreaField } from '../../components/Field.js';
import { readObjectFile } from '../../components/file-object.js';
import { Icon } from '../../components/Icon.js';
import { SanEditor } from '../../components/SanEditor.js';
import { describeSan, SAN_TYPE_SHORT } from '../../components/san-model.js';
import { call, errorField, fieldMessage, type IpcError } from '../../ipc/client.js';
import { issuerInfo } from '../shared/leaf.js';
import { IssuerSelect, ProfileChoice, ValidityPicker } from '../shared/LeafFields.js';
import { SubjectFieldset } from '../shared/SubjectFieldset.js';
import { StepFooter, WizardFrame } from '../shared/WizardFrame.js';
import { canSign, fieldFromPath, initialState, machine, signReducer, STEPS, toRequest } from './model.js';

interface SignCsrWizardProps {
  readonly authorityId?: string | undefined;
  readonly onCancel: () => void;
  readonly onVaultLocked: () => void;
}

/** What the request asks for, in words; nothing of it is taken over blindly. */
function RequestSummary({ summary }: { readonly summary: CsrSummary }) {
  return (
    <section className="review-section" aria-labelledby="csr-asks">
      <div className="review-head">
        <h3 id="csr-asks">What the request asks for</h3>
      </div>
      <dl className="facts" aria-label="Requested">
        <Fact label="Subject">
          <code>{summary.subjectDn || '(empty)'}</code>
        </Fact>
        <Fact label="Subject alternative names">
          {summary.sans.length === 0 ? (
            'None'
          ) : (
            <span className="mono-block">
              {summary.sans.map((s) => (
                <span key={`${s.type}:${s.value}`}>
                  {SAN_TYPE_SHORT[s.type]}: {describeSan(s)}
                </span>
              ))}
            </span>
          )}
        </Fact>
        <Fact label="Key">{summary.key.label}</Fact>
        <Fact label="Signature">
          {summary.signatureValid ? (
            <span className="tag tag-ok">Valid: the requester holds the private key</span>
          ) : (
            <span className="tag tag-expired">Invalid: the request was not signed by its key</span>
          )}
        </Fact>
        <Fact label="Suggested profile">{summary.suggestedProfile ? PROFILE_INFO[summary.suggestedProfile].label : 'The request does not say'}</Fact>
      </dl>
      <ExtensionList extensions={summary.requestedExtensions} title="Requested extensions" emptyText="The request asks for no extensions." />
      {summary.notes.length > 0 ? (
        <Notice>
          <ul className="alert-list">
            {summary.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
    </section>
  );
}

export function SignCsrWizard({ authorityId, onCancel, onVaultLocked }: SignCsrWizardProps) {
  const nav = useNavigation();
  const { load, authorities } = useAuthorities(onVaultLocked);
  const [state, dispatch] = useReducer(signReducer, undefined, () => initialState(new Date()));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | string | null>(null);
  const errors = machine.visible(state);
  const leaf = state.leaf;
  const summary = state.inspected?.summary ?? null;
  const refused = summary !== null && summary.refusals.length > 0;

  useEffect(() => {
    if (load.state !== 'ready' || leaf.issuer) return;
    const active = authorities.filter((a) => a.state === 'active');
    const chosen = active.find((a) => a.id === authorityId) ?? (active.length === 1 ? active[0] : undefined);
    if (chosen) dispatch({ type: 'issuer', issuer: issuerInfo(chosen) });
  }, [load.state]);

  async function openFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setError(null);
    try {
      const object = await readObjectFile(file);
      dispatch({ type: 'csrText', value: object.text, fileName: object.kind === 'pem' ? file.name : `${file.name} (binary DER, sent as base64)` });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  async function inspect() {
    // Inspection, not "Next", moves on: only a request main could read has anything to review.
    dispatch({ type: 'touch', field: 'csr' });
    if (state.csrText.trim() === '') return;
    setBusy(true);
    setError(null);
    const csr = state.csrText.trim();
    const result = await call('csr.inspect', { csr });
    setBusy(false);
    if (result.ok) return dispatch({ type: 'inspected', csr, summary: result.value });
    if (result.error.code === 'VAULT_LOCKED') return onVaultLocked();
    // Whatever main could not read is about the text the user gave.
    dispatch({ type: 'serverError', field: 'csr', message: fieldMessage(result.error) });
  }

  async function sign() {
    const committed = signReducer(state, { type: 'next' });
    dispatch({ type: 'next' });
    if (!canSign(committed)) return;
    setBusy(true);
    setError(null);
    const result = await call('csr.sign', toRequest(committed));
    setBusy(false);
    if (result.ok) {
      const c = result.value.certificate;
      nav.show('certificates', {
        select: c.id,
        flash: { message: `Signed the request: ${PROFILE_INFO[c.profile].label.toLowerCase()} certificate “${c.subject.commonName}”, issued by ${c.issuerCommonName}.`, warnings: result.value.warnings },
      });
      return;
    }
    const field = errorField(result.error);
    const own = field ? fieldFromPath(field) : undefined;
    if (own && own !== 'csr') return dispatch({ type: 'serverError', field: own, message: fieldMessage(result.error) });
    if (result.error.code === 'VAULT_LOCKED') return onVaultLocked();
    setError({ ...result.error, message: fieldMessage(result.error) });
  }

  return (
    <WizardFrame
      eyebrow="Certificates"
      title="Sign a CSR"
      steps={STEPS}
      step={state.step}
      onCancel={onCancel}
      busy={busy}
      onSubmit={() => void (state.step === 'request' ? inspect() : sign())}
      footer={
        <StepFooter
          onBack={state.step === 'request' ? undefined : () => dispatch({ type: 'back' })}
          submitLabel={state.step === 'request' ? 'Inspect request' : 'Sign certificate'}
          submitIcon={state.step === 'request' ? <Icon name="search" /> : <Icon name="certificate" />}
          submitDisabled={busy || (state.step === 'decide' && refused)}
        />
      }
    >
      {state.step === 'request' ? (
        <div className="step">
          <div className="step-intro">
            <h2 className="step-title">The certificate signing request</h2>
            <p className="muted">Paste the PKCS#10 request (-----BEGIN CERTIFICATE REQUEST-----) or open its file, PEM or DER. Certwright shows what it asks for before anything is signed.</p>
          </div>
          <TextAreaField
            id="csr-text"
            label="Request (PEM)"
            value={state.csrText}
            onValueChange={(value) => dispatch({ type: 'csrText', value })}
            rows={10}
            className="textarea-mono"
            placeholder="-----BEGIN CERTIFICATE REQUEST-----"
            error={errors.csr}
            hint={state.fileName ? `Read from ${state.fileName}.` : undefined}
            autoFocus
          />
          <div className="input-row">
            <label className="btn btn-secondary file-button">
              <Icon name="certificate" />
              <span>Open request file…</span>
              <input type="file" className="visually-hidden" accept=".csr,.pem,.req,.der" onChange={(e) => void openFile(e)} />
            </label>
          </div>
          {error ? <ErrorAlert error={error} /> : null}
        </div>
      ) : null}

      {state.step === 'decide' && summary ? (
        <div className="step">
          <div className="step-intro">
            <h2 className="step-title">Review and sign</h2>
            <p className="muted">The request only proposes. What the certificate says is decided below: the profile's key usages, the names you keep, the CA and the validity.</p>
          </div>
          {refused ? (
            <div className="alert alert-error" role="alert">
              <Icon name="alert" />
              <div className="alert-body">
                <p className="alert-title">Certwright will not sign this request</p>
                <ul className="alert-list">
                  {summary.refusals.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              </div>
            </div>
          ) : null}
          <RequestSummary summary={summary} />
          {refused ? null : (
            <section className="review-section decisions" aria-labelledby="csr-decide">
              <div className="review-head">
                <h3 id="csr-decide">The certificate</h3>
              </div>
              <div className="grid-2">
                <IssuerSelect authorities={authorities} value={leaf.issuer?.id ?? ''} onChange={(a) => dispatch({ type: 'issuer', issuer: a ? issuerInfo(a) : null })} error={errors.authorityId} />
              </div>
              <ProfileChoice value={leaf.profile} onChange={(profile) => dispatch({ type: 'profile', profile })} />
              <SubjectFieldset
                subject={leaf.subject}
                errors={errors}
                onChange={(field, value) => dispatch({ type: 'subject', field, value })}
                onBlur={(field) => dispatch({ type: 'touch', field })}
                commonName={{ placeholder: 'billing-service', hint: leaf.profile === 'client' ? 'CN = service identity.' : 'Taken from the request; change it if it is not what you certify.' }}
                preview={false}
              />
              <SanEditor id="san-input" entries={leaf.sans} draft={leaf.sanDraft} profile={leaf.profile} onChange={(sans, draft) => dispatch({ type: 'sans', sans, draft })} error={errors.sans} />
              <ValidityPicker value={leaf.validity} onChange={(value) => dispatch({ type: 'validity', value })} issuer={leaf.issuer} now={state.now} error={errors.validity} />
            </section>
          )}
          {error ? <ErrorAlert error={error} title="The request was not signed" /> : null}
        </div>
      ) : null}
    </WizardFrame>
  );
}
