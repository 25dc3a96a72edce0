import { useEffect, useMemo, useReducer, useState } from 'react';
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
  CANCELLING_NOTE,
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

const STARTING: Progress = { step: 'Starting…', done: 0, total: 1 };
/** The result lists this many new certificates by name; the rest are counted. */
const LISTED = 50;

/** "orders, billing, inventory and 17 more" */
function names(list: readonly CertificateSummary[], max = 8): string {
  const shown = list.slice(0, max).map((c) => certificateLabel(c));
  return list.length > max ? `${shown.join(', ')} and ${(list.length - max).toLocaleString()} more` : shown.join(', ');
}

/** Renew or rekey one certificate, several ticked in the Certificates view, or everything expiring soon. */
export function RenewWizard({ certificateIds, expiringWithinDays, rekey = false, onCancel }: RenewWizardProps) {
  const target: RenewTarget = useMemo(() => (expiringWithinDays !== undefined && (certificateIds ?? []).length === 0 ? { kind: 'expiring', days: expiringWithinDays } : { kind: 'ids', ids: certificateIds ?? [] }), [certificateIds, expiringWithinDays]);
  // Only the certificates it is about: those ids, or every one expiring within the days (main decides which, as it will renew).
  const load = useCertificateSummaries(target.kind === 'expiring' ? { expiringWithinDays: target.days } : { ids: target.ids });
  const { load: authoritiesLoad, authorities } = useAuthorities();
  const [state, dispatch] = useReducer(renewReducer, undefined, () => initialState(new Date(), rekey));
  const [error, setError] = useState<IpcError | null>(null);
  const [result, setResult] = useState<RenewResult | null>(null);
  const operation = useOperation(STARTING);
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
      <>
        {issuers[0]!.commonName} issues for {issuers[0]!.defaultValidityDays} days by default and expires <strong>{formatDate(new Date(issuers[0]!.limit))}</strong>.
      </>
    ) : issuers.length > 1 ? (
      `The same validity for every certificate, from ${issuers.length} CAs.`
    ) : undefined;

  return (
    <ReviewWizardFrame
      eyebrow="Certificates"
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
      {load.state === 'failed' ? <ErrorAlert error={load.error} title="The certificates could not be loaded" /> : null}
      {authoritiesLoad.state === 'failed' ? <ErrorAlert error={authoritiesLoad.error} title="The authorities could not be loaded" /> : null}

      {state.step === 'what' ? (
        <div className="step">
          <StepIntro title="Renew or rekey?">
            {state.candidates === null
              ? 'Loading the certificates…'
              : target.kind === 'expiring'
                ? `${candidates.length.toLocaleString()} certificate${candidates.length === 1 ? '' : 's'} expire${candidates.length === 1 ? 's' : ''} within ${target.days} days${candidates.length > 0 ? `: ${names(candidates)}` : ''}.`
                : `${names(candidates)}. Each gets a new certificate with the same subject, names and profile from the same CA.`}
          </StepIntro>
          <ChoiceGroup
            name="renew-mode"
            legend="What to do"
            value={state.rekey ? 'rekey' : 'renew'}
            onChange={(value) => dispatch({ type: 'rekey', value: value === 'rekey' })}
            error={errors.rekey ?? errors.ids}
            choices={[
              {
                value: 'renew',
                title: 'Renew',
                tags: <span className="tag">Same key</span>,
                hint: 'Same key, new validity. The new certificate certifies the key already deployed, so each deployment only swaps the certificate file; the key file stays as it is.',
              },
              {
                value: 'rekey',
                title: 'Rekey',
                tags: <span className="tag">New key pair</span>,
                disabled: rekeyImpossible,
                hint: rekeyImpossible
                  ? `Not available: Certwright does not hold ${candidates.length === 1 ? 'its key' : 'their keys'} (signed from a CSR). Ask the owner for a new CSR instead.`
                  : 'A new key pair and a certificate for it. Choose it when the key may have been exposed (a leaked file, a lost laptop, a departed admin) or when your policy rotates keys. Deployments need the new key and the new certificate.',
              },
            ]}
          />
          {state.rekey && withoutKey.length > 0 && !rekeyImpossible ? (
            <Notice tone="warning">
              <p>
                Certwright does not hold the key of {names(withoutKey, 5)} (signed from a CSR): a rekey skips {withoutKey.length === 1 ? 'it' : 'them'}. Renewing keeps {withoutKey.length === 1 ? 'its' : 'their'} key.
              </p>
            </Notice>
          ) : null}
        </div>
      ) : null}

      {state.step === 'validity' ? (
        <div className="step">
          <StepIntro title="How long should the new certificates be valid?">They start now. A CA never issues past its own end, nor its issuers'.</StepIntro>
          <ChoiceGroup
            name="validity-mode"
            legend="Validity"
            value={state.validity}
            onChange={(value) => dispatch({ type: 'validity', value })}
            choices={[
              { value: 'default', title: "The CA's default", hint: describeValidity({ ...state, validity: 'default' }) },
              { value: 'days', title: 'A number of days', hint: 'The same validity for every renewed certificate.' },
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
          <StepIntro title="What happens to the old certificate?">Revoking it as superseded tells clients it was replaced, not compromised. An overlap lets deployments roll over to the new one before the old one stops being trusted.</StepIntro>
          <ChoiceGroup
            name="revoke-old"
            legend="The old certificate"
            value={state.revokeOld ? 'revoke' : 'keep'}
            onChange={(value) => dispatch({ type: 'revokeOld', value: value === 'revoke' })}
            choices={[
              { value: 'keep', title: 'Keep it until it expires', hint: 'Nothing is revoked. Old and new both work until the old one runs out.' },
              {
                value: 'revoke',
                title: 'Revoke it as superseded after an overlap',
                hint: `0 revokes it at once; up to ${MAX_REVOKE_OLD_AFTER_DAYS} days gives every deployment time to pick up the new certificate. Certwright revokes it when the overlap ends (at unlock, and daily while it runs) and publishes the CRL.`,
              },
            ]}
          />
          {state.revokeOld ? <OverlapField value={state.overlap} error={errors.overlap} onChange={(value) => dispatch({ type: 'overlap', value })} onBlur={() => dispatch({ type: 'touch', field: 'overlap' })} /> : null}
        </div>
      ) : null}

      {state.step === 'review' ? (
        <div className="step">
          <StepIntro title="What will happen">
            {plan.renew.length.toLocaleString()} {plan.renew.length === 1 ? 'certificate' : 'certificates'} will be {state.rekey ? 'rekeyed' : 'renewed'}
            {plan.skip.length > 0 ? `, ${plan.skip.length.toLocaleString()} skipped` : ''}.
          </StepIntro>
          {blocking !== undefined ? <ErrorAlert error={blocking} /> : null}
          <dl className="facts" aria-label="Renewal">
            <ReviewFact label={state.rekey ? 'Rekeyed' : 'Renewed'}>{plan.renew.length > 0 ? names(plan.renew, 12) : 'None'}</ReviewFact>
            <ReviewFact label="Key">{state.rekey ? 'A new key pair of the same type for each, sealed in the vault' : 'Kept: each new certificate certifies the key already in use'}</ReviewFact>
            <ReviewFact label="Validity">{describeValidity(state)}</ReviewFact>
            <ReviewFact label="Old certificates">{describeOld(state, plan.renew.length)}</ReviewFact>
          </dl>
          {plan.skip.length > 0 ? (
            <Notice tone="warning">
              <p className="alert-title">Skipped</p>
              <ul className="alert-list" aria-label="Skipped certificates">
                {plan.skip.slice(0, 20).map((s) => (
                  <li key={s.certificate.id}>
                    {certificateLabel(s.certificate)}: {s.reason}
                  </li>
                ))}
                {plan.skip.length > 20 ? <li>and {(plan.skip.length - 20).toLocaleString()} more</li> : null}
              </ul>
            </Notice>
          ) : null}
        </div>
      ) : null}

      {state.step === 'run' ? (
        <RunStep
          title={`${state.rekey ? 'Rekeying' : 'Renewing'} ${plan.renew.length.toLocaleString()} ${plan.renew.length === 1 ? 'certificate' : 'certificates'}`}
          failedTitle={state.rekey ? 'The certificates were not rekeyed' : 'The certificates were not renewed'}
          note={state.rekey ? 'Each new key is generated here and sealed in the vault. Keep Certwright open until it is done.' : 'Each new certificate is signed by the same CA for the same key. Keep Certwright open until it is done.'}
          progressLabel={state.rekey ? 'Rekeying' : 'Renewing'}
          progress={operation.progress}
          error={error}
          onRetry={() => void renew()}
          onBack={() => dispatch({ type: 'goto', step: 'review' })}
          cancel={{ label: state.rekey ? 'Cancel rekeying' : 'Cancel renewing', cancellingNote: CANCELLING_NOTE, cancelling: cancel.cancelling, error: cancel.error, onCancel: () => void cancel.cancel() }}
        />
      ) : null}
    </ReviewWizardFrame>
  );
}

/** The overlap in days: a number input and presets (0 = at once). */
function OverlapField({ value, error, onChange, onBlur }: { readonly value: string; readonly error?: string | undefined; readonly onChange: (value: string) => void; readonly onBlur: () => void }) {
  const chosen = value.trim();
  const hint = chosen === '0' ? 'Revoked at once, as soon as the new certificate is issued.' : `Both are valid during the overlap; then the old one is revoked. At most ${MAX_REVOKE_OLD_AFTER_DAYS} days.`;
  return (
    <FieldShell id="overlap-days" label="Overlap (days)" hint={hint} error={error}>
      <div className="input-row">
        <input id="overlap-days" className="input input-number" inputMode="numeric" value={value} onChange={(e) => onChange(e.target.value)} onBlur={onBlur} aria-invalid={error ? true : undefined} aria-describedby={describedBy('overlap-days', hint, error)} />
        <div className="segmented" role="group" aria-label="Overlap presets">
          {OVERLAP_PRESETS.map((days) => (
            <button key={days} type="button" className={chosen === String(days) ? 'seg is-on' : 'seg'} aria-pressed={chosen === String(days)} onClick={() => onChange(String(days))}>
              {days === 0 ? 'At once' : presetLabel(days)}
            </button>
          ))}
        </div>
      </div>
    </FieldShell>
  );
}

/** What main did: the new certificates (each a link), what it skipped and why, the old ones' fate, warnings. */
function RenewResultView({ result, rekey, onClose }: { readonly result: RenewResult; readonly rekey: boolean; readonly onClose: () => void }) {
  const nav = useNavigation();
  const summary = resultSummary(result, rekey, new Date());
  const first = result.renewed[0]?.certificate;
  return (
    <section className="wizard" aria-labelledby="wizard-title">
      <WizardHead eyebrow="Certificates" title={rekey ? 'Rekey' : 'Renew'} onCancel={onClose} busy={false} cancelLabel="Close" />
      <div className="wizard-body card" role="region" aria-label="Renewal result">
        <Notice tone={result.renewed.length > 0 && !result.cancelled ? 'success' : 'warning'}>
          <p className="alert-title">{summary.title}</p>
          {result.cancelled ? <p className="alert-note">Each one renewed is complete, its new certificate stored; those not reached are unchanged (listed below as not renewed) and can be renewed later.</p> : null}
          {summary.old ? <p className="alert-note">{summary.old}</p> : null}
        </Notice>
        {result.renewed.length > 0 ? (
          <>
            <h2 className="step-title">New certificates</h2>
            <ul className="renew-links" aria-label="New certificates">
              {result.renewed.slice(0, LISTED).map(({ certificate: c }) => (
                <li key={c.id}>
                  <button type="button" className="link" onClick={() => nav.show('certificates', { select: c.id })}>
                    {certificateLabel(c)}
                  </button>{' '}
                  <span className="muted">
                    serial <code>{c.serialNumberHex}</code>, expires {formatDate(c.notAfter)}
                  </span>
                </li>
              ))}
              {result.renewed.length > LISTED ? <li className="muted">and {(result.renewed.length - LISTED).toLocaleString()} more</li> : null}
            </ul>
          </>
        ) : null}
        {result.skipped.length > 0 ? (
          <Notice tone="warning">
            <p className="alert-title">{result.cancelled ? 'Not renewed' : 'Skipped'} {result.skipped.length.toLocaleString()}</p>
            <ul className="alert-list" aria-label="Skipped certificates">
              {result.skipped.slice(0, LISTED).map((s) => (
                <li key={s.id}>
                  {s.commonName}: {s.reason}
                </li>
              ))}
            </ul>
          </Notice>
        ) : null}
        <NoticeList items={result.warnings} tone="warning" title={result.warnings.length === 1 ? 'Warning' : 'Warnings'} />
        {result.renewed.length > 0 ? <ExportAllPanel ids={result.renewed.map((r) => r.certificate.id)} /> : null}
        <div className="wizard-foot wizard-foot-end">
          <Button
            variant="primary"
            icon={<Icon name="certificate" />}
            onClick={() => nav.show('certificates', { select: first?.id, flash: { message: `${summary.title}.`, ...(summary.old ? { notes: [summary.old] } : {}), warnings: result.warnings } })}
          >
            Show certificates
          </Button>
        </div>
      </div>
    </section>
  );
}
