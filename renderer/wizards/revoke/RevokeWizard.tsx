import { useEffect, useMemo, useReducer, useState } from 'react';
import type { AuthoritySummary, RevocationImpact } from '../../../shared/domain/authority.js';
import type { CertificateSummary } from '../../../shared/domain/certificate.js';
import { canRevoke, REVOCATION_REASONS } from '../../../shared/domain/revocation.js';
import { certificateLabel, formatDateTime } from '../../app/format.js';
import { useNavigation } from '../../app/navigation.js';
import { useCertificateSummaries } from '../../app/useCertificateSummaries.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { ChoiceGroup } from '../../components/ChoiceGroup.js';
import { TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { useT } from '../../i18n/use-t.js';
import { intlLocale } from '../../i18n/instance.js';
import { call, type IpcError } from '../../ipc/client.js';
import { routeFailure } from '../shared/failure.js';
import { ReviewFact, StepIntro } from '../shared/Review.js';
import { RunStep } from '../shared/RunStep.js';
import { useOperation, type Progress } from '../shared/useOperation.js';
import { ReviewWizardFrame } from '../shared/WizardFrame.js';
import { useRemotes } from '../../views/remote/useRemotes.js';
import { consequences, fieldFromPath, initialState, machine, revokeReducer, STEPS, toRequest } from './model.js';

interface RevokeWizardProps {
  /** The certificates to revoke; or, with `authorityId`, a CA's own certificate. */
  readonly certificateIds: readonly string[];
  readonly authorityId?: string | undefined;
  readonly onCancel: () => void;
}


/** Revoke one certificate, or several selected in the Certificates view, for one reason. */
export function RevokeWizard({ certificateIds, authorityId, onCancel }: RevokeWizardProps) {
  const t = useT();
  const starting: Progress = useMemo(() => ({ step: t('wizard:run.starting'), done: 0, total: 2 }), [t]);
  const nav = useNavigation();
  const load = useCertificateSummaries({ ids: certificateIds });
  const authority = useAuthorityTarget(authorityId);
  const [state, dispatch] = useReducer(revokeReducer, new Date(), initialState);
  const [error, setError] = useState<IpcError | null>(null);
  /** Revoking a CA takes its name typed out: everything under it stops being trusted. */
  const [typedName, setTypedName] = useState('');
  const caName = authority?.summary.subject.commonName;
  const confirmed = authorityId === undefined || (caName !== undefined && typedName.trim() === caName);
  const operation = useOperation(starting);
  const errors = machine.visible(state);

  const targets: CertificateSummary[] = load.state === 'ready' ? load.value : [];
  // Certificates a step-ca server issued are revoked there (issue 20): no hold, and the server's words in the review.
  const { remotes } = useRemotes();
  const remoteServers = [...new Set(targets.flatMap((c) => remotes.filter((r) => r.authorityId === c.authorityId).map((r) => r.name)))];
  const blocked = targets.filter((c) => !canRevoke(c.revocation));
  const title = authority ? t('revoke:title.ca', { name: authority.summary.subject.commonName }) : targets.length === 1 ? t('revoke:title.one', { label: certificateLabel(targets[0]!) }) : t('revoke:title.many', { count: certificateIds.length });

  async function revoke() {
    dispatch({ type: 'goto', step: 'revoke' });
    setError(null);
    if (authority) {
      const request = toRequest([], state);
      const done = await operation.run((operationId) => call('authority.revoke', { id: authority.summary.id, reason: request.reason, invalidityDate: request.invalidityDate, operationId }));
      if (!done) return;
      if (done.ok) {
        return nav.show('authorities', {
          select: done.value.authority.id,
          flash: { message: t('revoke:done.ca', { name: done.value.authority.subject.commonName, reason: t(`common:reason.${request.reason}`) }), notes: [t('revoke:done.caCrl', { number: done.value.crl.number })] },
        });
      }
      return routeFailure(done.error, { fieldFromPath, onField: (field, message) => dispatch({ type: 'serverError', field, message }), onOther: setError });
    }
    const result = await operation.run((operationId) => call('certificate.revoke', toRequest(certificateIds, state, operationId)));
    if (!result) return;
    if (result.ok) {
      const { revoked, crls } = result.value;
      const reason = t(`common:reason.${toRequest(certificateIds, state).reason}`);
      return nav.show('certificates', {
        select: revoked[0]?.id,
        flash: {
          message: revoked.length === 1 ? t('revoke:done.one', { label: certificateLabel(revoked[0]!), reason }) : t('revoke:done.many', { count: revoked.length, reason }),
          notes: crls.map((c) => t('revoke:done.crl', { number: c.number, count: c.entries, date: formatDateTime(c.nextUpdate) })),
        },
      });
    }
    routeFailure(result.error, { fieldFromPath, onField: (field, message) => dispatch({ type: 'serverError', field, message }), onOther: setError });
  }

  return (
    <ReviewWizardFrame
      eyebrow={authorityId ? t('revoke:eyebrowAuthorities') : t('revoke:eyebrowCertificates')}
      title={title}
      steps={STEPS}
      step={state.step}
      onCancel={onCancel}
      busy={operation.running}
      onNext={() => dispatch({ type: 'next' })}
      onBack={() => dispatch({ type: 'back' })}
      onRun={() => void revoke()}
      runLabel={authorityId ? t('revoke:action.revokeCa') : t('revoke:action.revoke')}
      runIcon={<Icon name="alert" />}
      runVariant="danger"
      runDisabled={!confirmed}
      runDescribedBy={authorityId ? 'revoke-confirm-hint' : undefined}
    >
      {load.state === 'failed' ? <ErrorAlert error={load.error} title={t('revoke:loadFailed')} /> : null}
      {blocked.length > 0 ? <ErrorAlert error={t('revoke:blocked', { count: blocked.length, names: new Intl.ListFormat(intlLocale(), { type: 'conjunction' }).format(blocked.map((c) => certificateLabel(c))) })} /> : null}
      {state.step === 'reason' ? (
        <div className="step">
          <StepIntro title={t('revoke:reasonStep.title')}>{t('revoke:reasonStep.intro')}</StepIntro>
          <ChoiceGroup
            name="reason"
            legend={t('revoke:reasonStep.legend')}
            value={state.reason}
            onChange={(value) => dispatch({ type: 'reason', value })}
            error={errors.reason}
            choices={REVOCATION_REASONS.map((reason) => ({
              value: reason,
              title: t(`common:reason.${reason}`),
              hint: reason === 'certificateHold' && remoteServers.length > 0 ? t('remote:view.noHold') : t(`revoke:reason.${reason}`),
              disabled: reason === 'certificateHold' && remoteServers.length > 0,
              tags: reason === 'certificateHold' ? <span className="tag">{t('revoke:reasonStep.canBeLifted')}</span> : null,
            }))}
          />
          <TextField
            id="revoke-invalidity"
            type="datetime-local"
            label={t('revoke:reasonStep.invalidityDate')}
            optional
            value={state.invalidityDate}
            onValueChange={(value) => dispatch({ type: 'invalidityDate', value })}
            error={errors.invalidityDate}
            hint={t('revoke:reasonStep.invalidityHint')}
          />
        </div>
      ) : null}
      {state.step === 'review' && state.reason !== '' ? (
        <div className="step">
          <StepIntro title={t('revoke:review.title')}>{t('revoke:review.intro')}</StepIntro>
          {authority ? (
            <Notice tone="warning">
              <p className="alert-title">{t('revoke:review.caWarning')}</p>
              <p>
                {authority.impact.authorities > 0
                  ? t('revoke:review.impactWithCas', { certificates: t('revoke:review.certificates', { count: authority.impact.certificates }), cas: t('revoke:review.cas', { count: authority.impact.authorities }) })
                  : t('revoke:review.impact', { certificates: t('revoke:review.certificates', { count: authority.impact.certificates }) })}
              </p>
            </Notice>
          ) : null}
          <ul className="consequences">
            {(authority ? consequences([{ ...authority.asTarget }], state.reason) : consequences(targets, state.reason, remoteServers)).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <dl className="facts" aria-label={t('revoke:review.factsLabel')}>
            <ReviewFact label={authority ? t('revoke:review.ca') : targets.length === 1 ? t('revoke:review.certificate') : t('revoke:review.certificates')}>
              {authority ? t('revoke:review.target', { name: authority.summary.subject.commonName, serial: authority.summary.serialNumberHex }) : new Intl.ListFormat(intlLocale(), { type: 'unit' }).format(targets.map((c) => t('revoke:review.target', { name: certificateLabel(c), serial: c.serialNumberHex })))}
            </ReviewFact>
            <ReviewFact label={t('revoke:review.reason')}>{t(`common:reason.${state.reason}`)}</ReviewFact>
            <ReviewFact label={t('revoke:review.invalidityDate')}>{toRequest(certificateIds, state).invalidityDate ? formatDateTime(toRequest(certificateIds, state).invalidityDate!) : t('common:reason.notGiven')}</ReviewFact>
          </dl>
          {caName !== undefined ? (
            <TextField
              id="revoke-confirm"
              label={t('revoke:review.confirm')}
              value={typedName}
              onValueChange={setTypedName}
              autoComplete="off"
              spellCheck={false}
              hint={confirmed ? t('revoke:review.matches') : t('revoke:review.enabledOnce', { name: caName })}
            />
          ) : null}
        </div>
      ) : null}
      {state.step === 'revoke' ? (
        <RunStep
          title={t('revoke:run.title')}
          failedTitle={t('revoke:run.failed')}
          note={t('revoke:run.note')}
          progressLabel={t('revoke:run.progress')}
          progress={operation.progress}
          error={error}
          onRetry={() => void revoke()}
          onBack={() => dispatch({ type: 'goto', step: 'review' })}
        />
      ) : null}
    </ReviewWizardFrame>
  );
}

/** The CA being revoked (authority mode): its summary, what depends on it, and its issuer's name. */
function useAuthorityTarget(authorityId: string | undefined) {
  const t = useT();
  const [target, setTarget] = useState<{ summary: AuthoritySummary; impact: RevocationImpact; asTarget: Pick<CertificateSummary, 'issuerCommonName' | 'subject'> } | null>(null);
  useEffect(() => {
    if (!authorityId) return;
    let live = true;
    void Promise.all([call('authority.get', { id: authorityId }), call('authority.revocationImpact', { id: authorityId })]).then(([detail, impact]) => {
      if (!live) return;
      if (detail.ok && impact.ok) {
        const issuer = detail.value.chain[1]?.commonName ?? t('revoke:run.itsIssuer');
        setTarget({ summary: detail.value, impact: impact.value, asTarget: { issuerCommonName: issuer, subject: detail.value.subject } });
      }
    });
    return () => {
      live = false;
    };
  }, [authorityId]);
  return target;
}
