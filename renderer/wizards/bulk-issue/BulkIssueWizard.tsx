import { useEffect, useMemo, useReducer, useRef, useState, type FormEvent } from 'react';
import type { Profile } from '../../../shared/domain/certificate.js';
import { KEY_ALGORITHM_INFO } from '../../../shared/domain/keys.js';
import { issuingAuthorities } from '../../app/authority-tree.js';
import { formatDate } from '../../app/format.js';
import { ExportAllPanel } from '../export-all/ExportAllPanel.js';
import { useNavigation } from '../../app/navigation.js';
import { useAuthorities } from '../../app/useAuthorities.js';
import { ErrorAlert, Notice, NoticeList } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Fact } from '../../components/Fact.js';
import { TextAreaField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { useT } from '../../i18n/use-t.js';
import { wordOf } from '../../i18n/instance.js';
import type { Msg } from '../../../shared/i18n/message.js';
import { call, errorField, fieldMessage, type IpcError } from '../../ipc/client.js';
import { KeyAlgorithmChoice } from '../shared/KeyAlgorithmChoice.js';
import { issuerInfo, rootQuestion } from '../shared/leaf.js';
import { IssuerSelect, ProfileChoice, ValidityPicker } from '../shared/LeafFields.js';
import { StepIntro } from '../shared/Review.js';
import { useOperation, type Progress } from '../shared/useOperation.js';
import { useRootIssuerConfirm } from '../shared/RootIssuerConfirm.js';
import { preselectedIssuer } from '../shared/usePreselectedIssuer.js';
import { WizardHead } from '../shared/WizardFrame.js';
import { checkValidity } from '../shared/validity.js';
import {
  bulkReducer,
  cancelledMessage,
  cancellingNote,
  canIssue,
  certificateProgress,
  checkNames,
  describeCount,
  initialBulk,
  issueLabel,
  lineRange,
  problemFromServer,
  problemLine,
  progressStep,
  resultMessage,
  toRequest,
  visibleBulkErrors,
} from './model.js';

interface BulkIssueWizardProps {
  /** Preselects the issuing CA (the wizard was opened from it). */
  readonly authorityId?: string | undefined;
  readonly onCancel: () => void;
}

/** What was asked for, kept for the progress heading and the result (the form may change after). */
interface Batch {
  readonly count: number;
  readonly profile: Profile;
  readonly issuerName: string;
  readonly keyLabel: string;
  readonly validUntil: Date | undefined;
}

interface Outcome extends Batch {
  readonly issued: number;
  readonly warnings: readonly Msg[];
  /** Stopped by Cancel: `issued` of `count` were stored. */
  readonly cancelled: boolean;
  /** The certificates stored, for "Export all". */
  readonly ids: readonly string[];
}

/** Example lists: service names and DNS names, the same in every language. */
const CLIENT_EXAMPLE = 'order-service\nbilling-service\ninventory-service';
const SERVER_EXAMPLE = 'orders.acme.internal\nbilling.acme.internal\ninventory.acme.internal';

/**
 * Many certificates of one profile from one CA, one per service name, on one screen: the CA, the
 * profile, the names pasted as a list (checked by line as they are typed), validity and key type.
 * Main reports its progress as it goes; the bar counts certificates.
 */
export function BulkIssueWizard({ authorityId, onCancel }: BulkIssueWizardProps) {
  const t = useT();
  const nav = useNavigation();
  const { load, authorities } = useAuthorities();
  const starting = useMemo<Progress>(() => ({ step: t('bulk:starting'), done: 0, total: 1 }), [t]);
  const [state, dispatch] = useReducer(bulkReducer, undefined, () => initialBulk(new Date()));
  const [error, setError] = useState<IpcError | null>(null);
  const [batch, setBatch] = useState<Batch | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const operation = useOperation(starting);
  const rootConfirm = useRootIssuerConfirm();
  /** The running bulk issue's operation id, for Cancel. */
  const running = useRef<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<IpcError | null>(null);
  const namesRef = useRef<HTMLTextAreaElement>(null);
  const check = useMemo(() => checkNames(state.text, state.profile), [state.text, state.profile]);
  const errors = visibleBulkErrors(state, check);
  const line = errors.serviceNames ? problemLine(state, check) : undefined;
  const count = check.names.length;
  // Main's "Signing" after each batch keeps the batch ("Issuing 33–48 of 1000") in words.
  const [step, setStep] = useState(starting.step);
  useEffect(() => setStep((previous) => progressStep(previous, operation.progress.step)), [operation.progress.step]);

  // Once the authorities are known, preselect the one the wizard was opened from (or the only one).
  useEffect(() => {
    if (load.state !== 'ready' || state.issuer) return;
    const chosen = preselectedIssuer(issuingAuthorities(authorities).map((n) => n.authority), authorityId);
    if (chosen) dispatch({ type: 'issuer', issuer: issuerInfo(chosen) });
    // Only when the list arrives; later changes are the user's.
  }, [load.state]);

  /** Selects a line of the list and scrolls it into view. */
  function showLine(target: number) {
    const area = namesRef.current;
    const range = lineRange(state.text, target);
    if (!area || !range) return;
    area.focus();
    area.setSelectionRange(range.start, range.end);
    const lineHeight = Number.parseFloat(getComputedStyle(area).lineHeight) || 18;
    area.scrollTop = Math.max(0, (target - 3) * lineHeight);
  }

  async function issue(event: FormEvent) {
    event.preventDefault();
    dispatch({ type: 'submit' });
    if (!canIssue(state)) {
      if (line !== undefined) showLine(line);
      return;
    }
    setError(null);
    const request = toRequest(state);
    const asked: Batch = {
      count: request.serviceNames.length,
      profile: state.profile,
      issuerName: state.issuer?.commonName ?? t('bulk:theCa'),
      keyLabel: KEY_ALGORITHM_INFO[state.keyAlgorithm].label,
      validUntil: checkValidity(state.validity, new Date(), state.issuer).end,
    };
    const root = rootQuestion(state.issuer);
    // A root is asked about first (RootIssuerConfirm); the progress view shows once the call is sent.
    const result = await rootConfirm.confirmSend(root, t('bulk:rootWhat', { count: asked.count }), (ack) => {
      setBatch(asked);
      setCancelling(false);
      setCancelError(null);
      return operation.run((operationId) => {
        running.current = operationId;
        return call('certificate.issueBulk', { ...request, ...ack, operationId });
      });
    });
    running.current = null;
    setBatch(null);
    if (!result) return;
    if (result.ok) return setOutcome({ ...asked, issued: result.value.issued, warnings: result.value.warnings, cancelled: result.value.cancelled, ids: result.value.ids });
    const field = errorField(result.error);
    const found = field ? problemFromServer(state, field, fieldMessage(result.error)) : undefined;
    if (found) return dispatch({ type: 'serverError', field: found.field, problem: found.problem });
    setError(result.error);
  }

  /** Asks main to stop after the batch it is on; the answer to the issue itself says how many were stored. */
  async function cancel() {
    const operationId = running.current;
    if (!operationId || cancelling) return;
    setCancelling(true);
    const result = await call('operation.cancel', { operationId });
    if (!result.ok) {
      setCancelling(false);
      setCancelError(result.error);
    }
  }

  // Back from a refusal of the list: straight to the line it names.
  const serverLine = state.serverErrors.serviceNames?.line;
  useEffect(() => {
    if (serverLine !== undefined) showLine(serverLine);
  }, [serverLine]);

  const message = outcome ? (outcome.cancelled ? cancelledMessage(outcome.issued, outcome.count, outcome.profile, outcome.issuerName) : resultMessage(outcome.issued, outcome.profile, outcome.issuerName)) : '';
  const progress = batch ? certificateProgress(operation.progress, batch.count) : null;

  return (
    <section className="wizard" aria-labelledby="wizard-title">
      <WizardHead eyebrow={t('bulk:eyebrow')} title={t('bulk:title')} onCancel={onCancel} busy={operation.running} cancelLabel={outcome ? t('bulk:close') : t('bulk:cancel')} />
      {rootConfirm.dialog}

      {outcome ? (
        <div className="wizard-body card" role="region" aria-label={t('bulk:result.region')}>
          <Notice tone={outcome.cancelled ? 'warning' : 'success'}>
            <p className="alert-title">{message}</p>
            <p className="alert-note">
              {outcome.cancelled
                ? t('bulk:result.cancelledNote', { issued: outcome.issued, count: outcome.count - outcome.issued })
                : t('bulk:result.doneNote')}
            </p>
          </Notice>
          <dl className="facts">
            <Fact label={t('bulk:result.issuer')}>{outcome.issuerName}</Fact>
            <Fact label={t('bulk:result.profile')}>
              {t(`bulk:profile.${outcome.profile}.label`)} <span className="muted">— {t(`bulk:profile.${outcome.profile}.hint`)}</span>
            </Fact>
            <Fact label={t('bulk:result.key')}>{t('bulk:result.keyValue', { key: outcome.keyLabel })}</Fact>
            <Fact label={t('bulk:result.expires')}>{outcome.validUntil ? formatDate(outcome.validUntil) : '—'}</Fact>
          </dl>
          <NoticeList items={outcome.warnings.map(wordOf)} tone="warning" />
          {outcome.ids.length > 0 ? <ExportAllPanel ids={outcome.ids} /> : null}
          <div className="wizard-foot">
            <Button
              onClick={() => {
                setOutcome(null);
                dispatch({ type: 'reset' });
              }}
            >
              {t('bulk:result.more')}
            </Button>
            <Button variant="primary" icon={<Icon name="certificate" />} onClick={() => nav.show('certificates', { flash: { message: t('bulk:result.flash', { message }), warnings: outcome.warnings.map(wordOf) } })}>
              {t('bulk:result.show')}
            </Button>
          </div>
        </div>
      ) : batch && progress ? (
        <div className="wizard-body card" role="region" aria-label={t('bulk:running.region')}>
          <StepIntro
            title={t('bulk:running.title', { count: batch.count, kind: t(`bulk:kind.${batch.profile}`), issuer: batch.issuerName })}
          >
            {t('bulk:running.intro')}
          </StepIntro>
          <ProgressBar label={t('bulk:running.progress')} step={step} done={progress.done} total={progress.total} />
          {cancelling ? <Notice tone="warning">{cancellingNote()}</Notice> : null}
          {cancelError ? <ErrorAlert error={cancelError} title={t('bulk:running.cancelFailed')} /> : null}
          <div className="wizard-foot wizard-foot-end">
            <Button variant="danger" busy={cancelling} onClick={() => void cancel()}>
              {cancelling ? t('bulk:running.cancelling') : t('bulk:running.cancel')}
            </Button>
          </div>
        </div>
      ) : (
        <form className="wizard-body card" onSubmit={(e) => void issue(e)} noValidate aria-label={t('bulk:title')}>
          <StepIntro title={t('bulk:form.title')}>{t('bulk:form.intro')}</StepIntro>
          <IssuerSelect id="bulk-issuer" authorities={authorities} value={state.issuer?.id ?? ''} onChange={(a) => dispatch({ type: 'issuer', issuer: a ? issuerInfo(a) : null })} error={errors.authorityId} />
          <ProfileChoice value={state.profile} onChange={(profile) => dispatch({ type: 'profile', profile })} />
          <TextAreaField
            ref={namesRef}
            id="bulk-names"
            label={t('bulk:form.names')}
            className="textarea-mono bulk-names"
            rows={10}
            value={state.text}
            onValueChange={(text) => dispatch({ type: 'text', text })}
            onBlur={() => dispatch({ type: 'touch', field: 'serviceNames' })}
            error={errors.serviceNames}
            placeholder={state.profile === 'client' ? CLIENT_EXAMPLE : SERVER_EXAMPLE}
            autoComplete="off"
            autoFocus
            hint={
              <>
                <strong className="bulk-count">{describeCount(check)}</strong> · {t('bulk:form.separators')} {t(`bulk:form.hint.${state.profile}`)}
                {line !== undefined ? (
                  <>
                    {' '}
                    <button type="button" className="link" onClick={() => showLine(line)}>
                      {t('bulk:form.showLine', { line })}
                    </button>
                  </>
                ) : null}
              </>
            }
          />
          <ValidityPicker value={state.validity} onChange={(value) => dispatch({ type: 'validity', value })} issuer={state.issuer} now={state.now} error={errors.validity} />
          <KeyAlgorithmChoice value={state.keyAlgorithm} onChange={(value) => dispatch({ type: 'keyAlgorithm', value })} />
          {error ? <ErrorAlert error={error} title={t('bulk:form.failed')} /> : null}
          {load.state === 'failed' ? <ErrorAlert error={load.error} title={t('bulk:form.authoritiesFailed')} /> : null}
          <div className="wizard-foot wizard-foot-end">
            <Button type="submit" variant="primary" busy={operation.running} icon={<Icon name="stack" />}>
              {issueLabel(count)}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
