import { useEffect, useMemo, useReducer, useState, type ReactNode } from 'react';
import { Trans } from 'react-i18next';
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
import { useT } from '../../i18n/use-t.js';
import { t } from '../../i18n/instance.js';
import { call, type IpcError } from '../../ipc/client.js';
import { routeFailure } from '../shared/failure.js';
import { parseWholeNumber } from '../shared/form.js';
import { KeyAlgorithmChoice } from '../shared/KeyAlgorithmChoice.js';
import { EditLink, ReviewFact, ReviewSection, StepIntro } from '../shared/Review.js';
import { RunStep } from '../shared/RunStep.js';
import { subjectPreview } from '../shared/subject.js';
import { SubjectFieldset } from '../shared/SubjectFieldset.js';
import { useCancel } from '../shared/useCancel.js';
import { useOperation, type Progress } from '../shared/useOperation.js';
import { ValidityDaysField } from '../shared/ValidityDaysField.js';
import { ReviewWizardFrame } from '../shared/WizardFrame.js';
import { CaUrlsSection } from '../../views/publication/CaUrlsFieldset.js';
import { extensionPreview, publicationBase, suggestion } from '../../views/publication/ca-urls.js';
import {
  clampedTo,
  CONSTRAINT_KEYS,
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

/** The validity presets: 1, 3, 5 and 10 years, labelled in the window's language. */
const validityPresets = () => [1, 3, 5, 10].map((years) => ({ days: years * 365, label: t('wizard:validity.presetYears', { count: years }) }));

/** Both expire together: the parent's renewal has to come first, or everything below stops at once. */
function togetherWarning(together: { readonly daysBefore: number }, parentName: string): string {
  return together.daysBefore === 0 ? t('newIntermediate:together.same', { parent: parentName }) : t('newIntermediate:together.before', { count: together.daysBefore, parent: parentName });
}

/** Each name constraint field, its label in the window's language, and an example (names and ranges: the same in every language). */
const CONSTRAINT_PLACEHOLDERS: Readonly<Record<ConstraintKey, string>> = { permittedDns: 'acme.internal, .svc.cluster.local', excludedDns: 'prod.acme.internal', permittedIp: '10.0.0.0/8, fd00::/8', excludedIp: '10.99.0.0/16' };
const constraintFields = () => CONSTRAINT_KEYS.map((key) => ({ key, label: t(`newIntermediate:constraints.field.${key}`), placeholder: CONSTRAINT_PLACEHOLDERS[key] }));

function Review({ state, edit }: { readonly state: IntermediateState; readonly edit: (step: StepId, what: string) => ReactNode }) {
  const t = useT();
  const end = expiry(state);
  const clamp = clampedTo(state);
  const online = state.mode === 'online';
  const constraints = state.constraintsOn ? constraintFields().map((f) => ({ ...f, values: constraintTokens(state, f.key).flatMap((t) => (t.check.ok ? [t.check.value] : [])) })).filter((f) => f.values.length > 0) : [];
  return (
    <div className="step">
      <StepIntro title={t('newIntermediate:review.title')}>{online ? t('newIntermediate:review.introOnline', { parent: state.parent?.commonName ?? t('newIntermediate:constraints.theParent') }) : t('newIntermediate:review.introOffline')}</StepIntro>
      <ReviewSection id="review-signer" title={t('newIntermediate:review.signer')} edit={edit('signer', t('newIntermediate:review.editSigner'))}>
        <ReviewFact label={t('newIntermediate:review.signedBy')}>{online ? state.parent?.commonName : t('newIntermediate:review.outside')}</ReviewFact>
      </ReviewSection>
      <ReviewSection id="review-identity" title={t('newIntermediate:review.identity')} edit={edit('identity', t('newIntermediate:review.editIdentity'))}>
        <ReviewFact label={t('newIntermediate:review.subjectDn')}>
          <code>{subjectPreview(state.subject)}</code>
        </ReviewFact>
      </ReviewSection>
      <ReviewSection id="review-key" title={t('newIntermediate:review.keyAndValidity')} edit={edit('key', t('newIntermediate:review.editKey'))}>
        <ReviewFact label={t('newIntermediate:review.keyAlgorithm')}>{t(`wizard:key.algorithm.${state.keyAlgorithm}.label`)}</ReviewFact>
        {online ? (
          <ReviewFact label={t('newIntermediate:review.validity')}>
            {end ? t('newIntermediate:review.validityExpires', { count: parseWholeNumber(state.validityDays), date: formatDate(end) }) : t('wizard:validity.span', { count: parseWholeNumber(state.validityDays) })}
            {clamp ? <span className="muted"> {t('newIntermediate:review.clamped')}</span> : null}
          </ReviewFact>
        ) : null}
        {online && (clamp || endsWithItsParent(state)) ? (
          <p className="field-warning" role="status">
            {togetherWarning(endsWithItsParent(state) ?? { daysBefore: 0, marginDays: 0 }, state.parent?.commonName ?? t('newIntermediate:together.itsParent'))}
          </p>
        ) : null}
      </ReviewSection>
      <ReviewSection id="review-urls" title={t('newIntermediate:review.revocation')} edit={edit('constraints', t('newIntermediate:review.editUrls'))}>
        <ReviewFact label={t('newIntermediate:review.carry')}>{extensionPreview(state.urls).length > 0 ? <pre className="ca-urls-lines">{extensionPreview(state.urls).join('\n')}</pre> : t('newIntermediate:review.noUrls')}</ReviewFact>
      </ReviewSection>
      <ReviewSection id="review-constraints" title={t('newIntermediate:review.constraints')} edit={edit('constraints', t('newIntermediate:review.editConstraints'))}>
        <ReviewFact label={t('newIntermediate:review.pathLength')}>{state.pathLength.trim() === '0' ? t('newIntermediate:review.leafOnly') : state.pathLength.trim()}</ReviewFact>
        <ReviewFact label={t('newIntermediate:review.nameConstraints')}>
          {constraints.length === 0 ? (
            t('newIntermediate:review.none')
          ) : (
            <span className="mono-block">
              {constraints.map((c) => (
                <span key={c.key}>{t('newIntermediate:review.constraintLine', { label: c.label, values: c.values.join(', ') })}</span>
              ))}
            </span>
          )}
        </ReviewFact>
      </ReviewSection>
    </div>
  );
}

export function NewIntermediateWizard({ parentId, mode = 'online', onCancel }: NewIntermediateWizardProps) {
  const t = useT();
  const starting: Progress = useMemo(() => ({ step: t('wizard:run.starting'), done: 0, total: 3 }), [t]);
  const nav = useNavigation();
  const { load, authorities } = useAuthorities();
  const [state, dispatch] = useReducer(intermediateReducer, undefined, () => initialState(new Date(), mode));
  const [createError, setCreateError] = useState<IpcError | null>(null);
  const [pending, setPending] = useState<PendingIntermediate | null>(null);
  const operation = useOperation(starting);
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
        message: t('newIntermediate:run.created', { name: authority.subject.commonName, parent: state.parent?.commonName ?? t('newIntermediate:together.itsParent') }),
        notes: clamp ? [t('newIntermediate:run.clampedNote', { date: formatDate(clamp), parent: state.parent?.commonName ?? t('newIntermediate:run.theParent') })] : [],
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
  const title = mode === 'offline' ? t('newIntermediate:titleOffline') : t('newIntermediate:title');

  return (
    <ReviewWizardFrame
      eyebrow={t('newIntermediate:eyebrow')}
      title={title}
      steps={STEPS}
      step={state.step}
      onCancel={onCancel}
      busy={operation.running}
      onNext={() => dispatch({ type: 'next' })}
      onBack={() => dispatch({ type: 'back' })}
      onRun={() => void create()}
      runLabel={online ? t('newIntermediate:run.label') : t('newIntermediate:run.labelOffline')}
      runIcon={<Icon name="key" />}
    >
      {load.state === 'failed' ? <ErrorAlert error={load.error} title={t('newIntermediate:loadFailed')} /> : null}

      {state.step === 'signer' ? (
        <div className="step">
          <StepIntro title={t('newIntermediate:signer.title')}>{t('newIntermediate:signer.intro')}</StepIntro>
          <fieldset className="choice-group">
            <legend className="field-label">{t('newIntermediate:signer.legend')}</legend>
            <div className="choices">
              <label className={online ? 'choice is-checked' : 'choice'}>
                <input type="radio" name="mode" checked={online} onChange={() => dispatch({ type: 'mode', mode: 'online' })} aria-describedby="mode-online-hint" />
                <span className="choice-text">
                  <span className="choice-title">{t('newIntermediate:signer.online')}</span>
                  <span id="mode-online-hint" className="choice-hint">
                    {t('newIntermediate:signer.onlineHint')}
                  </span>
                </span>
              </label>
              <label className={online ? 'choice' : 'choice is-checked'}>
                <input type="radio" name="mode" checked={!online} onChange={() => dispatch({ type: 'mode', mode: 'offline' })} aria-describedby="mode-offline-hint" />
                <span className="choice-text">
                  <span className="choice-title">{t('newIntermediate:signer.offline')}</span>
                  <span id="mode-offline-hint" className="choice-hint">
                    {t('newIntermediate:signer.offlineHint')}
                  </span>
                </span>
              </label>
            </div>
          </fieldset>
          {online ? (
            <SelectField
              id="parent"
              label={t('newIntermediate:signer.parent')}
              value={state.parent?.id ?? ''}
              placeholder={t('wizard:issuer.placeholder')}
              onValueChange={(v) => {
                const a = parents.find((n) => n.authority.id === v)?.authority;
                dispatch({ type: 'parent', parent: a ? parentInfo(a) : null });
              }}
              options={parents.map((n) => ({ value: n.authority.id, label: `${'\u2003'.repeat(n.depth)}${n.depth > 0 ? '↳ ' : ''}${n.authority.subject.commonName}` }))}
              hint={state.parent ? t('newIntermediate:signer.parentHint', { date: formatDate(state.parent.notAfter) }) : parents.length === 0 ? t('newIntermediate:signer.noParent') : undefined}
              error={errors.parentId}
            />
          ) : null}
        </div>
      ) : null}

      {state.step === 'identity' ? (
        <div className="step">
          <StepIntro title={t('newIntermediate:identity.title')}>{t('newIntermediate:identity.intro')}</StepIntro>
          <SubjectFieldset
            subject={state.subject}
            errors={errors}
            onChange={(field, value) => dispatch({ type: 'subject', field, value })}
            onBlur={(field) => dispatch({ type: 'touch', field })}
            commonName={{ placeholder: t('newIntermediate:identity.commonNamePlaceholder'), hint: t('wizard:subject.commonNameHintCa') }}
            autoFocus
          />
        </div>
      ) : null}

      {state.step === 'key' ? (
        <div className="step">
          <StepIntro title={t('newIntermediate:key.title')}>{t('newIntermediate:key.intro')}</StepIntro>
          <KeyAlgorithmChoice value={state.keyAlgorithm} onChange={(value) => dispatch({ type: 'keyAlgorithm', value })} />
          {online ? (
            <ValidityDaysField
              value={state.validityDays}
              presets={validityPresets()}
              hint={
                end ? (
                  <Trans t={t} i18nKey="wizard:validity.expires" values={{ date: formatDate(end) }} components={{ 1: <strong /> }} />
                ) : (
                  t('wizard:validity.between', { min: INTERMEDIATE_VALIDITY_DAYS.min, max: INTERMEDIATE_VALIDITY_DAYS.max })
                )
              }
              error={errors.validityDays}
              onChange={(value) => dispatch({ type: 'validityDays', value })}
              onBlur={() => dispatch({ type: 'touch', field: 'validityDays' })}
              noteId={clamp ? 'clamp-note' : together ? 'together-note' : undefined}
            >
              {clamp ? (
                <p id="clamp-note" className="field-warning" role="status">
                  {t('newIntermediate:key.clamp', { date: formatDate(clamp), parent: state.parent?.commonName ?? '' })}
                </p>
              ) : null}
              {together ? (
                <p id="together-note" className="field-warning" role="status">
                  {togetherWarning(together, state.parent?.commonName ?? t('newIntermediate:together.itsParent'))}
                </p>
              ) : null}
            </ValidityDaysField>
          ) : (
            <Notice>{t('newIntermediate:key.offline')}</Notice>
          )}
        </div>
      ) : null}

      {state.step === 'constraints' ? (
        <div className="step">
          <StepIntro title={t('newIntermediate:constraints.title')}>{t('newIntermediate:constraints.intro')}</StepIntro>
          <TextField
            id="path-length"
            label={t('newIntermediate:constraints.pathLength')}
            inputMode="numeric"
            className="input-number"
            value={state.pathLength}
            onValueChange={(value) => dispatch({ type: 'pathLength', value })}
            onBlur={() => dispatch({ type: 'touch', field: 'pathLength' })}
            hint={t('newIntermediate:constraints.pathLengthHint', { max: max ?? MAX_PATH_LENGTH })}
            error={errors.pathLength}
          />
          <label className="checkbox">
            <input type="checkbox" checked={state.constraintsOn} onChange={(e) => dispatch({ type: 'constraintsOn', value: e.target.checked })} />
            {t('newIntermediate:constraints.restrict')}
          </label>
          {state.constraintsOn ? (
            <div className="grid-2">
              {constraintFields().map((f) => (
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
                  hint={f.key.endsWith('Dns') ? t('newIntermediate:constraints.dnsHint') : t('newIntermediate:constraints.ipHint')}
                />
              ))}
            </div>
          ) : null}
          <CaUrlsSection
            intro={t('newIntermediate:constraints.urlsIntro')}
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
              <Trans t={t} i18nKey="newIntermediate:pending.done" values={{ name: pending.authority.subject.commonName }} components={{ 1: <strong /> }} />
            </p>
          </Notice>
          <CsrBlock authorityId={pending.authority.id} csrPem={pending.csrPem} csrSha256={pending.csrSha256} hint={t('newIntermediate:pending.csrHint')} />
          <div className="actions">
            <Button variant="primary" onClick={() => nav.show('authorities', { select: pending.authority.id })}>
              {t('wizard:nav.done')}
            </Button>
          </div>
        </div>
      ) : null}
      {state.step === 'create' && !pending ? (
        <RunStep
          title={online ? t('newIntermediate:run.creating', { name: state.subject.commonName.trim() }) : t('newIntermediate:run.generating', { name: state.subject.commonName.trim() })}
          failedTitle={t('newIntermediate:run.failed')}
          note={KEY_ALGORITHM_INFO[state.keyAlgorithm].slow ? t('newIntermediate:key.rsaSlow') : t('wizard:run.quick')}
          progressLabel={t('newIntermediate:run.progress')}
          progress={operation.progress}
          error={createError}
          onRetry={() => void create()}
          onBack={() => dispatch({ type: 'goto', step: 'review' })}
          // Only a slow (RSA) key is worth stopping, and only while it is being generated: nothing is written before.
          {...(KEY_ALGORITHM_INFO[state.keyAlgorithm].slow && operation.running && operation.progress.done === 0
            ? { cancel: { label: t('wizard:run.cancelKeygen'), cancellingNote: t('wizard:run.keygenCancellingNote'), cancelling: cancel.cancelling, error: cancel.error, onCancel: () => void cancel.cancel() } }
            : {})}
        />
      ) : null}
    </ReviewWizardFrame>
  );
}
