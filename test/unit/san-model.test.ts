/** The SAN editor's pure rules: type guessing, checks as you type, IDNs both ways, many names in one field. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addDraft,
  checkDraft,
  chooseSanType,
  describeSan,
  EMPTY_SAN_DRAFT,
  firstTokenError,
  removeEntry,
  sanRequirement,
  serviceNameTokens,
  splitValues,
  tokenValues,
  typeDraft,
} from '../../renderer/components/san-model.js';

describe('SAN editor model', () => {
  test('guesses the type as you type until the user picks one', () => {
    assert.equal(typeDraft(EMPTY_SAN_DRAFT, '10.0.0.1').type, 'ip');
    assert.equal(typeDraft(EMPTY_SAN_DRAFT, 'fd00::1').type, 'ip');
    assert.equal(typeDraft(EMPTY_SAN_DRAFT, 'spiffe://acme/x').type, 'uri');
    assert.equal(typeDraft(EMPTY_SAN_DRAFT, 'ops@acme.example').type, 'email');
    assert.equal(typeDraft(EMPTY_SAN_DRAFT, 'api.acme.internal').type, 'dns');
    const chosen = chooseSanType(EMPTY_SAN_DRAFT, 'uri');
    assert.equal(typeDraft(chosen, '10.0.0.1').type, 'uri', 'a chosen type is kept');
  });

  test('says what is wrong, specifically', () => {
    assert.deepEqual(checkDraft(EMPTY_SAN_DRAFT, []), { state: 'empty' });
    const check = (text: string) => checkDraft(typeDraft(EMPTY_SAN_DRAFT, text), []);
    assert.deepEqual(check('bad..name'), { state: 'invalid', message: 'A DNS name cannot have an empty label (two dots in a row)' });
    assert.deepEqual(check('10.0.0.300'), { state: 'invalid', message: '"10.0.0.300" looks like an IP address; add it as an IP SAN' });
    assert.match((check('a.*.example') as { message: string }).message, /wildcard/);
    const uri = checkDraft(chooseSanType(typeDraft(EMPTY_SAN_DRAFT, 'not a uri'), 'uri'), []);
    assert.equal(uri.state, 'invalid');
  });

  test('IDNs are shown both ways and stored as A-labels', () => {
    const check = checkDraft(typeDraft(EMPTY_SAN_DRAFT, 'Bücher.example'), []);
    assert.deepEqual(check, { state: 'valid', entry: { type: 'dns', value: 'xn--bcher-kva.example' }, unicode: 'bücher.example' });
    assert.equal(describeSan({ type: 'dns', value: 'xn--bcher-kva.example' }), 'bücher.example → xn--bcher-kva.example');
    assert.equal(describeSan({ type: 'ip', value: '10.0.0.1' }), '10.0.0.1');
  });

  test('adds, refuses duplicates, removes', () => {
    const added = addDraft([], typeDraft(EMPTY_SAN_DRAFT, 'api.acme.internal'));
    assert.ok(added);
    assert.deepEqual(added.entries, [{ type: 'dns', value: 'api.acme.internal' }]);
    assert.deepEqual(added.draft, EMPTY_SAN_DRAFT);
    assert.equal(addDraft(added.entries, typeDraft(EMPTY_SAN_DRAFT, 'API.acme.internal')), null);
    assert.deepEqual(checkDraft(typeDraft(EMPTY_SAN_DRAFT, 'API.acme.internal'), added.entries), { state: 'invalid', message: 'api.acme.internal is already in the list' });
    assert.deepEqual(removeEntry(added.entries, 0), []);
  });

  test('server and peer need a DNS name or IP; client does not', () => {
    assert.match(sanRequirement('server', []) ?? '', /server certificate needs at least one DNS name or IP address/);
    assert.match(sanRequirement('peer', [{ type: 'uri', value: 'spiffe://a/b' }]) ?? '', /peer certificate/);
    assert.equal(sanRequirement('server', [{ type: 'ip', value: '10.0.0.1' }]), undefined);
    assert.equal(sanRequirement('client', []), undefined);
  });

  test('many names in one field: any separator, each checked, duplicates flagged', () => {
    assert.deepEqual(splitValues(' a.example, b.example\n10.0.0.1;;  c '), ['a.example', 'b.example', '10.0.0.1', 'c']);
    const tokens = serviceNameTokens('orders.acme.internal, 10.1.2.3 bücher.example\n10.1.2.300 orders.acme.internal');
    assert.deepEqual(
      tokens.map((t) => (t.check.ok ? `${t.check.label} ${t.check.display}` : `! ${t.check.message}`)),
      ['DNS orders.acme.internal', 'IP 10.1.2.3', 'DNS bücher.example → xn--bcher-kva.example', '! "10.1.2.300" looks like an IP address; add it as an IP SAN', '! orders.acme.internal is listed twice'],
    );
    assert.equal(firstTokenError(tokens), '"10.1.2.300" looks like an IP address; add it as an IP SAN');
    assert.equal(tokenValues(tokens).length, 3);
  });
});
