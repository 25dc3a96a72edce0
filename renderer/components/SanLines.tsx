import type { SanEntry } from '../../shared/validation/san.js';
import { describeSan, SAN_TYPE_SHORT } from './san-model.js';

/** Subject alternative names, one a line ("DNS: example.com"), or "None". */
export function SanLines({ sans }: { readonly sans: readonly SanEntry[] }) {
  if (sans.length === 0) return <>None</>;
  return (
    <span className="mono-block">
      {sans.map((s) => (
        <span key={`${s.type}:${s.value}`}>
          {SAN_TYPE_SHORT[s.type]}: {describeSan(s)}
        </span>
      ))}
    </span>
  );
}
