/**
 * What is wrong with a token, check by check, in plain words — and the one error the generated Go
 * middleware (golang-jwt v4, algorithm pinned; iss, aud, sub and policy checked after parsing)
 * reports for it, so a user can match what their service logged.
 *
 * The token is decoded here without trusting it (a pasted token is outside input: its size is
 * capped before anything is decoded), and its signature is checked with `jose` against the issuer's
 * public keys only, under the issuer's algorithm: `alg: none` and an HS256 token made with a public
 * key as its secret never reach a verifier. golang-jwt's texts were read from its 4.4.3 sources and
 * are compared with the real library in test/interop/jwt-go.interop.test.ts (which runs the generated middleware and interceptor on the same tokens).
 */
import { compactVerify, importJWK, type JWK } from 'jose';
import { TOKEN_MAX_BYTES, type TokenAlgorithm, type TokenCheck, type TokenCheckId, type TokenDiagnosis } from '../../../shared/domain/service-identity.js';
import { decide, SERVICE_NAME, type ServicePolicy } from '../../../shared/domain/service-policy.js';
import { goDuration, plainDuration } from './go-duration.js';

export interface VerifyingKey {
  readonly kid: string;
  readonly algorithm: TokenAlgorithm;
  readonly publicJwk: JWK;
}

export interface DiagnoseInput {
  readonly token: string;
  /** The issuer the token should come from: its name (iss) and every key still in its JWKS. */
  readonly issuer: { readonly name: string; readonly algorithm: TokenAlgorithm; readonly keys: readonly VerifyingKey[] };
  /** The service that received it (aud); absent: only that aud names a service. */
  readonly audience?: string | null;
  /** The CommonName of the client certificate the call came with: sub must equal it. */
  readonly clientCertificateCn?: string | null;
  readonly policy?: ServicePolicy | null;
  /** The `service:action` called, checked against the policy for sub. */
  readonly action?: string | null;
  readonly now: Date;
}

/**
 * A string as Go's %q (strconv.Quote) prints it: printable runes as they are, `"` and `\\` escaped,
 * \a \b \f \n \r \t \v, other control characters as \xHH, other unprintable runes as \uHHHH or
 * \UHHHHHHHH. Go's JSON decoder turns a lone surrogate escape into U+FFFD, so it is quoted as that.
 * (JSON.stringify differs: \u0001 for \x01, and it leaves U+2028 or U+00AD unescaped.)
 */
