/**
 * Where hex may wrap: the pieces of a value between which a line may break — after each colon of
 * "AB:CD:…", between the byte pairs of plain "ABCD…" — so it never breaks inside a byte. The
 * pieces joined are the value again. Pure (Hex.tsx renders them with <wbr> between).
 */
export function hexSegments(value: string): string[] {
  if (value.includes(':')) {
    const bytes = value.split(':');
    return bytes.map((b, i) => (i < bytes.length - 1 ? `${b}:` : b));
  }
  return value.match(/[0-9a-fA-F]{1,2}|[^0-9a-fA-F]+/g) ?? [value];
}

/** Colon hex of three bytes or more inside a text ("Issuer serial 01:A2:…"). */
const COLON_HEX = /((?:[0-9A-Fa-f]{2}:){2,}[0-9A-Fa-f]{2})/;

/** A text cut into its plain parts and its colon-hex runs, in order (empty parts left out). */
export function splitHexRuns(text: string): Array<{ readonly hex: boolean; readonly text: string }> {
  // split with a capturing group: the odd parts are the hex runs
  return text
    .split(COLON_HEX)
    .map((part, i) => ({ hex: i % 2 === 1, text: part }))
    .filter((p) => p.text !== '');
}
