import { useState } from 'react';
import type { ProofResult, ProofRole } from '../../../shared/domain/export.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Icon } from '../../components/Icon.js';
import { call, type IpcError } from '../../ipc/client.js';

interface ProofPanelProps {
  readonly certificateId: string;
  /** The side this certificate plays; main picks by profile when absent. */
  readonly role?: ProofRole | undefined;
  /** A real server certificate to prove a client against (the pair it was issued with). */
  readonly serverId?: string | undefined;
}

const SIDE: Readonly<Record<Extract<ProofResult, { ok: false }>['side'], string>> = {
  client: 'The client certificate is at fault',
  server: 'The server certificate is at fault',
  setup: 'The proof itself could not run',
};

/**
 * "Prove it": main runs a real mutual-TLS handshake on 127.0.0.1 with this certificate's bundle and
 * reports the protocol and cipher, or the failure in the words engineers see, with what to change.
 */
export function ProofPanel({ certificateId, role, serverId }: ProofPanelProps) {
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

  const partner = serverId ? 'the server certificate it was issued with' : role === 'server' ? 'a throwaway client certificate from the same CA' : 'a throwaway server certificate from the same CA (or its own server, when it has one)';
  return (
    <section className="proof card-inset" aria-labelledby="proof-title">
      <div className="proof-head">
        <div>
          <h3 id="proof-title">Prove it</h3>
          <p className="field-hint">A real mutual-TLS handshake on 127.0.0.1: this bundle against {partner}, each side verifying the other against the CA.</p>
        </div>
        <Button onClick={() => void prove()} busy={running} icon={<Icon name="play" />}>
          {result || error ? 'Prove again' : 'Run the handshake'}
        </Button>
      </div>
      {result?.ok ? (
        <Notice tone="success">
          <p className="alert-title">mTLS handshake completed</p>
          <p>
            {result.protocol}, {result.cipher}. Server <code>{result.serverSubject}</code>
            {result.throwawayServer ? ' (throwaway)' : ''}, client <code>{result.clientSubject}</code>
            {result.throwawayClient ? ' (throwaway)' : ''}: both verified.
          </p>
        </Notice>
      ) : null}
      {result && !result.ok ? (
        <div className="alert alert-error" role="alert">
          <Icon name="alert" />
          <div className="alert-body">
            <p className="alert-title">{SIDE[result.side]}</p>
            <p className="alert-message">
              <code>{result.reason}</code> <span className="muted">({result.code})</span>
            </p>
            <p>{result.fix}</p>
            {result.detail ? <p className="muted">Node said: {result.detail}</p> : null}
          </div>
        </div>
      ) : null}
      {error ? <ErrorAlert error={error} title="The handshake could not be run" /> : null}
    </section>
  );
}
