/**
 * The pseudo-locale (en-XA, the conventional tag for it): every English text, accented and bracketed —
 * "Issue certificate" reads "⟦Íššûé çéŕţîƒîçåţé⟧". A view shown in it makes any text that skipped the
 * catalog stand out (the e2e pseudo-locale run looks for plain Latin words outside the brackets).
 * Placeholders ({{name}}), nesting ($t(…)) and tags (<1>…</1>) are left as they are.
 */
export const PSEUDO_LANGUAGE = 'en-XA';
export const PSEUDO_OPEN = '⟦';
export const PSEUDO_CLOSE = '⟧';

const ACCENTED: Readonly<Record<string, string>> = {
  a: 'å', b: 'ƀ', c: 'ç', d: 'đ', e: 'é', f: 'ƒ', g: 'ĝ', h: 'ĥ', i: 'î', j: 'ĵ', k: 'ķ', l: 'ļ', m: 'ɱ',
  n: 'ñ', o: 'ö', p: 'þ', q: 'ǫ', r: 'ŕ', s: 'š', t: 'ţ', u: 'û', v: 'ṽ', w: 'ŵ', x: 'ẋ', y: 'ý', z: 'ž',
  A: 'Å', B: 'Ɓ', C: 'Ç', D: 'Đ', E: 'É', F: 'Ƒ', G: 'Ĝ', H: 'Ĥ', I: 'Î', J: 'Ĵ', K: 'Ķ', L: 'Ļ', M: 'Ṁ',
  N: 'Ñ', O: 'Ö', P: 'Þ', Q: 'Ǫ', R: 'Ŕ', S: 'Š', T: 'Ţ', U: 'Û', V: 'Ṽ', W: 'Ŵ', X: 'Ẋ', Y: 'Ý', Z: 'Ž',
};

/** Placeholders, nested keys and tags: kept verbatim so the text still works. */
const KEEP = /(\{\{[^}]*\}\}|\$t\([^)]*\)|<\/?\d+\/?>|<\/?[a-z]+\/?>)/;

export function pseudoText(text: string): string {
  const accented = text
    .split(KEEP)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[A-Za-z]/g, (c) => ACCENTED[c] ?? c)))
    .join('');
  return `${PSEUDO_OPEN}${accented}${PSEUDO_CLOSE}`;
}

type Tree = { readonly [key: string]: string | Tree };

/** The same catalog with every text made pseudo. */
export function pseudoCatalog<T extends Tree>(catalog: T): T {
  const walk = (node: Tree): Tree => Object.fromEntries(Object.entries(node).map(([k, v]) => [k, typeof v === 'string' ? pseudoText(v) : walk(v)]));
  return walk(catalog) as T;
}
