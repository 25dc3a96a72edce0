import { useEffect, useMemo, useReducer, useState } from 'react';
import { Trans } from 'react-i18next';
import type { CertificateSummary } from '../../../shared/domain/certificate.js';
import { MAX_REVOKE_OLD_AFTER_DAYS, type RenewResult } from '../../../shared/domain/expiry.js';
import { certificateLabel, formatDate } from '../../app/format.js';
import { useNavigation } from '../../app/navigation.js';
import { ExportAllPanel } from '../export-all/ExportAllPanel.js';
import { useAuthorities } from '../../app/useAuthorities.js';
import { useCertificateSummaries } from '../../app/useCertificateSummaries.js';
import { ErrorAlert, Notice, NoticeList } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { ChoiceGroup } from '../../components/ChoiceGroup.js';
import { describedBy, FieldShell } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { wordOf } from '../../i18n/instance.js';
import { useT } from '../../i18n/use-t.js';
import { call, type IpcError } from '../../ipc/client.js';
import { routeFailure } from '../shared/failure.js';
import { ReviewFact, StepIntro } from '../shared/Review.js';
import { RunStep } from '../shared/RunStep.js';
import { useCancel } from '../shared/useCancel.js';
import { useOperation, type Progress } from '../shared/useOperation.js';
import { ValidityDaysField } from '../shared/ValidityDaysField.js';
import { ReviewWizardFrame, WizardHead } from '../shared/WizardFrame.js';
import { presetLabel, validityPresets } from '../shared/validity.js';
import {
  currentPlan,
  describeOld,
  describeValidity,
  fieldFromPath,
  cancellingNote,
  initialState,
  issuerLimits,
  issuersOf,
  machine,
  OVERLAP_PRESETS,
  renewReducer,
  resolveCandidates,
  resultSummary,
  runLabel,
  STEPS,
  toRequest,
  validityWarning,
  wizardTitle,
  type RenewTarget,
} from './model.js';

interface RenewWizardProps {
  /** The certificates ticked in the list, or the one open in the detail pane. */
  readonly certificateIds?: readonly string[] | undefined;
  /** Instead of ids: every valid certificate whose effective expiry is within this many days. */
  readonly expiringWithinDays?: number | undefined;
  /** Start on "Rekey" (the detail pane's Rekey… button). */
  readonly rekey?: boolean | undefined;
  readonly onCancel: () => void;
}

/** The result lists this many new certificates by name; the rest are counted. */
const LISTED = 50;

/** "orders, billing, inventory and 17 more" */
function names(t: ReturnType<typeof useT>, list: readonly CertificateSummary[], max = 8): string {
  const shown = list
    .slice(0, max)
    .map((c) => certificateLabel(c))
    .join(t('renew:view.names.separator'));
  return list.length > max ? t('renew:view.names.more', { list: shown, count: list.length - max }) : shown;
}

