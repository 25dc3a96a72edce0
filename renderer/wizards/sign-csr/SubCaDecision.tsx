import type { AuthoritySummary } from '../../../shared/domain/authority.js';
import type { CsrSummary } from '../../../shared/domain/certificate.js';
import { subCaDefaultDays, subCaMaxDays } from '../../../shared/domain/sub-ca.js';
import { issuingAuthorities } from '../../app/authority-tree.js';
import { formatDate } from '../../app/format.js';
import { Notice } from '../../components/Alert.js';
import { SelectField, TextField } from '../../components/Field.js';
import { TokenField } from '../../components/TokenField.js';
import { addDays } from '../shared/form.js';
import { CONSTRAINT_KEYS, type ConstraintKey } from '../new-intermediate/model.js';
import { carriedExtensions, constraintTokensOf, validityOf, type SubCaDraft, type SubCaField } from './sub-ca.js';

const CONSTRAINT_LABELS: Readonly<Record<ConstraintKey, { label: string; placeholder: string }>> = {
  permittedDns: { label: 'Permitted DNS domains', placeholder: 'mesh.internal, .svc.cluster.local' },
  excludedDns: { label: 'Excluded DNS domains', placeholder: 'prod.mesh.internal' },
  permittedIp: { label: 'Permitted IP ranges', placeholder: '10.0.0.0/8, fd00::/8' },
  excludedIp: { label: 'Excluded IP ranges', placeholder: '10.99.0.0/16' },
};

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
  const nodes = issuingAuthorities(authorities, now);
  const issuer = nodes.find((n) => n.authority.id === draft.issuerId)?.authority;
  const name = summary.subject.commonName;
  const days = validityOf(draft, issuer, now);
  const asked = summary.caRequest?.pathLength;
  const set = (patch: Partial<SubCaDraft>) => onChange({ ...draft, ...patch });

  const validityHint = issuer ? (
    <>
      {draft.validityDays.trim() === '' ? `Default ${subCaDefaultDays(issuer.notAfter, now).toLocaleString()} days: it ends well before ${issuer.subject.commonName} (${formatDate(issuer.notAfter)}), so the two never expire together. ` : ''}
      At most {subCaMaxDays(issuer.notAfter, now).toLocaleString()} days.
      {days !== undefined && days > 0 ? (
        <>
          {' '}
          Ends <strong>{formatDate(addDays(now, days))}</strong>.
        </>
      ) : null}
    </>
  ) : (
    'Choose the signing CA first: the validity must end before it does.'
  );

  return (
    <section className="review-section decisions" aria-labelledby="subca-decide">
      <div className="review-head">
        <h3 id="subca-decide">The sub-CA certificate</h3>
      </div>
      <Notice tone="warning">
        <p>
          This request asks to be a <strong>CA</strong>
          {asked !== undefined && asked !== null ? ` with path length ${asked}` : ''}. Signed, <strong>{name || 'it'}</strong> can issue certificates that every client trusting the signing CA accepts. What it may do is decided
          here; nothing the request asks for is copied.
        </p>
      </Notice>
      <div className="grid-2">
        <SelectField
          id="subca-issuer"
          label="Signing CA"
          value={issuer ? draft.issuerId : ''}
          placeholder="Choose a CA…"
          onValueChange={(v) => set({ issuerId: v })}
          options={nodes.map((n) => ({ value: n.authority.id, label: `${'\u2003'.repeat(n.depth)}${n.depth > 0 ? '↳ ' : ''}${n.authority.subject.commonName} (${n.authority.kind === 'root' ? 'root' : 'intermediate'})` }))}
          hint={issuer ? `Path length ${issuer.pathLength ?? 'unlimited'}; ends ${formatDate(issuer.notAfter)}.` : nodes.length === 0 ? 'There is no active CA to sign with yet.' : undefined}
          error={errors.authorityId}
        />
        <TextField
          id="subca-path-length"
          label="Path length"
          inputMode="numeric"
          className="input-number"
          value={draft.pathLength}
          onValueChange={(value) => set({ pathLength: value })}
          hint="How many CAs may sit below it. 0: it signs only leaf certificates (Istio's plug-in CA needs no more)."
          error={errors.pathLength}
        />
      </div>
      <div className="grid-2">
        {CONSTRAINT_KEYS.map((key) => (
          <TokenField
            key={key}
            id={`subca-${key}`}
            label={CONSTRAINT_LABELS[key].label}
            optional
            value={draft.constraints[key]}
            onValueChange={(value) => set({ constraints: { ...draft.constraints, [key]: value } })}
            tokens={constraintTokensOf(draft, key)}
            error={errors[key]}
            placeholder={CONSTRAINT_LABELS[key].placeholder}
            hint={key.endsWith('Dns') ? 'A domain covers itself and its subdomains; a leading dot, subdomains only.' : 'CIDR notation.'}
          />
        ))}
      </div>
      <TextField
        id="subca-validity"
        label="Validity (days)"
        inputMode="numeric"
        className="input-number"
        value={draft.validityDays}
        placeholder={issuer ? String(subCaDefaultDays(issuer.notAfter, now)) : ''}
        onValueChange={(value) => set({ validityDays: value })}
        hint={validityHint}
        error={errors.validityDays}
      />
      <div className="subca-carries">
        <p className="field-label">The certificate will carry</p>
        <ul className="alert-list">
          {carriedExtensions(draft).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </div>
      <TextField
        id="subca-confirm"
        label="Type the requested CA's common name to confirm"
        value={draft.typedName}
        onValueChange={(value) => set({ typedName: value })}
        autoComplete="off"
        spellCheck={false}
        hint={draft.typedName.trim() === name ? 'The name matches: Sign sub-CA is enabled.' : `Sign sub-CA is enabled once this reads “${name}”.`}
        // Only main's refusal shows as an error: while typing, the hint says what is missing.
        error={errors.confirmCommonName && draft.typedName.trim() === name ? errors.confirmCommonName : undefined}
      />
    </section>
  );
}
