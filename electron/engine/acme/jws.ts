/**
 * The JWS rules of an ACME request (RFC 8555 §6.2): a flattened JSON serialization with one
 * signature and no unprotected header; a protected header naming an algorithm the server takes
 * (ES256, RS256, EdDSA — never `none` or a MAC), exactly one of `jwk` and `kid`, the request's URL
 * and (outside the inner JWS of a key change and an external account binding) a nonce. Signatures
 * are verified with jose. Every refusal is an AcmeProblem of the type the RFC names.
 *
 * Also the two JWS inside a payload: the external account binding (§7.3.4, HS256 over the account
 * key) and the inner JWS of a key rollover (§7.3.5, signed by the new key).
 */
import { calculateJwkThumbprint, flattenedVerify, importJWK, type JWK } from 'jose';
import { ACME_JWS_ALGORITHMS } from '../../../shared/domain/acme.js';
import { PRIVATE_JWK_MEMBERS } from '../jwt/keys.js';
import { AcmeProblem } from './problems.js';

export type AcmeAlgorithm = (typeof ACME_JWS_ALGORITHMS)[number];

/** The public members of an account key, and nothing else (what the vault stores). */
export type PublicJwk = Readonly<Record<string, string>>;

export interface FlattenedJws {
  readonly protected: string;
  readonly payload: string;
  readonly signature: string;
}

export interface AcmeProtectedHeader {
  readonly alg: AcmeAlgorithm;
  /** null when absent: the caller decides whether one is required. */
  readonly nonce: string | null;
  readonly url: string;
  /** Exactly one of jwk and kid is set. */
  readonly jwk: PublicJwk | null;
  readonly kid: string | null;
}

const B64URL = /^[A-Za-z0-9_-]*$/;
const RSA_MIN_BITS = 2048;
const RSA_MAX_BITS = 8192;

const malformed = (detail: string) => new AcmeProblem('malformed', detail);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function base64url(text: string, what: string): Uint8Array {
  if (!B64URL.test(text)) throw malformed(`${what} is not base64url (RFC 4648 §5, without padding)`);
  return new Uint8Array(Buffer.from(text, 'base64url'));
}

function jsonOf(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw malformed(`${what} is not JSON`);
  }
}

/** A flattened JWS from a parsed JSON value (a request body or a member of a payload). */
export function flattenedJws(value: unknown, what = 'The request body'): FlattenedJws {
  if (!isObject(value)) throw malformed(`${what} is not a JWS: send the flattened JSON serialization {"protected", "payload", "signature"}`);
  if ('signatures' in value) throw malformed(`${what} uses the general JWS serialization; ACME takes the flattened one, with exactly one signature`);
  if ('header' in value) throw malformed(`${what} has an unprotected header; ACME puts every header parameter in the protected header`);
  const extra = Object.keys(value).filter((k) => k !== 'protected' && k !== 'payload' && k !== 'signature');
  if (extra.length > 0) throw malformed(`${what} has members a flattened JWS does not have: ${extra.slice(0, 5).join(', ')}`);
  const { protected: prot, payload, signature } = value;
  if (typeof prot !== 'string' || prot === '') throw malformed(`${what} has no protected header`);
  if (typeof payload !== 'string') throw malformed(`${what} has no payload (POST-as-GET sends an empty string)`);
  if (typeof signature !== 'string' || signature === '') throw malformed(`${what} has no signature`);
  for (const [name, text] of [['protected header', prot], ['payload', payload], ['signature', signature]] as const) base64url(text, `The ${name} of ${what.charAt(0).toLowerCase()}${what.slice(1)}`);
  return { protected: prot, payload, signature };
}

/** A request body (bytes of JSON) as a flattened JWS. */
export function parseJwsBody(body: Uint8Array): FlattenedJws {
  return flattenedJws(jsonOf(body, 'The request body'));
}

/** The decoded protected header, as a JSON object. */
function headerObject(jws: FlattenedJws): Record<string, unknown> {
  const header = jsonOf(base64url(jws.protected, 'The protected header'), 'The protected header');
  if (!isObject(header)) throw malformed('The protected header is not a JSON object');
  return header;
}

