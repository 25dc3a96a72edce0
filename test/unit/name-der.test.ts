/**
 * electron/engine/name-der.ts writes a Name's DER without the schema library (for bulk issuance):
 * it must be the library's output byte for byte, for every kind of subject Certwright writes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AsnConvert } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';
import { encodeName } from '../../electron/engine/name-der.js';
import { subjectToAsnName } from '../../electron/engine/names.js';
import type { SubjectFields } from '../../shared/validation/subject.js';

const library = (name: asn.Name) => Buffer.from(AsnConvert.serialize(name)).toString('hex');
const direct = (name: asn.Name) => Buffer.from(encodeName(name)).toString('hex');

test('subjects as Certwright writes them: the same bytes as @peculiar/asn1-schema', () => {
  const names = ['svc-1', 'Ünïcödé ñame', 'a'.repeat(200), '日本語の名前', 'emoji 🚀 name', "O'Brien & Co.", 'x'];
  let compared = 0;
  for (const commonName of names) {
    for (const organization of [undefined, 'Acme, Inc.', 'Société Générale']) {
      for (const country of [undefined, 'DE']) {
        const subject = { commonName, ...(organization ? { organization } : {}), ...(country ? { country } : {}), organizationalUnit: 'Ops', locality: 'Zürich', state: 'ZH' } as SubjectFields;
        const name = subjectToAsnName(subject);
        assert.equal(direct(name), library(name), JSON.stringify(subject));
        compared++;
      }
    }
  }
  assert.equal(compared, 42);
});

test('the other string choices, a long OID, and what it leaves to the library', () => {
  const one = (value: asn.AttributeValue, type = '2.5.4.3') => new asn.Name([new asn.RelativeDistinguishedName([new asn.AttributeTypeAndValue({ type, value })])]);
  for (const kind of ['ia5String', 'teletexString', 'bmpString', 'printableString', 'utf8String'] as const) {
    const name = one(new asn.AttributeValue({ [kind]: kind === 'bmpString' || kind === 'utf8String' ? 'Zürich ✓' : 'Zurich 1' }));
    assert.equal(direct(name), library(name), kind);
  }
  const long = one(new asn.AttributeValue({ utf8String: 'x' }), '1.3.6.1.4.1.311.60.2.1.3');
  assert.equal(direct(long), library(long));
  // Left to the library: a value that is not a string, and an RDN of two attributes.
  const any = one(new asn.AttributeValue({ anyValue: new Uint8Array([0x04, 0x01, 0x00]).buffer }));
  assert.equal(direct(any), library(any));
  const two = new asn.Name([new asn.RelativeDistinguishedName([
    new asn.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn.AttributeValue({ utf8String: 'b' }) }),
    new asn.AttributeTypeAndValue({ type: '2.5.4.10', value: new asn.AttributeValue({ utf8String: 'a' }) }),
  ])]);
  assert.equal(direct(two), library(two));
});
