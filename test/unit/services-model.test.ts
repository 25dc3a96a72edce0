/**
 * The Services view's pure logic (renderer/views/services/model.ts): names, ports and lifetimes as
 * typed, the token endpoint's curl line and its bundle file names, services in words, a token's
 * checks and claims, positions in the policy text and the starter policy.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FILE_NAMES } from '../../electron/engine/export/pem-set.js';
import { TOKEN_CHECKS, TOKEN_MAX_BYTES, type ServiceCertificate, type ServiceRow, type TokenCheck, type TokenDiagnosis } from '../../shared/domain/service-identity.js';
import { parsePolicy } from '../../shared/domain/service-policy.js';
import { msg } from '../../shared/i18n/message.js';
import {
  actionProblem,
  actionsOn,
  BUNDLE_FILES,
  certificateOptionLabel,
  CHECK_LABEL,
  checkActionProblem,
  claimRows,
  curlHint,
  curlLine,
  decisionWords,
  defaultAudience,
  describeLifetime,
  endpointTargets,
  isEmptyPolicy,
  isLongLifetime,
  issuerNameProblem,
  LIFETIME_MINUTES,
  lifetimeSeconds,
  lineColumnAt,
  offsetOf,
  orList,
  PASTE_MAX_BYTES,
  pasteSizeNote,
  policyServices,
  portProblem,
  serviceHints,
  shortKid,
  shortSerial,
  spiffeIds,
  starterAdditions,
  starterText,
  starterPolicy,
  utf8Length,
  verdict,
} from '../../renderer/views/services/model.js';

const certificate = (over: Partial<ServiceCertificate> = {}): ServiceCertificate => ({
  id: 'c'.repeat(32),
  authorityId: 'a'.repeat(32),
  serialNumber: '1A:2B:3C:4D:5E:6F:70:81',
  notAfter: '2027-01-09T00:00:00.000Z',
  status: 'valid',
  uris: [],
  keyAlgorithm: 'ECDSA P-256',
  ...over,
});

const row = (name: string, over: Partial<ServiceRow> = {}): ServiceRow => ({ name, inPolicy: true, certificates: [], calls: [], calledBy: [], tokenTtlSeconds: 600, ...over });

/** The README's example: order-service calls payment-service and inventory-service; nobody calls order-service. */
const ROWS: readonly ServiceRow[] = [
  row('inventory-service', { calledBy: [{ caller: 'order-service', actions: ['inventory-service:reserve'] }] }),
  row('order-service', { certificates: [certificate()], calls: ['payment-service:charge', 'inventory-service:reserve'] }),
  row('payment-service', { calledBy: [{ caller: 'order-service', actions: ['payment-service:charge'] }], tokenTtlSeconds: 300 }),
];

const check = (id: TokenCheck['id'], outcome: TokenCheck['outcome']): TokenCheck => ({ id, outcome, message: msg('services:finding.format.pass'), advice: null });
const diagnosis = (checks: TokenCheck[]): TokenDiagnosis => ({ valid: checks.every((c) => c.outcome !== 'fail'), header: null, claims: null, checks, golangJwt: null });

