import { estimateStrength, MIN_PASSPHRASE_LENGTH, type Strength } from '../../shared/validation/passphrase.js';

const STRENGTH_LEVEL: Record<Strength, number> = { 'too short': 0, weak: 1, fair: 2, strong: 3 };

/** The hints open with their own verdict ("Strong. Keep it…"); the label already says it. */
function withoutVerdict(hint: string, strength: Strength): string {
  const verdict = `${strength.charAt(0).toUpperCase()}${strength.slice(1)}. `;
  return hint.startsWith(verdict) ? hint.slice(verdict.length) : hint;
}

/** The hint under a new passphrase: the rule while it is empty, then a three-step strength estimate. */
export function StrengthMeter({ passphrase }: { readonly passphrase: string }) {
  if (passphrase === '') {
    return <>At least {MIN_PASSPHRASE_LENGTH} characters. A few unrelated words are easy to type and hard to guess.</>;
  }
  const estimate = estimateStrength(passphrase);
  const level = STRENGTH_LEVEL[estimate.strength];
  return (
    <span className={`strength strength-${level}`}>
      <span className="strength-bar" aria-hidden="true">
        {[1, 2, 3].map((i) => (
          <span key={i} className={i <= level ? 'strength-seg is-on' : 'strength-seg'} />
        ))}
      </span>
      <span className="strength-text">
        <strong>Strength: {estimate.strength}.</strong> {withoutVerdict(estimate.hint, estimate.strength)}
      </span>
    </span>
  );
}
