import { useReducer, useState } from 'react';
import type { CsrSummary } from '../../../shared/domain/certificate.js';
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
import { useT } from '../../i18n/use-t.js';
import { wordOf } from '../../i18n/instance.js';
import { call, fieldMessage, withoutField, type IpcError } from '../../ipc/client.js';
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

/** The PEM header of a CSR: quoted verbatim in every language. */
const CSR_HEADER = '-----BEGIN CERTIFICATE REQUEST-----';

interface SignCsrWizardProps {
  readonly authorityId?: string | undefined;
  readonly onCancel: () => void;
}

/** What the request asks for, in words; nothing of it is taken over blindly. */
function RequestSummary({ summary }: { readonly summary: CsrSummary }) {
  const t = useT();
  return (
    <ReviewSection
      id="csr-asks"
      title={t('signCsr:asks.title')}
      factsLabel={t('signCsr:asks.factsLabel')}
      after={
        <>
          <ExtensionList extensions={summary.requestedExtensions} title={t('signCsr:asks.extensions')} emptyText={t('signCsr:asks.noExtensions')} />
          <NoticeList items={summary.notes.map(wordOf)} />
        </>
      }
    >
      <Fact label={t('signCsr:asks.subject')}>
        <code>{summary.subjectDn || t('signCsr:asks.emptySubject')}</code>
      </Fact>
      <Fact label={t('signCsr:asks.sans')}>
        <SanLines sans={summary.sans} />
      </Fact>
      <Fact label={t('signCsr:asks.key')}>{summary.key.label}</Fact>
      <Fact label={t('signCsr:asks.signature')}>
        {summary.signatureValid ? (
          <span className="tag tag-ok">{t('signCsr:asks.signatureValid')}</span>
        ) : (
          <span className="tag tag-expired">{t('signCsr:asks.signatureInvalid')}</span>
        )}
      </Fact>
      <Fact label={t('signCsr:asks.suggestedProfile')}>{summary.caRequest ? t('signCsr:asks.subCa') : summary.suggestedProfile ? t(`wizard:profile.kind.${summary.suggestedProfile}.label`) : t('signCsr:asks.unsaid')}</Fact>
    </ReviewSection>
  );
}

export function SignCsrWizard({ authorityId, onCancel }: SignCsrWizardProps) {
  const t = useT();
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
    const result = await rootConfirm.confirmSend(rootQuestion(committed.leaf.issuer), t('wizard:rootConfirm.thisCertificate'), async (ack) => {
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
        flash: { message: t('signCsr:decide.signed', { profile: t(`common:profile.${c.profile}`), name: c.subject.commonName, issuer: c.issuerCommonName }), warnings: result.value.warnings.map(wordOf) },
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
      onOther: (e) => setError(withoutField(e)),
    });
  }

  return (
    <WizardFrame
      eyebrow={t('signCsr:eyebrow')}
      title={t('signCsr:title')}
      steps={STEPS}
      step={state.step}
      onCancel={onCancel}
      busy={busy || subCa.busy}
      onSubmit={() => void (state.step === 'request' ? inspect() : subCa.active ? subCa.sign() : sign())}
      footer={
        <StepFooter
          onBack={state.step === 'request' ? undefined : () => dispatch({ type: 'back' })}
          submitLabel={state.step === 'request' ? t('signCsr:action.inspect') : subCa.active ? t('signCsr:action.signSubCa') : t('signCsr:action.sign')}
          submitIcon={state.step === 'request' ? <Icon name="search" /> : <Icon name="certificate" />}
          // Sign stays disabled while a blocking error stands (a refused request, a field in error).
          submitDisabled={busy || subCa.busy || (state.step === 'decide' && (subCa.active ? !subCa.ready : refused || Object.keys(errors).length > 0))}
        />
      }
    >
      {rootConfirm.dialog}
      {state.step === 'request' ? (
        <div className="step">
          <StepIntro title={t('signCsr:request.title')}>{t('signCsr:request.intro', { header: CSR_HEADER })}</StepIntro>
          <TextAreaField
            id="csr-text"
            label={t('signCsr:request.label')}
            value={state.csrText}
            onValueChange={(value) => dispatch({ type: 'csrText', value })}
            rows={10}
            className="textarea-mono"
            placeholder={CSR_HEADER}
            error={errors.csr}
            hint={state.fileName ? t('signCsr:request.readFrom', { file: state.fileName }) : undefined}
            autoFocus
          />
          <div className="input-row">
            <ObjectFileButton
              label={t('signCsr:request.open')}
              accept=".csr,.pem,.req,.der"
              onRead={(object, name) => {
                setError(null);
                dispatch({ type: 'csrText', value: object.text, fileName: object.kind === 'pem' ? name : t('signCsr:request.binaryFile', { name }) });
              }}
              onError={setError}
            />
          </div>
          {error ? <ErrorAlert error={error} /> : null}
        </div>
      ) : null}

      {state.step === 'decide' && summary ? (
        <div className="step">
          <StepIntro title={t('signCsr:decide.title')}>{t('signCsr:decide.intro')}</StepIntro>
          {refused ? (
            <div className="alert alert-error" role="alert">
              <Icon name="alert" />
              <div className="alert-body">
                <p className="alert-title">{t('signCsr:decide.refused')}</p>
                <ul className="alert-list">
                  {summary.refusals.map(wordOf).map((r) => (
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
                <h3 id="csr-decide">{t('signCsr:decide.certificate')}</h3>
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
                commonName={{ placeholder: 'billing-service', hint: leaf.profile === 'client' ? t('signCsr:decide.clientHint') : t('signCsr:decide.takenHint') }}
                preview={false}
              />
              <SanEditor id="san-input" entries={leaf.sans} draft={leaf.sanDraft} profile={leaf.profile} onChange={(sans, draft) => dispatch({ type: 'sans', sans, draft })} error={errors.sans} />
              <ValidityPicker value={leaf.validity} onChange={(value) => dispatch({ type: 'validity', value })} issuer={leaf.issuer} now={state.now} error={errors.validity} />
            </section>
          )}
          {error ? <ErrorAlert error={error} title={t('signCsr:decide.notSigned')} /> : null}
        </div>
      ) : null}
    </WizardFrame>
  );
}