describe('services model: token issuers and the endpoint', () => {
  test('an issuer name is required and follows the iss rule, said with a capital', () => {
    assert.equal(issuerNameProblem('  '), 'Give the issuer a name: it becomes the tokens’ iss');
    assert.match(issuerNameProblem('acme auth') ?? '', /^An issuer name is 1–128 letters/);
    assert.equal(issuerNameProblem('-acme'), issuerNameProblem('acme auth'));
    assert.equal(issuerNameProblem('https://auth.acme.internal'), null);
    assert.equal(issuerNameProblem('acme-auth'), null);
  });

  test('a kid is shortened to its start and end; short ones stay whole', () => {
    assert.equal(shortKid('9N267pnT5Lp0te_FU333oeWFLGs2_i80Ho48fspGKDA'), '9N267pnT5L…spGKDA');
    assert.equal(shortKid('a'.repeat(20)), 'a'.repeat(20));
  });

  test('a port is blank (any free one) or a whole number from 1024 to 65535', () => {
    assert.equal(portProblem(''), null);
    assert.equal(portProblem(' 8443 '), null);
    assert.equal(portProblem('1024'), null);
    assert.equal(portProblem('65535'), null);
    assert.equal(portProblem('1023'), 'Use a port from 1024 to 65535');
    assert.equal(portProblem('65536'), 'Use a port from 1024 to 65535');
    assert.equal(portProblem('80.5'), 'A port is a whole number from 1024 to 65535');
    assert.equal(portProblem('-1'), 'A port is a whole number from 1024 to 65535');
  });

  test('the curl line names the files the export writes into a bundle', () => {
    assert.equal(BUNDLE_FILES.ca, FILE_NAMES.ca);
    assert.equal(BUNDLE_FILES.certificate, FILE_NAMES.fullchain);
    assert.equal(BUNDLE_FILES.key, FILE_NAMES.key);
    assert.equal(curlLine('https://127.0.0.1:8443', 'payment-service'), "curl --cacert ca.pem --cert fullchain.pem --key key.pem 'https://127.0.0.1:8443/token?aud=payment-service'");
  });

  test('the curl line drops trailing slashes of the URL and encodes the audience', () => {
    assert.equal(curlLine('https://127.0.0.1:8443//', 'a.b_c-d'), "curl --cacert ca.pem --cert fullchain.pem --key key.pem 'https://127.0.0.1:8443/token?aud=a.b_c-d'");
    assert.match(curlLine('https://127.0.0.1:8443', "x' y"), /aud=x'%20y'$/);
  });

  test('the endpoint asks for the services somebody may call, with their callers', () => {
    assert.deepEqual(endpointTargets(ROWS), [
      { audience: 'inventory-service', callers: ['order-service'] },
      { audience: 'payment-service', callers: ['order-service'] },
    ]);
  });

  test('when nobody may call anybody, every service in the policy is offered, without callers; none outside it', () => {
    const rows = [row('a'), row('b'), row('stray', { inPolicy: false, certificates: [certificate()] })];
    assert.deepEqual(endpointTargets(rows), [
      { audience: 'a', callers: [] },
      { audience: 'b', callers: [] },
    ]);
    assert.deepEqual(endpointTargets([]), []);
  });

  test('a list joined with "or"', () => {
    assert.equal(orList([]), '');
    assert.equal(orList(['a']), 'a');
    assert.equal(orList(['a', 'b']), 'a or b');
    assert.equal(orList(['a', 'b', 'c']), 'a, b or c');
  });

  test('the hint under the curl line says whose bundle to run it in, and when the endpoint will refuse', () => {
    assert.equal(
      curlHint({ audience: 'payment-service', callers: ['order-service'] }),
      'Run it in the folder where the client bundle of order-service was exported (ca.pem, fullchain.pem and an unencrypted key.pem): only order-service may get tokens for payment-service.',
    );
    assert.equal(
      curlHint({ audience: 'ledger', callers: ['billing', 'orders'] }),
      'Run it in the folder where the client bundle of billing or orders was exported (ca.pem, fullchain.pem and an unencrypted key.pem): only billing or orders may get tokens for ledger.',
    );
    assert.match(curlHint({ audience: 'a', callers: [] }), /client bundle of a calling service was exported .*The policy lets no service call a yet, so the endpoint will refuse\.$/);
    assert.match(curlHint(undefined), /Name services in the policy first/);
  });
});

describe('services model: token lifetimes', () => {
  test('whole minutes from 1 to 1440, to seconds', () => {
    assert.deepEqual(lifetimeSeconds(' 10 '), { ok: true, seconds: 600 });
    assert.deepEqual(lifetimeSeconds(String(LIFETIME_MINUTES.max)), { ok: true, seconds: 86_400 });
    assert.deepEqual(lifetimeSeconds('1'), { ok: true, seconds: 60 });
    assert.deepEqual(lifetimeSeconds('0'), { ok: false, message: 'A token lives at least 1 minute' });
    assert.deepEqual(lifetimeSeconds('1441'), { ok: false, message: 'A token lives at most 24 hours (1440 minutes)' });
    for (const text of ['', '2.5', '10m', '-5']) assert.deepEqual(lifetimeSeconds(text), { ok: false, message: 'Give the lifetime in whole minutes, 1 to 1440 (24 hours)' });
  });

  test('lifetimes in words; above 15 minutes is long', () => {
    assert.equal(describeLifetime(45), '45 s');
    assert.equal(describeLifetime(600), '10 min');
    assert.equal(describeLifetime(3600), '1 h');
    assert.equal(describeLifetime(5400), '1 h 30 min');
    assert.equal(describeLifetime(86_400), '24 h');
    assert.equal(isLongLifetime(900), false);
    assert.equal(isLongLifetime(901), true);
  });
});