function checkAlgorithm(alg: unknown): AcmeAlgorithm {
  if (typeof alg !== 'string') throw new AcmeProblem('badSignatureAlgorithm', 'The protected header names no algorithm (alg)', { algorithms: ACME_JWS_ALGORITHMS });
  if (!(ACME_JWS_ALGORITHMS as readonly string[]).includes(alg)) {
    const why = alg === 'none' ? 'an unsigned JWS (alg none) is never accepted' : /^HS/.test(alg) ? 'a MAC is no signature: an account signs with its private key' : 'it is not one this server takes';
    throw new AcmeProblem('badSignatureAlgorithm', `The algorithm ${JSON.stringify(alg.slice(0, 20))} is refused: ${why}. Sign with ${ACME_JWS_ALGORITHMS.join(', ')}`, { algorithms: ACME_JWS_ALGORITHMS });
  }
  return alg as AcmeAlgorithm;
}

/**
 * The protected header of an account-signed JWS (§6.2): the algorithm (badSignatureAlgorithm),
 * exactly one of jwk and kid, a url, a nonce that is a base64url string when present. Whether the
 * nonce must be present, which of jwk and kid a resource takes, and the url's value are checked by
 * the caller (they depend on the resource).
 */
export function readProtectedHeader(jws: FlattenedJws): AcmeProtectedHeader {
  const header = headerObject(jws);
  const alg = checkAlgorithm(header.alg);
  if ('crit' in header || 'b64' in header) throw malformed('The protected header has crit or b64: this server takes neither extension');
  const hasJwk = 'jwk' in header;
  const hasKid = 'kid' in header;
  if (hasJwk === hasKid) throw malformed(hasJwk ? 'The protected header has both jwk and kid: send exactly one' : 'The protected header has neither jwk nor kid: an ACME request names its key (jwk) or its account (kid)');
  if (hasKid && (typeof header.kid !== 'string' || header.kid === '')) throw malformed('The kid of the protected header is not an account URL');
  const nonce = header.nonce;
  if (nonce !== undefined && (typeof nonce !== 'string' || nonce === '' || !B64URL.test(nonce))) throw new AcmeProblem('badNonce', 'The nonce of the protected header is not a base64url string');
  if (typeof header.url !== 'string' || header.url === '') throw malformed('The protected header has no url: it must be the URL the request is sent to');
  return {
    alg,
    nonce: typeof nonce === 'string' ? nonce : null,
    url: header.url,
    jwk: hasJwk ? publicJwk(header.jwk, alg) : null,
    kid: hasKid ? (header.kid as string) : null,
  };
}

/** §6.2: which of jwk and kid a resource takes. */
export function requireKeyKind(header: AcmeProtectedHeader, kind: 'jwk' | 'kid' | 'either', resource: string): void {
  if (kind === 'jwk' && header.jwk === null) throw malformed(`${resource} is signed with the account key itself: put the key in the protected header (jwk), not an account URL (kid)`);
  if (kind === 'kid' && header.kid === null) throw malformed(`${resource} is signed by an account: name it in the protected header (kid, the account URL), not a bare key (jwk)`);
}

/** §6.4: the url of the protected header is the URL the request was sent to. */
export function requireUrl(header: AcmeProtectedHeader, url: string): void {
  if (header.url !== url) throw new AcmeProblem('unauthorized', `The url of the protected header (${header.url.slice(0, 200)}) is not the URL this request was sent to (${url})`);
}

function bytesOf(value: unknown, what: string): Uint8Array {
  if (typeof value !== 'string' || value === '' || !B64URL.test(value)) throw new AcmeProblem('badPublicKey', `The key's ${what} is not a base64url string`);
  return new Uint8Array(Buffer.from(value, 'base64url'));
}

/** The bits of an RSA modulus (leading zero bytes do not count). */
function modulusBits(n: Uint8Array): number {
  let i = 0;
  while (i < n.length && n[i] === 0) i++;
  if (i === n.length) return 0;
  return (n.length - i) * 8 - Math.clz32(n[i]!) + 24;
}

/**
 * The public members of a JWK that fits `alg`: ES256 an EC P-256 key, RS256 an RSA key of
 * 2048–8192 bits, EdDSA an Ed25519 key. Refused when it holds private members (a client that sends
 * its private key has leaked it) or is another kind of key.
 */
