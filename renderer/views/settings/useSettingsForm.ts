/**
 * One settings card's form: the draft follows what main holds (on load and after a save), the pure
 * model turns the draft into what main takes (or names the fields that are wrong), main's refusals
 * land at their field when they name one, anywhere else as one error.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { AppSettings } from '../../../shared/domain/expiry.js';
import type { Result } from '../../../shared/errors.js';
import { useUnsavedChanges } from '../../app/unsaved.js';
import { useList } from '../../app/useLoad.js';
import { errorField, fieldMessage, type IpcError } from '../../ipc/client.js';

export type DraftInput<V, F extends string> = { readonly ok: true; readonly value: V } | { readonly ok: false; readonly errors: Partial<Record<F, string>> };

export interface SettingsForm<K extends keyof AppSettings, D, V, F extends string> {
  readonly section: K;
  /** The form's name where leaving asks about unsaved changes ("Security settings"). */
  readonly what: string;
  readonly initial: D;
  readonly toDraft: (settings: AppSettings[K]) => D;
  readonly toInput: (draft: D) => DraftInput<V, F>;
  readonly same: (draft: D, settings: AppSettings[K]) => boolean;
  readonly fields: readonly F[];
  readonly send: (value: V) => Promise<Result<AppSettings>>;
  readonly onSaved?: (settings: AppSettings) => void;
}

export function useSettingsForm<K extends keyof AppSettings, D, V, F extends string>(form: SettingsForm<K, D, V, F>) {
  const { load, refresh } = useList('settings.get');
  const [draft, setDraft] = useState<D>(form.initial);
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});
  const [error, setError] = useState<IpcError | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const { section, toDraft } = form;

  useEffect(() => {
    if (load.state === 'ready') setDraft(toDraft(load.value[section]));
  }, [load, section, toDraft]);

  function edit(patch: Partial<D>) {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors({});
    setSaved(false);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const input = form.toInput(draft);
    if (!input.ok) return setErrors(input.errors);
    setSaving(true);
    const result = await form.send(input.value);
    if (result.ok) await refresh();
    setSaving(false);
    if (result.ok) {
      setSaved(true);
      form.onSaved?.(result.value);
      return;
    }
    const field = errorField(result.error);
    if (field !== undefined && (form.fields as readonly string[]).includes(field)) setErrors({ [field]: fieldMessage(result.error) } as Partial<Record<F, string>>);
    else setError(result.error);
  }

  const current = load.state === 'ready' ? load.value[section] : null;
  const unchanged = current === null || form.same(draft, current);
  useUnsavedChanges(!unchanged, form.what);

  /** Back to what main holds. */
  function discard() {
    if (current !== null) setDraft(toDraft(current));
    setErrors({});
    setError(null);
  }

  return { load, refresh, draft, edit, errors, error, saving, saved, save, current, unchanged, discard };
}
