import { useT } from '../i18n/use-t.js';
import { Button } from './Button.js';

interface SaveActionsProps {
  readonly label: string;
  readonly saving: boolean;
  /** The form holds what main holds: nothing to save. */
  readonly unchanged: boolean;
  /** The last save succeeded (shown until the form changes again). */
  readonly saved: boolean;
  /** Puts the form back to what main holds; offered only while there are unsaved changes. */
  readonly onDiscard?: () => void;
}

/**
 * A settings form's submit row: "Unsaved changes" and Discard while the form differs from what main
 * holds, "Saved" after a save until the next edit, Save enabled only when there is something to save.
 */
export function SaveActions({ label, saving, unchanged, saved, onDiscard }: SaveActionsProps) {
  const t = useT();
  return (
    <div className="actions">
      {saved && unchanged ? (
        <span className="save-status" role="status">
          {t('common:action.saved')}
        </span>
      ) : null}
      {!unchanged ? (
        <span className="unsaved-marker" role="status">
          <span className="unsaved-dot" aria-hidden="true" />
          {t('common:action.unsavedChanges')}
        </span>
      ) : null}
      {!unchanged && onDiscard ? (
        <Button disabled={saving} onClick={onDiscard}>
          {t('common:action.discardChanges')}
        </Button>
      ) : null}
      <Button type="submit" variant="primary" busy={saving} disabled={unchanged}>
        {label}
      </Button>
    </div>
  );
}
