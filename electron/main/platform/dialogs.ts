/**
 * The native dialogs main uses to let the user pick where exports go. An interface so handlers stay
 * testable in plain Node: tests inject fakes that return temporary paths (the only fakes we allow).
 */
export interface Dialogs {
  /** A new file to write; null when the user cancels. */
  chooseSaveFile(options: { title: string; defaultName: string; extensions: readonly string[] }): Promise<string | null>;
  /** A folder to write a bundle into; null when the user cancels. */
  chooseFolder(options: { title: string; defaultName: string; buttonLabel?: string }): Promise<string | null>;
  /** An existing file to read (a backup to restore); null when the user cancels. */
  chooseOpenFile(options: { title: string; extensions: readonly string[] }): Promise<string | null>;
}

/** Where no window can show a dialog (the CLI passes paths itself). */
export const noDialogs: Dialogs = {
  chooseSaveFile: async () => null,
  chooseFolder: async () => null,
  chooseOpenFile: async () => null,
};
