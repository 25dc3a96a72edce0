/**
 * How a long operation reports its steps to whoever started it: the window (as `operation.progress`
 * events, through the handler), the CLI (a progress bar) or nobody.
 */
import type { Msg } from '../../shared/i18n/message.js';

/** A step in words: a catalog message (the window words it in the user's language, the CLI in English). */
export type ProgressStep = Msg;

export type OnProgress = (done: number, total: number, step: ProgressStep) => void;

export const noProgress: OnProgress = () => undefined;

/** The (done, step) form the issuing, revoking and renewing loops use, for a known total. */
export function steps(onProgress: OnProgress, total: number): (done: number, step: ProgressStep) => void {
  return (done, step) => onProgress(Math.min(done, total), total, step);
}
