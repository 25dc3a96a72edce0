import type { SanEntry } from '../../shared/validation/san.js';
import { useT } from '../i18n/use-t.js';
import { describeSan, sanTypeShort } from './san-model.js';

/** Subject alternative names, one a line ("DNS: example.com"), or "None". */
export function SanLines({ sans }: { readonly sans: readonly SanEntry[] }) {
  const t = useT();
  if (sans.length === 0) return <>{t('common:word.none')}</>;
  return (
    <span className="mono-block">
      {sans.map((s) => (
        <span key={`${s.type}:${s.value}`}>
          {sanTypeShort(s.type)}: {describeSan(s)}
        </span>
      ))}
    </span>
  );
}
