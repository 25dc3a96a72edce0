import { useState } from 'react';
import type { AuthorityDetail, AuthoritySummary } from '../../shared/domain/authority.js';
import { ErrorAlert, Notice } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { TextAreaField } from '../components/Field.js';
import { ObjectFileButton } from '../components/ObjectFileButton.js';
import { CsrBlock } from './CsrBlock.js';
import { call, withoutField, type IpcError } from '../ipc/client.js';
import { Trans } from 'react-i18next';
import { useT } from '../i18n/use-t.js';

/** A PEM header: the same in every language. */
const PEM_HEADER = '-----BEGIN CERTIFICATE-----';

interface PendingActivationProps {
  readonly detail: AuthorityDetail;
  readonly onActivated: (authority: AuthoritySummary) => void;
}

/** A pending intermediate: its CSR to take to the outside CA, and where to bring the certificate back. */
export function PendingActivation({ detail, onActivated }: PendingActivationProps) {
  const t = useT();
  const [text, setText] = useState('');
  const [fileNote, setFileNote] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | string | null>(null);
  const [busy, setBusy] = useState(false);

  async function activate() {
    setBusy(true);
    setError(null);
    const result = await call('authority.activate', { id: detail.id, certificatePem: text.trim() });
    setBusy(false);
    if (result.ok) onActivated(result.value);
    else setError(withoutField(result.error));
  }

  return (
    <section className="pending" aria-label={t('authorities:pending.label')}>
      <Notice>
        <p>
          {detail.pathLength === null ? (
            <Trans t={t} i18nKey="authorities:pending.noticeUnlimited" components={{ 1: <strong /> }} />
          ) : (
            <Trans t={t} i18nKey="authorities:pending.notice" values={{ pathLength: detail.pathLength }} components={{ 1: <strong /> }} />
          )}
        </p>
      </Notice>
      {detail.csrPem && detail.csrSha256 ? <CsrBlock authorityId={detail.id} csrPem={detail.csrPem} csrSha256={detail.csrSha256} /> : null}
      <div className="import-box">
        <h3 className="section-title">{t('authorities:pending.importTitle')}</h3>
        <TextAreaField
          id="signed-certificate"
          label={t('authorities:pending.field')}
          value={text}
          onValueChange={(v) => {
            setText(v);
            setFileNote(null);
          }}
          rows={5}
          className="textarea-mono"
          placeholder={PEM_HEADER}
          hint={fileNote ?? t('authorities:pending.hint')}
        />
        <div className="input-row">
          <ObjectFileButton
            label={t('authorities:pending.openFile')}
            accept=".pem,.crt,.cer,.der,application/x-x509-ca-cert"
            onRead={(object, name) => {
              setError(null);
              setText(object.text);
              setFileNote(object.kind === 'pem' ? t('authorities:pending.readPem', { name }) : t('authorities:pending.readDer', { name }));
            }}
            onError={setError}
          />
          <Button variant="primary" busy={busy} disabled={text.trim() === ''} onClick={() => void activate()}>
            {t('authorities:pending.import')}
          </Button>
        </div>
        {error ? <ErrorAlert error={error} title={t('authorities:pending.importFailed')} /> : null}
      </div>
    </section>
  );
}