export function publicJwk(raw: unknown, alg: AcmeAlgorithm): PublicJwk {
  if (!isObject(raw)) throw malformed('The jwk of the protected header is not a JSON object');
  const exposed = PRIVATE_JWK_MEMBERS.filter((m) => m in raw);
  if (exposed.length > 0) throw new AcmeProblem('badPublicKey', `The jwk holds private key members (${exposed.join(', ')}): send the public key only, and treat this key as exposed`);
  const kty = raw.kty;
  switch (alg) {
    case 'ES256': {
      if (kty !== 'EC' || raw.crv !== 'P-256') throw new AcmeProblem('badPublicKey', `ES256 needs an EC P-256 key; this jwk is kty ${String(kty)}${raw.crv ? `, crv ${String(raw.crv)}` : ''}`);
      if (bytesOf(raw.x, 'x').length !== 32 || bytesOf(raw.y, 'y').length !== 32) throw new AcmeProblem('badPublicKey', 'The P-256 key is not 32 bytes per coordinate');
      return { crv: 'P-256', kty: 'EC', x: raw.x as string, y: raw.y as string };
    }
    case 'RS256': {
      if (kty !== 'RSA') throw new AcmeProblem('badPublicKey', `RS256 needs an RSA key; this jwk is kty ${String(kty)}`);
      const bits = modulusBits(bytesOf(raw.n, 'modulus (n)'));
      bytesOf(raw.e, 'exponent (e)');
      if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) throw new AcmeProblem('badPublicKey', `The RSA key has ${bits} bits; this server takes ${RSA_MIN_BITS} to ${RSA_MAX_BITS}`);
      return { e: raw.e as string, kty: 'RSA', n: raw.n as string };
    }
    case 'EdDSA': {
      if (kty !== 'OKP' || raw.crv !== 'Ed25519') throw new AcmeProblem('badPublicKey', `EdDSA needs an Ed25519 key (kty OKP, crv Ed25519); this jwk is kty ${String(kty)}${raw.crv ? `, crv ${String(raw.crv)}` : ''}`);
      if (bytesOf(raw.x, 'x').length !== 32) throw new AcmeProblem('badPublicKey', 'The Ed25519 key is not 32 bytes');
      return { crv: 'Ed25519', kty: 'OKP', x: raw.x as string };
    }
  }
}

/** The algorithm a stored account key signs with (the kid of a request says which account; the alg must fit its key). */
export function keyFits(jwk: PublicJwk, alg: AcmeAlgorithm): boolean {
  return (alg === 'ES256' && jwk.kty === 'EC' && jwk.crv === 'P-256') || (alg === 'RS256' && jwk.kty === 'RSA') || (alg === 'EdDSA' && jwk.kty === 'OKP' && jwk.crv === 'Ed25519');
}

/** Verifies the JWS with the key; its payload bytes. A signature that does not verify is malformed (§6.2). */
export async function verifyJws(jws: FlattenedJws, alg: AcmeAlgorithm, jwk: PublicJwk): Promise<Uint8Array> {
  if (!keyFits(jwk, alg)) throw malformed(`The request is signed with ${alg}, which the account key (kty ${jwk.kty}) does not make`);
  let key: Awaited<ReturnType<typeof importJWK>>;
  try {
    key = await importJWK(jwk as JWK, alg);
  } catch {
    throw new AcmeProblem('badPublicKey', `The key is not a valid ${alg} public key`);
  }
  try {
    const { payload } = await flattenedVerify(jws, key, { algorithms: [alg] });
    return payload;
  } catch {
    throw malformed('The JWS signature does not verify with the key it names');
  }
}

/** RFC 7638 thumbprint (SHA-256, base64url): how an account key is known. */
export function jwkThumbprint(jwk: PublicJwk): Promise<string> {
  return calculateJwkThumbprint(jwk as JWK, 'sha256');
}

/** The payload as JSON; null for POST-as-GET (an empty payload, §6.3). */
export function payloadJson(payload: Uint8Array): unknown {
  return payload.length === 0 ? null : jsonOf(payload, 'The payload');
}

/** The payload as a JSON object (`{}` for a request that only triggers something). */
export function payloadObject(payload: Uint8Array, resource: string): Record<string, unknown> {
  const value = payloadJson(payload);
  if (!isObject(value)) throw malformed(`${resource} takes a JSON object as its payload${value === null ? ', not POST-as-GET (an empty payload)' : ''}`);
  return value;
}

// ---- External account binding (§7.3.4) --------------------------------------------------------

