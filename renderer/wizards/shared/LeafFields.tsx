import { useState } from 'react';
import { Trans } from 'react-i18next';
import type { AuthoritySummary } from '../../../shared/domain/authority.js';
import { PROFILES, type Profile } from '../../../shared/domain/certificate.js';
import { issuingAuthorities } from '../../app/authority-tree.js';
import { formatDate } from '../../app/format.js';
import { ChoiceGroup } from '../../components/ChoiceGroup.js';
import { describedBy, SelectField } from '../../components/Field.js';
import { useT } from '../../i18n/use-t.js';
import { checkValidity, presetLabel, toDateInput, validityPresets, type ValidityChoice } from './validity.js';
import type { IssuerInfo } from './leaf.js';
import { remoteOf } from '../../views/remote/model.js';
import { useRemotes } from '../../views/remote/useRemotes.js';

/** Active CAs in tree order; children indented, so the hierarchy reads in a plain select. */
export function IssuerSelect({ authorities, value, onChange, error, id = 'issuer' }: { readonly authorities: readonly AuthoritySummary[]; readonly value: string; readonly onChange: (authority: AuthoritySummary | null) => void; readonly error?: string | undefined; readonly id?: string }) {
  const t = useT();
  const nodes = issuingAuthorities(authorities);
  // A remote authority signs on its step-ca server: said in its option ("via step-ca team-ca").
  const { remotes } = useRemotes();
  const selected = nodes.find((n) => n.authority.id === value)?.authority;
  const hint = selected ? (
    <>
      <Trans t={t} i18nKey="wizard:issuer.hint" values={{ date: formatDate(selected.notAfter), count: selected.settings.defaultValidityDays }} components={{ 1: <strong /> }} />
      {selected.kind === 'root' ? <> {t('wizard:issuer.rootNote')}</> : null}
    </>
  ) : nodes.length === 0 ? (
    t('wizard:issuer.none')
  ) : undefined;
  return (
    <SelectField
      id={id}
      label={t('wizard:issuer.label')}
      value={selected ? value : ''}
      placeholder={t('wizard:issuer.placeholder')}
      onValueChange={(v) => onChange(nodes.find((n) => n.authority.id === v)?.authority ?? null)}
      options={nodes.map((n) => ({
        value: n.authority.id,
        label: `${'\u2003'.repeat(n.depth)}${n.depth > 0 ? '↳ ' : ''}${n.authority.kind === 'root' ? t('wizard:issuer.root', { name: n.authority.subject.commonName }) : n.authority.remoteId ? t('remote:view.issuer', { name: n.authority.subject.commonName, server: remoteOf(n.authority, remotes)?.name ?? t('remote:view.badge') }) : t('wizard:issuer.intermediate', { name: n.authority.subject.commonName })}`,
      }))}
      hint={hint}
      error={error}
    />
  );
}

export function ProfileChoice({ value, onChange }: { readonly value: Profile; readonly onChange: (p: Profile) => void }) {
  const t = useT();
  return <ChoiceGroup name="profile" legend={t('wizard:profile.legend')} layout="choices-3" value={value} onChange={onChange} choices={PROFILES.map((p) => ({ value: p, title: t(`wizard:profile.kind.${p}.label`), hint: t(`wizard:profile.kind.${p}.hint`) }))} />;
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
  const t = useT();
  const [lastDate, setLastDate] = useState(() => toDateInput(new Date(now.getTime() + 90 * 86_400_000)));
  const presets = validityPresets(issuer?.defaultValidityDays ?? 30);
  const check = checkValidity(value, now, issuer);
  const shownError = error ?? check.error;
  const hint =
    check.end && !check.error ? (
      value.mode === 'date' && check.days !== undefined ? (
        <Trans t={t} i18nKey="wizard:validity.expiresDays" values={{ date: formatDate(check.end), count: check.days }} components={{ 1: <strong /> }} />
      ) : (
        <Trans t={t} i18nKey="wizard:validity.expires" values={{ date: formatDate(check.end) }} components={{ 1: <strong /> }} />
      )
    ) : undefined;
  return (
    <fieldset className={['choice-group', 'field', shownError ? 'has-error' : ''].filter(Boolean).join(' ')} aria-describedby={describedBy('validity', hint, shownError)}>
      <legend className="field-label">{t('wizard:validity.legend')}</legend>
      <div className="input-row">
        <div className="segmented" role="group" aria-label={t('wizard:validity.presets')}>
          {presets.map((days) => {
            const on = value.mode === 'days' && value.days === days;
            return (
              <button key={days} type="button" className={on ? 'seg is-on' : 'seg'} aria-pressed={on} onClick={() => onChange({ mode: 'days', days })}>
                {presetLabel(days)}
                {issuer && days === issuer.defaultValidityDays ? <span className="seg-note"> {t('wizard:validity.defaultNote')}</span> : null}
              </button>
            );
          })}
          <button type="button" className={value.mode === 'date' ? 'seg is-on' : 'seg'} aria-pressed={value.mode === 'date'} onClick={() => onChange({ mode: 'date', date: lastDate })}>
            {t('wizard:validity.expiresOnChoice')}
          </button>
        </div>
        {value.mode === 'date' ? (
          <span className="inline-field">
            <label htmlFor="validity-end">{t('wizard:validity.expiresOn')}</label>
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
