/** The export wizard: destinations pick format and target, passwords are checked as main checks them. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ExportRequest } from '../../shared/ipc/contract.js';
import { carriesKey, exportReducer, initialState, keyNote, machine, passwordWarning, toRequest, type ExportAction } from '../../renderer/wizards/export/model.js';

const ID = 'a'.repeat(32);
const run = (actions: ExportAction[], state = initialState(true)) => actions.reduce(exportReducer, state);

describe('export wizard model', () => {
  test('a PEM folder with an unencrypted key is the default, and main accepts the request', () => {
    const state = run([{ type: 'next' }]);
    assert.equal(state.step, 'protection');
    assert.deepEqual(ExportRequest.parse(toRequest(state, ID)), { id: ID, format: 'pem', target: 'modern', includeKey: true, password: null });
    assert.match(keyNote(state), /unencrypted \(mode 0600\)/);
  });

  test('the keystore for older systems is PKCS#12 legacy, and refuses a blank password with the reason', () => {
    const state = run([{ type: 'destination', value: 'p12-legacy' }, { type: 'next' }, { type: 'next' }]);
    assert.equal(state.step, 'protection', 'a blank password keeps the user on the step');
    assert.match(machine.visible(state).password ?? '', /Java 8 keytool.*refuse/);
    const typed = run([{ type: 'password', value: 'correct horse battery' }, { type: 'confirm', value: 'correct horse batterY' }], state);
    assert.equal(machine.visible(typed).confirm, 'The two passwords differ');
    const fixed = run([{ type: 'confirm', value: 'correct horse battery' }, { type: 'next' }], typed);
    assert.equal(fixed.step, 'configuration');
    assert.deepEqual(toRequest(fixed, ID), { id: ID, format: 'p12', target: 'legacy', includeKey: true, password: 'correct horse battery' });
  });

  test('short passwords warn but do not block; the password is dropped once exported', () => {
    const state = run([{ type: 'password', value: 'short' }, { type: 'confirm', value: 'short' }]);
    assert.match(passwordWarning(state) ?? '', /Shorter than 12/);
    assert.equal(toRequest(state, ID).password, 'short');
    const done = run([{ type: 'exported' }], state);
    assert.equal(done.step, 'done');
    assert.equal(done.password, '');
    assert.equal(done.confirm, '');
  });

  test('certificates-only formats never carry the key or a password', () => {
    for (const value of ['p7b', 'der', 'truststore'] as const) {
      const state = run([{ type: 'destination', value }, { type: 'password', value: 'ignored password' }]);
      assert.equal(carriesKey(state), false);
      assert.deepEqual(toRequest(state, ID), { id: ID, format: value, target: 'modern', includeKey: false, password: null });
    }
    const withoutKey = run([{ type: 'includeKey', value: false }, { type: 'password', value: 'unused password' }]);
    assert.deepEqual(toRequest(withoutKey, ID), { id: ID, format: 'pem', target: 'modern', includeKey: false, password: null });
  });

  test('a certificate signed from a CSR cannot be exported as PKCS#12, and says why', () => {
    const state = run([{ type: 'destination', value: 'p12-modern' }, { type: 'next' }], initialState(false));
    assert.equal(state.step, 'destination');
    assert.match(machine.visible(state).destination ?? '', /does not hold for a certificate signed from a CSR/);
    const folder = run([{ type: 'destination', value: 'folder' }], state);
    assert.equal(toRequest(folder, ID).includeKey, false);
  });

  test('main refusing the password takes the user back to the password', () => {
    const state = run([{ type: 'destination', value: 'p12-modern' }, { type: 'password', value: 'a long password' }, { type: 'confirm', value: 'a long password' }, { type: 'next' }, { type: 'next' }]);
    assert.equal(state.step, 'configuration');
    const refused = run([{ type: 'serverError', field: 'password', message: 'Refused by main' }], state);
    assert.equal(refused.step, 'protection');
    assert.equal(machine.visible(refused).password, 'Refused by main');
  });
});