describe('services model: services', () => {
  test('a service outside the policy or without a client certificate is told what to do', () => {
    assert.deepEqual(
      serviceHints(row('billing', { inPolicy: false })).map((h) => h.label),
      ['Not in policy', 'No client certificate'],
    );
    assert.match(serviceHints(row('billing', { inPolicy: false }))[1]!.detail, /issue a client certificate with CN=billing\.$/);
    assert.deepEqual(serviceHints(ROWS[1]!), []);
  });

  test('the audiences are the services in the policy, in order', () => {
    assert.deepEqual(policyServices([...ROWS, row('stray', { inPolicy: false })]), ['inventory-service', 'order-service', 'payment-service']);
  });

  test('a test token is first for the first service the caller may call, else another service', () => {
    assert.equal(defaultAudience(ROWS[1]!, ROWS), 'payment-service');
    assert.equal(defaultAudience(ROWS[0]!, ROWS), 'order-service');
    assert.equal(defaultAudience(row('solo'), [row('solo')]), 'solo');
    assert.equal(defaultAudience(row('x', { calls: ['not an action'] }), []), '');
  });

  test('serials shortened to their last bytes; certificates labelled for a select', () => {
    assert.equal(shortSerial('1a:2b:3c'), '1A2B3C');
    assert.equal(shortSerial('1A:2B:3C:4D:5E:6F:70:81'), '…5E6F7081');
    assert.equal(
      certificateOptionLabel('order-service', certificate({ status: 'not-yet-valid' }), (iso) => iso.slice(0, 10)),
      'order-service · serial …5E6F7081 · expires 2027-01-09 · not yet valid',
    );
  });

  test('SPIFFE IDs among the URI SANs, each once, whatever the scheme’s case', () => {
    const certificates = [certificate({ uris: ['spiffe://acme.internal/order-service', 'https://acme.internal/'] }), certificate({ uris: ['SPIFFE://acme.internal/x', 'spiffe://acme.internal/order-service'] })];
    assert.deepEqual(spiffeIds(certificates), ['spiffe://acme.internal/order-service', 'SPIFFE://acme.internal/x']);
  });
});

describe('services model: verifying a token', () => {
  test('UTF-8 length as Buffer counts it, surrogate pairs included, a lone surrogate as three bytes', () => {
    for (const text of ['', 'abc', 'é', '€', '😀', 'a😀é€', 'x'.repeat(1000)]) assert.equal(utf8Length(text), Buffer.byteLength(text, 'utf8'), text);
    assert.equal(utf8Length('\ud800'), 3);
  });

  test('a paste above 2 MiB is refused in the window; above 16 KiB only warned of', () => {
    assert.equal(pasteSizeNote(TOKEN_MAX_BYTES), null);
    const warned = pasteSizeNote(TOKEN_MAX_BYTES + 1);
    assert.equal(warned?.blocking, false);
    assert.equal(warned?.message, 'That is 17 KiB; Certwright reads tokens of up to 16 KiB (a service token is a few hundred bytes).');
    assert.equal(pasteSizeNote(PASTE_MAX_BYTES)?.blocking, false);
    const refused = pasteSizeNote(3 * 1024 * 1024);
    assert.equal(refused?.blocking, true);
    assert.match(refused?.message ?? '', /^That is 3\.0 MiB: far too large to be a token/);
  });

  test('every check has a label', () => {
    assert.deepEqual(Object.keys(CHECK_LABEL).sort(), [...TOKEN_CHECKS].sort());
  });

  test('the verdict in one line: valid, valid with skipped checks, or which checks failed', () => {
    assert.equal(verdict(diagnosis([check('signature', 'pass'), check('audience', 'pass')])), 'Valid: every check passed');
    assert.equal(verdict(diagnosis([check('signature', 'pass'), check('certificate', 'skipped'), check('scope', 'skipped')])), 'Valid: every check that could run passed (2 skipped)');
    assert.equal(verdict(diagnosis([check('signature', 'pass'), check('audience', 'fail')])), 'Not valid: 1 check failed (Audience (aud))');
    assert.equal(verdict(diagnosis([check('signature', 'fail'), check('expiry', 'fail')])), 'Not valid: 2 checks failed (Signature, Expiry (exp))');
  });

  test('claims one per row; times also as instants; long values cut', () => {
    const rows = claimRows({ sub: 'order-service', exp: 1_800_000_000, iat: 'soon', aud: ['a', 'b'], nbf: 1e12, big: 'x'.repeat(500) });
    assert.deepEqual(rows.slice(0, 5), [
      { name: 'sub', value: 'order-service', note: null },
      { name: 'exp', value: '1800000000', note: '2027-01-15T08:00:00Z' },
      { name: 'iat', value: 'soon', note: null },
      { name: 'aud', value: '["a","b"]', note: null },
      { name: 'nbf', value: '1000000000000', note: null },
    ]);
    assert.equal(rows[5]!.value, `${'x'.repeat(400)}… (500 characters)`);
  });

  test('an action to verify is optional, else service:action', () => {
    assert.equal(actionProblem(''), null);
    assert.equal(actionProblem('payment-service:charge'), null);
    assert.equal(actionProblem('charge'), 'An action is service:action, as in payment-service:charge');
  });
});

