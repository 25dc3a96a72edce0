/**
 * service-policy.json (shared/domain/service-policy.ts): what parsePolicy accepts, and for what it
 * refuses the line and column a user must look at — an unknown service, a malformed or repeated
 * action, a service declared twice (JSON.parse would silently keep the second), a syntax error,
 * unknown fields, tokenMinutes out of bounds, the 1 MiB cap — then the questions a policy answers
 * (decide, scopeFor, callersOf, tokenTtlFor).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TOKEN_TTL } from '../../shared/domain/service-identity.js';
import { english } from '../../shared/i18n/english.js';
import {
  callersOf,
  decide,
  describeProblems,
  EMPTY_POLICY,
  formatPolicy,
  parsePolicy,
  POLICY_MAX_BYTES,
  scopeFor,
  splitAction,
  TOKEN_MINUTES,
  tokenTtlFor,
  type PolicyProblem,
  type ServicePolicy,
} from '../../shared/domain/service-policy.js';

/** Lines joined with \n: line numbers in the tests are the array's index + 1. */
const lines = (...text: string[]) => `${text.join('\n')}\n`;

const VALID = lines(
  '{', //                                                                         1
  '  "version": 1,', //                                                           2
  '  "services": {', //                                                           3
  '    "order-service": {', //                                                    4
  '      "calls": ["payment-service:charge", "inventory-service:reserve"]', //    5
  '    },', //                                                                    6
  '    "payment-service": { "calls": ["ledger:post"], "tokenMinutes": 5 },', //   7
  '    "inventory-service": { "calls": [] },', //                                 8
  '    "ledger": {}', //                                                          9
  '  }', //                                                                       10
  '}', //                                                                         11
);

function parsed(text: string): ServicePolicy {
  const result = parsePolicy(text);
  if (!result.ok) assert.fail(`expected a valid policy, got ${JSON.stringify(result.problems)}`);
  return result.policy;
}

function problems(text: string): readonly PolicyProblem[] {
  const result = parsePolicy(text);
  if (result.ok) assert.fail('expected the policy to be refused');
  return result.problems;
}

/** The one problem of `text`, at (line, column), its message matching. */
function refusedAt(text: string, line: number, column: number, message: RegExp): void {
  const found = problems(text);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.deepEqual({ line: found[0]!.line, column: found[0]!.column }, { line, column }, english(found[0]!.message));
  assert.match(english(found[0]!.message), message);
}

/** The column of `needle` on line `line` of `text` (1-based), to state positions without counting by hand. */
function columnOf(text: string, line: number, needle: string): number {
  const at = text.split('\n')[line - 1]!.indexOf(needle);
  assert.ok(at >= 0, `${needle} is not on line ${line}`);
  return at + 1;
}

describe('parsePolicy: a valid policy', () => {
  test('services in the order written, calls as written, tokenMinutes only where given', () => {
    const policy = parsed(VALID);
    assert.equal(policy.version, 1);
    assert.deepEqual(Object.keys(policy.services), ['order-service', 'payment-service', 'inventory-service', 'ledger']);
    assert.deepEqual(policy.services['order-service'], { calls: ['payment-service:charge', 'inventory-service:reserve'] });
    assert.deepEqual(policy.services['payment-service'], { calls: ['ledger:post'], tokenMinutes: 5 });
    // A service without "calls" calls nothing.
    assert.deepEqual(policy.services.ledger, { calls: [] });
  });

  test('formatPolicy writes what parsePolicy reads back unchanged; the empty policy is valid', () => {
    const policy = parsed(VALID);
    const text = formatPolicy(policy);
    assert.ok(text.endsWith('}\n'));
    assert.match(text, /^ {2}"version": 1,$/m);
    assert.deepEqual(parsed(text), policy);
    assert.deepEqual(parsed(formatPolicy(EMPTY_POLICY)), EMPTY_POLICY);
  });

  test('tokenMinutes at both bounds is accepted', () => {
    const policy = parsed(`{"version":1,"services":{"a":{"calls":[],"tokenMinutes":${TOKEN_MINUTES.min}},"b":{"calls":[],"tokenMinutes":${TOKEN_MINUTES.max}}}}`);
    assert.equal(policy.services.a!.tokenMinutes, 1);
    assert.equal(policy.services.b!.tokenMinutes, 24 * 60);
  });

  test('service and action names: splitAction takes service:action apart, or says null', () => {
    assert.deepEqual(splitAction('payment-service:charge'), { service: 'payment-service', action: 'charge' });
    assert.deepEqual(splitAction('a.b_c:x.y-z'), { service: 'a.b_c', action: 'x.y-z' });
    for (const bad of ['payment-service', ':charge', 'payment-service:', 'payment service:charge', 'payment-service:1charge', 'payment-service:charge:twice', `${'s'.repeat(65)}:a`]) {
      assert.equal(splitAction(bad), null, bad);
    }
  });
});