export interface ExternalAccountKey {
  readonly keyId: string;
  readonly hmacKey: Uint8Array;
}

/**
 * The binding a new account carries when the server requires one: a flattened JWS, HS256 under the
 * server's MAC key, its kid the server's key id, its url the new-account URL, no nonce, and as its
 * payload the very JWK the account registers. Missing is externalAccountRequired; any other fault
 * (another key id, a MAC that does not verify, another JWK) is unauthorized.
 */
export async function verifyExternalAccountBinding(raw: unknown, expected: ExternalAccountKey & { readonly url: string; readonly accountJwk: PublicJwk }): Promise<void> {
  if (raw === undefined || raw === null) throw new AcmeProblem('externalAccountRequired', 'This server requires an external account binding: register with the key id and HMAC key shown in Certwright (certbot --eab-kid/--eab-hmac-key, lego --eab --kid/--hmac)');
  const jws = flattenedJws(raw, 'The external account binding');
  const header = headerObject(jws);
  if (header.alg !== 'HS256') throw malformed(`The external account binding is signed with ${JSON.stringify(String(header.alg)).slice(0, 30)}; this server takes HS256`);
  if ('nonce' in header) throw malformed('The external account binding has a nonce; it must not (RFC 8555 §7.3.4)');
  if ('jwk' in header || 'crit' in header || 'b64' in header) throw malformed('The external account binding header is alg, kid and url only');
  if (header.kid !== expected.keyId) throw new AcmeProblem('unauthorized', `The external account binding names key id ${JSON.stringify(String(header.kid)).slice(0, 80)}, which this server does not know`);
  if (header.url !== expected.url) throw new AcmeProblem('unauthorized', `The url of the external account binding is not the new-account URL (${expected.url})`);
  let payload: Uint8Array;
  try {
    payload = (await flattenedVerify(jws, expected.hmacKey, { algorithms: ['HS256'] })).payload;
  } catch {
    throw new AcmeProblem('unauthorized', `The external account binding does not verify with the HMAC key of key id ${expected.keyId}`);
  }
  const bound = jsonOf(payload, 'The payload of the external account binding');
  if (!isObject(bound) || !sameKey(bound, expected.accountJwk)) throw new AcmeProblem('unauthorized', 'The external account binding binds another key than the one this account registers');
}

/** Whether a JWK (as sent) has exactly the public members of `jwk`. */
function sameKey(raw: Record<string, unknown>, jwk: PublicJwk): boolean {
  const members = Object.keys(jwk);
  return members.every((m) => raw[m] === jwk[m]) && Object.keys(raw).every((m) => m in jwk || m === 'alg' || m === 'use' || m === 'kid' || m === 'key_ops');
}

// ---- Key rollover (§7.3.5) ---------------------------------------------------------------------

/**
 * The inner JWS of a key change: signed by the new key, which it carries (jwk); the same url as the
 * outer JWS and no nonce; its payload names the account and its current key. Returns the new key.
 */
export async function verifyKeyChange(raw: unknown, expected: { readonly url: string; readonly accountUrl: string; readonly oldThumbprint: string }): Promise<{ jwk: PublicJwk; thumbprint: string }> {
  const inner = flattenedJws(raw, 'The inner JWS of the key change');
  const header = readProtectedHeader(inner);
  if (header.jwk === null) throw malformed('The inner JWS of a key change carries the new key (jwk), not an account URL');
  if (header.nonce !== null) throw malformed('The inner JWS of a key change has a nonce; it must not (RFC 8555 §7.3.5)');
  if (header.url !== expected.url) throw malformed('The url of the inner JWS is not the url of the outer one (the key-change URL)');
  const payload = payloadObject(await verifyJws(inner, header.alg, header.jwk), 'The inner JWS of a key change');
  if (payload.account !== expected.accountUrl) throw new AcmeProblem('unauthorized', 'The inner JWS of the key change names another account than the one that signed the request');
  let oldThumbprint: string;
  try {
    oldThumbprint = await calculateJwkThumbprint(payload.oldKey as JWK, 'sha256');
  } catch {
    throw malformed('The oldKey of the key change is not a public JWK');
  }
  if (oldThumbprint !== expected.oldThumbprint) throw new AcmeProblem('unauthorized', "The oldKey of the key change is not the account's current key");
  return { jwk: header.jwk, thumbprint: await jwkThumbprint(header.jwk) };
}
