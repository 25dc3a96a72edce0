/** Serial numbers compare the same however a tool spelled them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { positiveInteger } from '../../electron/engine/crl.js';
import { canonicalSerialHex } from '../../electron/engine/serial.js';

test('canonical serials: lower case, no separators, no leading zero bytes, whole bytes', () => {
  assert.equal(canonicalSerialHex('00:8F:0A'), '8f0a');
  assert.equal(canonicalSerialHex('00ab'), 'ab');
  assert.equal(canonicalSerialHex('abc'), '0abc');
  assert.equal(canonicalSerialHex('0ab'), 'ab');
  assert.equal(canonicalSerialHex('0000'), '00');
  assert.equal(canonicalSerialHex(''), '00');
});

test('a serial as a DER INTEGER is minimal and positive', () => {
  assert.deepEqual([...positiveInteger('8f0a')], [0x02, 0x03, 0x00, 0x8f, 0x0a]);
  assert.deepEqual([...positiveInteger('00:7f')], [0x02, 0x01, 0x7f]);
  assert.deepEqual([...positiveInteger('0ab')], [0x02, 0x02, 0x00, 0xab]);
  assert.deepEqual([...positiveInteger('')], [0x02, 0x01, 0x00]);
});