describe('parsePolicy: line-precise refusals', () => {
  test('a call to a service not declared names the line of the call and both services', () => {
    const text = VALID.replace('"inventory-service:reserve"', '"inventroy-service:reserve"');
    refusedAt(text, 5, columnOf(text, 5, '"inventroy-service:reserve"'), /^Unknown service "inventroy-service" in "inventroy-service:reserve" \(called by "order-service"\): declare "inventroy-service" under "services" or fix the name$/);
  });

  test('a malformed action: the entry itself, with an example of the right shape', () => {
    const text = VALID.replace('"ledger:post"', '"ledger/post"');
    refusedAt(text, 7, columnOf(text, 7, '"ledger/post"'), /^"ledger\/post" is not "service:action" \(for example "payment-service:charge"\)$/);
    const notString = VALID.replace('["ledger:post"]', '[42]');
    refusedAt(notString, 7, columnOf(notString, 7, '42'), /^Each entry of "calls" is a "service:action" string$/);
    const notList = VALID.replace('["ledger:post"]', '"ledger:post"');
    refusedAt(notList, 7, columnOf(notList, 7, '"ledger:post"'), /^"calls" of "payment-service" must be a list of "service:action" strings$/);
  });

  test('an action listed twice: the second one, pointing at the first one\'s line', () => {
    const text = lines(
      '{',
      '  "version": 1,',
      '  "services": {',
      '    "order-service": { "calls": [',
      '      "payment-service:charge",',
      '      "payment-service:refund",',
      '      "payment-service:charge"',
      '    ] },',
      '    "payment-service": {}',
      '  }',
      '}',
    );
    refusedAt(text, 7, 7, /^"payment-service:charge" is listed twice for "order-service" \(first on line 5\)$/);
  });

  test('a service declared twice (JSON.parse would keep the second silently): the second key, and the first one\'s line', () => {
    const text = lines('{', '  "version": 1,', '  "services": {', '    "order-service": { "calls": [] },', '    "payment-service": { "calls": [] },', '    "order-service": { "calls": ["payment-service:charge"] }', '  }', '}');
    // JSON.parse sees no problem at all: the second entry replaces the first.
    assert.deepEqual((JSON.parse(text) as { services: Record<string, unknown> }).services['order-service'], { calls: ['payment-service:charge'] });
    refusedAt(text, 6, 5, /^Service "order-service" is declared twice \(first on line 4\); merge the two entries$/);
  });

  test('a syntax error: the line and column where the parser stopped, in plain words', () => {
    const missingComma = lines('{', '  "version": 1,', '  "services": {', '    "a": { "calls": [] }', '    "b": {}', '  }', '}');
    refusedAt(missingComma, 5, 5, /^Not valid JSON: a comma was expected$/);
    const trailingComma = lines('{', '  "version": 1,', '  "services": { "a": { "calls": [], } }', '}');
    refusedAt(trailingComma, 3, columnOf(trailingComma, 3, '} }'), /^Not valid JSON: a field name \(in double quotes\) was expected$/);
    refusedAt(lines('{', '  // a comment', '  "version": 1, "services": {} }'), 2, 3, /^Not valid JSON: comments are not allowed$/);
    refusedAt('', 1, 1, /^Not valid JSON: a value was expected$/);
    refusedAt(lines('{', '  "version": 1,', '  "services": {', '    "a": { "calls": ["b:c] }'), 4, columnOf('    "a": { "calls": ["b:c] }', 1, '"b:c'), /^Not valid JSON: a string is not closed$/);
  });

  test('unknown fields, at the top and in a service, are named with what is allowed', () => {
    const top = lines('{', '  "version": 1,', '  "services": {},', '  "comment": "mine"', '}');
    refusedAt(top, 4, 3, /^Unknown field "comment": the policy has only "version" and "services"$/);
    const inService = VALID.replace('"tokenMinutes": 5', '"tokenMinutes": 5, "ttl": 300');
    refusedAt(inService, 7, columnOf(inService, 7, '"ttl"'), /^Unknown field "ttl" in "payment-service": a service has "calls" and optionally "tokenMinutes"$/);
  });

  test('the shape: an object with version 1 and a services object', () => {
    refusedAt('[]', 1, 1, /^The policy must be a JSON object with "version" and "services"$/);
    refusedAt('{"version": 2, "services": {}}', 1, 13, /^"version" must be 1 \(this file says 2\)$/);
    refusedAt('{"services": {}}', 1, 1, /^Missing "version": 1$/);
    refusedAt('{"version": 1}', 1, 1, /^Missing "services"/);
    refusedAt('{"version": 1, "services": []}', 1, 28, /^"services" must be an object/);
    refusedAt('{"version": 1, "services": {"bad name": {}}}', 1, 29, /^"bad name" is not a service name/);
    refusedAt('{"version": 1, "services": {"a": ["b:c"]}}', 1, 34, /^"a" must be an object such as/);
  });

  test('tokenMinutes outside 1–1440, fractional or a string: each one named', () => {
    const text = lines(
      '{"version": 1, "services": {',
      '  "a": { "tokenMinutes": 0 },',
      '  "b": { "tokenMinutes": 1441 },',
      '  "c": { "tokenMinutes": 1.5 },',
      '  "d": { "tokenMinutes": "5" },',
      '  "e": { "tokenMinutes": -3 }',
      '}}',
    );
    const found = problems(text);
    assert.deepEqual(
      found.map((p) => [p.line, p.column]),
      [2, 3, 4, 5, 6].map((line) => [line, columnOf(text, line, '"tokenMinutes": ') + '"tokenMinutes": '.length]),
    );
    for (const [i, name] of ['a', 'b', 'c', 'd', 'e'].entries()) assert.equal(english(found[i]!.message), `"tokenMinutes" of "${name}" must be a whole number from 1 to 1440`);
  });

  test('every problem is reported, sorted by position; describeProblems gives the first and the count', () => {
    const text = lines('{', '  "version": 1,', '  "services": {', '    "a": { "calls": ["b:x", "zz:y"], "extra": true },', '    "b": { "tokenMinutes": 0 }', '  }', '}');
    const found = problems(text);
    assert.deepEqual(
      found.map((p) => p.line),
      [4, 4, 5],
    );
    assert.ok(found[0]!.column < found[1]!.column);
    assert.match(english(found[0]!.message), /Unknown service "zz"/);
    assert.match(english(found[1]!.message), /Unknown field "extra"/);
    assert.match(english(describeProblems(found)), /^Line 4, column \d+: Unknown service "zz" .* \(and 2 more\)$/);
    assert.equal(english(describeProblems([])), 'The policy is not valid');
  });

  test('the 1 MiB cap: over it is refused before parsing; exactly 1 MiB is parsed', () => {
    const body = formatPolicy({ version: 1, services: { a: { calls: ['b:c'] }, b: { calls: [] } } });
    const atCap = body + ' '.repeat(POLICY_MAX_BYTES - body.length);
    assert.equal(atCap.length, POLICY_MAX_BYTES);
    assert.deepEqual(parsed(atCap).services.a, { calls: ['b:c'] });
    refusedAt(`${atCap} `, 1, 1, /^The policy is 1,048,577 bytes; a policy is at most 1 MiB$/);
    // A huge policy is refused as fast as a small one: nothing of it is parsed.
    const huge = `{"version":1,"services":{${'"x":{},'.repeat(400_000)}}}`;
    const start = performance.now();
    refusedAt(huge, 1, 1, /a policy is at most 1 MiB/);
    assert.ok(performance.now() - start < 50, 'refused before parsing');
  });
});

