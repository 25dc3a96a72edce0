import { useState } from 'react';
import { Trans } from 'react-i18next';
import type { ProofResult, ProofRole } from '../../../shared/domain/export.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Icon } from '../../components/Icon.js';
import { wordOf } from '../../i18n/instance.js';
import { useT } from '../../i18n/use-t.js';
import { call, type IpcError } from '../../ipc/client.js';

interface ProofPanelProps {
  readonly certificateId: string;
  /** The side this certificate plays; main picks by profile when absent. */
  readonly role?: ProofRole | undefined;
  /** A real server certificate to prove a client against (the pair it was issued with). */
  readonly serverId?: string | undefined;
}

/**
 * "Prove it": main runs a real mutual-TLS handshake on 127.0.0.1 with this certificate's bundle and
 * reports the protocol and cipher, or the failure in the words engineers see, with what to change.
 */
export function ProofPanel({ certificateId, role, serverId }: ProofPanelProps) {
  const t = useT();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<ProofResult | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  async function prove() {
    setRunning(true);
    setResult(null);
    setError(null);
    const answer = await call('certificate.prove', { id: certificateId, ...(role ? { as: role } : {}), ...(serverId ? { serverId } : {}) });
    setRunning(false);
    if (answer.ok) setResult(answer.value);
    else setError(answer.error);
  }

  const hint = serverId ? t('exports:proof.hintPair') : role === 'server' ? t('exports:proof.hintServer') : t('exports:proof.hintClient');
  return (
    <section className="proof card-inset" aria-labelledby="proof-title">
      <div className="proof-head">
        <div>
          <h3 id="proof-title">{t('exports:proof.title')}</h3>
          <p className="field-hint">{hint}</p>
        </div>
        <Button onClick={() => void prove()} busy={running} icon={<Icon name="play" />}>
          {result || error ? t('exports:proof.again') : t('exports:proof.run')}
        </Button>
      </div>
      {result?.ok ? (
        <Notice tone="success">
          <p className="alert-title">{t('exports:proof.completed')}</p>
          <p>
            <Trans
              t={t}
              i18nKey="exports:proof.verified"
              values={{
                protocol: result.protocol,
                cipher: result.cipher,
                server: result.serverSubject,
                serverNote: result.throwawayServer ? t('exports:proof.throwaway') : '',
                client: result.clientSubject,
                clientNote: result.throwawayClient ? t('exports:proof.throwaway') : '',
              }}
              components={{ 1: <code />, 3: <code /> }}
            />
          </p>
        </Notice>
      ) : null}
      {result && !result.ok ? (
        <div className="alert alert-error" role="alert">
          <Icon name="alert" />
          <div className="alert-body">
            <p className="alert-title">{t(`exports:proof.side.${result.side}`)}</p>
            <p className="alert-message">
              <code>{result.reason}</code> <span className="muted">({result.code})</span>
            </p>
            <p>{wordOf(result.fix)}</p>
            {result.detail ? <p className="muted">{t('exports:proof.nodeSaid', { detail: result.detail })}</p> : null}
          </div>
        </div>
      ) : null}
      {error ? <ErrorAlert error={error} title={t('exports:proof.failed')} /> : null}
    </section>
  );
}
