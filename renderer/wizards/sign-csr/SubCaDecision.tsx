import { Trans } from 'react-i18next';
import type { AuthoritySummary } from '../../../shared/domain/authority.js';
import type { CsrSummary } from '../../../shared/domain/certificate.js';
import { subCaDefaultDays, subCaMaxDays } from '../../../shared/domain/sub-ca.js';
import { issuingAuthorities } from '../../app/authority-tree.js';
import { formatDate } from '../../app/format.js';
import { Notice } from '../../components/Alert.js';
import { SelectField, TextField } from '../../components/Field.js';
import { TokenField } from '../../components/TokenField.js';
import { useT } from '../../i18n/use-t.js';
import { addDays } from '../shared/form.js';
import { CONSTRAINT_KEYS, type ConstraintKey } from '../new-intermediate/model.js';
import { carriedExtensions, constraintTokensOf, validityOf, type SubCaDraft, type SubCaField } from './sub-ca.js';

/** An example per name constraint field: names and ranges, the same in every language. */
const CONSTRAINT_PLACEHOLDERS: Readonly<Record<ConstraintKey, string>> = { permittedDns: 'mesh.internal, .svc.cluster.local', excludedDns: 'prod.mesh.internal', permittedIp: '10.0.0.0/8, fd00::/8', excludedIp: '10.99.0.0/16' };

interface SubCaDecisionProps {
  readonly summary: CsrSummary;
  readonly authorities: readonly AuthoritySummary[];
  readonly draft: SubCaDraft;
  readonly onChange: (draft: SubCaDraft) => void;
  /** The errors to show now (fields touched, or after a try, and main's). */
  readonly errors: Partial<Record<SubCaField, string>>;
  readonly now: Date;
}

/**
 * The decisions of a sub-CA signature: which CA signs, how deep the chain below may go, which names
 * it may certify, for how long — and the requested CA's name, typed, before Sign sub-CA is enabled.
 */
export function SubCaDecision({ summary, authorities, draft, onChange, errors, now }: SubCaDecisionProps) {
  const t = useT();
  const nodes = issuingAuthorities(authorities, now);
  const issuer = nodes.find((n) => n.authority.id === draft.issuerId)?.authority;
  const name = summary.subject.commonName;
  const days = validityOf(draft, issuer, now);
  const asked = summary.caRequest?.pathLength;
  const set = (patch: Partial<SubCaDraft>) => onChange({ ...draft, ...patch });

  const validityHint = issuer ? (
    <>
      {draft.validityDays.trim() === '' ? <>{t('signCsr:subCa.validityDefault', { count: subCaDefaultDays(issuer.notAfter, now), issuer: issuer.subject.commonName, date: formatDate(issuer.notAfter) })} </> : null}
      {t('signCsr:subCa.validityMax', { count: subCaMaxDays(issuer.notAfter, now) })}
      {days !== undefined && days > 0 ? (
        <>
          {' '}
          <Trans t={t} i18nKey="signCsr:subCa.validityEnds" values={{ date: formatDate(addDays(now, days)) }} components={{ 1: <strong /> }} />
        </>
      ) : null}
    </>
  ) : (
    t('signCsr:subCa.validityNoIssuer')
  );

  return (
    <section className="review-section decisions" aria-labelledby="subca-decide">
      <div className="review-head">
        <h3 id="subca-decide">{t('signCsr:subCa.title')}</h3>
      </div>
      <Notice tone="warning">
        <p>
          {asked !== undefined && asked !== null ? (
            <Trans t={t} i18nKey="signCsr:subCa.asksToBeCaWithPath" values={{ pathLength: asked, name: name || t('signCsr:subCa.it') }} components={{ 1: <strong />, 3: <strong /> }} />
          ) : (
            <Trans t={t} i18nKey="signCsr:subCa.asksToBeCa" values={{ name: name || t('signCsr:subCa.it') }} components={{ 1: <strong />, 3: <strong /> }} />
          )}
        </p>
      </Notice>
      <div className="grid-2">
        <SelectField
          id="subca-issuer"
          label={t('signCsr:subCa.signingCa')}
          value={issuer ? draft.issuerId : ''}
          placeholder={t('wizard:issuer.placeholder')}
          onValueChange={(v) => set({ issuerId: v })}
          options={nodes.map((n) => ({ value: n.authority.id, label: `${'\u2003'.repeat(n.depth)}${n.depth > 0 ? '↳ ' : ''}${n.authority.kind === 'root' ? t('wizard:issuer.root', { name: n.authority.subject.commonName }) : t('wizard:issuer.intermediate', { name: n.authority.subject.commonName })}` }))}
          hint={issuer ? t('signCsr:subCa.issuerHint', { pathLength: issuer.pathLength ?? t('signCsr:subCa.unlimited'), date: formatDate(issuer.notAfter) }) : nodes.length === 0 ? t('signCsr:subCa.noIssuer') : undefined}
          error={errors.authorityId}
        />
        <TextField
          id="subca-path-length"
          label={t('signCsr:subCa.pathLength')}
          inputMode="numeric"
          className="input-number"
          value={draft.pathLength}
          onValueChange={(value) => set({ pathLength: value })}
          hint={t('signCsr:subCa.pathLengthHint')}
          error={errors.pathLength}
        />
      </div>
      <div className="grid-2">
        {CONSTRAINT_KEYS.map((key) => (
          <TokenField
            key={key}
            id={`subca-${key}`}
            label={t(`newIntermediate:constraints.field.${key}`)}
            optional
            value={draft.constraints[key]}
            onValueChange={(value) => set({ constraints: { ...draft.constraints, [key]: value } })}
            tokens={constraintTokensOf(draft, key)}
            error={errors[key]}
            placeholder={CONSTRAINT_PLACEHOLDERS[key]}
            hint={key.endsWith('Dns') ? t('newIntermediate:constraints.dnsHint') : t('newIntermediate:constraints.ipHint')}
          />
        ))}
      </div>
      <TextField
        id="subca-validity"
        label={t('wizard:validity.days')}
        inputMode="numeric"
        className="input-number"
        value={draft.validityDays}
        placeholder={issuer ? String(subCaDefaultDays(issuer.notAfter, now)) : ''}
        onValueChange={(value) => set({ validityDays: value })}
        hint={validityHint}
        error={errors.validityDays}
      />
      <div className="subca-carries">
        <p className="field-label">{t('signCsr:subCa.carries')}</p>
        <ul className="alert-list">
          {carriedExtensions(draft).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </div>
      <TextField
        id="subca-confirm"
        label={t('signCsr:subCa.confirm')}
        value={draft.typedName}
        onValueChange={(value) => set({ typedName: value })}
        autoComplete="off"
        spellCheck={false}
        hint={draft.typedName.trim() === name ? t('signCsr:subCa.matches') : t('signCsr:subCa.enabledOnceHint', { name })}
        // Only main's refusal shows as an error: while typing, the hint says what is missing.
        error={errors.confirmCommonName && draft.typedName.trim() === name ? errors.confirmCommonName : undefined}
      />
    </section>
  );
}
