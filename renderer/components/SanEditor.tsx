import { useRef, type KeyboardEvent } from 'react';
import type { Profile } from '../../shared/domain/certificate.js';
import { SAN_TYPES, type SanEntry, type SanType } from '../../shared/validation/san.js';
import { useT } from '../i18n/use-t.js';
import { Button } from './Button.js';
import { Icon } from './Icon.js';
import { addDraft, checkDraft, chooseSanType, removeEntry, sanRequirement, sanTypeLabel, sanTypeShort, typeDraft, unicodeForm, type SanDraft } from './san-model.js';

interface SanEditorProps {
  readonly id: string;
  readonly entries: readonly SanEntry[];
  readonly draft: SanDraft;
  readonly onChange: (entries: readonly SanEntry[], draft: SanDraft) => void;
  /** Shows what the profile requires (server and peer: a DNS name or IP). */
  readonly profile?: Profile;
  /** An error for the list as a whole (from the wizard's validation or from main). */
  readonly error?: string | undefined;
  readonly label?: string;
}

/**
 * Subject alternative names: type a value, its type is guessed (and can be changed), it is checked
 * as you type with the very rules main applies; Enter or Add puts it in the list. IDNs show both
 * forms, as they read and as they are encoded: bücher.example → xn--bcher-kva.example.
 */
export function SanEditor({ id, entries, draft, onChange, profile, error, label: givenLabel }: SanEditorProps) {
  const t = useT();
  const label = givenLabel ?? t('app:san.label');
  const input = useRef<HTMLInputElement>(null);
  const check = checkDraft(draft, entries);
  const requirement = profile ? sanRequirement(profile, entries) : undefined;

  function add() {
    const next = addDraft(entries, draft);
    if (next) {
      onChange(next.entries, next.draft);
      input.current?.focus();
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // Enter adds the name instead of submitting the wizard's form.
    if (event.key === 'Enter') {
      event.preventDefault();
      add();
    }
  }

  const messageId = `${id}-message`;
  // The draft's own problem is already shown under the input; do not say it twice.
  const listError = error !== undefined && !(check.state === 'invalid' && check.message === error) ? error : undefined;
  return (
    <div className={['field', 'san-editor', check.state === 'invalid' ? 'has-error' : ''].filter(Boolean).join(' ')}>
      <span className="field-label" id={`${id}-label`}>
        {label}
      </span>
      <div className="san-input-row" role="group" aria-labelledby={`${id}-label`}>
        <label className="visually-hidden" htmlFor={`${id}-type`}>
          {t('app:san.type')}
        </label>
        <select id={`${id}-type`} className="input select san-type" value={draft.type} onChange={(e) => onChange(entries, chooseSanType(draft, e.target.value as SanType))}>
          {SAN_TYPES.map((type) => (
            <option key={type} value={type}>
              {sanTypeLabel(type)}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor={id}>
          {t('app:san.addName')}
        </label>
        <input
          ref={input}
          id={id}
          className="input san-value"
          value={draft.text}
          placeholder={draft.type === 'uri' ? 'spiffe://acme.internal/billing' : draft.type === 'ip' ? '10.0.0.12' : draft.type === 'email' ? 'ops@acme.example' : 'billing.acme.internal'}
          onChange={(e) => onChange(entries, typeDraft(draft, e.target.value))}
          onKeyDown={onKeyDown}
          aria-invalid={check.state === 'invalid' ? true : undefined}
          aria-describedby={messageId}
          autoComplete="off"
          spellCheck={false}
        />
        <Button onClick={add} disabled={check.state !== 'valid'} icon={<Icon name="plus" />}>
          {t('common:action.add')}
        </Button>
      </div>
      <p id={messageId} className={check.state === 'invalid' ? 'field-error' : 'field-hint'} aria-live="polite">
        {check.state === 'empty' ? t('app:san.empty') : null}
        {check.state === 'invalid' ? check.message : null}
        {check.state === 'valid' ? (
          <>
            <Icon name="check" size={14} /> {sanTypeLabel(check.entry.type)}{' '}
            {check.unicode ? (
              <>
                <strong>{check.unicode}</strong> → <code>{check.entry.value}</code>
              </>
            ) : (
              <code>{check.entry.value}</code>
            )}
            {draft.typeChosen ? null : <span className="muted"> {t('app:san.recognized')}</span>}
          </>
        ) : null}
      </p>
      {entries.length > 0 ? (
        <ul className="chips" aria-label={label}>
          {entries.map((entry, i) => {
            const unicode = unicodeForm(entry);
            return (
              <li key={`${entry.type}:${entry.value}`} className="chip">
                <span className="chip-type">{sanTypeShort(entry.type)}</span>
                <span className="chip-value">
                  {unicode ? (
                    <>
                      {unicode} <span className="muted">→ {entry.value}</span>
                    </>
                  ) : (
                    entry.value
                  )}
                </span>
                <button type="button" className="chip-remove" aria-label={t('app:san.removeName', { name: entry.value })} title={t('common:action.remove')} onClick={() => onChange(removeEntry(entries, i), draft)}>
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      {listError ? <p className="field-error">{listError}</p> : requirement ? <p className="field-requirement">{requirement}</p> : null}
    </div>
  );
}
