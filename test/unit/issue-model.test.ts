/** The Issue certificate wizard's pure model and the shared step machine it runs on. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IssueCertificate } from '../../shared/ipc/contract.js';
import { typeDraft, EMPTY_SAN_DRAFT } from '../../renderer/components/san-model.js';
import { fieldFromPath, initialState, issueReducer, machine, toRequest, type IssueAction, type IssueState } from '../../renderer/wizards/issue/model.js';

const NOW = new Date('2026-01-10T12:00:00Z');
const ROOT = { id: 'a'.repeat(32), commonName: 'Acme Root', notAfter: '2036-01-10T12:00:00Z', defaultValidityDays: 45 };
const SHORT = { id: 'b'.repeat(32), commonName: 'Short CA', notAfter: '2026-02-01T00:00:00Z', defaultValidityDays: 7 };
const run = (actions: IssueAction[], state: IssueState = initialState(NOW)) => actions.reduce(issueReducer, state);

describe('issue wizard model', () => {
  test('needs a CA; the CA brings its default validity until the user picks one', () => {
    const start = run([{ type: 'next' }]);
    assert.equal(start.step, 'issuer');
    assert.equal(machine.visible(start).authorityId, 'Choose the CA that signs this certificate');
    const chosen = run([{ type: 'issuer', issuer: ROOT }]);
    assert.deepEqual(chosen.leaf.validity, { mode: 'days', days: 45 });
    const picked = run([{ type: 'validity', value: { mode: 'days', days: 7 } }, { type: 'issuer', issuer: SHORT }, { type: 'issuer', issuer: ROOT }], chosen);
    assert.deepEqual(picked.leaf.validity, { mode: 'days', days: 7 });
  });

  test('server needs a DNS or IP SAN; a valid name left in the input is added on Next', () => {
    const subject = run([{ type: 'issuer', issuer: ROOT }, { type: 'next' }, { type: 'subject', field: 'commonName', value: 'api' }]);
    assert.equal(subject.step, 'subject');
    const blocked = run([{ type: 'next' }], subject);
    assert.equal(blocked.step, 'subject');
    assert.match(machine.visible(blocked).sans ?? '', /needs at least one DNS name or IP address/);
    const client = run([{ type: 'profile', profile: 'client' }], subject);
    assert.equal(machine.errors(client).sans, undefined);
    const typed = run([{ type: 'sans', sans: [], draft: typeDraft(EMPTY_SAN_DRAFT, 'api.acme.internal') }, { type: 'next' }], subject);
    assert.equal(typed.step, 'key');
    assert.deepEqual(typed.leaf.sans, [{ type: 'dns', value: 'api.acme.internal' }]);
    const invalid = run([{ type: 'sans', sans: [], draft: typeDraft(EMPTY_SAN_DRAFT, 'bad..name') }, { type: 'next' }], subject);
    assert.equal(invalid.step, 'subject');
  });

  test('refuses a validity beyond the issuer, and builds a request the contract accepts', () => {
    const base = run([
      { type: 'issuer', issuer: SHORT },
      { type: 'subject', field: 'commonName', value: 'api' },
      { type: 'sans', sans: [{ type: 'dns', value: 'api.acme.internal' }], draft: EMPTY_SAN_DRAFT },
      { type: 'validity', value: { mode: 'days', days: 90 } },
    ]);
    assert.match(machine.errors(base).validity ?? '', /The issuing CA is valid only until/);
    const ok = run([{ type: 'validity', value: { mode: 'days', days: 7 } }, { type: 'keyAlgorithm', value: 'p384' }], base);
    assert.deepEqual(machine.errors(ok), {});
    const parsed = IssueCertificate.parse(toRequest(ok, 'op-1'));
    assert.equal(parsed.authorityId, SHORT.id);
    assert.equal(parsed.keyAlgorithm, 'p384');
    assert.deepEqual(parsed.validity, { days: 7 });
    assert.equal(parsed.operationId, 'op-1');
  });

  test("main's field errors land on the right step and are forgotten when the CA changes", () => {
    assert.equal(fieldFromPath('subject.commonName'), 'commonName');
    assert.equal(fieldFromPath('sans.0.value'), 'sans');
    assert.equal(fieldFromPath('validity'), 'validity');
    assert.equal(fieldFromPath('operationId'), undefined);
    const review = run([
      { type: 'issuer', issuer: ROOT },
      { type: 'subject', field: 'commonName', value: 'api' },
      { type: 'sans', sans: [{ type: 'dns', value: 'api.other' }], draft: EMPTY_SAN_DRAFT },
      { type: 'next' },
      { type: 'next' },
      { type: 'next' },
    ]);
    assert.equal(review.step, 'review');
    const refused = run([{ type: 'serverError', field: 'sans', message: 'api.other is outside the name constraints' }], review);
    assert.equal(refused.step, 'subject');
    assert.equal(machine.visible(refused).sans, 'api.other is outside the name constraints');
    assert.equal(machine.errors(run([{ type: 'issuer', issuer: SHORT }], refused)).sans, undefined);
  });
});
