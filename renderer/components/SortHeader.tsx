import type { ReactNode } from 'react';

type SortDirection = 'ascending' | 'descending';

interface SortHeaderProps {
  readonly children: ReactNode;
  /** How the table is ordered by this column, or null when it is ordered by another. */
  readonly direction: SortDirection | null;
  /** Pressed: the caller orders by this column (or turns the order round). */
  readonly onSort: () => void;
}

/** A sortable column header: aria-sort says the order, the button changes it, the mark shows it. */
export function SortHeader({ children, direction, onSort }: SortHeaderProps) {
  return (
    <th scope="col" aria-sort={direction ?? 'none'}>
      <button type="button" className="th-sort" onClick={onSort}>
        {children}
        <span className="sort-mark" aria-hidden="true">
          {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : ''}
        </span>
      </button>
    </th>
  );
}
