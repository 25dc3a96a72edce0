import { readChosenFile, type ObjectText } from './file-object.js';
import { Icon } from './Icon.js';

interface ObjectFileButtonProps {
  /** "Open request file…" */
  readonly label: string;
  readonly accept: string;
  readonly onRead: (object: ObjectText, fileName: string) => void;
  readonly onError: (message: string) => void;
  /** Larger files are refused in the window, before anything crosses IPC. Default 1 MiB. */
  readonly maxBytes?: number;
}

/** A button that opens a certificate or request file (PEM or DER) and hands over its text. */
export function ObjectFileButton({ label, accept, onRead, onError, maxBytes }: ObjectFileButtonProps) {
  return (
    <label className="btn btn-secondary file-button">
      <Icon name="certificate" />
      <span>{label}</span>
      <input type="file" className="visually-hidden" accept={accept} onChange={(e) => void readChosenFile(e.target, onRead, onError, maxBytes)} />
    </label>
  );
}
