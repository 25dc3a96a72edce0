import { useState } from 'react';
import type { AuthoritySummary } from '../../../shared/domain/authority.js';
import { PROFILE_INFO, PROFILES, type Profile } from '../../../shared/domain/certificate.js';
import { issuingAuthorities } from '../../app/authority-tree.js';
import { formatDate } from '../../app/format.js';
import { ChoiceGroup } from '../../components/ChoiceGroup.js';
import { describedBy, SelectField } from '../../components/Field.js';
import { checkValidity, presetLabel, toDateInput, validityPresets, type ValidityChoice } from './validity.js';
import type { IssuerInfo } from './leaf.js';

/** Active CAs in tree order; children indented, so the hierarchy reads in a plain select. */
export function IssuerSelect({ authorities, value, onChange, error, id = 'issuer' }: { readonly authorities: readonly AuthoritySummary[]; readonly value: string; readonly onChange: (authority: AuthoritySummary | null) => void; readonly error?: string | undefined; readonly id?: string }) {
  const nodes = issuingAuthorities(authorities);
  const selected = nodes.find((n) => n.authority.id === value)?.authority;
  const hint = selected ? (
    <>
      Expires <strong>{formatDate(selected.notAfter)}</strong>; issues for {selected.settings.defaultValidityDays} days unless you choose otherwise.
      {selected.kind === 'root' ? ' A root should sign only intermediate CAs: you will be asked to confirm.' : null}
    </>
  ) : nodes.length === 0 ? (
    'There is no active CA to sign with yet: create a root CA first.'
  ) : undefined;
  return (
    <SelectField
      id={id}
      label="Issuing CA"
      value={selected ? value : ''}
      placeholder="Choose a CA…"
      onValueChange={(v) => onChange(nodes.find((n) => n.authority.id === v)?.authority ?? null)}
      options={nodes.map((n) => ({
        value: n.authority.id,
        label: `${'\u2003'.repeat(n.depth)}${n.depth > 0 ? '↳ ' : ''}${n.authority.subject.commonName} (${n.authority.kind === 'root' ? 'root' : 'intermediate'})`,
      }))}
      hint={hint}
      error={error}
    />
  );
}

export function ProfileChoice({ value, onChange }: { readonly value: Profile; readonly onChange: (p: Profile) => void }) {
  return <ChoiceGroup name="profile" legend="Profile" layout="choices-3" value={value} onChange={onChange} choices={PROFILES.map((p) => ({ value: p, title: PROFILE_INFO[p].label, hint: PROFILE_INFO[p].hint }))} />;
}

interface ValidityPickerProps {
  readonly value: ValidityChoice;
  readonly onChange: (value: ValidityChoice) => void;
  readonly issuer: IssuerInfo | null;
  readonly now: Date;
  /** Shown when the field is touched, or main refused it. */
  readonly error?: string | undefined;
}

/** Presets (the CA's default among them) or an end date; the end, and any refusal or warning, in words. */
export function ValidityPicker({ value, onChange, issuer, now, error }: ValidityPickerProps) {
  const [lastDate, setLastDate] = useState(() => toDateInput(new Date(now.getTime() + 90 * 86_400_000)));
  const presets = validityPresets(issuer?.defaultValidityDays ?? 30);
  const check = checkValidity(value, now, issuer);
  const shownError = error ?? check.error;
  const hint = check.end && !check.error ? (
    <>
      Expires <strong>{formatDate(check.end)}</strong>
      {value.mode === 'date' && check.days !== undefined ? ` (${check.days.toLocaleString()} days)` : ''}.
    </>
  ) : undefined;
  return (
    <fieldset className={['choice-group', 'field', shownError ? 'has-error' : ''].filter(Boolean).join(' ')} aria-describedby={describedBy('validity', hint, shownError)}>
      <legend className="field-label">Validity</legend>
      <div className="input-row">
        <div className="segmented" role="group" aria-label="Validity presets">
          {presets.map((days) => {
            const on = value.mode === 'days' && value.days === days;
            return (
              <button key={days} type="button" className={on ? 'seg is-on' : 'seg'} aria-pressed={on} onClick={() => onChange({ mode: 'days', days })}>
                {presetLabel(days)}
                {issuer && days === issuer.defaultValidityDays ? <span className="seg-note"> (default)</span> : null}
              </button>
            );
          })}
          <button type="button" className={value.mode === 'date' ? 'seg is-on' : 'seg'} aria-pressed={value.mode === 'date'} onClick={() => onChange({ mode: 'date', date: lastDate })}>
            Expires on…
          </button>
        </div>
        {value.mode === 'date' ? (
          <span className="inline-field">
            <label htmlFor="validity-end">Expires on</label>
            <input
              id="validity-end"
              type="date"
              className="input input-date"
              value={value.date}
              min={toDateInput(new Date(now.getTime() + 86_400_000))}
              onChange={(e) => {
                setLastDate(e.target.value);
                onChange({ mode: 'date', date: e.target.value });
              }}
              aria-invalid={shownError ? true : undefined}
              aria-describedby={describedBy('validity', hint, shownError)}
            />
          </span>
        ) : null}
      </div>
      {hint ? (
        <p id="validity-hint" className="field-hint">
          {hint}
        </p>
      ) : null}
      {shownError ? (
        <p id="validity-error" className="field-error">
          {shownError}
        </p>
      ) : null}
      {check.warning && !shownError ? (
        <p className="field-warning" role="status">
          {check.warning}
        </p>
      ) : null}
    </fieldset>
  );
}
