import { useDeferredValue, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ServiceRow, TokenDiagnosis, TokenIssuerSummary } from '../../../shared/domain/service-identity.js';
import { formatDate } from '../../app/format.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { FieldShell, SelectField, TextAreaField, TextField } from '../../components/Field.js';
import { useT } from '../../i18n/use-t.js';
import { call, type IpcError } from '../../ipc/client.js';
import type { VerifySeed } from './MintPanel.js';
import { IssuerSelect } from './IssuerSelect.js';
import { actionProblem, certificateOptionLabel, pasteSizeNote, policyServices, utf8Length } from './model.js';
import { TokenDiagnosisView } from './TokenDiagnosisView.js';

interface VerifyPanelProps {
  readonly issuers: readonly TokenIssuerSummary[];
  readonly rows: readonly ServiceRow[];
  /** A token handed over from "Mint a test token". */
  readonly seed: VerifySeed | null;
}

/** The client certificates of every service, grouped by service, for "which certificate did the call come with?". */
function ClientCertificateSelect({ rows, value, onChange }: { readonly rows: readonly ServiceRow[]; readonly value: string; readonly onChange: (id: string) => void }) {
  const t = useT();
  const withCertificates = rows.filter((r) => r.certificates.length > 0);
  return (
    <FieldShell id="verify-certificate" label={t('services:verify.certificate')} optional hint={t('services:verify.certificateHint')}>
      <select id="verify-certificate" className="input select" value={value} onChange={(e) => onChange(e.target.value)} aria-describedby="verify-certificate-hint">
        <option value="">{t('services:verify.noCertificate')}</option>
        {withCertificates.map((r) => (
          <optgroup key={r.name} label={r.name}>
            {r.certificates.map((c) => (
              <option key={c.id} value={c.id}>
                {certificateOptionLabel(r.name, c, formatDate)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </FieldShell>
  );
}

function firstCertificateOf(rows: readonly ServiceRow[], service: string | undefined): string {
  const row = rows.find((r) => r.name === service);
  return (row?.certificates.find((c) => c.status === 'valid') ?? row?.certificates[0])?.id ?? '';
}

/** Paste a token: which issuer it should come from, optionally which service got it, with which certificate, for which action. */
export function VerifyPanel({ issuers, rows, seed }: VerifyPanelProps) {
  const t = useT();
  const [token, setToken] = useState(seed?.token ?? '');
  const [issuerChoice, setIssuerId] = useState(seed?.issuerId ?? '');
  // An issuer created after this panel opened becomes the choice when there was none.
  const issuerId = issuers.some((i) => i.id === issuerChoice) ? issuerChoice : (issuers[0]?.id ?? '');
  const [audience, setAudience] = useState(seed?.audience ?? '');
  const [certificateId, setCertificateId] = useState(firstCertificateOf(rows, seed?.caller));
  const [action, setAction] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [diagnosis, setDiagnosis] = useState<TokenDiagnosis | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  // A new answer is below the form: bring it into view.
  useEffect(() => {
    if (diagnosis) resultRef.current?.scrollIntoView({ block: 'start' });
  }, [diagnosis]);

  // Measured off the typing path: a pasted megabyte must not make every keystroke wait.
  const deferredToken = useDeferredValue(token);
  const sizeNote = useMemo(() => pasteSizeNote(utf8Length(deferredToken)), [deferredToken]);
  const actionError = actionProblem(action);
  const audiences = policyServices(rows);
  const blocked = sizeNote?.blocking === true;

  async function verify(e: FormEvent) {
    e.preventDefault();
    if (token.trim() === '' || !issuerId || actionError || blocked || pasteSizeNote(utf8Length(token))?.blocking) return;
    setBusy(true);
    setError(null);
    setDiagnosis(null);
    const result = await call('jwt.verify', {
      id: issuerId,
      token,
      ...(audience ? { audience } : {}),
      ...(certificateId ? { clientCertificateId: certificateId } : {}),
      ...(action.trim() ? { action: action.trim() } : {}),
    });
    setBusy(false);
    if (result.ok) setDiagnosis(result.value);
    else setError(result.error);
  }

  return (
    <div className="svc-panel">
      <div className="svc-panel-head">
        <div>
          <h2 className="svc-panel-title">{t('services:verify.title')}</h2>
          <p className="muted">{t('services:verify.intro')}</p>
        </div>
      </div>
      {issuers.length === 0 ? (
        <Notice>
          <p>{t('services:verify.needIssuer')}</p>
        </Notice>
      ) : (
        <form className="card svc-form" onSubmit={(e) => void verify(e)} noValidate aria-label={t('services:verify.title')}>
          <TextAreaField
            id="verify-token"
            label={t('services:verify.token')}
            value={token}
            onValueChange={(v) => {
              setToken(v);
              setDiagnosis(null);
            }}
            rows={5}
            className="svc-mono"
            // eslint-disable-next-line i18next/no-literal-string -- the start of a real token (base64url), not words
            placeholder="eyJhbGciOiJFUzI1NiIs…"
            hint={sizeNote ? undefined : t('services:verify.tokenHint')}
            error={sizeNote?.blocking ? sizeNote.message : undefined}
            autoComplete="off"
          />
          {sizeNote && !sizeNote.blocking ? (
            <Notice tone="warning">
              <p>{sizeNote.message}</p>
            </Notice>
          ) : null}
          <div className="svc-verify-options">
            <IssuerSelect id="verify-issuer" issuers={issuers} value={issuerId} onChange={setIssuerId} hint={t('services:verify.issuerHint')} />
            <SelectField
              id="verify-audience"
              label={t('services:verify.receivedBy')}
              value={audience}
              onValueChange={setAudience}
              options={[{ value: '', label: t('services:verify.anyService') }, ...audiences.map((a) => ({ value: a, label: a }))]}
              hint={t('services:verify.receivedByHint')}
            />
            <ClientCertificateSelect rows={rows} value={certificateId} onChange={setCertificateId} />
            <TextField id="verify-action" label={t('services:verify.action')} optional value={action} onValueChange={setAction} placeholder="payment-service:charge" hint={t('services:verify.actionHint')} error={actionError ?? undefined} autoComplete="off" />
          </div>
          <div className="actions">
            <Button type="submit" variant="primary" busy={busy} disabled={token.trim() === '' || blocked || actionError !== null}>
              {t('services:verify.submit')}
            </Button>
          </div>
        </form>
      )}
      <div ref={resultRef} className="svc-result">
        {error ? <ErrorAlert error={error} title={t('services:verify.failed')} /> : null}
        {diagnosis ? <TokenDiagnosisView diagnosis={diagnosis} /> : null}
      </div>
    </div>
  );
}
