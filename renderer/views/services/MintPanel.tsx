import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { MintedToken, ServiceRow, TokenIssuerSummary } from '../../../shared/domain/service-identity.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { SelectField, TextField } from '../../components/Field.js';
import { PemBlock } from '../../components/PemBlock.js';
import { call, type IpcError } from '../../ipc/client.js';
import { DecodedToken } from './DecodedToken.js';
import { IssuerSelect } from './IssuerSelect.js';
import { defaultAudience, LIFETIME_MINUTES, lifetimeSeconds, LONG_LIFETIME_WARNING, policyServices } from './model.js';

export interface VerifySeed {
  readonly token: string;
  readonly issuerId: string;
  readonly audience: string;
  readonly caller: string;
}

interface MintPanelProps {
  readonly caller: ServiceRow;
  readonly rows: readonly ServiceRow[];
  readonly issuers: readonly TokenIssuerSummary[];
  readonly onMinted: () => void;
  /** Opens the token in "Verify a token". */
  readonly onVerify: (seed: VerifySeed) => void;
  readonly onClose: () => void;
}

/** A test token for one service: an audience from the policy, a lifetime, then the token decoded and ready to copy. */
export function MintPanel({ caller, rows, issuers, onMinted, onVerify, onClose }: MintPanelProps) {
  const audiences = policyServices(rows);
  const [issuerId, setIssuerId] = useState(issuers[0]?.id ?? '');
  const [audience, setAudience] = useState(defaultAudience(caller, rows));
  const [minutes, setMinutes] = useState(String(LIFETIME_MINUTES.default));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [minted, setMinted] = useState<{ readonly token: MintedToken; readonly issuerId: string; readonly audience: string } | null>(null);

  const mintedRef = useRef<HTMLElement>(null);

  // The token is below the form: bring it into view.
  useEffect(() => {
    if (minted) mintedRef.current?.scrollIntoView({ block: 'nearest' });
  }, [minted]);

  const lifetime = lifetimeSeconds(minutes);
  const long = lifetime.ok && lifetime.seconds > LIFETIME_MINUTES.recommendedMax * 60;
  const titleId = `mint-${caller.name}`;

  async function mint(e: FormEvent) {
    e.preventDefault();
    if (!lifetime.ok || !audience || !issuerId) return;
    setBusy(true);
    setError(null);
    const result = await call('jwt.mint', { id: issuerId, service: caller.name, audience, ttlSeconds: lifetime.seconds });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setMinted({ token: result.value, issuerId, audience });
    onMinted();
  }

  return (
    <section className="card svc-detail" aria-labelledby={titleId}>
      <div className="svc-detail-head">
        <div>
          <h3 id={titleId} className="section-title">
            Mint a test token for {caller.name}
          </h3>
          <p className="field-hint">
            sub is {caller.name}, aud the service it calls, scope what the policy grants it there. {issuers.length === 1 && issuers[0] ? `Signed by ${issuers[0].name} and recorded` : 'Every token minted is recorded'} in the audit log.
          </p>
        </div>
        <Button variant="ghost" onClick={onClose}>
          Close
        </Button>
      </div>
      {audiences.length === 0 ? (
        <Notice tone="warning">
          <p>The policy names no services yet, so there is no audience to mint a token for. Add the services to the policy first.</p>
        </Notice>
      ) : (
        <form className="svc-mint-form" onSubmit={(e) => void mint(e)} noValidate>
          {issuers.length > 1 ? <IssuerSelect id={`${titleId}-issuer`} issuers={issuers} value={issuerId} onChange={setIssuerId} /> : null}
          <SelectField id={`${titleId}-aud`} label="Audience (aud)" value={audience} onValueChange={setAudience} options={audiences.map((a) => ({ value: a, label: a }))} hint="The service the token is for." />
          <TextField
            id={`${titleId}-ttl`}
            label="Lifetime in minutes"
            inputMode="numeric"
            value={minutes}
            onValueChange={setMinutes}
            className="input-number"
            error={lifetime.ok ? undefined : lifetime.message}
            hint={long ? <span className="svc-warn">{LONG_LIFETIME_WARNING}</span> : `Default ${LIFETIME_MINUTES.default}, at most ${LIFETIME_MINUTES.max} (24 hours).`}
          />
          <div className="svc-mint-submit">
            <Button type="submit" variant="primary" busy={busy} disabled={!lifetime.ok || !audience}>
              Mint token
            </Button>
          </div>
        </form>
      )}
      {error ? <ErrorAlert error={error} title="No token was minted" /> : null}
      {minted ? (
        <section ref={mintedRef} className="svc-minted" aria-label="Minted token">
          {minted.token.warning ? (
            <Notice tone="warning">
              <p>{minted.token.warning}</p>
            </Notice>
          ) : null}
          <PemBlock title="Token" pem={minted.token.token} label={`Token for ${caller.name} to call ${minted.audience}`} copyLabel="Copy token" hint="Send it as Authorization: Bearer <token>, over the mutual TLS connection made with the service's client certificate." />
          <DecodedToken header={minted.token.header} claims={minted.token.claims} />
          <div className="button-row">
            <Button onClick={() => onVerify({ token: minted.token.token, issuerId: minted.issuerId, audience: minted.audience, caller: caller.name })}>Verify this token</Button>
          </div>
        </section>
      ) : null}
    </section>
  );
}
