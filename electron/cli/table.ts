/** Plain text tables for human output. */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

export function daysLeft(notAfter: string, now: Date): string {
  const days = Math.floor((Date.parse(notAfter) - now.getTime()) / 86_400_000);
  return days >= 0 ? `${days}d left` : `expired ${-days}d ago`;
}
