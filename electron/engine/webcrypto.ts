/**
 * The one place the engine wires @peculiar/x509 to a WebCrypto implementation. Every engine module
 * imports x509 from here, so the Reflect polyfill is always loaded first.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

export { x509 as X509 };

/** The WebCrypto the engine works with (Node's `globalThis.crypto` in main and in tests). */
export type EngineCrypto = Crypto;

/** Bytes backed by a plain ArrayBuffer, as WebCrypto takes them. */
export type Bytes = Uint8Array<ArrayBuffer>;

x509.cryptoProvider.set(globalThis.crypto);
