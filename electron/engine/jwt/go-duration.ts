/**
 * A whole number of seconds as Go's time.Duration prints it ("1h2m3s", "4m0s", "45s", "0s"), for
 * quoting golang-jwt's "token is expired by …". Tokens carry whole seconds, and so does the clock
 * a quote is made for.
 */
export function goDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(Math.trunc(seconds));
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const secs = rest - minutes * 60;
  if (hours > 0) return `${sign}${hours}h${minutes}m${secs}s`;
  if (minutes > 0) return `${sign}${minutes}m${secs}s`;
  return `${sign}${secs}s`;
}

/**
 * A duration in plain words for the UI ("2 min 5 s", "3 h 0 min"), as a finding's parameters: the
 * catalog key of its shape (services:duration.*) and its numbers. A finding's text nests it with
 * `$t({{duration}}, …)`, so each language words it.
 */
export function durationParams(seconds: number): { duration: string; d: number; h: number; m: number; s: number } {
  const total = Math.abs(Math.round(seconds));
  const parts = { d: Math.floor(total / 86400), h: Math.floor(total / 3600), m: Math.floor(total / 60), s: total };
  if (total < 60) return { duration: 'services:duration.seconds', ...parts };
  if (total < 3600) return { duration: 'services:duration.minutes', ...parts, s: total % 60 };
  if (total < 86400 * 2) return { duration: 'services:duration.hours', ...parts, m: Math.floor((total % 3600) / 60) };
  return { duration: 'services:duration.days', ...parts };
}
