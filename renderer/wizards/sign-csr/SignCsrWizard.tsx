import { useReducer, useState } from 'react';
import type { CsrSummary } from '../../../shared/domain/certificate.js';
import { PROFILE_INFO } from '../../../shared/domain/certificate.js';
import { useNavigation } from '../../app/navigation.js';
import { useAuthorities } from '../../app/useAuthorities.js';
import { ErrorAlert, NoticeList } from '../../components/Alert.js';
import { ExtensionList } from '../../components/ExtensionList.js';
import { Fact } from '../../components/Fact.js';
import { TextAreaField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { ObjectFileButton } from '../../components/ObjectFileButton.js';
import { SanEditor } from '../../components/SanEditor.js';
import { SanLines } from '../../components/SanLines.js';
import { call, fieldMessage, type IpcError } from '../../ipc/client.js';
import { routeFailure } from '../shared/failure.js';
import { issuerInfo, rootQuestion } from '../shared/leaf.js';
import { IssuerSelect, ProfileChoice, ValidityPicker } from '../shared/LeafFields.js';
import { ReviewSection, StepIntro } from '../shared/Review.js';
import { useRootIssuerConfirm } from '../shared/RootIssuerConfirm.js';
import { SubjectFieldset } from '../shared/SubjectFieldset.js';
import { usePreselectedIssuer } from '../shared/usePreselectedIssuer.js';
import { StepFooter, WizardFrame } from '../shared/WizardFrame.js';
import { useSubCaSigning } from './useSubCaSigning.js';
import { canSign, fieldFromPath, initialState, machine, signReducer, STEPS, toRequest } from './model.js';

interface SignCsrWizardProps {
  readonly authorityId?: string | undefined;
  readonly onCancel: () => void;
}

/** What the request asks for, in words; nothing of it is taken over blindly. */
function RequestSummary({ summary }: { readonly summary: CsrSummary }) {
  return (
    <ReviewSection
      id="csr-asks"
      title="What the request asks for"
      factsLabel="Requested"
      after={
        <>
          <ExtensionList extensions={summary.requestedExtensions} title="Requested extensions" emptyText="The request asks for no extensions." />
          <NoticeList items={summary.notes} />
        </>
      }
    >
      <Fact label="Subject">
        <code>{summary.subjectDn || '(empty)'}</code>
      </Fact>
      <Fact label="Subject alternative names">
        <SanLines sans={summary.sans} />
      </Fact>
      <Fact label="Key">{summary.key.label}</Fact>
      <Fact label="Signature">
        {summary.signatureValid ? (
          <span className="tag tag-ok">Valid: the requester holds the private key</span>
        ) : (
          <span className="tag tag-expired">Invalid: the request was not signed by its key</span>
        )}
      </Fact>
      <Fact label="Suggested profile">{summary.caRequest ? 'Sub-CA: it asks to be a CA' : summary.suggestedProfile ? PROFILE_INFO[summary.suggestedProfile].label : 'The request does not say'}</Fact>
    </ReviewSection>
  );
}

export function SignCsrWizard({ authorityId, onCancel }: SignCsrWizardProps) {
  const nav = useNavigation();
  const { load, authorities } = useAuthorities();
  const [state, dispatch] = useReducer(signReducer, undefined, () => initialState(new Date()));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | string | null>(null);
  const errors = machine.visible(state);
  const leaf = state.leaf;
  const summary = state.inspected?.summary ?? null;
  const refused = summary !== null && summary.refusals.length > 0;
  // A request to be a CA is signed as a sub-CA, with its own decisions (never as a leaf).
  const subCa = useSubCaSigning(summary, state.inspected?.csr ?? '', authorities, authorityId);

  usePreselectedIssuer(load, authorities, authorityId, leaf.issuer, (issuer) => dispatch({ type: 'issuer', issuer }));
  const rootConfirm = useRootIssuerConfirm();

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
    // Whatever main could not read is about the text the user gave.
    dispatch({ type: 'serverError', field: 'csr', message: fieldMessage(result.error) });
  }

  async function sign() {
    const committed = signReducer(state, { type: 'next' });
    dispatch({ type: 'next' });
    if (!canSign(committed)) return;
    setError(null);
    // A leaf from a root: the user confirms first (RootIssuerConfirm).
    const result = await rootConfirm.confirmSend(rootQuestion(committed.leaf.issuer), 'this certificate', async (ack) => {
      setBusy(true);
      const answer = await call('csr.sign', { ...toRequest(committed), ...ack });
      setBusy(false);
      return answer;
    });
    if (!result) return;
    if (result.ok) {
      const c = result.value.certificate;
      nav.show('certificates', {
        select: c.id,
        flash: { message: `Signed the request: ${PROFILE_INFO[c.profile].label.toLowerCase()} certificate “${c.subject.commonName}”, issued by ${c.issuerCommonName}.`, warnings: result.value.warnings },
      });
      return;
    }
    routeFailure(result.error, {
      // The request itself was inspected already: what main says about it now is no field's to show.
      fieldFromPath: (path) => {
        const own = fieldFromPath(path);
        return own === 'csr' ? undefined : own;
      },
      onField: (field, message) => dispatch({ type: 'serverError', field, message }),
      onOther: (e) => setError({ ...e, message: fieldMessage(e) }),
    });
  }

  return (
    <WizardFrame
      eyebrow="Certificates"
      title="Sign a CSR"
      steps={STEPS}
      step={state.step}
      onCancel={onCancel}
      busy={busy || subCa.busy}
      onSubmit={() => void (state.step === 'request' ? inspect() : subCa.active ? subCa.sign() : sign())}
      footer={
        <StepFooter
          onBack={state.step === 'request' ? undefined : () => dispatch({ type: 'back' })}
          submitLabel={state.step === 'request' ? 'Inspect request' : subCa.active ? 'Sign sub-CA' : 'Sign certificate'}
          submitIcon={state.step === 'request' ? <Icon name="search" /> : <Icon name="certificate" />}
          // Sign stays disabled while a blocking error stands (a refused request, a field in error).
          submitDisabled={busy || subCa.busy || (state.step === 'decide' && (subCa.active ? !subCa.ready : refused || Object.keys(errors).length > 0))}
        />
      }
    >
      {rootConfirm.dialog}
      {state.step === 'request' ? (
        <div className="step">
          <StepIntro title="The certificate signing request">Paste the PKCS#10 request (-----BEGIN CERTIFICATE REQUEST-----) or open its file, PEM or DER. Certwright shows what it asks for before anything is signed.</StepIntro>
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
            <ObjectFileButton
              label="Open request file…"
              accept=".csr,.pem,.req,.der"
              onRead={(object, name) => {
                setError(null);
                dispatch({ type: 'csrText', value: object.text, fileName: object.kind === 'pem' ? name : `${name} (binary DER, sent as base64)` });
              }}
              onError={setError}
            />
          </div>
          {error ? <ErrorAlert error={error} /> : null}
        </div>
      ) : null}

      {state.step === 'decide' && summary ? (
        <div className="step">
          <StepIntro title="Review and sign">The request only proposes. What the certificate says is decided below: the profile's key usages, the names you keep, the CA and the validity.</StepIntro>
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
          {refused ? null : subCa.active ? (
            subCa.form
          ) : (
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
