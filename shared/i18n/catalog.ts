/**
 * The shape every translation must have: the English catalog's keys, each a string. A missing or an
 * extra key in a translation is a compile error. Plural forms follow each language's Intl.PluralRules
 * (i18next's `_one` / `_other` suffixes): English needs `_one`, Chinese has only `_other`, so a
 * translation may leave `_one` out.
 */
type PluralOne = `${string}_one`;

export type Translation<T> = {
  readonly [K in keyof T as K extends PluralOne ? never : K]: T[K] extends string ? string : Translation<T[K]>;
} & {
  readonly [K in keyof T as K extends PluralOne ? K : never]?: string;
};
