import { useState } from 'react';
import { ErrorAlert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { Fact } from '../components/Fact.js';
import { Hex } from '../components/Hex.js';
import { Icon } from '../components/Icon.js';
import { PemBlock } from '../components/PemBlock.js';
import { call, type IpcError } from '../ipc/client.js';
import { Trans } from 'react-i18next';
import { useT } from '../i18n/use-t.js';

interface CsrBlockProps {
  /** The pending intermediate the request belongs to (main reads the request from the vault). */
  readonly authorityId: string;
  readonly csrPem: string;
  /** SHA-256 of the request's DER, colon hex, computed in main. */
  readonly csrSha256: string;
  readonly hint?: string;
}

/**
 * A CSR Certwright made for a pending intermediate: the PEM with Copy and "Save as…" (main writes it
 * where the user picks), and its SHA-256 fingerprint, to read out to the operator of the signing CA
 * (`openssl req -in request.csr -outform DER | sha256sum` gives the same bytes).
 */
export function CsrBlock({ authorityId, csrPem, csrSha256, hint }: CsrBlockProps) {
  const t = useT();
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  async function save() {
    setSaving(true);
    setError(null);
    const result = await call('authority.saveCsr', { id: authorityId });
    setSaving(false);
    if (!result.ok) return setError(result.error);
    if (!result.value.cancelled) setSaved(result.value.paths[0] ?? null);
  }

  return (
    <div className="csr-block">
      <PemBlock
        title={t('authorities:csr.title')}
        pem={csrPem}
        label={t('authorities:csr.label')}
        copyLabel={t('authorities:csr.copy')}
        {...(hint ? { hint } : {})}
        actions={
          <Button variant="ghost" icon={<Icon name="download" />} busy={saving} onClick={() => void save()}>
            {t('authorities:csr.saveAs')}
          </Button>
        }
      />
      <dl className="facts" aria-label={t('authorities:csr.fingerprintLabel')}>
        <Fact label={t('authorities:csr.fingerprint')} copy={{ text: csrSha256, label: t('authorities:csr.copyFingerprint') }}>
          <Hex value={csrSha256} />
        </Fact>
      </dl>
      {saved ? (
        <p className="field-hint" role="status">
          <Trans t={t} i18nKey="authorities:csr.saved" values={{ path: saved }} components={{ 1: <code /> }} />
        </p>
      ) : null}
      {error ? <ErrorAlert error={error} title={t('authorities:csr.saveFailed')} /> : null}
    </div>
  );
}
