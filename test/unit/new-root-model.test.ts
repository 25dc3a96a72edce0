/** The New root CA wizard's pure model: validation, step rules and the request it builds. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NewRootAuthority } from '../../shared/ipc/contract.js';
import {
  expiryDate,
  fieldFromPath,
  initialState,
  toRequest,
  validate,
  visibleErrors,
  wizardReducer,
  type WizardAction,
  type WizardState,
} from '../../renderer/wizards/new-root/model.js';
import { subjectPreview } from '../../renderer/wizards/shared/subject.js';

const run = (actions: WizardAction[], state: WizardState = initialState()) => actions.reduce(wizardReducer, state);
const type = (field: 'commonName' | 'organization' | 'country', value: string): WizardAction => ({ type: 'subject', field, value });

describe('new root wizard model', () => {
  test('starts on identity with P-256, 3650 days and no path length, showing no errors yet', () => {
    const state = initialState();
    assert.equal(state.step, 'identity');
    assert.equal(state.keyAlgorithm, 'p256');
    assert.equal(state.validityDays, '3650');
    assert.equal(state.pathLength, '');
    assert.equal(validate(state).commonName, 'Common name is required');
    assert.deepEqual(visibleErrors(state), {});
  });

  test('Next with an invalid step stays and reveals its errors', () => {
    const state = run([{ type: 'next' }]);
    assert.equal(state.step, 'identity');
    assert.equal(visibleErrors(state).commonName, 'Common name is required');
  });

  test('validates as you type, with the same messages main would give', () => {
    const state = run([type('commonName', 'Acme Root'), type('country', 'Deu')]);
    assert.match(visibleErrors(state).country ?? '', /two-letter ISO 3166 code/);
    assert.equal(visibleErrors(run([type('country', 'de')], state)).country, undefined);
    assert.match(validate(run([type('commonName', 'x'.repeat(65))])).commonName ?? '', /at most 64/);
  });

  test('numbers typed as text: validity and path length', () => {
    const base = run([type('commonName', 'Acme Root')]);
    assert.equal(validate(run([{ type: 'validityDays', value: 'abc' }], base)).validityDays, 'Validity must be a whole number of days');
    assert.match(validate(run([{ type: 'validityDays', value: '0' }], base)).validityDays ?? '', /at least 1 day/);
    assert.match(validate(run([{ type: 'validityDays', value: String(31 * 365) }], base)).validityDays ?? '', /at most/);
    assert.match(validate(run([{ type: 'pathLength', value: '9' }], base)).pathLength ?? '', /at most 8/);
    assert.match(validate(run([{ type: 'pathLength', value: '-1' }], base)).pathLength ?? '', /whole number/);
    assert.deepEqual(validate(run([{ type: 'pathLength', value: ' 2 ' }], base)), {});
  });

  test('walks identity → key → review, and goto cannot skip an invalid step', () => {
    assert.equal(run([{ type: 'goto', step: 'review' }]).step, 'identity');
    const state = run([type('commonName', 'Acme Root'), { type: 'next' }, { type: 'keyAlgorithm', value: 'rsa4096' }, { type: 'next' }]);
    assert.equal(state.step, 'review');
    assert.equal(run([{ type: 'back' }], state).step, 'key');
    assert.equal(run([{ type: 'goto', step: 'identity' }], state).step, 'identity');
  });

  test('builds a request the contract accepts, with the operation id', () => {
    const state = run([type('commonName', ' Acme Root '), type('organization', ''), type('country', 'de'), { type: 'validityDays', value: '7300' }, { type: 'pathLength', value: '1' }]);
    const request = toRequest(state, 'op-1');
    const parsed = NewRootAuthority.strict().parse(request);
    assert.deepEqual(parsed.subject, { commonName: 'Acme Root', country: 'DE' });
    assert.equal(parsed.validityDays, 7300);
    assert.equal(parsed.pathLength, 1);
    assert.equal(parsed.operationId, 'op-1');
    assert.equal(toRequest(run([{ type: 'pathLength', value: '' }], state)).pathLength, null);
  });

  test("a field main refused sends the user to that field's step until it is edited", () => {
    const review = run([type('commonName', 'Acme Root'), { type: 'next' }, { type: 'next' }]);
    const field = fieldFromPath('subject.commonName');
    assert.equal(field, 'commonName');
    const refused = run([{ type: 'serverError', field: 'commonName', message: 'Refused by main' }], review);
    assert.equal(refused.step, 'identity');
    assert.equal(visibleErrors(refused).commonName, 'Refused by main');
    assert.equal(visibleErrors(run([type('commonName', 'Acme Root 2')], refused)).commonName, undefined);
  });

  test('expiry date and subject preview', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    assert.equal(expiryDate(now, '365')?.toISOString(), '2027-01-01T00:00:00.000Z');
    assert.equal(expiryDate(now, 'x'), undefined);
    assert.equal(expiryDate(now, '0'), undefined);
    const subject = { ...initialState().subject, commonName: 'Acme, Root', organization: 'Acme', country: 'de' };
    assert.equal(subjectPreview(subject), 'CN=Acme\\, Root,O=Acme,C=DE');
  });
});