/** Renew or rekey one certificate, several ticked in the Certificates view, or everything expiring soon. */
export function RenewWizard({ certificateIds, expiringWithinDays, rekey = false, onCancel }: RenewWizardProps) {
  const target: RenewTarget = useMemo(() => (expiringWithinDays !== undefined && (certificateIds ?? []).length === 0 ? { kind: 'expiring', days: expiringWithinDays } : { kind: 'ids', ids: certificateIds ?? [] }), [certificateIds, expiringWithinDays]);
  // Only the certificates it is about: those ids, or every one expiring within the days (main decides which, as it will renew).
  const t = useT();
  const starting = useMemo<Progress>(() => ({ step: t('renew:view.starting'), done: 0, total: 1 }), [t]);
  const load = useCertificateSummaries(target.kind === 'expiring' ? { expiringWithinDays: target.days } : { ids: target.ids });
  const { load: authoritiesLoad, authorities } = useAuthorities();
  const [state, dispatch] = useReducer(renewReducer, undefined, () => initialState(new Date(), rekey));
  const [error, setError] = useState<IpcError | null>(null);
  const [result, setResult] = useState<RenewResult | null>(null);
  const operation = useOperation(starting);
  const cancel = useCancel();
  const errors = machine.visible(state);
  const allErrors = machine.errors(state);
  const blocking = allErrors.ids ?? allErrors.rekey;
  const plan = currentPlan(state);
  const issuers = issuersOf(plan, state.issuers);
  const warning = validityWarning(state);

  useEffect(() => {
    if (load.state !== 'ready' || authoritiesLoad.state !== 'ready') return;
    dispatch({ type: 'loaded', candidates: resolveCandidates(load.value, target, state.now), issuers: issuerLimits(authorities) });
  }, [load, authoritiesLoad, authorities, target, state.now]);

  const candidates = state.candidates ?? [];
  const withoutKey = candidates.filter((c) => !c.hasPrivateKey && c.revocation === null && c.replacedById === null);
  const rekeyImpossible = candidates.length > 0 && withoutKey.length === candidates.filter((c) => c.revocation === null && c.replacedById === null).length;

  async function renew() {
    dispatch({ type: 'goto', step: 'run' });
    setError(null);
    const done = await operation.run((operationId) => {
      cancel.started(operationId);
      return call('certificate.renew', toRequest(target, state, operationId));
    });
    cancel.finished();
    if (!done) return;
    if (done.ok) return setResult(done.value);
    routeFailure(done.error, { fieldFromPath, onField: (field, message) => dispatch({ type: 'serverError', field, message }), onOther: setError });
  }

  if (result) return <RenewResultView result={result} rekey={state.rekey} onClose={onCancel} />;

  const validityHint =
    issuers.length === 1 ? (
      <Trans t={t} i18nKey="renew:view.validityHintOne" values={{ name: issuers[0]!.commonName, count: issuers[0]!.defaultValidityDays, date: formatDate(new Date(issuers[0]!.limit)) }} components={{ 1: <strong /> }} />
    ) : issuers.length > 1 ? (
      t('renew:view.validityHintMany', { count: issuers.length })
    ) : undefined;

  return (
    <ReviewWizardFrame
      eyebrow={t('renew:view.eyebrow')}
      title={wizardTitle(target, state)}
      steps={STEPS}
      step={state.step}
      onCancel={onCancel}
      busy={operation.running}
      onNext={() => dispatch({ type: 'next' })}
      onBack={() => dispatch({ type: 'back' })}
      onRun={() => {
        // Everything was checked step by step; should anything have changed since (a reload), go back to it.
        const bad = machine.firstStepWithError(allErrors);
        if (bad === undefined) return void renew();
        dispatch({ type: 'goto', step: bad });
        machine.fields[bad].forEach((field) => dispatch({ type: 'touch', field }));
      }}
      runLabel={runLabel(state.rekey, plan.renew.length)}
      runIcon={<Icon name={state.rekey ? 'key' : 'clock'} />}
    >
      {load.state === 'failed' ? <ErrorAlert error={load.error} title={t('renew:view.certificatesFailed')} /> : null}
      {authoritiesLoad.state === 'failed' ? <ErrorAlert error={authoritiesLoad.error} title={t('renew:view.authoritiesFailed')} /> : null}

      {state.step === 'what' ? (
        <div className="step">
          <StepIntro title={t('renew:view.what.title')}>
            {state.candidates === null
              ? t('renew:view.what.loading')
              : target.kind === 'expiring'
                ? candidates.length > 0
                  ? t('renew:view.what.expiring', { count: candidates.length, within: t('renew:view.what.within', { count: target.days }), names: names(t, candidates) })
                  : t('renew:view.what.expiringNone', { within: t('renew:view.what.within', { count: target.days }) })
                : t('renew:view.what.ids', { names: names(t, candidates) })}
          </StepIntro>
          <ChoiceGroup
            name="renew-mode"
            legend={t('renew:view.what.legend')}
            value={state.rekey ? 'rekey' : 'renew'}
            onChange={(value) => dispatch({ type: 'rekey', value: value === 'rekey' })}
            error={errors.rekey ?? errors.ids}
            choices={[
              {
                value: 'renew',
                title: t('renew:view.what.renew'),
                tags: <span className="tag">{t('renew:view.what.renewTag')}</span>,
                hint: t('renew:view.what.renewHint'),
              },
              {
                value: 'rekey',
                title: t('renew:view.what.rekey'),
                tags: <span className="tag">{t('renew:view.what.rekeyTag')}</span>,
                disabled: rekeyImpossible,
                hint: rekeyImpossible ? t('renew:view.what.rekeyImpossible', { count: candidates.length }) : t('renew:view.what.rekeyHint'),
              },
            ]}
          />
          {state.rekey && withoutKey.length > 0 && !rekeyImpossible ? (
            <Notice tone="warning">
              <p>{t('renew:view.what.withoutKey', { count: withoutKey.length, names: names(t, withoutKey, 5) })}</p>
            </Notice>
          ) : null}
        </div>
      ) : null}

      {state.step === 'validity' ? (
        <div className="step">
          <StepIntro title={t('renew:view.validity.title')}>{t('renew:view.validity.intro')}</StepIntro>
          <ChoiceGroup
            name="validity-mode"
            legend={t('renew:view.validity.legend')}
            value={state.validity}
            onChange={(value) => dispatch({ type: 'validity', value })}
            choices={[
              { value: 'default', title: t('renew:view.validity.default'), hint: describeValidity({ ...state, validity: 'default' }) },
              { value: 'days', title: t('renew:view.validity.days'), hint: t('renew:view.validity.daysHint') },
            ]}
            error={state.validity === 'default' ? errors.validity : undefined}
          />
          {state.validity === 'days' ? (
            <ValidityDaysField
              value={state.days}
              presets={validityPresets(issuers[0]?.defaultValidityDays ?? 30).map((days) => ({ days, label: presetLabel(days) }))}
              hint={validityHint}
              error={errors.validity}
              onChange={(value) => dispatch({ type: 'days', value })}
              onBlur={() => dispatch({ type: 'touch', field: 'validity' })}
            />
          ) : null}
          {warning && !errors.validity ? (
            <p className="field-warning" role="status">
              {warning}
            </p>
          ) : null}
        </div>
      ) : null}

      {state.step === 'old' ? (
        <div className="step">
          <StepIntro title={t('renew:view.old.title')}>{t('renew:view.old.intro')}</StepIntro>
          <ChoiceGroup
            name="revoke-old"
            legend={t('renew:view.old.legend')}
            value={state.revokeOld ? 'revoke' : 'keep'}
            onChange={(value) => dispatch({ type: 'revokeOld', value: value === 'revoke' })}
            choices={[
              { value: 'keep', title: t('renew:view.old.keep'), hint: t('renew:view.old.keepHint') },
              { value: 'revoke', title: t('renew:view.old.revoke'), hint: t('renew:view.old.revokeHint', { max: MAX_REVOKE_OLD_AFTER_DAYS }) },
            ]}
          />
          {state.revokeOld ? <OverlapField value={state.overlap} error={errors.overlap} onChange={(value) => dispatch({ type: 'overlap', value })} onBlur={() => dispatch({ type: 'touch', field: 'overlap' })} /> : null}
        </div>
      ) : null}

      {state.step === 'review' ? (
        <div className="step">
          <StepIntro title={t('renew:view.review.title')}>
            {plan.skip.length > 0
              ? state.rekey
                ? t('renew:view.review.rekeyedSkipped', { count: plan.renew.length, skipped: plan.skip.length })
                : t('renew:view.review.renewedSkipped', { count: plan.renew.length, skipped: plan.skip.length })
              : state.rekey
                ? t('renew:view.review.rekeyed', { count: plan.renew.length })
                : t('renew:view.review.renewed', { count: plan.renew.length })}
          </StepIntro>
          {blocking !== undefined ? <ErrorAlert error={blocking} /> : null}
          <dl className="facts" aria-label={t('renew:view.review.facts')}>
            <ReviewFact label={state.rekey ? t('renew:view.review.rekeyedLabel') : t('renew:view.review.renewedLabel')}>{plan.renew.length > 0 ? names(t, plan.renew, 12) : t('renew:view.review.none')}</ReviewFact>
            <ReviewFact label={t('renew:view.review.key')}>{state.rekey ? t('renew:view.review.keyNew') : t('renew:view.review.keyKept')}</ReviewFact>
            <ReviewFact label={t('renew:view.review.validity')}>{describeValidity(state)}</ReviewFact>
            <ReviewFact label={t('renew:view.review.oldLabel')}>{describeOld(state, plan.renew.length)}</ReviewFact>
          </dl>
          {plan.skip.length > 0 ? (
            <Notice tone="warning">
              <p className="alert-title">{t('renew:view.review.skipped')}</p>
              <ul className="alert-list" aria-label={t('renew:view.review.skippedList')}>
                {plan.skip.slice(0, 20).map((s) => (
                  <li key={s.certificate.id}>{t('renew:view.review.skipItem', { name: certificateLabel(s.certificate), reason: s.reason })}</li>
                ))}
                {plan.skip.length > 20 ? <li>{t('renew:view.review.more', { count: plan.skip.length - 20 })}</li> : null}
              </ul>
            </Notice>
          ) : null}
        </div>
      ) : null}

      {state.step === 'run' ? (
        <RunStep
          title={state.rekey ? t('renew:view.running.rekeying', { count: plan.renew.length }) : t('renew:view.running.renewing', { count: plan.renew.length })}
          failedTitle={state.rekey ? t('renew:view.running.rekeyFailed') : t('renew:view.running.renewFailed')}
          note={state.rekey ? t('renew:view.running.rekeyNote') : t('renew:view.running.renewNote')}
          progressLabel={state.rekey ? t('renew:view.running.rekeyProgress') : t('renew:view.running.renewProgress')}
          progress={operation.progress}
          error={error}
          onRetry={() => void renew()}
          onBack={() => dispatch({ type: 'goto', step: 'review' })}
          cancel={{ label: state.rekey ? t('renew:view.running.cancelRekey') : t('renew:view.running.cancelRenew'), cancellingNote: cancellingNote(), cancelling: cancel.cancelling, error: cancel.error, onCancel: () => void cancel.cancel() }}
        />
      ) : null}
    </ReviewWizardFrame>
  );
}

