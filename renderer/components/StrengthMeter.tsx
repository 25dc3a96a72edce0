import { estimateStrength, MIN_PASSPHRASE_LENGTH, type Strength } from '../../shared/validation/passphrase.js';
import { useT } from '../i18n/use-t.js';

const STRENGTH_LEVEL: Record<Strength, number> = { 'too short': 0, weak: 1, fair: 2, strong: 3 };

/** Each estimate's catalog words: its name and what to do about it (`auth:strength.<key>`). */
const STRENGTH_KEY = { 'too short': 'tooShort', weak: 'weak', fair: 'fair', strong: 'strong' } as const satisfies Record<Strength, string>;

/** The hint under a new passphrase: the rule while it is empty, then a three-step strength estimate. */
export function StrengthMeter({ passphrase }: { readonly passphrase: string }) {
  const t = useT();
  if (passphrase === '') return <>{t('auth:strength.rule', { min: MIN_PASSPHRASE_LENGTH })}</>;
  const estimate = estimateStrength(passphrase);
  const level = STRENGTH_LEVEL[estimate.strength];
  const key = STRENGTH_KEY[estimate.strength];
  return (
    <span className={`strength strength-${level}`}>
      <span className="strength-bar" aria-hidden="true">
        {[1, 2, 3].map((i) => (
          <span key={i} className={i <= level ? 'strength-seg is-on' : 'strength-seg'} />
        ))}
      </span>
      <span className="strength-text">
        <strong>{t('auth:strength.label', { strength: t(`auth:strength.${key}.name`) })}</strong> {t(`auth:strength.${key}.hint`, { min: MIN_PASSPHRASE_LENGTH })}
      </span>
    </span>
  );
}
