/**
 * How a long operation reports its steps to whoever started it: the window (as `operation.progress`
 * events, through the handler), the CLI (a progress bar) or nobody.
 */
export type OnProgress = (done: number, total: number, step: string) => void;

export const noProgress: OnProgress = () => undefined;

/** The (done, step) form the issuing, revoking and renewing loops use, for a known total. */
export function steps(onProgress: OnProgress, total: number): (done: number, step: string) => void {
  return (done, step) => onProgress(Math.min(done, total), total, step);
}
