/**
 * How tightly the Certificates list packs its rows: compact (one line a row, ≥ 25 rows at 1280×800,
 * the default) or comfortable (two lines a row: the days left and status notes under the values).
 * The choice is remembered on this computer (localStorage; it is a view preference, not vault data).
 */
import { useState } from 'react';

export type ListDensity = 'compact' | 'comfortable';

export const LIST_DENSITIES: ReadonlyArray<{ id: ListDensity; label: string }> = [
  { id: 'compact', label: 'Compact' },
  { id: 'comfortable', label: 'Comfortable' },
];

/** A row's height in px: what CSS gives it (.table-certificates.is-compact / plain), for the virtualiser. */
export const ROW_HEIGHT: Readonly<Record<ListDensity, number>> = { compact: 22, comfortable: 54 };

const KEY = 'certwright.certificates.density';

function stored(): ListDensity {
  try {
    return globalThis.localStorage?.getItem(KEY) === 'comfortable' ? 'comfortable' : 'compact';
  } catch {
    return 'compact'; // storage refused: the default
  }
}

/** The list density, remembered across views and restarts. */
export function useListDensity(): [ListDensity, (density: ListDensity) => void] {
  const [density, setDensity] = useState<ListDensity>(stored);
  function choose(next: ListDensity) {
    setDensity(next);
    try {
      globalThis.localStorage?.setItem(KEY, next);
    } catch {
      // Not remembered; still applied for this view.
    }
  }
  return [density, choose];
}
