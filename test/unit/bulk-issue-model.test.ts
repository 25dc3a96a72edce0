/** The bulk issue wizard: a list of names checked by line, a request the contract accepts, main's refusals by line. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IssueBulk } from '../../shared/ipc/contract.js';
import {
  bulkErrors,
  bulkReducer,
  canIssue,
  cancelledMessage,
  certificateProgress,
  checkNames,
  describeCount,
  describeProblem,
  initialBulk,
  issueLabel,
  lineRange,
  MAX_BULK,
  parseNames,
  problemFromServer,
  problemLine,
  progressStep,
  resultMessage,
  toRequest,
  visibleBulkErrors,
  type BulkAction,
} from '../../renderer/wizards/bulk-issue/model.js';
import type { IssuerInfo } from '../../renderer/wizards/shared/leaf.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const CA: IssuerInfo = { id: 'c'.repeat(32), commonName: 'Acme Issuing CA', notAfter: '2031-03-01T00:00:00Z', defaultValidityDays: 45 };
const run = (actions: BulkAction[], state = initialBulk(NOW, CA)) => actions.reduce(bulkReducer, state);
const names = (n: number) => Array.from({ length: n }, (_, i) => `svc-${i}`);

describe('bulk issue model', () => {
  test('defaults: client profile, P-256, the CA’s default validity', () => {
    const state = initialBulk(NOW, CA);
    assert.equal(state.profile, 'client');
    assert.equal(state.keyAlgorithm, 'p256');
    assert.deepEqual(state.validity, { mode: 'days', days: 45 });
    // Choosing another CA follows its default, until the user picks a validity.
    const other = { ...CA, id: 'd'.repeat(32), defaultValidityDays: 7 };
    assert.deepEqual(run([{ type: 'issuer', issuer: other }], initialBulk(NOW)).validity, { mode: 'days', days: 7 });
    const chosen = run([{ type: 'validity', value: { mode: 'days', days: 90 } }, { type: 'issuer', issuer: other }]);
    assert.deepEqual(chosen.validity, { mode: 'days', days: 90 });
  });

  test('names one per line, or separated by commas, semicolons and spaces, each with its line', () => {
    assert.deepEqual(parseNames('a\n\nb, c;d  e\r\n f\n'), [
      { name: 'a', line: 1 },
      { name: 'b', line: 3 },
      { name: 'c', line: 3 },
      { name: 'd', line: 3 },
      { name: 'e', line: 3 },
      { name: 'f', line: 4 },
    ]);
    assert.deepEqual(parseNames('  \n , \n'), []);
  });

  test('300 names make a request the contract accepts, with the operation id', () => {
    const state = run([{ type: 'text', text: names(300).join('\n') }]);
    assert.ok(canIssue(state));
    assert.equal(describeCount(checkNames(state.text, state.profile)), '300 names');
    assert.equal(issueLabel(300), 'Issue 300 certificates');
    assert.equal(issueLabel(1), 'Issue 1 certificate');
    const request = IssueBulk.parse(toRequest(state, 'op-bulk'));
    assert.equal(request.serviceNames.length, 300);
    assert.equal(request.serviceNames[299], 'svc-299');
    assert.deepEqual([request.authorityId, request.profile, request.keyAlgorithm, request.operationId], [CA.id, 'client', 'p256', 'op-bulk']);
    assert.deepEqual(request.validity, { days: 45 });
  });

  test('a duplicate shows as it is typed, at its line, with where the name came first', () => {
    const state = run([{ type: 'text', text: `${names(300).join('\n')}\nsvc-17` }]);
    const check = checkNames(state.text, state.profile);
    assert.equal(check.problems.length, 1);
    assert.equal(visibleBulkErrors(state).serviceNames, 'Line 301: svc-17 is listed twice (first on line 18)');
    assert.equal(problemLine(state), 301);
    assert.equal(describeCount(check), '301 names, 1 with a problem');
    assert.equal(canIssue(state), false);
    // Fixed: no error, and the request goes.
    assert.ok(canIssue(run([{ type: 'text', text: names(300).join('\n') }], state)));
  });

  test('service names follow main’s rule; server and peer names must be DNS names too', () => {
    const bad = run([{ type: 'text', text: 'orders\nbad/name' }]);
    assert.equal(bulkErrors(bad).serviceNames, 'Line 2 (“bad/name”): Service name: letters, digits, dots, dashes and underscores, as in order-service');
    const client = run([{ type: 'text', text: 'api.internal\nbilling_service' }]);
    assert.equal(bulkErrors(client).serviceNames, undefined); // an underscore is fine in a client's common name
    const server = run([{ type: 'profile', profile: 'server' }], client);
    assert.match(bulkErrors(server).serviceNames ?? '', /^Line 2: "billing_service" is not a valid DNS label/);
    const peer = run([{ type: 'profile', profile: 'peer' }, { type: 'text', text: 'a.internal\nb..internal' }]);
    assert.equal(bulkErrors(peer).serviceNames, 'Line 2 (“b..internal”): A DNS name cannot have an empty label (two dots in a row)');
    // Main agrees: the same names are refused by the contract at the same index.
    const refused = IssueBulk.safeParse({ ...toRequest(server), authorityId: CA.id });
    assert.ok(!refused.success && refused.error.issues.some((i) => i.path.join('.') === 'serviceNames.1'));
  });

  test('an empty list waits for leaving the field or pressing Issue; too many is refused at once', () => {
    const empty = run([{ type: 'text', text: ' ' }]);
    assert.deepEqual(visibleBulkErrors(empty), {});
    assert.equal(visibleBulkErrors(run([{ type: 'touch', field: 'serviceNames' }], empty)).serviceNames, 'Give at least one service name');
    const submitted = run([{ type: 'submit' }], initialBulk(NOW));
    assert.deepEqual(Object.keys(visibleBulkErrors(submitted)).sort(), ['authorityId', 'serviceNames']);
    const tooMany = run([{ type: 'text', text: names(MAX_BULK + 1).join(' ') }]);
    assert.equal(MAX_BULK, 100_000);
    assert.match(visibleBulkErrors(tooMany).serviceNames ?? '', /^At most 100,000 certificates at once; this list has 100,001/);
  });

  test('validity: the shared rules (never beyond the CA)', () => {
    const late = run([{ type: 'validity', value: { mode: 'date', date: '2032-01-01' } }, { type: 'text', text: 'a' }]);
    assert.match(bulkErrors(late).validity ?? '', /^The issuing CA is valid only until /);
    const date = run([{ type: 'validity', value: { mode: 'date', date: '2026-06-30' } }, { type: 'text', text: 'a' }]);
    assert.ok(canIssue(date));
    assert.ok('notAfter' in (toRequest(date).validity ?? {}));
  });

  test("main's refusal serviceNames.17 points at the line of the 18th name", () => {
    const text = names(20).join('\n');
    const state = run([{ type: 'text', text }]);
    const found = problemFromServer(state, 'serviceNames.17', 'svc-17 is outside the name constraints of Acme Issuing CA');
    assert.deepEqual(found, { field: 'serviceNames', problem: { line: 18, name: 'svc-17', message: 'svc-17 is outside the name constraints of Acme Issuing CA' } });
    const refused = run([{ type: 'serverError', field: found!.field, problem: found!.problem }], state);
    assert.equal(visibleBulkErrors(refused).serviceNames, 'Line 18: svc-17 is outside the name constraints of Acme Issuing CA');
    assert.equal(problemLine(refused), 18);
    assert.equal(canIssue(refused), false);
    // Editing the list forgets main's complaint.
    assert.equal(bulkErrors(run([{ type: 'text', text: `${text}\nsvc-20` }], refused)).serviceNames, undefined);
    // With blank lines and several names per line, the line is where the name really is.
    const mixed = run([{ type: 'text', text: 'a, b\n\nc d' }]);
    assert.equal(problemFromServer(mixed, 'serviceNames.3', 'x')?.problem.line, 3);
    // A name constraint violation names the SAN, not the index: found by the name it starts with.
    const server = run([{ type: 'profile', profile: 'server' }, { type: 'text', text: 'a.acme.internal\nB.elsewhere.example' }]);
    assert.equal(problemFromServer(server, 'sans', 'b.elsewhere.example is outside the name constraints of Acme Issuing CA: it permits only acme.internal')?.problem.line, 2);
    assert.deepEqual(problemFromServer(server, 'validity.days', 'Validity can be at most 3650 days'), { field: 'validity', problem: { message: 'Validity can be at most 3650 days' } });
    assert.equal(problemFromServer(server, 'operationId', 'x'), undefined);
  });

  test('lineRange selects one line of the text', () => {
    const text = 'alpha\r\nbeta\ngamma';
    assert.deepEqual(lineRange(text, 1), { start: 0, end: 5 });
    assert.equal(text.slice(lineRange(text, 2)!.start, lineRange(text, 2)!.end), 'beta');
    assert.equal(text.slice(lineRange(text, 3)!.start, lineRange(text, 3)!.end), 'gamma');
    assert.equal(lineRange(text, 4), undefined);
    assert.equal(lineRange(text, 0), undefined);
  });

  test('progress counts certificates: the same fraction of main’s steps, never ahead', () => {
    // Main: two steps per certificate and a last one (2n + 1).
    const total = 2 * 300 + 1;
    assert.deepEqual(certificateProgress({ step: 'Starting…', done: 0, total: 1 }, 300), { step: 'Starting…', done: 0, total: 300 });
    const mid = certificateProgress({ step: 'Issuing 33–48 of 300', done: 64, total }, 300);
    assert.equal(mid.total, 300);
    assert.ok(mid.done > 0 && mid.done <= 32, String(mid.done));
    assert.equal(mid.step, 'Issuing 33–48 of 300');
    assert.equal(certificateProgress({ step: 'Sealing the key and saving', done: 600, total }, 300).done, 299);
    assert.equal(certificateProgress({ step: 'Done', done: total, total }, 300).done, 300);
    // The batch being issued stays in words while main signs it.
    assert.equal(progressStep('Starting…', 'Issuing 1–16 of 300'), 'Issuing 1–16 of 300');
    assert.equal(progressStep('Issuing 1–16 of 300', 'Signing'), 'Issuing 1–16 of 300');
    assert.equal(progressStep('Issuing 289–300 of 300', 'Sealing the key and saving'), 'Sealing the key and saving');
    assert.equal(progressStep('Starting…', 'Signing'), 'Signing');
  });

  test('the result in words, and another batch keeps the choices', () => {
    assert.equal(resultMessage(1000, 'client', 'Acme Issuing CA'), `${(1000).toLocaleString()} client certificates issued under Acme Issuing CA`);
    assert.equal(resultMessage(1, 'server', 'Acme Root CA'), '1 server certificate issued under Acme Root CA');
    assert.equal(cancelledMessage(3000, 10_000, 'client', 'Acme Issuing CA'), `Issued ${(3000).toLocaleString()} of ${(10_000).toLocaleString()} client certificates under Acme Issuing CA; cancelled`);
    assert.equal(cancelledMessage(0, 1, 'peer', 'Acme Root CA'), 'Issued 0 of 1 peer certificate under Acme Root CA; cancelled');
    const state = run([{ type: 'profile', profile: 'peer' }, { type: 'keyAlgorithm', value: 'ed25519' }, { type: 'text', text: 'a.internal' }, { type: 'submit' }, { type: 'reset' }]);
    assert.deepEqual([state.text, state.profile, state.keyAlgorithm, state.issuer?.id, state.touched.size], ['', 'peer', 'ed25519', CA.id, 0]);
    assert.equal(describeProblem({ message: 'Give at least one service name' }), 'Give at least one service name');
  });
});