/** The overlap in days: a number input and presets (0 = at once). */
function OverlapField({ value, error, onChange, onBlur }: { readonly value: string; readonly error?: string | undefined; readonly onChange: (value: string) => void; readonly onBlur: () => void }) {
  const t = useT();
  const chosen = value.trim();
  const hint = chosen === '0' ? t('renew:view.old.atOnceHint') : t('renew:view.old.duringHint', { max: MAX_REVOKE_OLD_AFTER_DAYS });
  return (
    <FieldShell id="overlap-days" label={t('renew:view.old.overlap')} hint={hint} error={error}>
      <div className="input-row">
        <input id="overlap-days" className="input input-number" inputMode="numeric" value={value} onChange={(e) => onChange(e.target.value)} onBlur={onBlur} aria-invalid={error ? true : undefined} aria-describedby={describedBy('overlap-days', hint, error)} />
        <div className="segmented" role="group" aria-label={t('renew:view.old.presets')}>
          {OVERLAP_PRESETS.map((days) => (
            <button key={days} type="button" className={chosen === String(days) ? 'seg is-on' : 'seg'} aria-pressed={chosen === String(days)} onClick={() => onChange(String(days))}>
              {days === 0 ? t('renew:view.old.atOnce') : presetLabel(days)}
            </button>
          ))}
        </div>
      </div>
    </FieldShell>
  );
}

