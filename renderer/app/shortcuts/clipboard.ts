/**
 * "Inspect clipboard" hands the Inspect view the clipboard's text, or why there is none. Main reads
 * the clipboard in the app (the page is never granted clipboard reads) and sends the text with the
 * command; without it (the browser-only run) the page asks navigator.clipboard itself.
 */
export type ClipboardHandoff = { readonly text: string } | { readonly problem: 'empty' | 'refused' };

/** What to hand over: `fromMain` when main sent the text, else what the page could read itself. */
export async function clipboardHandoff(fromMain: string | undefined, readInPage: () => Promise<string>): Promise<ClipboardHandoff> {
  let text = fromMain;
  if (text === undefined) {
    try {
      text = await readInPage();
    } catch {
      return { problem: 'refused' };
    }
  }
  return text.trim() === '' ? { problem: 'empty' } : { text };
}
