import { useT } from '../i18n/use-t.js';
import { Fact } from './Fact.js';
import { Hex } from './Hex.js';

/** Lines of text in a monospaced block, one per line (hex wrapped, constraint lists). */
export function MonoLines({ lines, code = false }: { readonly lines: readonly string[]; readonly code?: boolean }) {
  const spans = lines.map((line) => <span key={line}>{line}</span>);
  return code ? <code className="mono-block">{spans}</code> : <span className="mono-block">{spans}</span>;
}

/** The serial number, with a copy button. */
export function SerialFact({ hex }: { readonly hex: string }) {
  const t = useT();
  return (
    <Fact label={t('app:facts.serialNumber')} copy={{ text: hex, label: t('app:facts.copySerialNumber') }}>
      <Hex value={hex} />
    </Fact>
  );
}

/** A hex value (a key identifier), wrapped only between bytes. */
export function HexFact({ label, hex }: { readonly label: string; readonly hex: string }) {
  return (
    <Fact label={label}>
      <Hex value={hex} />
    </Fact>
  );
}

/** The SHA-256 pin of the public key, with a copy button. */
export function SpkiPinFact({ pin }: { readonly pin: string }) {
  const t = useT();
  return (
    <Fact label={t('app:facts.spkiPin')} copy={{ text: pin, label: t('app:facts.copySpkiPin') }}>
      <code className="mono-wrap">{pin}</code>
    </Fact>
  );
}

/** The SHA-256 fingerprint, wrapped only between bytes, with a copy button. */
export function FingerprintFact({ label, copyLabel, hex }: { readonly label: string; readonly copyLabel: string; readonly hex: string }) {
  return (
    <Fact label={label} copy={{ text: hex, label: copyLabel }}>
      <Hex value={hex} className="hex-block" />
    </Fact>
  );
}