function goQuote(value: string): string {
  const named: Readonly<Record<string, string>> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };
  let out = '"';
  for (const rune of value) {
    const lone = rune.length === 1 && rune.charCodeAt(0) >= 0xd800 && rune.charCodeAt(0) <= 0xdfff;
    const char = lone ? '\ufffd' : rune;
    const code = char.codePointAt(0)!;
    if (named[char] !== undefined) out += named[char];
    else if (char === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(char)) out += char;
    else if (code < 0x80) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** The header of a token from one signed by Certwright's issuer: what the Go middleware says for it. */
const GO = {
  segments: 'token contains an invalid number of segments',
  bearer: "tokenstring should not contain 'bearer '",
  algUnspecified: 'signing method (alg) is unspecified.',
  algUnavailable: 'signing method (alg) is unavailable.',
  algInvalid: (alg: string) => `signing method ${alg} is invalid`,
  unknownKid: (kid: string) => `unknown kid ${goQuote(kid)}`,
  // golang-jwt prints time.Now() - exp; a service's log adds the clock's fraction of a second ("…by 5m3.25s").
  expired: (by: number) => `token is expired by ${goDuration(by)}`,
  usedBeforeIssued: 'token used before issued',
  notValidYet: 'token is not valid yet',
  signature: { ES256: 'crypto/ecdsa: verification error', RS256: 'crypto/rsa: verification error', EdDSA: 'ed25519: verification error' } as Record<TokenAlgorithm, string>,
  noExpiry: 'token has no exp claim',
  issuer: 'token has invalid issuer',
  audience: 'token has invalid audience',
  subject: (sub: string, cn: string) => `token subject ${goQuote(sub)} is not the client certificate's CommonName ${goQuote(cn)}`,
  policy: (sub: string, action: string) => `policy does not let ${goQuote(sub)} call ${action}`,
};

/** golang-jwt's registry of signing methods: an alg outside it is "unavailable". */
const GO_METHODS = new Set(['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'HS256', 'HS384', 'HS512', 'EdDSA', 'none']);

const B64URL = /^[A-Za-z0-9_-]*$/;

function decodePart(part: string): Record<string, unknown> | string {
  if (!B64URL.test(part) || part.length % 4 === 1) return 'is not base64url';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(part, 'base64url'));
  } catch {
    return 'is not UTF-8';
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'is not JSON';
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : 'is not a JSON object';
}

const numeric = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

export async function diagnoseToken(input: DiagnoseInput): Promise<TokenDiagnosis> {
  const checks: TokenCheck[] = [];
  const pass = (id: TokenCheckId, message: string) => checks.push({ id, outcome: 'pass', message, advice: null });
  const fail = (id: TokenCheckId, message: string, advice: string) => checks.push({ id, outcome: 'fail', message, advice });
  const skip = (id: TokenCheckId, message: string) => checks.push({ id, outcome: 'skipped', message, advice: null });
  let golangJwt: string | null = null;
  /** golang-jwt reports the first failure of the parse, then the checks after it in order. */
  const go = (text: string) => {
    golangJwt ??= text;
  };
  const result = (header: Record<string, unknown> | null, claims: Record<string, unknown> | null): TokenDiagnosis => ({
    valid: checks.every((c) => c.outcome !== 'fail'),
    header,
    claims,
    checks,
    golangJwt,
  });

  const raw = input.token.trim();
  const bytes = Buffer.byteLength(raw);
  if (bytes > TOKEN_MAX_BYTES) {
    fail('size', `The token is ${bytes.toLocaleString('en')} bytes; Certwright reads tokens of up to ${TOKEN_MAX_BYTES / 1024} KiB (a service token is a few hundred bytes)`, 'Paste the token itself, not a log or a file it was found in.');
    return result(null, null);
  }
  const parts = raw.split('.');
  if (parts.length !== 3) {
    fail('format', `A signed JWT has three dot-separated parts; this has ${parts.length}`, parts.length === 5 ? 'This looks like an encrypted JWE, not a signed token.' : 'Copy the whole token: header.claims.signature.');
    go(GO.segments);
    return result(null, null);
  }
  const header = decodePart(parts[0]!);
  const claims = decodePart(parts[1]!);
  if (typeof header === 'string' || typeof claims === 'string') {
    fail('format', typeof header === 'string' ? `The header ${header}` : `The claims part ${claims as string}`, 'The token was cut or changed while it was copied; copy it again.');
    if (/^bearer /i.test(raw)) go(GO.bearer);
    return result(typeof header === 'string' ? null : header, typeof claims === 'string' ? null : claims);
  }
  pass('format', 'Three parts; header and claims decode as JSON');

  // ---- Algorithm: pinned to the issuer's, before any key is looked at.
  const alg = header.alg;
  const expected = input.issuer.algorithm;
  let algorithmOk = false;
  if (typeof alg !== 'string') {
    fail('algorithm', 'The header has no "alg"', `Tokens from ${input.issuer.name} are signed with ${expected}.`);
    go(GO.algUnspecified);
  } else if (alg.toLowerCase() === 'none') {
    fail('algorithm', `"alg": "${alg}" — the token is not signed at all; anyone can write one`, `Never accept alg none: pin the verifier to ${expected}, as the generated middleware does.`);
    go(alg === 'none' ? GO.algInvalid('none') : GO.algUnavailable);
  } else if (alg.startsWith('HS')) {
    fail(
      'algorithm',
      `"alg": "${alg}" where ${input.issuer.name} signs with ${expected}: algorithm confusion — an ${alg} token "signed" with the issuer's public key as its secret would pass a verifier that trusts the header`,
      `Pin the verifier to ${expected} and never let the token's header choose the algorithm.`,
    );
    go(GO_METHODS.has(alg) ? GO.algInvalid(alg) : GO.algUnavailable);
  } else if (alg !== expected) {
    fail('algorithm', `"alg": "${alg}", but ${input.issuer.name} signs with ${expected}`, `Was this token made by another issuer? Verify it with that issuer's keys, or mint a new one from ${input.issuer.name}.`);
    go(GO_METHODS.has(alg) ? GO.algInvalid(alg) : GO.algUnavailable);
  } else {
    algorithmOk = true;
    pass('algorithm', `"alg": "${alg}", the issuer's algorithm`);
  }

  // ---- Key: the kid must be one of the issuer's keys still in its JWKS.
  const kid = typeof header.kid === 'string' ? header.kid : null;
  const key = kid === null ? null : (input.issuer.keys.find((k) => k.kid === kid) ?? null);
  if (kid === null) {
    fail('kid', 'The header has no "kid": the verifier cannot tell which key signed it', `Tokens from ${input.issuer.name} always name their key; this one was made elsewhere.`);
    go(GO.unknownKid(''));
  } else if (key === null) {
    fail('kid', `Key "${kid}" is not in ${input.issuer.name}'s JWKS`, 'It was signed by another issuer, or by a key retired so long ago that its tokens have all expired. Fetch the current JWKS, or mint a new token.');
    go(GO.unknownKid(kid));
  } else {
    pass('kid', `Signed by key ${kid}`);
  }

  // ---- Claims in golang-jwt's order (exp, iat, nbf: the last failure is the one it reports), then the signature.
  const now = Math.floor(input.now.getTime() / 1000);
  const exp = numeric(claims.exp);
  const nbf = numeric(claims.nbf);
  const iat = numeric(claims.iat);
  let claimError: string | null = null;
  if (exp === null) {
    fail('expiry', 'No "exp": the token would never expire', 'Service tokens must expire within minutes; mint a new one.');
  } else if (now >= exp) {
    fail('expiry', `Expired ${plainDuration(now - exp)} ago (exp ${new Date(exp * 1000).toISOString()})`, 'Fetch a fresh token: callers should refresh 30 s before exp. If it should still be valid, compare the two hosts\' clocks.');
    claimError = GO.expired(now - exp);
  } else {
    pass('expiry', `Expires in ${plainDuration(exp - now)} (${new Date(exp * 1000).toISOString()})`);
  }
  if (iat !== null && now < iat) {
    fail('issuedAt', `Issued ${plainDuration(iat - now)} in the future (iat ${new Date(iat * 1000).toISOString()})`, "The issuer's clock is ahead of this one: synchronise both with NTP.");
    claimError = GO.usedBeforeIssued;
  } else {
    pass('issuedAt', iat === null ? 'No "iat"' : `Issued ${plainDuration(now - iat)} ago`);
  }
  if (nbf !== null && now < nbf) {
    fail('notBefore', `Not valid yet: nbf is ${plainDuration(nbf - now)} from now (${new Date(nbf * 1000).toISOString()}) — the clocks differ by at least that much`, "Synchronise the issuer's and the verifier's clocks (NTP); golang-jwt v4 allows no skew.");
    claimError = GO.notValidYet;
  } else {
    pass('notBefore', nbf === null ? 'No "nbf"' : 'Valid from ' + new Date(nbf * 1000).toISOString());
  }

  let signatureOk = false;
  if (!algorithmOk || key === null) {
    skip('signature', 'Not checked: the algorithm or the key is wrong');
  } else {
    try {
      await compactVerify(raw, await importJWK(key.publicJwk, key.algorithm), { algorithms: [key.algorithm] });
      signatureOk = true;
      pass('signature', `Signature verified with ${input.issuer.name}'s key ${key.kid}`);
    } catch {
      fail('signature', `The signature does not verify with key ${key.kid}: the token was changed after it was signed, or signed by another key with the same kid`, 'Do not edit tokens; mint a new one.');
    }
  }
  if (algorithmOk && key !== null) {
    // golang-jwt checks the claims first and then the signature; a bad signature replaces the claims' error.
    if (!signatureOk) go(GO.signature[key.algorithm]);
    else if (claimError) go(claimError);
    else if (exp === null) go(GO.noExpiry);
  }

  // ---- What the called service checks after parsing.
  if (claims.iss === input.issuer.name) {
    pass('issuer', `iss is "${input.issuer.name}"`);
  } else {
    fail('issuer', `iss is ${JSON.stringify(claims.iss ?? null)}, not "${input.issuer.name}"`, `The token comes from another issuer, or the verifier expects the wrong one: its iss setting must be "${input.issuer.name}".`);
    go(GO.issuer);
  }
  const aud = claims.aud;
  const audList = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
  if (input.audience) {
    if (audList.includes(input.audience)) pass('audience', `aud is "${input.audience}"`);
    else {
      fail('audience', `aud is ${JSON.stringify(aud ?? null)}, but this is ${input.audience}`, `The caller asked for a token for another service; it must ask for aud=${input.audience}. A token for one service must never open another.`);
      go(GO.audience);
    }
  } else if (audList.length === 0) {
    fail('audience', 'No "aud": the token would be accepted by any service', 'Tokens must name the one service they are for.');
    go(GO.audience);
  } else {
    pass('audience', `aud is ${audList.map((a) => `"${a}"`).join(', ')} (no service given to check it against)`);
  }
  const sub = typeof claims.sub === 'string' ? claims.sub : null;
  if (sub === null) fail('subject', 'No "sub": the token does not say which service calls', 'Tokens from Certwright carry the caller\'s client-certificate CommonName as sub.');
  else if (!SERVICE_NAME.test(sub)) fail('subject', `sub ${JSON.stringify(sub)} is not a service name`, 'sub must be the calling service\'s name, as in its client certificate.');
  else pass('subject', `sub is "${sub}"`);
  if (input.clientCertificateCn == null) {
    skip('certificate', 'No client certificate given to compare sub with');
  } else if (sub === input.clientCertificateCn) {
    pass('certificate', `sub matches the client certificate's CommonName "${sub}"`);
  } else {
    fail('certificate', `sub ${JSON.stringify(sub)} is not the client certificate's CommonName "${input.clientCertificateCn}": the token was issued to another service`, 'A stolen or borrowed token: the service must reject any token whose sub differs from the mTLS peer.');
    go(GO.subject(sub ?? '', input.clientCertificateCn));
  }

  if (!input.policy) {
    skip('scope', 'No policy to check the scope against');
  } else if (sub === null) {
    skip('scope', 'No sub to look up in the policy');
  } else {
    const scope = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
    const notGranted = scope.filter((s) => !decide(input.policy!, sub, s).allowed);
    const action = input.action ?? null;
    const actionDecision = action ? decide(input.policy, sub, action) : null;
    if (actionDecision && !actionDecision.allowed) {
      fail('scope', `${actionDecision.reason}`, `Add "${action}" to ${sub}'s "calls" in service-policy.json if it should be allowed.`);
      go(GO.policy(sub, action!));
    } else if (notGranted.length > 0) {
      fail('scope', `The scope claims ${notGranted.join(', ')}, which the policy does not grant "${sub}"`, 'The token was minted under another policy, or edited: mint a new one.');
      // The middleware decides by the policy file, not the scope: it lets an action the policy grants through.
    } else {
      pass('scope', actionDecision ? actionDecision.reason : scope.length > 0 ? `The policy grants every action in the scope (${scope.join(', ')})` : 'The scope is empty');
    }
  }
  return result(header, claims);
}
