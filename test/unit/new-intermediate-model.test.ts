/** The New intermediate wizard: clamping to the parent, path length, name constraints as you type, both requests. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NewIntermediate, NewPendingIntermediate } from '../../shared/ipc/contract.js';
import {
  cidrTokens,
  clampedTo,
  dnsConstraintTokens,
  endsWithItsParent,
  fieldFromPath,
  initialState,
  intermediateReducer,
  machine,
  toPendingRequest,
  toRequest,
  type IntermediateAction,
  type IntermediateState,
} from '../../renderer/wizards/new-intermediate/model.js';

const NOW = new Date('2026-01-10T12:00:00Z');
const ROOT = { id: 'a'.repeat(32), commonName: 'Acme Root', notAfter: '2036-01-01T00:00:00Z', pathLength: null };
const run = (actions: IntermediateAction[], state: IntermediateState = initialState(NOW, 'online', ROOT)) => actions.reduce(intermediateReducer, state);

describe('new intermediate model', () => {
  test('defaults: 1825 days, path length 0, no constraints; online needs a parent', () => {
    const state = initialState(NOW);
    assert.equal(state.validityDays, '1825');
    assert.equal(state.pathLength, '0');
    assert.equal(machine.errors(state).parentId, 'Choose the CA that signs this intermediate');
    assert.equal(machine.errors(initialState(NOW, 'offline')).parentId, undefined);
  });

  test('a validity past the parent is clamped to it, and says so', () => {
    assert.equal(clampedTo(run([])), undefined);
    assert.equal(clampedTo(run([{ type: 'validityDays', value: '4000' }]))?.toISOString(), '2036-01-01T00:00:00.000Z');
    assert.equal(clampedTo(run([{ type: 'validityDays', value: 'x' }])), undefined);
  });

  test("the default validity follows the parent: five years, or less to end well before it; the wizard warns when both end together", () => {
    assert.equal(run([]).validityDays, '1825', 'a root with ten years left: five years');
    const shortRoot = { ...ROOT, id: 'b'.repeat(32), notAfter: '2027-02-14T12:00:00Z' }; // 400 days left
    const chosen = run([{ type: 'parent', parent: shortRoot }], initialState(NOW));
    assert.equal(chosen.validityDays, '300', 'a quarter of what the parent has left stays free');
    assert.equal(endsWithItsParent(chosen), null);
    // A validity the user typed is theirs: another parent does not reset it.
    const typed = run([{ type: 'validityDays', value: '390' }, { type: 'parent', parent: ROOT }], chosen);
    assert.equal(typed.validityDays, '390');
    assert.deepEqual(endsWithItsParent(run([{ type: 'parent', parent: shortRoot }], typed)), { daysBefore: 10, marginDays: 100 });
    // At (or past) the parent's end: clamped, and both expire together.
    assert.deepEqual(endsWithItsParent(run([{ type: 'validityDays', value: '4000' }])), { daysBefore: 0, marginDays: 365 });
  });

  test("the parent's path length limits the child's", () => {
    const parent = { ...ROOT, pathLength: 1 };
    const state = run([{ type: 'pathLength', value: '1' }], initialState(NOW, 'online', parent));
    assert.match(machine.errors(state).pathLength ?? '', /allows at most 0/);
    assert.equal(machine.errors(run([{ type: 'pathLength', value: '' }])).pathLength, 'Enter a path length: 0 means it signs only leaf certificates');
  });

  test('name constraints are checked as you type', () => {
    assert.deepEqual(
      dnsConstraintTokens('acme.internal .svc.local *.x.example bad..name Bücher.example').map((t) => (t.check.ok ? t.check.value : `! ${t.check.message}`)),
      ['acme.internal', '.svc.local', '! A name constraint is a domain such as example.com, not a wildcard', '! A DNS name cannot have an empty label (two dots in a row)', 'xn--bcher-kva.example'],
    );
    assert.deepEqual(
      cidrTokens('10.0.0.0/8, fd00::/8 10.0.0.0/33 10.0.0.1').map((t) => (t.check.ok ? t.check.value : '!')),
      ['10.0.0.0/8', 'fd00::/8', '!', '!'],
    );
    const on = run([{ type: 'constraintsOn', value: true }]);
    assert.match(machine.errors(on).permittedDns ?? '', /at least one/);
    const bad = run([{ type: 'constraint', field: 'permittedIp', value: '10.0.0.0/33' }], on);
    assert.equal(machine.visible(bad).permittedIp, 'The prefix length of 10.0.0.0/33 is above 32');
  });

  test('builds requests the contract accepts, online and offline', () => {
    const state = run([
      { type: 'subject', field: 'commonName', value: 'Acme Issuing CA' },
      { type: 'constraintsOn', value: true },
      { type: 'constraint', field: 'permittedDns', value: 'acme.internal' },
      { type: 'constraint', field: 'permittedIp', value: '10.0.0.0/8' },
    ]);
    assert.deepEqual(machine.errors(state), {});
    const online = NewIntermediate.parse(toRequest(state, 'op-3'));
    assert.equal(online.parentId, ROOT.id);
    assert.deepEqual(online.nameConstraints, { permittedDns: ['acme.internal'], excludedDns: [], permittedIp: ['10.0.0.0/8'], excludedIp: [] });
    const offline = NewPendingIntermediate.parse(toPendingRequest(run([{ type: 'mode', mode: 'offline' }, { type: 'constraintsOn', value: false }], state)));
    assert.equal(offline.nameConstraints, null);
    assert.equal(offline.pathLength, 0);
  });

  test("main's fields map to steps", () => {
    assert.equal(fieldFromPath('nameConstraints.excludedIp.0'), 'excludedIp');
    assert.equal(fieldFromPath('subject.country'), 'country');
    assert.equal(fieldFromPath('parentId'), 'parentId');
    const refused = run([{ type: 'serverError', field: 'pathLength', message: 'too deep' }]);
    assert.equal(refused.step, 'constraints');
  });
});
