import { ErrorAlert, Notice } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import type { IpcError } from '../ipc/client.js';
import { AuthScreen } from './AuthScreen.js';

interface TamperedProps {
  /** Main's VAULT_TAMPERED answer: it names the file that failed and the vault folder. */
  readonly error: IpcError;
  /** Asks main about the vault again (after the folder was moved aside). */
  readonly onCheckAgain: () => void;
  readonly checking: boolean;
  /** Checked again, and the vault that failed is still at its location. */
  readonly stillThere: boolean;
  /** Back to the unlock screen, for a vault whose original files were put back. */
  readonly onUnlockAgain: () => void;
}

/**
 * A vault file failed its authentication or was rolled back. Main refuses to sign, publish or export
 * from it; this screen says so, names the file, and how to get back to a vault that can be trusted.
 */
export function Tampered({ error, onCheckAgain, checking, stillThere, onUnlockAgain }: TamperedProps) {
  return (
    <AuthScreen
      title="The vault failed its integrity check"
      wide
      lead={
        <p>
          A file in the vault does not match what Certwright wrote: it was changed, removed or replaced with an older copy. <strong>Certwright will not sign, publish or export from this vault.</strong>
        </p>
      }
    >
      <ErrorAlert error={error} title="What failed" />
      <section className="tampered-steps" aria-labelledby="tampered-steps-title">
        <h2 id="tampered-steps-title" className="tampered-heading">
          What to do
        </h2>
        <ol>
          <li>
            <strong>Move the vault folder aside</strong> (the folder named above): rename it or move it elsewhere. Keep it, do not delete it: it shows what was changed.
          </li>
          <li>
            Choose <strong>Check again</strong> below. With no vault at that location, Certwright offers to restore one.
          </li>
          <li>
            Choose <strong>Restore from a backup…</strong>, pick your latest backup and enter the passphrase the vault had when it was made. A restore only writes into an empty location.
          </li>
        </ol>
        <p className="muted">If you have no backup, the keys in the moved folder cannot be trusted: create new authorities and reissue what they signed.</p>
      </section>
      {stillThere ? (
        <Notice tone="warning">
          <p className="alert-title">The vault is still at that location.</p>
          <p>Move its folder aside first, then choose Check again. If you put the original files back instead, unlock it again: Certwright checks every file before it opens.</p>
          <Button onClick={onUnlockAgain}>Unlock again</Button>
        </Notice>
      ) : null}
      <Button variant="primary" busy={checking} onClick={onCheckAgain} className="btn-block">
        Check again
      </Button>
    </AuthScreen>
  );
}
