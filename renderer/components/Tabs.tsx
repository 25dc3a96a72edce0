import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { Icon, type IconName } from './Icon.js';

export interface TabDef<T extends string> {
  readonly id: T;
  readonly label: string;
  readonly icon?: IconName;
}

interface TabsProps<T extends string> {
  /** The tab list's accessible name. */
  readonly label: string;
  readonly tabs: ReadonlyArray<TabDef<T>>;
  readonly selected: T;
  readonly onSelect: (id: T) => void;
  /** One panel per tab. All stay mounted (hidden when not selected), so a half-filled form survives a tab switch. */
  readonly panels: Readonly<Record<T, ReactNode>>;
  readonly className?: string;
}

/**
 * Tabs as the WAI-ARIA tabs pattern: a tablist of role=tab buttons with aria-selected, one tab
 * stop (the selected tab), Left/Right arrows (wrapping), Home and End move and select, and a
 * tabpanel per tab labelled by its tab.
 */
export function Tabs<T extends string>({ label, tabs, selected, onSelect, panels, className }: TabsProps<T>) {
  const base = useId();
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);

  function onKey(event: KeyboardEvent, index: number) {
    const last = tabs.length - 1;
    const next = event.key === 'ArrowRight' ? (index === last ? 0 : index + 1) : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1) : event.key === 'Home' ? 0 : event.key === 'End' ? last : -1;
    const tab = tabs[next];
    if (!tab) return;
    event.preventDefault();
    onSelect(tab.id);
    buttons.current[next]?.focus();
  }

  return (
    <div className={['tabbed', className ?? ''].filter(Boolean).join(' ')}>
      <div className="tabs inspect-tabs" role="tablist" aria-label={label}>
        {tabs.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-${t.id}-tab`}
            aria-selected={t.id === selected}
            aria-controls={`${base}-${t.id}-panel`}
            tabIndex={t.id === selected ? 0 : -1}
            className={t.id === selected ? 'tab is-selected' : 'tab'}
            onClick={() => onSelect(t.id)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {t.icon ? <Icon name={t.icon} size={16} /> : null}
            <span>{t.label}</span>
          </button>
        ))}
      </div>
      {tabs.map((t) => (
        <div key={t.id} id={`${base}-${t.id}-panel`} role="tabpanel" aria-labelledby={`${base}-${t.id}-tab`} className="tab-panel" hidden={t.id !== selected} tabIndex={0}>
          {panels[t.id]}
        </div>
      ))}
    </div>
  );
}
