/**
 * Forms with unsaved changes (the settings cards, a CA's settings): each says so while it is dirty,
 * and leaving the screen asks first, as a desktop app does, instead of dropping the edits silently.
 */
import { useEffect } from 'react';
import { intlLocale, t } from '../i18n/instance.js';

const dirtyForms = new Map<symbol, string>();

/** While `dirty`, the form (named by `what`, e.g. "Security settings") counts as having unsaved changes. */
export function useUnsavedChanges(dirty: boolean, what: string): void {
  useEffect(() => {
    if (!dirty) return;
    const key = Symbol(what);
    dirtyForms.set(key, what);
    return () => {
      dirtyForms.delete(key);
    };
  }, [dirty, what]);
}

/** "Security settings and Expiry warnings", or null when nothing is unsaved. */
export function unsavedSummary(): string | null {
  const names = [...new Set(dirtyForms.values())];
  if (names.length === 0) return null;
  return new Intl.ListFormat(intlLocale(), { type: 'conjunction' }).format(names);
}

/** True when nothing is unsaved, or the user agrees to discard it. */
export function confirmLeave(ask: (message: string) => boolean = (message) => window.confirm(message)): boolean {
  const summary = unsavedSummary();
  if (summary === null) return true;
  const left = ask(t('app:unsaved.question', { forms: summary }));
  // Agreed: the forms unmount with the screen; forget them now so a second navigation does not ask again.
  if (left) dirtyForms.clear();
  return left;
}
