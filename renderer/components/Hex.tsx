import { Fragment } from 'react';
import { hexSegments, splitHexRuns } from './hex-segments.js';

/**
 * A hex value (serial, fingerprint, key identifier) that wraps only between bytes: a wrap
 * opportunity (<wbr>) after each colon of "AB:CD:…", or between the byte pairs of plain hex
 * "ABCD…". The text stays exactly the value, so copying and searching see it unchanged.
 * `as="span"` for hex inside running text (no code styling).
 */
export function Hex({ value, className, as = 'code' }: { readonly value: string; readonly className?: string; readonly as?: 'code' | 'span' }) {
  const Tag = as;
  return (
    <Tag className={['hex', className ?? ''].filter(Boolean).join(' ')}>
      {hexSegments(value).map((segment, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {segment}
        </Fragment>
      ))}
    </Tag>
  );
}

/** A text whose colon-hex runs wrap only between bytes, the rest as it is (extension values). */
export function TextWithHex({ text }: { readonly text: string }) {
  const parts = splitHexRuns(text);
  if (parts.length === 1 && !parts[0]!.hex) return <>{text}</>;
  return <>{parts.map((p, i) => (p.hex ? <Hex key={i} value={p.text} as="span" /> : <Fragment key={i}>{p.text}</Fragment>))}</>;
}
