/** A small set of stroke icons drawn for Certwright (24×24 grid, currentColor). */
const PATHS = {
  shield: ['M12 3l7 3v5c0 4.5-3 8.3-7 10-4-1.7-7-5.5-7-10V6l7-3z', 'M9 12l2 2 4-4'],
  certificate: ['M4 4h16v12H4z', 'M8 8h8', 'M8 11h5', 'M14 16v5l2-1.5 2 1.5v-5'],
  search: ['M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14z', 'M20 20l-4-4'],
  settings: ['M4 7h10', 'M18 7h2', 'M16 5v4', 'M4 17h4', 'M12 17h8', 'M10 15v4'],
  lock: ['M6 11h12v9H6z', 'M8 11V8a4 4 0 0 1 8 0v3', 'M12 15v2'],
  key: ['M8 14a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', 'M11 11l9 9', 'M17 17l2-2', 'M15 15l2-2'],
  /** An identity badge on a clip: a service known by its client certificate (the Services view). */
  badge: ['M4 6h16v13H4z', 'M10 6V4h4v2', 'M9 10a2 2 0 1 0 0 4 2 2 0 0 0 0-4z', 'M6.5 17c.5-1.3 1.4-2 2.5-2s2 .7 2.5 2', 'M14 10h3', 'M14 13h3'],
  plus: ['M12 5v14', 'M5 12h14'],
  copy: ['M9 9h11v11H9z', 'M5 15H4V4h11v1'],
  check: ['M5 12l5 5 9-10'],
  alert: ['M12 3l10 18H2L12 3z', 'M12 10v4', 'M12 17.5v.5'],
  info: ['M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z', 'M12 11v6', 'M12 7.5v.5'],
  clock: ['M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z', 'M12 7v5l3 3'],
  /** A circle struck through: revoked (distinct from expired's hourglass). */
  revoked: ['M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z', 'M5.6 5.6l12.8 12.8'],
  /** An hourglass run out: expired. */
  expired: ['M7 3h10', 'M7 21h10', 'M8 3c0 5 8 5 8 9s-8 4-8 9', 'M16 3c0 5-8 5-8 9s8 4 8 9'],
  back: ['M15 5l-7 7 7 7'],
  next: ['M9 5l7 7-7 7'],
  stack: ['M12 4l8 4-8 4-8-4 8-4z', 'M4 12l8 4 8-4', 'M4 16l8 4 8-4'],
  download: ['M12 4v11', 'M7 10l5 5 5-5', 'M5 20h14'],
  play: ['M7 5l12 7-12 7z'],
  audit: ['M9 4h6v3H9z', 'M7 5H5v16h14V5h-2', 'M8 11h8', 'M8 15h5'],
  eye: ['M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12z', 'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6z'],
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 18 }: { readonly name: IconName; readonly size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {PATHS[name].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}

/** The product mark: a shield with a wright's check. */
export function Logo({ size = 26 }: { readonly size?: number }) {
  return (
    <svg className="logo" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <path className="logo-shield" d="M16 2.5l11 4.2v7.6c0 6.9-4.6 12.6-11 15.2C9.6 26.9 5 21.2 5 14.3V6.7l11-4.2z" />
      <path className="logo-mark" d="M11 16.2l3.6 3.6 6.8-7.4" fill="none" strokeWidth={2.6} strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
