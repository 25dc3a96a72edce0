import { useEffect, useReducer, useState } from 'react';
import type { CertificateDetail } from '../../../shared/domain/certificate.js';
import type { SnippetView } from '../../../shared/domain/export.js';
import { PROFILE_INFO } from '../../../shared/domain/certificate.js';
import { useDetail } from '../../app/useLoad.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { ChoiceGroup } from '../../components/ChoiceGroup.js';
import { TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
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
  const [load] = useDetail('certificate.get', certificateId);
  if (load.state !== 'ready') return <DetailLoadStatus load={load} failedTitle="The certificate could not be loaded" />;
  return <ExportSteps detail={load.value} serverId={serverId} onCancel={onCancel} />;
}

function ExportSteps({ detail, serverId, onCancel }: { readonly detail: CertificateDetail; readonly serverId?: string | undefined; readonly onCancel: () => void }) {
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
        submitLabel={state.step === 'configuration' ? (exporting ? 'Exporting…' : 'Export…') : 'Next'}
        submitIcon={state.step === 'configuration' ? <Icon name="download" /> : undefined}
        submitDisabled={exporting}
      />
    );

  return (
    <WizardFrame eyebrow={`Export · ${PROFILE_INFO[detail.profile].label} certificate`} title={`Export ${certificateLabel(detail)}`} steps={STEPS} step={state.step} onCancel={onCancel} busy={exporting} onSubmit={submit} footer={footer}>
      {state.step === 'destination' ? <DestinationStep state={state} dispatch={dispatch} error={errors.destination} /> : null}
      {state.step === 'protection' ? <ProtectionStep state={state} dispatch={dispatch} errors={errors} /> : null}
      {state.step === 'configuration' ? (
        <div className="step">
          <StepIntro title="What you get">
            {chosen.title}: {chosen.files}.
          </StepIntro>
          <dl className="facts">
            <ReviewFact label="Private key">{carriesKey(state) ? (state.password ? 'Included, encrypted with your password' : 'Included, unencrypted (mode 0600)') : 'Not included'}</ReviewFact>
            <ReviewFact label="Written">By Certwright, where you choose in the next dialog. Existing files are never overwritten.</ReviewFact>
          </dl>
          {chosen.snippets ? <SnippetSection snippets={snippets} error={snippetError} /> : null}
          {detail.hasPrivateKey ? <ProofPanel certificateId={detail.id} serverId={serverId} /> : null}
          {cancelled ? <Notice>Nothing was written: the save dialog was closed. Press Export… to choose a place.</Notice> : null}
          {error ? <ErrorAlert error={error} title="The bundle was not exported" /> : null}
        </div>
      ) : null}
      {state.step === 'done' ? (
        <div className="step">
          <Notice tone="success">
            <p className="alert-title">Exported {certificateLabel(detail)}</p>
            <ul className="path-list" aria-label="Files written">
              {paths.map((p) => (
                <li key={p}>
                  <code>{p}</code>
                </li>
              ))}
            </ul>
          </Notice>
          {detail.hasPrivateKey ? <ProofPanel certificateId={detail.id} serverId={serverId} /> : null}
          <div className="wizard-foot">
            <Button onClick={() => dispatch({ type: 'restart' })}>Export another format</Button>
            <Button variant="primary" onClick={onCancel}>
              Done
            </Button>
          </div>
        </div>
      ) : null}
    </WizardFrame>
  );
}

function DestinationStep({ state, dispatch, error }: { readonly state: ExportState; readonly dispatch: (a: ExportAction) => void; readonly error?: string | undefined }) {
  return (
    <div className="step">
      <StepIntro title="Where is it going?">Pick the place the bundle is for; Certwright picks the format and encryption that place reads.</StepIntro>
      <ChoiceGroup
        name="destination"
        legend="Destination"
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
  const d = destination(state.destination);
  const warning = passwordWarning(state);
  return (
    <div className="step">
      <StepIntro title="Protect the private key">{keyNote(state)}</StepIntro>
      {d.key === 'optional' && state.hasPrivateKey ? (
        <label className="checkbox">
          <input type="checkbox" checked={state.includeKey} onChange={(e) => dispatch({ type: 'includeKey', value: e.target.checked })} />
          Include the private key
        </label>
      ) : null}
      {asksPassword(state) ? (
        <div className="grid-2">
          <TextField
            id="export-password"
            type="password"
            label={d.format === 'p12' ? 'PKCS#12 password' : 'Key password'}
            optional={d.format !== 'p12'}
            value={state.password}
            onValueChange={(value) => dispatch({ type: 'password', value })}
            error={errors.password}
            hint={d.format === 'p12' ? 'Whoever imports the file types it. Used once, never stored.' : 'Leave empty for an unencrypted key.pem.'}
            autoComplete="new-password"
            autoFocus
          />
          <TextField
            id="export-confirm"
            type="password"
            label="Repeat the password"
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
  return (
    <section className="snippet-section" aria-labelledby="snippets-title">
      <h3 id="snippets-title">Configuration for this bundle</h3>
      <p className="field-hint">Written into the bundle as snippets/, using its file names. The Go programs are complete: they compile with the standard library.</p>
      {error ? <ErrorAlert error={error} title="The snippets could not be made" /> : snippets ? <SnippetTabs snippets={snippets} /> : <p className="muted">Preparing the snippets…</p>}
    </section>
  );
}
