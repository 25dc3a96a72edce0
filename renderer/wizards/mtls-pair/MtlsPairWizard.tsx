import { useEffect, useReducer, useState, type FormEvent } from 'react';
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

const STARTING: Progress = { step: 'Starting…', done: 0, total: 4 };

function IssuedCard({ title, certificate, onOpen, onExport }: { readonly title: string; readonly certificate: CertificateSummary; readonly onOpen: () => void; readonly onExport: () => void }) {
  const id = `issued-${certificate.id}`;
  return (
    <section className="issued card" aria-labelledby={id}>
      <p className="eyebrow">{title}</p>
      <h3 id={id} className="issued-title">
        {certificateLabel(certificate)}
      </h3>
      <dl className="facts">
        <ReviewFact label="Subject alternative names">
          <SanLines sans={certificate.sans} />
        </ReviewFact>
        <ReviewFact label="Serial number">
          <Hex value={certificate.serialNumberHex} />
        </ReviewFact>
        <ReviewFact label="Expires">
          {formatDate(certificate.notAfter)} <span className="muted">({describeDaysLeft(certificate.notAfter)})</span>
        </ReviewFact>
      </dl>
      <div className="actions">
        <Button variant="primary" onClick={onExport} icon={<Icon name="download" />}>
          Export {title.split(' ')[0]?.toLowerCase()} bundle…
        </Button>
        <Button onClick={onOpen} icon={<Icon name="next" />}>
          Open {title.toLowerCase()}
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
  const nav = useNavigation();
  const { load, authorities } = useAuthorities();
  const [state, dispatch] = useReducer(pairReducer, authorityId ?? '', initialPair);
  const [error, setError] = useState<IpcError | null>(null);
  const [issued, setIssued] = useState<IssuedPair | null>(null);
  const operation = useOperation(STARTING);
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
    const root = { name: issuer?.subject.commonName ?? 'this CA', id: issuer?.id ?? null, isRoot: issuer?.kind === 'root' };
    const result = await rootConfirm.confirmSend(root, 'both certificates', (ack) => operation.run((operationId) => call('certificate.issuePair', { ...toRequest(state, operationId), ...ack })));
    if (!result) return;
    if (result.ok) return setIssued(result.value);
    routeFailure(result.error, { fieldFromPath, onField: (field, message) => dispatch({ type: 'serverError', field, message }), onOther: setError });
  }

  const open = (c: CertificateSummary) => nav.show('certificates', { select: c.id });

  return (
    <section className="wizard" aria-labelledby="wizard-title">
      <WizardHead eyebrow="Certificates" title="mTLS pair for a service" onCancel={onCancel} busy={operation.running} cancelLabel={issued ? 'Close' : 'Cancel'} />
      {rootConfirm.dialog}

      {issued ? (
        <div className="wizard-body card" role="region" aria-label="Issued pair">
          <Notice tone="success">
            <p>
              Issued a server and a client certificate for <strong>{issued.client.subject.commonName}</strong>, both signed by {issued.server.issuerCommonName}. Their keys are sealed in the
              vault.
            </p>
          </Notice>
          <NoticeList items={issued.warnings} tone="warning" />
          <div className="grid-2 issued-pair">
            <IssuedCard title="Server certificate" certificate={issued.server} onOpen={() => open(issued.server)} onExport={() => nav.open('export', { certificateId: issued.server.id })} />
            <IssuedCard title="Client certificate" certificate={issued.client} onOpen={() => open(issued.client)} onExport={() => nav.open('export', { certificateId: issued.client.id, serverId: issued.server.id })} />
          </div>
          <div className="wizard-foot">
            <Button
              onClick={() => {
                setIssued(null);
                dispatch({ type: 'reset' });
              }}
            >
              Issue another pair
            </Button>
            <Button variant="primary" onClick={() => nav.show('certificates')}>
              Done
            </Button>
          </div>
        </div>
      ) : (
        <form className="wizard-body card" onSubmit={(e) => void issue(e)} noValidate aria-label="mTLS pair for a service">
          <StepIntro title="Two certificates, one CA">
            A <strong>server</strong> certificate for the names the service is reached at, and a <strong>client</strong> certificate whose common name is the service — its identity when it
            calls other services. Peers trust both through the CA.
          </StepIntro>
          <div className="grid-2">
            <TextField
              id="pair-service"
              label="Service name"
              value={state.serviceName}
              onValueChange={(value) => dispatch({ type: 'set', field: 'serviceName', value })}
              onBlur={() => dispatch({ type: 'touch', field: 'serviceName' })}
              error={errors.serviceName}
              placeholder="order-service"
              hint="The client certificate's common name."
              autoComplete="off"
              autoFocus
              required
            />
            <IssuerSelect id="pair-issuer" authorities={authorities} value={state.authorityId} onChange={(a) => dispatch({ type: 'set', field: 'authorityId', value: a?.id ?? '' })} error={errors.authorityId} />
            <div className="span-2">
              <TokenField
                id="pair-names"
                label="DNS names and IP addresses"
                value={state.names}
                onValueChange={(value) => dispatch({ type: 'set', field: 'names', value })}
                onBlur={() => dispatch({ type: 'touch', field: 'names' })}
                tokens={tokens}
                error={errors.names}
                placeholder="orders.acme.internal, 10.0.4.12"
                hint="Where clients reach the service: the server certificate's SANs. Separate them with commas, spaces or new lines."
              />
            </div>
            <TextField
              id="pair-uri"
              label="Client URI SAN"
              optional
              value={state.clientUri}
              onValueChange={(value) => dispatch({ type: 'set', field: 'clientUri', value })}
              onBlur={() => dispatch({ type: 'touch', field: 'clientUri' })}
              error={errors.clientUri}
              placeholder="spiffe://acme.internal/order-service"
              hint="E.g. a SPIFFE ID, added to the client certificate."
              autoComplete="off"
              fieldClassName="span-2"
            />
          </div>
          <p className="muted pair-defaults">
            <Icon name="info" size={16} /> Both keys: {KEY_ALGORITHM_INFO[DEFAULT_KEY_ALGORITHM].label}, generated and sealed here. Valid {issuer ? issuer.settings.defaultValidityDays : 30} days, the CA's
            default.
          </p>
          {operation.running ? <ProgressBar label="Issuing pair" step={operation.progress.step} done={operation.progress.done} total={operation.progress.total} /> : null}
          {error ? <ErrorAlert error={error} title="The pair was not issued" /> : null}
          {load.state === 'failed' ? <ErrorAlert error={load.error} title="The authorities could not be loaded" /> : null}
          <div className="wizard-foot wizard-foot-end">
            <Button type="submit" variant="primary" busy={operation.running} icon={<Icon name="key" />}>
              Issue pair
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