describe('what a policy answers', () => {
  const policy = parsed(VALID);

  test('decide: allowed only for a listed action, with the reason in plain words', () => {
    // The reason crosses IPC as a catalog key; in English (the CLI's words) it reads:
    const said = (caller: string, action: string) => {
      const decision = decide(policy, caller, action);
      return { allowed: decision.allowed, reason: english(decision.reason) };
    };
    assert.deepEqual(said('order-service', 'payment-service:charge'), { allowed: true, reason: 'The policy lets "order-service" call payment-service:charge' });
    assert.deepEqual(said('order-service', 'payment-service:refund'), { allowed: false, reason: '"order-service" may call payment-service:charge on payment-service, not refund' });
    assert.deepEqual(said('inventory-service', 'payment-service:charge'), { allowed: false, reason: 'The policy grants "inventory-service" nothing on payment-service' });
    assert.deepEqual(said('stranger', 'payment-service:charge'), { allowed: false, reason: '"stranger" is not in the policy: it may call nothing' });
    assert.deepEqual(said('order-service', 'billing:charge'), { allowed: false, reason: '"billing" is not in the policy' });
    assert.deepEqual(said('order-service', 'payment-service'), { allowed: false, reason: '"payment-service" is not service:action (for example payment-service:charge)' });
    // The empty policy allows nothing.
    assert.equal(decide(EMPTY_POLICY, 'order-service', 'payment-service:charge').allowed, false);
  });

  test('scopeFor: the caller\'s actions on one audience, in the order written', () => {
    assert.deepEqual(scopeFor(policy, 'order-service', 'payment-service'), ['payment-service:charge']);
    assert.deepEqual(scopeFor(policy, 'order-service', 'inventory-service'), ['inventory-service:reserve']);
    assert.deepEqual(scopeFor(policy, 'order-service', 'ledger'), []);
    assert.deepEqual(scopeFor(policy, 'stranger', 'payment-service'), []);
    // A prefix of another service's name is not that service.
    const prefixes = parsed('{"version":1,"services":{"a":{"calls":["pay:x","payment:y"]},"pay":{},"payment":{}}}');
    assert.deepEqual(scopeFor(prefixes, 'a', 'pay'), ['pay:x']);
  });

  test('callersOf: who may call a service, with which actions; tokenTtlFor: tokenMinutes or the default', () => {
    assert.deepEqual(callersOf(policy, 'payment-service'), [{ caller: 'order-service', actions: ['payment-service:charge'] }]);
    assert.deepEqual(callersOf(policy, 'ledger'), [{ caller: 'payment-service', actions: ['ledger:post'] }]);
    assert.deepEqual(callersOf(policy, 'order-service'), []);
    assert.equal(tokenTtlFor(policy, 'payment-service'), 300);
    assert.equal(tokenTtlFor(policy, 'order-service'), TOKEN_TTL.default);
    assert.equal(tokenTtlFor(policy, 'stranger'), TOKEN_TTL.default);
  });
});
