import { useEffect, useReducer, useState, type ReactNode } from 'react';
import type { PendingIntermediate } from '../../../shared/domain/authority.js';
import { KEY_ALGORITHM_INFO } from '../../../shared/domain/keys.js';
import { INTERMEDIATE_VALIDITY_DAYS, MAX_PATH_LENGTH } from '../../../shared/ipc/contract.js';
import { canSignIntermediates, issuingAuthorities, preselectedAuthority } from '../../app/authority-tree.js';
import { formatDate } from '../../app/format.js';
import { useNavigation } from '../../app/navigation.js';
import { useAuthorities } from '../../app/useAuthorities.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { SelectField, TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { CsrBlock } from '../../views/CsrBlock.js';
import { TokenField } from '../../components/TokenField.js';
import { call, type IpcError } from '../../ipc/client.js';
import { routeFailure } from '../shared/failure.js';
import { KeyAlgorithmChoice } from '../shared/KeyAlgorithmChoice.js';
import { EditLink, ReviewFact, ReviewSection, StepIntro } from '../shared/Review.js';
import { RunStep } from '../shared/RunStep.js';
import { subjectPreview } from '../shared/subject.js';
import { SubjectFieldset } from '../shared/SubjectFieldset.js';
import { KEYGEN_CANCELLING_NOTE, useCancel } from '../shared/useCancel.js';
import { useOperation, type Progress } from '../shared/useOperation.js';
import { ValidityDaysField } from '../shared/ValidityDaysField.js';
import { ReviewWizardFrame } from '../shared/WizardFrame.js';
import { CaUrlsSection } from '../../views/publication/CaUrlsFieldset.js';
import { extensionPreview, publicationBase, suggestion } from '../../views/publication/ca-urls.js';
import {
  clampedTo,
  endsWithItsParent,
  constraintTokens,
  expiry,
  fieldFromPath,
  initialState,
  intermediateReducer,
  machine,
  maxPathLength,
  parentInfo,
  STEPS,
  toPendingRequest,
  toRequest,
  type ConstraintKey,
  type IntermediateState,
  type Mode,
  type StepId,
} from './model.js';

interface NewIntermediateWizardProps {
  /** The CA it is created under (the wizard was opened from it). */
  readonly parentId?: string | undefined;
  readonly mode?: Mode;
  readonly onCancel: () => void;
}

const STARTING: Progress = { step: 'Starting…', done: 0, total: 3 };

const VALIDITY_PRESETS = [
  { days: 365, label: '1 year' },
  { days: 1095, label: '3 years' },
  { days: 1825, label: '5 years' },
  { days: 3650, label: '10 years' },
] as const;

/** Both expire together: the parent's renewal has to come first, or everything below stops at once. */
function togetherWarning(together: { readonly daysBefore: number }, parentName: string): string {
  const when = together.daysBefore === 0 ? `It ends when ${parentName} does` : `It ends only ${together.daysBefore.toLocaleString()} ${together.daysBefore === 1 ? 'day' : 'days'} before ${parentName}`;
  return `${when}: both expire together, so plan ${parentName}'s renewal first — or choose a shorter validity so the intermediate ends well before it.`;
}

const CONSTRAINT_FIELDS: ReadonlyArray<{ key: ConstraintKey; label: string; placeholder: string }> = [
  { key: 'permittedDns', label: 'Permitted DNS domains', placeholder: 'acme.internal, .svc.cluster.local' },
  { key: 'excludedDns', label: 'Excluded DNS domains', placeholder: 'prod.acme.internal' },
  { key: 'permittedIp', label: 'Permitted IP ranges', placeholder: '10.0.0.0/8, fd00::/8' },
  { key: 'excludedIp', label: 'Excluded IP ranges', placeholder: '10.99.0.0/16' },
];