describe('services model: the policy', () => {
  const text = '{\n  "a": 1,\n\n  "b": 2\n}';

  test('offsets to 1-based lines and columns, and back', () => {
    assert.deepEqual(lineColumnAt(text, 0), { line: 1, column: 1 });
    assert.deepEqual(lineColumnAt(text, text.indexOf('"a"')), { line: 2, column: 3 });
    assert.deepEqual(lineColumnAt(text, text.indexOf('"b"')), { line: 4, column: 3 });
    assert.deepEqual(lineColumnAt(text, 10_000), { line: 5, column: 2 });
    assert.deepEqual(lineColumnAt(text, -5), { line: 1, column: 1 });
    for (const offset of [0, 3, 5, 11, 12, 15, text.length]) {
      const { line, column } = lineColumnAt(text, offset);
      assert.equal(offsetOf(text, line, column), offset, `offset ${offset}`);
    }
  });

  test('a line or column beyond the text is clamped to it', () => {
    assert.equal(offsetOf(text, 2, 99), text.indexOf('\n', 2));
    assert.equal(offsetOf(text, 99, 1), text.length);
    assert.equal(offsetOf(text, 1, 0), 0);
  });

  test('the starter is the example plus the vault’s services, and parses', () => {
    assert.deepEqual(starterAdditions(['order-service', 'billing', 'billing', 'not a name']), ['billing']);
    const parsed = parsePolicy(starterPolicy(['billing']));
    assert.ok(parsed.ok, JSON.stringify(parsed));
    if (parsed.ok) assert.deepEqual(Object.keys(parsed.policy.services), ['order-service', 'payment-service', 'inventory-service', 'billing']);
    const example = 'Start from an example — an order service that charges payments and reserves stock — and rename the services to yours';
    assert.equal(starterText([]), `${example}.`);
    assert.equal(starterText(['billing']), `${example} (billing is added too, calling nothing yet).`);
    assert.equal(starterText(['billing', 'ledger']), `${example} (billing, ledger are added too, calling nothing yet).`);
  });

  test('an empty policy is one with no services; broken JSON is not empty', () => {
    assert.equal(isEmptyPolicy('{"version":1,"services":{}}'), true);
    assert.equal(isEmptyPolicy(starterPolicy([])), false);
    assert.equal(isEmptyPolicy('{"version":1}'), false);
    assert.equal(isEmptyPolicy('{'), false);
    assert.equal(isEmptyPolicy('null'), false);
  });

  test('the action asked about is required and an action name', () => {
    assert.equal(checkActionProblem(' '), 'Name the action, as in charge');
    assert.equal(checkActionProblem('charge'), null);
    assert.equal(checkActionProblem('1charge'), 'An action is a letter, then letters, digits, dots, dashes or underscores');
  });

  test('the actions named on a service, each once, sorted', () => {
    const policy = { version: 1 as const, services: { a: { calls: ['c:refund', 'c:charge'] }, b: { calls: ['c:charge', 'd:x'] }, c: { calls: [] } } };
    assert.deepEqual(actionsOn(policy, 'c'), ['charge', 'refund']);
    assert.deepEqual(actionsOn(policy, 'e'), []);
    assert.deepEqual(actionsOn(null, 'c'), []);
  });

  test('a decision in words, with one full stop', () => {
    assert.equal(decisionWords({ allowed: true, reason: msg('services:decision.allowed', { caller: 'a', action: 'b:c' }) }), 'Yes: The policy lets "a" call b:c.');
    assert.equal(decisionWords({ allowed: false, reason: msg('services:decision.nothing', { caller: 'a', service: 'b' }) }), 'No: The policy grants "a" nothing on b.');
  });
});
