import type { ChooseDestination, ChooseSource } from '../../../services/destination.js';
import { noDialogs, type Dialogs } from '../../platform/dialogs.js';

/** What only the app has, that handlers hand to services: the native dialogs. */
export interface Platform {
  readonly dialogs?: Dialogs;
}

/** Where the user wants it written: a native save or folder dialog. */
export function destinationOf({ dialogs = noDialogs }: Platform): ChooseDestination {
  return (s) => (s.kind === 'folder' ? dialogs.chooseFolder({ title: s.title, defaultName: s.defaultName }) : dialogs.chooseSaveFile({ title: s.title, defaultName: s.defaultName, extensions: s.extensions ?? [] }));
}

/** A file the user picks to read (a backup to restore). */
export function sourceOf({ dialogs = noDialogs }: Platform): ChooseSource {
  return (s) => dialogs.chooseOpenFile(s);
}