function Review({ state, edit }: { readonly state: IntermediateState; readonly edit: (step: StepId, what: string) => ReactNode }) {
  const end = expiry(state);
  const clamp = clampedTo(state);
  const online = state.mode === 'online';
  const constraints = state.constraintsOn ? CONSTRAINT_FIELDS.map((f) => ({ ...f, values: constraintTokens(state, f.key).flatMap((t) => (t.check.ok ? [t.check.value] : [])) })).filter((f) => f.values.length > 0) : [];
  return (
    <div className="step">
      <StepIntro title="Review">{online ? `${state.parent?.commonName ?? 'The parent'} signs this certificate now; it cannot be changed afterwards.` : 'Certwright generates the key and a CSR; the outside CA decides the validity.'}</StepIntro>
      <ReviewSection id="review-signer" title="Signer" edit={edit('signer', 'signer')}>
        <ReviewFact label="Signed by">{online ? state.parent?.commonName : 'An outside CA (offline): you will take it a CSR'}</ReviewFact>
      </ReviewSection>
      <ReviewSection id="review-identity" title="Identity" edit={edit('identity', 'identity')}>
        <ReviewFact label="Subject DN">
          <code>{subjectPreview(state.subject)}</code>
        </ReviewFact>
      </ReviewSection>
      <ReviewSection id="review-key" title="Key and validity" edit={edit('key', 'key and validity')}>
        <ReviewFact label="Key algorithm">{KEY_ALGORITHM_INFO[state.keyAlgorithm].label}</ReviewFact>
        {online ? (
          <ReviewFact label="Validity">
            {state.validityDays.trim()} days{end ? `, expires ${formatDate(end)}` : ''}
            {clamp ? <span className="muted"> (clamped to the parent)</span> : null}
          </ReviewFact>
        ) : null}
        {online && (clamp || endsWithItsParent(state)) ? (
          <p className="field-warning" role="status">
            {togetherWarning(endsWithItsParent(state) ?? { daysBefore: 0, marginDays: 0 }, state.parent?.commonName ?? 'its parent')}
          </p>
        ) : null}
      </ReviewSection>
      <ReviewSection id="review-urls" title="Revocation" edit={edit('constraints', 'revocation URLs')}>
        <ReviewFact label="Issued certificates carry">{extensionPreview(state.urls).length > 0 ? <pre className="ca-urls-lines">{extensionPreview(state.urls).join('\n')}</pre> : 'No revocation URLs'}</ReviewFact>
      </ReviewSection>
      <ReviewSection id="review-constraints" title="Constraints" edit={edit('constraints', 'constraints')}>
        <ReviewFact label="Path length">{state.pathLength.trim() === '0' ? '0 (signs leaf certificates only)' : state.pathLength.trim()}</ReviewFact>
        <ReviewFact label="Name constraints">
          {constraints.length === 0 ? (
            'None'
          ) : (
            <span className="mono-block">
              {constraints.map((c) => (
                <span key={c.key}>
                  {c.label}: {c.values.join(', ')}
                </span>
              ))}
            </span>
          )}
        </ReviewFact>
      </ReviewSection>
    </div>
  );
}

