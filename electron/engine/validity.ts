const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Clocks of relying parties drift: a certificate becomes valid a few minutes before it was made,
 * so a fresh certificate is not "not yet valid" on a machine whose clock runs slightly behind.
 */
export const BACKDATE_MS = 5 * 60 * 1000;

/** The validity window for a certificate made at `now` that should last `days` days. Whole seconds. */
export function validityWindow(now: Date, days: number): { notBefore: Date; notAfter: Date } {
  const start = Math.floor(now.getTime() / 1000) * 1000;
  return { notBefore: new Date(start - BACKDATE_MS), notAfter: new Date(start + days * DAY_MS) };
}
