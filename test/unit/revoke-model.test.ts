/** The revoke wizard: a reason is required, the invalidity date may not be in the future, the review says what happens. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RevokeRequest } from '../../shared/ipc/contract.js';
import { canRevoke } from '../../shared/domain/revocation.js';
import { crlWarning } from '../../renderer/views/crl-warning.js';
import { consequences, initialState, machine, revokeReducer, toRequest, type RevokeAction } from '../../renderer/wizards/revoke/model.js';

const NOW = new Date('2026-12-01T12:00:00Z');
const ID = 'b'.repeat(32);
const run = (actions: RevokeAction[], state = initialState(NOW)) => actions.reduce(revokeReducer, state);
const target = (cn: string) => ({ issuerCommonName: 'Acme Issuing CA', subject: { commonName: cn } });

describe('revoke wizard model', () => {
  test('a reason is required before the review', () => {
    const state = run([{ type: 'next' }]);
    assert.equal(state.step, 'reason');
    assert.equal(machine.visible(state).reason, 'Choose why the certificate is revoked');
    const chosen = run([{ type: 'reason', value: 'superseded' }, { type: 'next' }]);
    assert.equal(chosen.step, 'review');
    assert.deepEqual(RevokeRequest.parse(toRequest([ID], chosen)), { ids: [ID], reason: 'superseded', invalidityDate: null });
  });

  test('the invalidity date is read as local time, and may not lie in the future', () => {
    const future = run([{ type: 'reason', value: 'keyCompromise' }, { type: 'invalidityDate', value: '2026-12-03T08:00' }, { type: 'next' }]);
    assert.equal(future.step, 'reason');
    assert.match(machine.visible(future).invalidityDate ?? '', /cannot be in the future/);
    const past = run([{ type: 'invalidityDate', value: '2026-11-30T08:00' }, { type: 'next' }], future);
    assert.equal(past.step, 'review');
    assert.equal(toRequest([ID], past).invalidityDate, new Date('2026-11-30T08:00').toISOString());
    assert.match(machine.visible(run([{ type: 'invalidityDate', value: 'yesterday' }], future)).invalidityDate ?? '', /Enter a date and time/);
  });

  test('the review says who is refused from which CRL, and whether it is final', () => {
    const [who, final] = consequences([target('orders')], 'keyCompromise');
    assert.match(who ?? '', /refuse “orders” from the next CRL of Acme Issuing CA/);
    assert.match(final ?? '', /Key compromise is final/);
    assert.match(consequences([target('a'), target('b')], 'certificateHold').join(' '), /these 2 certificates[\s\S]*A hold can be lifted later/);
  });

  test('only certificates not revoked, or on hold, can be revoked', () => {
    assert.equal(canRevoke(null), true);
    assert.equal(canRevoke({ reason: 'certificateHold', revokedAt: NOW.toISOString(), invalidityDate: null }), true);
    assert.equal(canRevoke({ reason: 'superseded', revokedAt: NOW.toISOString(), invalidityDate: null }), false);
  });

  test('the authority view warns a day before a CRL lapses, and after', () => {
    const at = (hours: number) => ({ number: 7, nextUpdate: new Date(NOW.getTime() + hours * 3_600_000).toISOString() });
    assert.equal(crlWarning(at(25), NOW), null);
    assert.match(crlWarning(at(5), NOW) ?? '', /^CRL #7 expires within 5 hours: /);
    assert.match(crlWarning(at(-1), NOW) ?? '', /^CRL #7 expired .*refuse every certificate of this CA/);
  });
});
