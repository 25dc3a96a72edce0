import { useMemo, useState, type FormEvent } from 'react';
import type { PolicyDecision } from '../../../shared/domain/service-identity.js';
import { parsePolicy } from '../../../shared/domain/service-policy.js';
import { ErrorAlert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { SelectField, TextField } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { useT } from '../../i18n/use-t.js';
import { call, withoutField, type IpcError } from '../../ipc/client.js';
import { actionsOn, checkActionProblem, decisionWords } from './model.js';

interface PolicyCheckProps {
  /** The stored policy's text (policy.check answers from it). */
  readonly policyText: string;
  /** Every service name known (policy and certificates): possible callers. */
  readonly services: readonly string[];
  /** The editor holds changes not saved yet. */
  readonly unsaved: boolean;
}

/** "May A call B's action?", answered by main from the saved policy, in words. */
export function PolicyCheck({ policyText, services, unsaved }: PolicyCheckProps) {
  const t = useT();
  const policy = useMemo(() => {
    const parsed = parsePolicy(policyText);
    return parsed.ok ? parsed.policy : null;
  }, [policyText]);
  const targets = policy ? Object.keys(policy.services) : [];
  const [callerChoice, setCaller] = useState('');
  const [targetChoice, setTarget] = useState('');
  // The lists change when the policy is saved: a choice no longer offered falls back to the first.
  const caller = services.includes(callerChoice) ? callerChoice : (services[0] ?? '');
  const target = targets.includes(targetChoice) ? targetChoice : (targets.find((s) => s !== caller) ?? targets[0] ?? '');
  const [action, setAction] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ readonly caller: string; readonly action: string; readonly decision: PolicyDecision } | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const actionProblem = checkActionProblem(action);
  const suggestions = actionsOn(policy, target);

  async function check(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (actionProblem || !caller || !target) return;
    const full = `${target}:${action.trim()}`;
    setBusy(true);
    setError(null);
    const result = await call('policy.check', { caller, action: full });
    setBusy(false);
    if (result.ok) setAnswer({ caller, action: full, decision: result.value });
    else setError(withoutField(result.error));
  }

  if (services.length === 0 || targets.length === 0) {
    return (
      <section className="card svc-form" aria-labelledby="policy-check-title">
        <h3 id="policy-check-title" className="section-title">
          {t('services:policyCheck.title')}
        </h3>
        <p className="muted">{t('services:policyCheck.empty')}</p>
      </section>
    );
  }

  return (
    <section className="card svc-form" aria-labelledby="policy-check-title">
      <h3 id="policy-check-title" className="section-title">
        {t('services:policyCheck.title')}
      </h3>
      <p className="field-hint">{unsaved ? t('services:policyCheck.hintUnsaved') : t('services:policyCheck.hint')}</p>
      <form className="svc-check-form" onSubmit={(e) => void check(e)} noValidate>
        <SelectField id="check-caller" label={t('services:policyCheck.caller')} value={caller} onValueChange={setCaller} options={services.map((s) => ({ value: s, label: s }))} />
        <SelectField id="check-target" label={t('services:policyCheck.target')} value={target} onValueChange={setTarget} options={targets.map((s) => ({ value: s, label: s }))} />
        <TextField
          id="check-action"
          label={t('services:policyCheck.action')}
          value={action}
          onValueChange={setAction}
          placeholder={suggestions[0] ?? 'charge'}
          list="check-action-suggestions"
          error={touched ? (actionProblem ?? undefined) : undefined}
          autoComplete="off"
        />
        <datalist id="check-action-suggestions">
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <div className="svc-check-submit">
          <Button type="submit" busy={busy}>
            {t('services:policyCheck.submit')}
          </Button>
        </div>
      </form>
      {error ? <ErrorAlert error={error} title={t('services:policyCheck.failed')} /> : null}
      {answer ? (
        <div className={answer.decision.allowed ? 'alert alert-success svc-answer' : 'alert alert-warning svc-answer'} role="status" aria-label={t('services:policyCheck.answer')}>
          <Icon name={answer.decision.allowed ? 'check' : 'alert'} />
          <div className="alert-body">
            <p className="alert-title">{t('services:policyCheck.question', { caller: answer.caller, action: answer.action })}</p>
            <p>{decisionWords(answer.decision)}</p>
          </div>
        </div>
      ) : null}
    </section>
  );
}
