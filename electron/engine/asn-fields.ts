/**
 * Declares the ASN.1 fields of a schema class for @peculiar/asn1-schema without decorator syntax.
 * The library's @AsnProp is a legacy (experimentalDecorators) property decorator; applied as a plain
 * call it compiles the same under every TypeScript transform we use (tsc, esbuild, Playwright's
 * loader), which decorator syntax does not. Fields encode in the order they are listed.
 */
import { AsnProp } from '@peculiar/asn1-schema';

type IAsn1PropOptions = Parameters<typeof AsnProp>[0];

export function asnFields<T extends object>(schema: abstract new (...args: never[]) => T, fields: { readonly [K in keyof T & string]?: IAsn1PropOptions }): void {
  for (const [name, options] of Object.entries(fields) as Array<[string, IAsn1PropOptions]>) AsnProp(options)(schema.prototype, name);
}
