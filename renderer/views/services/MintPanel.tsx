import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Trans } from 'react-i18next';
import type { MintedToken, ServiceRow, TokenIssuerSummary } from '../../../shared/domain/service-identity.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { SelectField, TextField } from '../../components/Field.js';
import { PemBlock } from '../../components/PemBlock.js';
import { useT } from '../../i18n/use-t.js';
import { wordOf } from '../../i18n/instance.js';
import { call, type IpcError } from '../../ipc/client.js';
import { DecodedToken } from './DecodedToken.js';
import { IssuerSelect } from './IssuerSelect.js';
import { defaultAudience, LIFETIME_MINUTES, lifetimeSeconds, longLifetimeWarning, policyServices } from './model.js';

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
  const t = useT();
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
            {t('services:mint.title', { name: caller.name })}
          </h3>
          <p className="field-hint">
            {issuers.length === 1 && issuers[0] ? t('services:mint.introOne', { name: caller.name, issuer: issuers[0].name }) : t('services:mint.introMany', { name: caller.name })}
          </p>
        </div>
        <Button variant="ghost" onClick={onClose}>
          {t('services:common.close')}
        </Button>
      </div>
      {audiences.length === 0 ? (
        <Notice tone="warning">
          <p>{t('services:mint.noAudience')}</p>
        </Notice>
      ) : (
        <form className="svc-mint-form" onSubmit={(e) => void mint(e)} noValidate>
          {issuers.length > 1 ? <IssuerSelect id={`${titleId}-issuer`} issuers={issuers} value={issuerId} onChange={setIssuerId} /> : null}
          <SelectField id={`${titleId}-aud`} label={t('services:mint.audience')} value={audience} onValueChange={setAudience} options={audiences.map((a) => ({ value: a, label: a }))} hint={t('services:mint.audienceHint')} />
          <TextField
            id={`${titleId}-ttl`}
            label={t('services:mint.lifetime')}
            inputMode="numeric"
            value={minutes}
            onValueChange={setMinutes}
            className="input-number"
            error={lifetime.ok ? undefined : lifetime.message}
            hint={long ? <span className="svc-warn">{longLifetimeWarning()}</span> : t('services:mint.lifetimeHint', { default: LIFETIME_MINUTES.default, max: LIFETIME_MINUTES.max })}
          />
          <div className="svc-mint-submit">
            <Button type="submit" variant="primary" busy={busy} disabled={!lifetime.ok || !audience}>
              {t('services:mint.submit')}
            </Button>
          </div>
        </form>
      )}
      {error ? <ErrorAlert error={error} title={t('services:mint.failed')} /> : null}
      {minted ? (
        <section ref={mintedRef} className="svc-minted" aria-label={t('services:mint.mintedLabel')}>
          {minted.token.warnings.length > 0 ? (
            <Notice tone="warning">
              {minted.token.warnings.map((w) => (
                <p key={w.key}>{wordOf(w)}</p>
              ))}
            </Notice>
          ) : null}
          <PemBlock
            title={t('services:mint.token')}
            pem={minted.token.token}
            label={t('services:mint.tokenLabel', { caller: caller.name, audience: minted.audience })}
            copyLabel={t('services:mint.copyToken')}
            hint={<Trans t={t} i18nKey="services:mint.tokenHint" values={{ header: 'Authorization: Bearer <token>' }} components={{ 1: <code /> }} />}
          />
          <DecodedToken header={minted.token.header} claims={minted.token.claims} />
          <div className="button-row">
            <Button onClick={() => onVerify({ token: minted.token.token, issuerId: minted.issuerId, audience: minted.audience, caller: caller.name })}>{t('services:mint.verify')}</Button>
          </div>
        </section>
      ) : null}
    </section>
  );
}
