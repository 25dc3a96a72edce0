import { useEffect, useMemo, useReducer, useState, type FormEvent } from 'react';
import { Trans } from 'react-i18next';
import type { CertificateSummary, IssuedPair } from '../../../shared/domain/certificate.js';
import { KEY_ALGORITHM_INFO, DEFAULT_KEY_ALGORITHM } from '../../../shared/domain/keys.js';
import { issuingAuthorities } from '../../app/authority-tree.js';
import { certificateLabel, describeDaysLeft, formatDate } from '../../app/format.js';
import { useNavigation } from '../../app/navigation.js';
import { useAuthorities } from '../../app/useAuthorities.js';
import { ErrorAlert, Notice, NoticeList } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { Hex } from '../../components/Hex.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { SanLines } from '../../components/SanLines.js';
import { TokenField } from '../../components/TokenField.js';
import { useT } from '../../i18n/use-t.js';
import { wordOf } from '../../i18n/instance.js';
import { call, type IpcError } from '../../ipc/client.js';
import { routeFailure } from '../shared/failure.js';
import { IssuerSelect } from '../shared/LeafFields.js';
import { ReviewFact, StepIntro } from '../shared/Review.js';
import { useRootIssuerConfirm } from '../shared/RootIssuerConfirm.js';
import { preselectedIssuer } from '../shared/usePreselectedIssuer.js';
import { useOperation, type Progress } from '../shared/useOperation.js';
import { WizardHead } from '../shared/WizardFrame.js';
import { canIssue, fieldFromPath, initialPair, nameTokens, pairReducer, toRequest, visiblePairErrors } from './model.js';

interface MtlsPairWizardProps {
  readonly authorityId?: string | undefined;
  readonly onCancel: () => void;
}

const NAMES_EXAMPLE = 'orders.acme.internal, 10.0.4.12';

function IssuedCard({ side, certificate, onOpen, onExport }: { readonly side: 'server' | 'client'; readonly certificate: CertificateSummary; readonly onOpen: () => void; readonly onExport: () => void }) {
  const t = useT();
  const server = side === 'server';
  const id = `issued-${certificate.id}`;
  return (
    <section className="issued card" aria-labelledby={id}>
      <p className="eyebrow">{server ? t('pair:issued.server') : t('pair:issued.client')}</p>
      <h3 id={id} className="issued-title">
        {certificateLabel(certificate)}
      </h3>
      <dl className="facts">
        <ReviewFact label={t('pair:issued.sans')}>
          <SanLines sans={certificate.sans} />
        </ReviewFact>
        <ReviewFact label={t('pair:issued.serial')}>
          <Hex value={certificate.serialNumberHex} />
        </ReviewFact>
        <ReviewFact label={t('pair:issued.expires')}>
          {formatDate(certificate.notAfter)} <span className="muted">({describeDaysLeft(certificate.notAfter)})</span>
        </ReviewFact>
      </dl>
      <div className="actions">
        <Button variant="primary" onClick={onExport} icon={<Icon name="download" />}>
          {server ? t('pair:issued.exportServer') : t('pair:issued.exportClient')}
        </Button>
        <Button onClick={onOpen} icon={<Icon name="next" />}>
          {server ? t('pair:issued.openServer') : t('pair:issued.openClient')}
        </Button>
      </div>
    </section>
  );
}

/**
 * A server and a client certificate for one service, from one CA, on one screen. Launched from a
 * CA it takes three actions: type the service, type its names, press Issue pair.
 */
