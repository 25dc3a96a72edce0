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
import { msg, type Msg } from '../../../shared/i18n/message.js';
import { durationParams, goDuration } from './go-duration.js';

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

/** Why a part does not decode: the last word of its finding's key (services:finding.format.header.base64url). */
type DecodeProblem = 'base64url' | 'utf8' | 'json' | 'object';

function decodePart(part: string): Record<string, unknown> | DecodeProblem {
  if (!B64URL.test(part) || part.length % 4 === 1) return 'base64url';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(part, 'base64url'));
  } catch {
    return 'utf8';
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'json';
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : 'object';
}

const numeric = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

export async function diagnoseToken(input: DiagnoseInput): Promise<TokenDiagnosis> {
  const checks: TokenCheck[] = [];
  const pass = (id: TokenCheckId, message: Msg) => checks.push({ id, outcome: 'pass', message, advice: null });
  const fail = (id: TokenCheckId, message: Msg, advice: Msg) => checks.push({ id, outcome: 'fail', message, advice });
  const skip = (id: TokenCheckId, message: Msg) => checks.push({ id, outcome: 'skipped', message, advice: null });
  const issuer = input.issuer.name;
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
    fail('size', msg('services:finding.size.tooLarge', { bytes, max: TOKEN_MAX_BYTES / 1024 }), msg('services:finding.size.advice'));
    return result(null, null);
  }
  const parts = raw.split('.');
  if (parts.length !== 3) {
    fail('format', msg('services:finding.format.parts', { count: parts.length }), parts.length === 5 ? msg('services:finding.format.jwe') : msg('services:finding.format.copyWhole'));
    go(GO.segments);
    return result(null, null);
  }
  const header = decodePart(parts[0]!);
  const claims = decodePart(parts[1]!);
  if (typeof header === 'string' || typeof claims === 'string') {
    fail('format', typeof header === 'string' ? msg(`services:finding.format.header.${header}`) : msg(`services:finding.format.claims.${claims as DecodeProblem}`), msg('services:finding.format.copyAgain'));
    if (/^bearer /i.test(raw)) go(GO.bearer);
    return result(typeof header === 'string' ? null : header, typeof claims === 'string' ? null : claims);
  }
  pass('format', msg('services:finding.format.pass'));

  // ---- Algorithm: pinned to the issuer's, before any key is looked at.
  const alg = header.alg;
  const expected = input.issuer.algorithm;
  let algorithmOk = false;
  if (typeof alg !== 'string') {
    fail('algorithm', msg('services:finding.algorithm.missing'), msg('services:finding.algorithm.missingAdvice', { issuer, expected }));
    go(GO.algUnspecified);
  } else if (alg.toLowerCase() === 'none') {
    fail('algorithm', msg('services:finding.algorithm.none', { alg }), msg('services:finding.algorithm.noneAdvice', { expected }));
    go(alg === 'none' ? GO.algInvalid('none') : GO.algUnavailable);
  } else if (alg.startsWith('HS')) {
    fail('algorithm', msg('services:finding.algorithm.hmac', { alg, issuer, expected }), msg('services:finding.algorithm.hmacAdvice', { expected }));
    go(GO_METHODS.has(alg) ? GO.algInvalid(alg) : GO.algUnavailable);
  } else if (alg !== expected) {
    fail('algorithm', msg('services:finding.algorithm.other', { alg, issuer, expected }), msg('services:finding.algorithm.otherAdvice', { issuer }));
    go(GO_METHODS.has(alg) ? GO.algInvalid(alg) : GO.algUnavailable);
  } else {
    algorithmOk = true;
    pass('algorithm', msg('services:finding.algorithm.pass', { alg }));
  }

  // ---- Key: the kid must be one of the issuer's keys still in its JWKS.
  const kid = typeof header.kid === 'string' ? header.kid : null;
  const key = kid === null ? null : (input.issuer.keys.find((k) => k.kid === kid) ?? null);
  if (kid === null) {
    fail('kid', msg('services:finding.kid.missing'), msg('services:finding.kid.missingAdvice', { issuer }));
    go(GO.unknownKid(''));
  } else if (key === null) {
    fail('kid', msg('services:finding.kid.unknown', { kid, issuer }), msg('services:finding.kid.unknownAdvice'));
    go(GO.unknownKid(kid));
  } else {
    pass('kid', msg('services:finding.kid.pass', { kid }));
  }

  // ---- Claims in golang-jwt's order (exp, iat, nbf: the last failure is the one it reports), then the signature.
  const now = Math.floor(input.now.getTime() / 1000);
  const exp = numeric(claims.exp);
  const nbf = numeric(claims.nbf);
  const iat = numeric(claims.iat);
  let claimError: string | null = null;
  if (exp === null) {
    fail('expiry', msg('services:finding.expiry.missing'), msg('services:finding.expiry.missingAdvice'));
  } else if (now >= exp) {
    fail('expiry', msg('services:finding.expiry.expired', { ...durationParams(now - exp), at: new Date(exp * 1000).toISOString() }), msg('services:finding.expiry.expiredAdvice'));
    claimError = GO.expired(now - exp);
  } else {
    pass('expiry', msg('services:finding.expiry.pass', { ...durationParams(exp - now), at: new Date(exp * 1000).toISOString() }));
  }
  if (iat !== null && now < iat) {
    fail('issuedAt', msg('services:finding.issuedAt.future', { ...durationParams(iat - now), at: new Date(iat * 1000).toISOString() }), msg('services:finding.issuedAt.futureAdvice'));
    claimError = GO.usedBeforeIssued;
  } else {
    pass('issuedAt', iat === null ? msg('services:finding.issuedAt.missing') : msg('services:finding.issuedAt.pass', durationParams(now - iat)));
  }
  if (nbf !== null && now < nbf) {
    fail('notBefore', msg('services:finding.notBefore.future', { ...durationParams(nbf - now), at: new Date(nbf * 1000).toISOString() }), msg('services:finding.notBefore.futureAdvice'));
    claimError = GO.notValidYet;
  } else {
    pass('notBefore', nbf === null ? msg('services:finding.notBefore.missing') : msg('services:finding.notBefore.pass', { at: new Date(nbf * 1000).toISOString() }));
  }

  let signatureOk = false;
  if (!algorithmOk || key === null) {
    skip('signature', msg('services:finding.signature.skipped'));
  } else {
    try {
      await compactVerify(raw, await importJWK(key.publicJwk, key.algorithm), { algorithms: [key.algorithm] });
      signatureOk = true;
      pass('signature', msg('services:finding.signature.pass', { issuer, kid: key.kid }));
    } catch {
      fail('signature', msg('services:finding.signature.fail', { kid: key.kid }), msg('services:finding.signature.failAdvice'));
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
    pass('issuer', msg('services:finding.issuer.pass', { issuer }));
  } else {
    fail('issuer', msg('services:finding.issuer.fail', { iss: JSON.stringify(claims.iss ?? null), issuer }), msg('services:finding.issuer.failAdvice', { issuer }));
    go(GO.issuer);
  }
  const aud = claims.aud;
  const audList = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
  if (input.audience) {
    if (audList.includes(input.audience)) pass('audience', msg('services:finding.audience.pass', { audience: input.audience }));
    else {
      fail('audience', msg('services:finding.audience.fail', { aud: JSON.stringify(aud ?? null), audience: input.audience }), msg('services:finding.audience.failAdvice', { audience: input.audience }));
      go(GO.audience);
    }
  } else if (audList.length === 0) {
    fail('audience', msg('services:finding.audience.missing'), msg('services:finding.audience.missingAdvice'));
    go(GO.audience);
  } else {
    pass('audience', msg('services:finding.audience.unchecked', { aud: audList.map((a) => `"${a}"`).join(', ') }));
  }
  const sub = typeof claims.sub === 'string' ? claims.sub : null;
  if (sub === null) fail('subject', msg('services:finding.subject.missing'), msg('services:finding.subject.missingAdvice'));
  else if (!SERVICE_NAME.test(sub)) fail('subject', msg('services:finding.subject.invalid', { sub: JSON.stringify(sub) }), msg('services:finding.subject.invalidAdvice'));
  else pass('subject', msg('services:finding.subject.pass', { sub }));
  if (input.clientCertificateCn == null) {
    skip('certificate', msg('services:finding.certificate.skipped'));
  } else if (sub === input.clientCertificateCn) {
    pass('certificate', msg('services:finding.certificate.pass', { sub }));
  } else {
    fail('certificate', msg('services:finding.certificate.fail', { sub: JSON.stringify(sub), cn: input.clientCertificateCn }), msg('services:finding.certificate.failAdvice'));
    go(GO.subject(sub ?? '', input.clientCertificateCn));
  }

  if (!input.policy) {
    skip('scope', msg('services:finding.scope.noPolicy'));
  } else if (sub === null) {
    skip('scope', msg('services:finding.scope.noSub'));
  } else {
    const scope = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
    const notGranted = scope.filter((s) => !decide(input.policy!, sub, s).allowed);
    const action = input.action ?? null;
    const actionDecision = action ? decide(input.policy, sub, action) : null;
    if (actionDecision && !actionDecision.allowed) {
      fail('scope', actionDecision.reason, msg('services:finding.scope.deniedAdvice', { action: action!, sub }));
      go(GO.policy(sub, action!));
    } else if (notGranted.length > 0) {
      fail('scope', msg('services:finding.scope.notGranted', { scope: notGranted.join(', '), sub }), msg('services:finding.scope.notGrantedAdvice'));
      // The middleware decides by the policy file, not the scope: it lets an action the policy grants through.
    } else {
      pass('scope', actionDecision ? actionDecision.reason : scope.length > 0 ? msg('services:finding.scope.pass', { scope: scope.join(', ') }) : msg('services:finding.scope.empty'));
    }
  }
  return result(header, claims);
}
