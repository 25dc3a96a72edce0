import { Button } from './Button.js';

interface SaveActionsProps {
  readonly label: string;
  readonly saving: boolean;
  /** The form holds what main holds: nothing to save. */
  readonly unchanged: boolean;
  /** The last save succeeded (shown until the form changes again). */
  readonly saved: boolean;
}

/** A settings form's submit row: "Saved" after a save until the next edit, the button idle while nothing changed. */
export function SaveActions({ label, saving, unchanged, saved }: SaveActionsProps) {
  return (
    <div className="actions">
      {saved && unchanged ? (
        <span className="save-status" role="status">
          Saved
        </span>
      ) : null}
      <Button type="submit" variant="primary" busy={saving} disabled={unchanged}>
        {label}
      </Button>
    </div>
  );
}
