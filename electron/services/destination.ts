/**
 * Where a service writes what the user exports, or reads what the user picked: asked for at the
 * moment the service knows what it is about to write (a name built from the certificate's common
 * name, say). The app answers with a native dialog; the CLI with the path on its command line; null
 * means the user cancelled, and the service writes nothing. Titles are {@link Msg}s: the app words
 * them in the user's language, the CLI ignores them.
 */
import type { Msg } from '../../shared/i18n/message.js';

export interface SaveSuggestion {
  /** A file to create, or a folder to write a bundle into. */
  readonly kind: 'file' | 'folder';
  readonly title: Msg;
  readonly defaultName: string;
  /** For a file: the extensions to offer. */
  readonly extensions?: readonly string[];
}

export type ChooseDestination = (suggestion: SaveSuggestion) => Promise<string | null>;

export interface OpenSuggestion {
  readonly title: Msg;
  readonly extensions: readonly string[];
}

export type ChooseSource = (suggestion: OpenSuggestion) => Promise<string | null>;

/** Nobody to ask: nothing is written (a service called without a destination). */
export const nowhere: ChooseDestination = async () => null;
