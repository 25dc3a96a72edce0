import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toPem } from '../../electron/engine/pem.js';
import { estimateStrength, Passphrase } from '../../shared/validation/passphrase.js';
import { SubjectInput } from '../../shared/validation/subject.js';

describe('subject validation', () => {
  test('trims, upper-cases the country and drops empty optional fields', () => {
    const parsed = SubjectInput.parse({ commonName: '  Acme Root ', organization: '', country: 'de', locality: '   ' });
    assert.deepEqual(parsed, { commonName: 'Acme Root', country: 'DE' });
  });

  test('refuses what X.509 tools choke on, with a message for a person', () => {
    const message = (input: unknown) => SubjectInput.safeParse(input).error?.issues[0]?.message;
    assert.equal(message({ commonName: '   ' }), 'Common name is required');
    assert.equal(message({ commonName: 'x', country: 'DEU' }), 'Country must be a two-letter ISO 3166 code, such as DE or US');
    assert.equal(message({ commonName: 'a\nb' }), 'Common name must not contain control characters');
    assert.equal(message({ commonName: 'x'.repeat(65) }), 'Common name can be at most 64 characters');
    assert.equal(message({ commonName: 'x', state: 's'.repeat(129) }), 'State or province can be at most 128 characters');
  });
});

describe('passphrase', () => {
  test('minimum length is enforced by the schema', () => {
    assert.equal(Passphrase.safeParse('eleven char').success, false);
    assert.equal(Passphrase.safeParse('twelve chars').success, true);
  });

  test('strength hints rank obvious, fair and strong passphrases', () => {
    assert.equal(estimateStrength('short').strength, 'too short');
    assert.equal(estimateStrength('aaaaaaaaaaaaaaaa').strength, 'weak');
    assert.equal(estimateStrength('password1234').strength, 'weak');
    assert.equal(estimateStrength('lanternblue42').strength, 'fair');
    assert.equal(estimateStrength('correct horse battery staple 7!').strength, 'strong');
  });
});

describe('toPem', () => {
  test('wraps at 64 characters with no blank line, also when the body is a whole number of lines', () => {
    for (const size of [1, 47, 48, 49, 96, 300]) {
      const pem = toPem('TEST', new Uint8Array(size).fill(7));
      const lines = pem.trimEnd().split('\n');
      assert.equal(lines[0], '-----BEGIN TEST-----');
      assert.equal(lines.at(-1), '-----END TEST-----');
      const body = lines.slice(1, -1);
      assert.ok(body.every((l) => l.length > 0 && l.length <= 64), `size ${size}`);
      assert.deepEqual(Buffer.from(body.join(''), 'base64'), Buffer.alloc(size, 7));
    }
  });
});
