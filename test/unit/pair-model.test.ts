/** The mTLS pair wizard: one screen, names in one field, a request the contract accepts. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IssuePair } from '../../shared/ipc/contract.js';
import { canIssue, fieldFromPath, initialPair, pairErrors, pairReducer, toRequest, visiblePairErrors, type PairAction } from '../../renderer/wizards/mtls-pair/model.js';

const CA = 'c'.repeat(32);
const run = (actions: PairAction[], state = initialPair(CA)) => actions.reduce(pairReducer, state);

describe('mTLS pair model', () => {
  test('three inputs make a valid request when the CA is preselected', () => {
    const state = run([
      { type: 'set', field: 'serviceName', value: 'orders' },
      { type: 'set', field: 'names', value: 'orders.acme.internal,\n10.1.2.3  fd00::1' },
    ]);
    assert.ok(canIssue(state));
    const request = IssuePair.parse(toRequest(state, 'op-2'));
    assert.deepEqual(request.dnsNames, ['orders.acme.internal']);
    assert.deepEqual(request.ipAddresses, ['10.1.2.3', 'fd00::1']);
    assert.equal(request.clientUri, undefined);
    assert.equal(request.authorityId, CA);
  });

  test('errors wait for the user to leave a field or press Issue', () => {
    const typed = run([{ type: 'set', field: 'names', value: 'bad..name' }]);
    assert.deepEqual(visiblePairErrors(typed), {});
    const submitted = run([{ type: 'submit' }], typed);
    const errors = visiblePairErrors(submitted);
    assert.equal(errors.names, 'A DNS name cannot have an empty label (two dots in a row)');
    assert.equal(errors.serviceName, 'Service name is required');
    assert.equal(pairErrors(run([{ type: 'set', field: 'names', value: '' }], submitted)).names, 'Give at least one DNS name or IP address the service is reached at');
  });

  test('a client URI is checked, and no CA means choose one', () => {
    const state = run([{ type: 'set', field: 'clientUri', value: 'spiffe://Acme/x?y' }], initialPair());
    const errors = pairErrors(state);
    assert.match(errors.clientUri ?? '', /SPIFFE ID/);
    assert.equal(errors.authorityId, 'Choose the CA that signs both certificates');
  });

  test("main's fields map back to the form", () => {
    assert.equal(fieldFromPath('dnsNames.1'), 'names');
    assert.equal(fieldFromPath('sans'), 'names');
    assert.equal(fieldFromPath('subject.commonName'), 'serviceName');
    assert.equal(fieldFromPath('clientUri'), 'clientUri');
    const refused = run([
      { type: 'set', field: 'serviceName', value: 'orders' },
      { type: 'set', field: 'names', value: 'orders.elsewhere' },
      { type: 'serverError', field: 'names', message: 'outside the constraints' },
    ]);
    assert.equal(visiblePairErrors(refused).names, 'outside the constraints');
    assert.equal(canIssue(refused), false);
    assert.equal(pairErrors(run([{ type: 'set', field: 'names', value: 'x.acme.internal' }], refused)).names, undefined);
    const again = run([{ type: 'reset' }], refused);
    assert.deepEqual([again.serviceName, again.names, again.authorityId, again.touched.size], ['', '', CA, 0]);
  });
});