export function NewIntermediateWizard({ parentId, mode = 'online', onCancel }: NewIntermediateWizardProps) {
  const nav = useNavigation();
  const { load, authorities } = useAuthorities();
  const [state, dispatch] = useReducer(intermediateReducer, undefined, () => initialState(new Date(), mode));
  const [createError, setCreateError] = useState<IpcError | null>(null);
  const [pending, setPending] = useState<PendingIntermediate | null>(null);
  const operation = useOperation(STARTING);
  const cancel = useCancel();
  const errors = machine.visible(state);
  const parents = issuingAuthorities(authorities).filter((n) => canSignIntermediates(n.authority));

  useEffect(() => {
    if (load.state !== 'ready' || state.parent) return;
    const chosen = preselectedAuthority(parents.map((n) => n.authority), parentId);
    if (chosen) dispatch({ type: 'parent', parent: parentInfo(chosen) });
  }, [load.state]);

  async function create() {
    dispatch({ type: 'goto', step: 'create' });
    setCreateError(null);
    if (state.mode === 'offline') {
      const result = await operation.run((operationId) => {
        cancel.started(operationId);
        return call('authority.createPending', toPendingRequest(state, operationId));
      });
      cancel.finished();
      if (!result) return;
      if (result.ok) return setPending(result.value);
      return failed(result.error);
    }
    const result = await operation.run((operationId) => {
      cancel.started(operationId);
      return call('authority.createIntermediate', toRequest(state, operationId));
    });
    cancel.finished();
    if (!result) return;
    if (!result.ok) return failed(result.error);
    const { authority, clampedTo: clamp } = result.value;
    nav.show('authorities', {
      select: authority.id,
      flash: {
        message: `Intermediate CA “${authority.subject.commonName}” was created, signed by ${state.parent?.commonName ?? 'its parent'}. Its private key is sealed in the vault.`,
        notes: clamp ? [`Its validity was clamped to ${formatDate(clamp)}, when ${state.parent?.commonName ?? 'the parent'} expires.`] : [],
      },
    });
  }

  function failed(error: IpcError) {
    routeFailure(error, { fieldFromPath, onField: (field, message) => dispatch({ type: 'serverError', field, message }), onOther: setCreateError });
  }

  const edit = (step: StepId, what: string) => <EditLink what={what} onClick={() => dispatch({ type: 'goto', step })} />;
  const online = state.mode === 'online';
  const clamp = clampedTo(state);
  const together = clamp ? null : endsWithItsParent(state);
  const end = expiry(state);
  const max = online ? maxPathLength(state.parent) : undefined;
  const base = publicationBase(online ? (state.parent?.urls ?? []) : []);
  const suggested = { base, urls: suggestion(base, state.subject.commonName) };
  const title = mode === 'offline' ? 'Intermediate CA for an outside CA' : 'New intermediate CA';

  return (
    <ReviewWizardFrame
      eyebrow="Certificate authorities"
      title={title}
      steps={STEPS}
      step={state.step}
      onCancel={onCancel}
      busy={operation.running}
      onNext={() => dispatch({ type: 'next' })}
      onBack={() => dispatch({ type: 'back' })}
      onRun={() => void create()}
      runLabel={online ? 'Create intermediate CA' : 'Create key and CSR'}
      runIcon={<Icon name="key" />}
    >
      {load.state === 'failed' ? <ErrorAlert error={load.error} title="The authorities could not be loaded" /> : null}

      {state.step === 'signer' ? (
        <div className="step">
          <StepIntro title="Who signs this intermediate?">An intermediate CA issues your leaf certificates, so the root can stay unused (and offline) most of the time.</StepIntro>
          <fieldset className="choice-group">
            <legend className="field-label">Signed by</legend>
            <div className="choices">
              <label className={online ? 'choice is-checked' : 'choice'}>
                <input type="radio" name="mode" checked={online} onChange={() => dispatch({ type: 'mode', mode: 'online' })} aria-describedby="mode-online-hint" />
                <span className="choice-text">
                  <span className="choice-title">A CA in this vault</span>
                  <span id="mode-online-hint" className="choice-hint">
                    Signed right away by one of your CAs.
                  </span>
                </span>
              </label>
              <label className={online ? 'choice' : 'choice is-checked'}>
                <input type="radio" name="mode" checked={!online} onChange={() => dispatch({ type: 'mode', mode: 'offline' })} aria-describedby="mode-offline-hint" />
                <span className="choice-text">
                  <span className="choice-title">Offline intermediate</span>
                  <span id="mode-offline-hint" className="choice-hint">
                    An outside CA signs it: Certwright makes the key and a CSR for you to take there, then you import the certificate.
                  </span>
                </span>
              </label>
            </div>
          </fieldset>
          {online ? (
            <SelectField
              id="parent"
              label="Parent CA"
              value={state.parent?.id ?? ''}
              placeholder="Choose a CA…"
              onValueChange={(v) => {
                const a = parents.find((n) => n.authority.id === v)?.authority;
                dispatch({ type: 'parent', parent: a ? parentInfo(a) : null });
              }}
              options={parents.map((n) => ({ value: n.authority.id, label: `${'\u2003'.repeat(n.depth)}${n.depth > 0 ? '↳ ' : ''}${n.authority.subject.commonName}` }))}
              hint={state.parent ? `It expires ${formatDate(state.parent.notAfter)}; the intermediate cannot outlive it.` : parents.length === 0 ? 'No CA here may sign another CA (path length 0, pending or expired).' : undefined}
              error={errors.parentId}
            />
          ) : null}
        </div>
      ) : null}

      {state.step === 'identity' ? (
        <div className="step">
          <StepIntro title="Who is this intermediate?">Every certificate it signs will name it as issuer.</StepIntro>
          <SubjectFieldset
            subject={state.subject}
            errors={errors}
            onChange={(field, value) => dispatch({ type: 'subject', field, value })}
            onBlur={(field) => dispatch({ type: 'touch', field })}
            commonName={{ placeholder: 'Acme Issuing CA 1', hint: 'The name operators and tools will show for this CA.' }}
            autoFocus
          />
        </div>
      ) : null}

      {state.step === 'key' ? (
        <div className="step">
          <StepIntro title="Key and validity">The key is generated on this computer and sealed in the vault.</StepIntro>
          <KeyAlgorithmChoice value={state.keyAlgorithm} onChange={(value) => dispatch({ type: 'keyAlgorithm', value })} />
          {online ? (
            <ValidityDaysField
              value={state.validityDays}
              presets={VALIDITY_PRESETS}
              hint={
                end ? (
                  <>
                    Expires <strong>{formatDate(end)}</strong>.
                  </>
                ) : (
                  `Between ${INTERMEDIATE_VALIDITY_DAYS.min} and ${INTERMEDIATE_VALIDITY_DAYS.max.toLocaleString()} days.`
                )
              }
              error={errors.validityDays}
              onChange={(value) => dispatch({ type: 'validityDays', value })}
              onBlur={() => dispatch({ type: 'touch', field: 'validityDays' })}
              noteId={clamp ? 'clamp-note' : together ? 'together-note' : undefined}
            >
              {clamp ? (
                <p id="clamp-note" className="field-warning" role="status">
                  This will be clamped to {formatDate(clamp)}, when {state.parent?.commonName} expires: a CA cannot outlive its issuer.
                </p>
              ) : null}
              {together ? (
                <p id="together-note" className="field-warning" role="status">
                  {togetherWarning(together, state.parent?.commonName ?? 'its parent')}
                </p>
              ) : null}
            </ValidityDaysField>
          ) : (
            <Notice>The outside CA decides how long the intermediate is valid when it signs the request.</Notice>
          )}
        </div>
      ) : null}

      {state.step === 'constraints' ? (
        <div className="step">
          <StepIntro title="Constraints">Limit what this CA can do if its key is ever misused: how deep the chain below it may go, and which names it may certify.</StepIntro>
          <TextField
            id="path-length"
            label="Path length constraint"
            inputMode="numeric"
            className="input-number"
            value={state.pathLength}
            onValueChange={(value) => dispatch({ type: 'pathLength', value })}
            onBlur={() => dispatch({ type: 'touch', field: 'pathLength' })}
            hint={`How many CAs may sit below this one. 0 (the default): it signs only leaf certificates. At most ${max ?? MAX_PATH_LENGTH}.`}
            error={errors.pathLength}
          />
          <label className="checkbox">
            <input type="checkbox" checked={state.constraintsOn} onChange={(e) => dispatch({ type: 'constraintsOn', value: e.target.checked })} />
            Restrict the names it may certify (name constraints)
          </label>
          {state.constraintsOn ? (
            <div className="grid-2">
              {CONSTRAINT_FIELDS.map((f) => (
                <TokenField
                  key={f.key}
                  id={`nc-${f.key}`}
                  label={f.label}
                  optional
                  value={state.constraints[f.key]}
                  onValueChange={(value) => dispatch({ type: 'constraint', field: f.key, value })}
                  onBlur={() => dispatch({ type: 'touch', field: f.key })}
                  tokens={constraintTokens(state, f.key)}
                  error={errors[f.key]}
                  placeholder={f.placeholder}
                  hint={f.key.endsWith('Dns') ? 'A domain covers itself and its subdomains; a leading dot, subdomains only.' : 'CIDR notation.'}
                />
              ))}
            </div>
          ) : null}
          <CaUrlsSection
            intro="Every certificate this intermediate signs carries these URLs for its whole life: set them before the first one."
            draft={state.urls}
            errors={errors}
            dispatch={dispatch}
            suggestion={suggested}
          />
        </div>
      ) : null}

      {state.step === 'review' ? <Review state={state} edit={edit} /> : null}

      {state.step === 'create' && pending ? (
        <div className="step">
          <Notice tone="success">
            <p>
              The key for <strong>{pending.authority.subject.commonName}</strong> was generated and sealed in the vault. Take this request to the outside CA; when it returns the signed
              certificate, import it on the authority's page.
            </p>
          </Notice>
          <CsrBlock authorityId={pending.authority.id} csrPem={pending.csrPem} csrSha256={pending.csrSha256} hint="It carries the public key and the requested CA extensions, never the private key." />
          <div className="actions">
            <Button variant="primary" onClick={() => nav.show('authorities', { select: pending.authority.id })}>
              Done
            </Button>
          </div>
        </div>
      ) : null}
      {state.step === 'create' && !pending ? (
        <RunStep
          title={online ? `Creating “${state.subject.commonName.trim()}”` : `Generating the key and CSR for “${state.subject.commonName.trim()}”`}
          failedTitle="The intermediate CA was not created"
          note={KEY_ALGORITHM_INFO[state.keyAlgorithm].slow ? 'RSA keys take a while to generate.' : 'This only takes a moment.'}
          progressLabel="Creating intermediate CA"
          progress={operation.progress}
          error={createError}
          onRetry={() => void create()}
          onBack={() => dispatch({ type: 'goto', step: 'review' })}
          // Only a slow (RSA) key is worth stopping, and only while it is being generated: nothing is written before.
          {...(KEY_ALGORITHM_INFO[state.keyAlgorithm].slow && operation.running && operation.progress.done === 0
            ? { cancel: { label: 'Cancel key generation', cancellingNote: KEYGEN_CANCELLING_NOTE, cancelling: cancel.cancelling, error: cancel.error, onCancel: () => void cancel.cancel() } }
            : {})}
        />
      ) : null}
    </ReviewWizardFrame>
  );
}
