import { useEffect, useReducer, useState } from 'react';
import type { CertificateDetail } from '../../../shared/domain/certificate.js';
import type { SnippetView } from '../../../shared/domain/export.js';
import { useDetail } from '../../app/useLoad.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { ChoiceGroup } from '../../components/ChoiceGroup.js';
import { TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { useT } from '../../i18n/use-t.js';
import { call, type IpcError } from '../../ipc/client.js';
import { DetailLoadStatus } from '../../views/LoadStatus.js';
import { routeFailure } from '../shared/failure.js';
import { ReviewFact, StepIntro } from '../shared/Review.js';
import { StepFooter, WizardFrame } from '../shared/WizardFrame.js';
import { ProofPanel } from './ProofPanel.js';
import { SnippetTabs } from '../../components/SnippetTabs.js';
import {
  asksPassword,
  carriesKey,
  destination,
  DESTINATIONS,
  exportReducer,
  fieldFromPath,
  initialState,
  keyNote,
  machine,
  passwordWarning,
  STEPS,
  toRequest,
  unavailableReason,
  wordedBundleSnippets,
  type ExportAction,
  type ExportState,
  type FieldKey,
} from './model.js';
import { certificateLabel } from '../../app/format.js';

interface ExportWizardProps {
  readonly certificateId: string;
  /** When exporting a client from an mTLS pair: the server it is proven against. */
  readonly serverId?: string | undefined;
  readonly onCancel: () => void;
}

/** Export a certificate's bundle: where it is going, how the key is protected, its configuration, a real handshake, then the files. */
export function ExportWizard({ certificateId, serverId, onCancel }: ExportWizardProps) {
  const t = useT();
  const [load] = useDetail('certificate.get', certificateId);
  if (load.state !== 'ready') return <DetailLoadStatus load={load} failedTitle={t('exports:wizard.certificateFailed')} />;
  return <ExportSteps detail={load.value} serverId={serverId} onCancel={onCancel} />;
}

function ExportSteps({ detail, serverId, onCancel }: { readonly detail: CertificateDetail; readonly serverId?: string | undefined; readonly onCancel: () => void }) {
  const t = useT();
  const [state, dispatch] = useReducer(exportReducer, detail.hasPrivateKey, initialState);
  const [snippets, setSnippets] = useState<readonly SnippetView[] | null>(null);
  const [snippetError, setSnippetError] = useState<IpcError | null>(null);
  const [exporting, setExporting] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [paths, setPaths] = useState<readonly string[]>([]);
  const errors = machine.visible(state);
  const chosen = destination(state.destination);

  useEffect(() => {
    let live = true;
    void call('certificate.snippets', { id: detail.id }).then((result) => {
      if (!live) return;
      if (result.ok) setSnippets(result.value);
      else setSnippetError(result.error);
    });
    return () => {
      live = false;
    };
  }, [detail.id]);

  async function runExport() {
    if (!machine.canLeave(state, 'destination') || !machine.canLeave(state, 'protection')) return dispatch({ type: 'next' });
    setExporting(true);
    setError(null);
    setCancelled(false);
    const result = await call('certificate.export', toRequest(state, detail.id));
    setExporting(false);
    if (result.ok) {
      if (result.value.cancelled) return setCancelled(true);
      setPaths(result.value.paths);
      return dispatch({ type: 'exported' });
    }
    routeFailure(result.error, {
      fieldFromPath,
      onField: (field: FieldKey, message) => dispatch({ type: 'serverError', field, message }),
      onOther: setError,
    });
  }

  function submit() {
    if (state.step === 'configuration') void runExport();
    else if (state.step === 'destination' && !asksPassword(state) && machine.canLeave(state, 'destination')) dispatch({ type: 'goto', step: 'configuration' });
    else dispatch({ type: 'next' });
  }

  function back() {
    if (state.step === 'configuration' && !asksPassword(state)) dispatch({ type: 'goto', step: 'destination' });
    else dispatch({ type: 'back' });
  }

  const footer =
    state.step === 'done' ? undefined : (
      <StepFooter
        onBack={state.step === 'destination' ? undefined : back}
        submitLabel={state.step === 'configuration' ? (exporting ? t('exports:wizard.exporting') : t('exports:wizard.export')) : t('exports:wizard.next')}
        submitIcon={state.step === 'configuration' ? <Icon name="download" /> : undefined}
        submitDisabled={exporting}
      />
    );

  return (
    <WizardFrame eyebrow={t(`exports:wizard.eyebrow.${detail.profile}`)} title={t('exports:wizard.title', { name: certificateLabel(detail) })} steps={STEPS} step={state.step} onCancel={onCancel} busy={exporting} onSubmit={submit} footer={footer}>
      {state.step === 'destination' ? <DestinationStep state={state} dispatch={dispatch} error={errors.destination} /> : null}
      {state.step === 'protection' ? <ProtectionStep state={state} dispatch={dispatch} errors={errors} /> : null}
      {state.step === 'configuration' ? (
        <div className="step">
          <StepIntro title={t('exports:wizard.whatYouGet')}>{t('exports:wizard.files', { title: chosen.title, files: chosen.files })}</StepIntro>
          <dl className="facts">
            <ReviewFact label={t('exports:wizard.privateKey')}>
              {carriesKey(state) ? (state.password ? t('exports:wizard.keyEncrypted') : t('exports:wizard.keyPlain')) : t('exports:wizard.keyNone')}
            </ReviewFact>
            <ReviewFact label={t('exports:wizard.written')}>{t('exports:wizard.writtenValue')}</ReviewFact>
          </dl>
          {chosen.snippets ? <SnippetSection snippets={snippets} error={snippetError} /> : null}
          {detail.hasPrivateKey ? <ProofPanel certificateId={detail.id} serverId={serverId} /> : null}
          {cancelled ? <Notice>{t('exports:wizard.dialogClosed')}</Notice> : null}
          {error ? <ErrorAlert error={error} title={t('exports:wizard.failed')} /> : null}
        </div>
      ) : null}
      {state.step === 'done' ? (
        <div className="step">
          <Notice tone="success">
            <p className="alert-title">{t('exports:wizard.exported', { name: certificateLabel(detail) })}</p>
            <ul className="path-list" aria-label={t('exports:wizard.filesWritten')}>
              {paths.map((p) => (
                <li key={p}>
                  <code>{p}</code>
                </li>
              ))}
            </ul>
          </Notice>
          {detail.hasPrivateKey ? <ProofPanel certificateId={detail.id} serverId={serverId} /> : null}
          <div className="wizard-foot">
            <Button onClick={() => dispatch({ type: 'restart' })}>{t('exports:wizard.another')}</Button>
            <Button variant="primary" onClick={onCancel}>
              {t('exports:wizard.done')}
            </Button>
          </div>
        </div>
      ) : null}
    </WizardFrame>
  );
}

function DestinationStep({ state, dispatch, error }: { readonly state: ExportState; readonly dispatch: (a: ExportAction) => void; readonly error?: string | undefined }) {
  const t = useT();
  return (
    <div className="step">
      <StepIntro title={t('exports:wizard.destinationTitle')}>{t('exports:wizard.destinationIntro')}</StepIntro>
      <ChoiceGroup
        name="destination"
        legend={t('exports:wizard.destinationLegend')}
        value={state.destination}
        onChange={(value) => dispatch({ type: 'destination', value })}
        error={error}
        choices={DESTINATIONS.map((d) => {
          const unavailable = unavailableReason(d, state.hasPrivateKey);
          return { value: d.id, title: d.title, hint: unavailable ?? d.hint, disabled: unavailable !== null };
        })}
      />
    </div>
  );
}

function ProtectionStep({ state, dispatch, errors }: { readonly state: ExportState; readonly dispatch: (a: ExportAction) => void; readonly errors: Partial<Record<FieldKey, string>> }) {
  const t = useT();
  const d = destination(state.destination);
  const warning = passwordWarning(state);
  return (
    <div className="step">
      <StepIntro title={t('exports:wizard.protectTitle')}>{keyNote(state)}</StepIntro>
      {d.key === 'optional' && state.hasPrivateKey ? (
        <label className="checkbox">
          <input type="checkbox" checked={state.includeKey} onChange={(e) => dispatch({ type: 'includeKey', value: e.target.checked })} />
          {t('exports:wizard.includeKey')}
        </label>
      ) : null}
      {asksPassword(state) ? (
        <div className="grid-2">
          <TextField
            id="export-password"
            type="password"
            label={d.format === 'p12' ? t('exports:wizard.p12Password') : t('exports:wizard.keyPassword')}
            optional={d.format !== 'p12'}
            value={state.password}
            onValueChange={(value) => dispatch({ type: 'password', value })}
            error={errors.password}
            hint={d.format === 'p12' ? t('exports:wizard.p12PasswordHint') : t('exports:wizard.keyPasswordHint')}
            autoComplete="new-password"
            autoFocus
          />
          <TextField
            id="export-confirm"
            type="password"
            label={t('exports:wizard.repeat')}
            value={state.confirm}
            onValueChange={(value) => dispatch({ type: 'confirm', value })}
            error={errors.confirm}
            autoComplete="new-password"
          />
        </div>
      ) : null}
      {warning ? <Notice tone="warning">{warning}</Notice> : null}
    </div>
  );
}

function SnippetSection({ snippets, error }: { readonly snippets: readonly SnippetView[] | null; readonly error: IpcError | null }) {
  const t = useT();
  return (
    <section className="snippet-section" aria-labelledby="snippets-title">
      <h3 id="snippets-title">{t('exports:wizard.snippetsTitle')}</h3>
      <p className="field-hint">{t('exports:wizard.snippetsHint')}</p>
      {error ? <ErrorAlert error={error} title={t('exports:wizard.snippetsFailed')} /> : snippets ? <SnippetTabs snippets={wordedBundleSnippets(snippets)} /> : <p className="muted">{t('exports:wizard.snippetsLoading')}</p>}
    </section>
  );
}