/** What main did: the new certificates (each a link), what it skipped and why, the old ones' fate, warnings. */
function RenewResultView({ result, rekey, onClose }: { readonly result: RenewResult; readonly rekey: boolean; readonly onClose: () => void }) {
  const t = useT();
  const nav = useNavigation();
  const summary = resultSummary(result, rekey, new Date());
  const first = result.renewed[0]?.certificate;
  return (
    <section className="wizard" aria-labelledby="wizard-title">
      <WizardHead eyebrow={t('renew:view.eyebrow')} title={rekey ? t('renew:view.result.rekey') : t('renew:view.result.renew')} onCancel={onClose} busy={false} cancelLabel={t('renew:view.result.close')} />
      <div className="wizard-body card" role="region" aria-label={t('renew:view.result.region')}>
        <Notice tone={result.renewed.length > 0 && !result.cancelled ? 'success' : 'warning'}>
          <p className="alert-title">{summary.title}</p>
          {result.cancelled ? <p className="alert-note">{t('renew:view.result.cancelledNote')}</p> : null}
          {summary.old ? <p className="alert-note">{summary.old}</p> : null}
        </Notice>
        {result.renewed.length > 0 ? (
          <>
            <h2 className="step-title">{t('renew:view.result.newCertificates')}</h2>
            <ul className="renew-links" aria-label={t('renew:view.result.newCertificates')}>
              {result.renewed.slice(0, LISTED).map(({ certificate: c }) => (
                <li key={c.id}>
                  <button type="button" className="link" onClick={() => nav.show('certificates', { select: c.id })}>
                    {certificateLabel(c)}
                  </button>{' '}
                  <span className="muted">
                    <Trans t={t} i18nKey="renew:view.result.serial" values={{ serial: c.serialNumberHex, date: formatDate(c.notAfter) }} components={{ 1: <code /> }} />
                  </span>
                </li>
              ))}
              {result.renewed.length > LISTED ? <li className="muted">{t('renew:view.review.more', { count: result.renewed.length - LISTED })}</li> : null}
            </ul>
          </>
        ) : null}
        {result.skipped.length > 0 ? (
          <Notice tone="warning">
            <p className="alert-title">{result.cancelled ? t('renew:view.result.notRenewed', { count: result.skipped.length }) : t('renew:view.result.skipped', { count: result.skipped.length })}</p>
            <ul className="alert-list" aria-label={t('renew:view.review.skippedList')}>
              {result.skipped.slice(0, LISTED).map((s) => (
                <li key={s.id}>{t('renew:view.review.skipItem', { name: s.commonName, reason: wordOf(s.reason) })}</li>
              ))}
            </ul>
          </Notice>
        ) : null}
        <NoticeList items={result.warnings.map(wordOf)} tone="warning" title={t('renew:view.result.warnings', { count: result.warnings.length })} />
        {result.renewed.length > 0 ? <ExportAllPanel ids={result.renewed.map((r) => r.certificate.id)} /> : null}
        <div className="wizard-foot wizard-foot-end">
          <Button
            variant="primary"
            icon={<Icon name="certificate" />}
            onClick={() => nav.show('certificates', { select: first?.id, flash: { message: t('renew:view.result.flash', { title: summary.title }), ...(summary.old ? { notes: [summary.old] } : {}), warnings: result.warnings.map(wordOf) } })}
          >
            {t('renew:view.result.show')}
          </Button>
        </div>
      </div>
    </section>
  );
}