export function MtlsPairWizard({ authorityId, onCancel }: MtlsPairWizardProps) {
  const t = useT();
  const nav = useNavigation();
  const { load, authorities } = useAuthorities();
  const starting = useMemo<Progress>(() => ({ step: t('pair:starting'), done: 0, total: 4 }), [t]);
  const [state, dispatch] = useReducer(pairReducer, authorityId ?? '', initialPair);
  const [error, setError] = useState<IpcError | null>(null);
  const [issued, setIssued] = useState<IssuedPair | null>(null);
  const operation = useOperation(starting);
  const rootConfirm = useRootIssuerConfirm();
  const errors = visiblePairErrors(state);
  const tokens = nameTokens(state);

  // With only one CA to sign with, it is the choice.
  useEffect(() => {
    if (load.state !== 'ready') return;
    const usable = issuingAuthorities(authorities);
    if (!usable.some((n) => n.authority.id === state.authorityId)) {
      // Roots should sign only CAs: an intermediate is preferred (see preselectedIssuer).
      dispatch({ type: 'set', field: 'authorityId', value: preselectedIssuer(usable.map((n) => n.authority), undefined)?.id ?? '' });
    }
  }, [load.state]);

  const issuer = authorities.find((a) => a.id === state.authorityId);

  async function issue(event: FormEvent) {
    event.preventDefault();
    dispatch({ type: 'submit' });
    if (!canIssue(state)) return;
    setError(null);
    const root = { name: issuer?.subject.commonName ?? '', id: issuer?.id ?? null, isRoot: issuer?.kind === 'root' };
    const result = await rootConfirm.confirmSend(root, t('pair:rootWhat'), (ack) => operation.run((operationId) => call('certificate.issuePair', { ...toRequest(state, operationId), ...ack })));
    if (!result) return;
    if (result.ok) return setIssued(result.value);
    routeFailure(result.error, { fieldFromPath, onField: (field, message) => dispatch({ type: 'serverError', field, message }), onOther: setError });
  }

  const open = (c: CertificateSummary) => nav.show('certificates', { select: c.id });

  return (
    <section className="wizard" aria-labelledby="wizard-title">
      <WizardHead eyebrow={t('pair:eyebrow')} title={t('pair:title')} onCancel={onCancel} busy={operation.running} cancelLabel={issued ? t('pair:close') : t('pair:cancel')} />
      {rootConfirm.dialog}

      {issued ? (
        <div className="wizard-body card" role="region" aria-label={t('pair:issued.region')}>
          <Notice tone="success">
            <p>
              <Trans t={t} i18nKey="pair:issued.summary" values={{ service: issued.client.subject.commonName, issuer: issued.server.issuerCommonName }} components={{ 1: <strong /> }} />
            </p>
          </Notice>
          <NoticeList items={issued.warnings.map(wordOf)} tone="warning" />
          <div className="grid-2 issued-pair">
            <IssuedCard side="server" certificate={issued.server} onOpen={() => open(issued.server)} onExport={() => nav.open('export', { certificateId: issued.server.id })} />
            <IssuedCard side="client" certificate={issued.client} onOpen={() => open(issued.client)} onExport={() => nav.open('export', { certificateId: issued.client.id, serverId: issued.server.id })} />
          </div>
          <div className="wizard-foot">
            <Button
              onClick={() => {
                setIssued(null);
                dispatch({ type: 'reset' });
              }}
            >
              {t('pair:issued.another')}
            </Button>
            <Button variant="primary" onClick={() => nav.show('certificates')}>
              {t('pair:issued.done')}
            </Button>
          </div>
        </div>
      ) : (
        <form className="wizard-body card" onSubmit={(e) => void issue(e)} noValidate aria-label={t('pair:title')}>
          <StepIntro title={t('pair:form.title')}>
            <Trans t={t} i18nKey="pair:form.intro" components={{ 1: <strong />, 3: <strong /> }} />
          </StepIntro>
          <div className="grid-2">
            <TextField
              id="pair-service"
              label={t('pair:form.service')}
              value={state.serviceName}
              onValueChange={(value) => dispatch({ type: 'set', field: 'serviceName', value })}
              onBlur={() => dispatch({ type: 'touch', field: 'serviceName' })}
              error={errors.serviceName}
              placeholder="order-service"
              hint={t('pair:form.serviceHint')}
              autoComplete="off"
              autoFocus
              required
            />
            <IssuerSelect id="pair-issuer" authorities={authorities} value={state.authorityId} onChange={(a) => dispatch({ type: 'set', field: 'authorityId', value: a?.id ?? '' })} error={errors.authorityId} />
            <div className="span-2">
              <TokenField
                id="pair-names"
                label={t('pair:form.names')}
                value={state.names}
                onValueChange={(value) => dispatch({ type: 'set', field: 'names', value })}
                onBlur={() => dispatch({ type: 'touch', field: 'names' })}
                tokens={tokens}
                error={errors.names}
                placeholder={NAMES_EXAMPLE}
                hint={t('pair:form.namesHint')}
              />
            </div>
            <TextField
              id="pair-uri"
              label={t('pair:form.uri')}
              optional
              value={state.clientUri}
              onValueChange={(value) => dispatch({ type: 'set', field: 'clientUri', value })}
              onBlur={() => dispatch({ type: 'touch', field: 'clientUri' })}
              error={errors.clientUri}
              placeholder="spiffe://acme.internal/order-service"
              hint={t('pair:form.uriHint')}
              autoComplete="off"
              fieldClassName="span-2"
            />
          </div>
          <p className="muted pair-defaults">
            <Icon name="info" size={16} /> {t('pair:form.defaults', { algorithm: KEY_ALGORITHM_INFO[DEFAULT_KEY_ALGORITHM].label, count: issuer ? issuer.settings.defaultValidityDays : 30 })}
          </p>
          {operation.running ? <ProgressBar label={t('pair:form.progress')} step={operation.progress.step} done={operation.progress.done} total={operation.progress.total} /> : null}
          {error ? <ErrorAlert error={error} title={t('pair:form.failed')} /> : null}
          {load.state === 'failed' ? <ErrorAlert error={load.error} title={t('pair:form.authoritiesFailed')} /> : null}
          <div className="wizard-foot wizard-foot-end">
            <Button type="submit" variant="primary" busy={operation.running} icon={<Icon name="key" />}>
              {t('pair:form.submit')}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
