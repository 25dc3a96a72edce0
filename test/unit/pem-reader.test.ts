/**
 * The one PEM reader (shared/pem.ts, with the engine's byte decoding in electron/engine/pem.ts): what
 * copying does to PEM is tolerated, each block is read on its own, and a damaged block is named with
 * the same words wherever it is met (issuing, CSRs, CRLs, inspection).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { certificatesFromPem, decodeObjects, DecodeError, pemBytes, readPem, toPem } from '../../electron/engine/pem.js';
import { containsPem, countPemBlocks, pemDamageMessage, pemText } from '../../shared/pem.js';

const der = (n: number) => new Uint8Array(Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff));
const cert = toPem('CERTIFICATE', der(100));
const key = toPem('PRIVATE KEY', der(48));

describe('readPem', () => {
  test('blocks in order with their labels; CRLF, indentation and text around them are tolerated', () => {
    const text = `subject=CN=x\r\n  ${cert.replace(/\n/g, '\r\n  ')}\r\nsome words\r\n\t${key}`;
    const entries = readPem(text);
    assert.deepEqual(
      entries.map((e) => [e.index, e.label, e.ok]),
      [
        [1, 'CERTIFICATE', true],
        [2, 'PRIVATE KEY', true],
      ],
    );
    assert.deepEqual(entries.flatMap((e) => (e.ok ? [[...pemBytes(e)]] : [])), [[...der(100)], [...der(48)]]);
    assert.equal(countPemBlocks(text), 2);
    assert.equal(containsPem(text), true);
    assert.equal(containsPem('-----BEGIN certificate-----'), false);
  });

  test('RFC 1421 headers are read, not decoded as base64', () => {
    const text = `-----BEGIN RSA PRIVATE KEY-----\r\nProc-Type: 4,ENCRYPTED\r\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\r\n\r\n${Buffer.from(der(32)).toString('base64')}\r\n-----END RSA PRIVATE KEY-----\r\n`;
    const [entry] = readPem(text);
    assert.ok(entry?.ok);
    assert.deepEqual(entry.headers, { 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'AES-128-CBC,00112233445566778899AABBCCDDEEFF' });
    assert.deepEqual([...pemBytes(entry)], [...der(32)]);
  });

  test('a damaged block is named, and the blocks around it are still read', () => {
    const body = cert.split('\n').slice(1, -2).join('\n');
    const cases: Array<[string, string]> = [
      [`-----BEGIN CERTIFICATE-----\n${body}\n`, 'PEM block 2 is truncated: its END line is missing'],
      [`-----BEGIN CERTIFICATE-----\n${body}\n-----END X509 CRL-----\n`, 'PEM block 2 starts as CERTIFICATE but ends as X509 CRL'],
      [`-----BEGIN CERTIFICATE-----\n${body.replace('A', '…')}\n-----END CERTIFICATE-----\n`, 'PEM block 2 (CERTIFICATE) contains characters that are not base64'],
      ['-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----\n', 'PEM block 2 (CERTIFICATE) is empty'],
      [`-----BEGIN CERTIFICATE-----\n${body}A\n-----END CERTIFICATE-----\n`, 'PEM block 2 (CERTIFICATE) is truncated or damaged: its base64 does not decode to whole bytes'],
    ];
    for (const [damaged, message] of cases) {
      const entries = readPem(cert + damaged + key);
      assert.deepEqual(entries.map((e) => e.ok), [true, false, true]);
      const bad = entries[1]!;
      assert.ok(!bad.ok);
      assert.ok(pemDamageMessage(bad).startsWith(message), pemDamageMessage(bad));
    }
  });

  test('pemText writes 64-character lines and the reader reads them back', () => {
    const base64 = Buffer.from(der(300)).toString('base64');
    const text = pemText('X', base64);
    assert.ok(text.split('\n').every((line) => line.length <= 64));
    const [entry] = readPem(text);
    assert.ok(entry?.ok && entry.base64 === base64 && entry.text === text.trimEnd());
  });
});

describe('the engine’s readers over it', () => {
  test('decodeObjects refuses a damaged block with its reason, and reads base64 of DER', () => {
    assert.throws(() => decodeObjects(cert + '-----BEGIN CERTIFICATE-----\nAAAA'), (e: unknown) => e instanceof DecodeError && e.message === 'PEM block 2 is truncated: its END line is missing');
    assert.deepEqual(decodeObjects(` ${Buffer.from([0x30, 0x00]).toString('base64')} `), [{ label: null, der: new Uint8Array([0x30, 0x00]), index: 1 }]);
    assert.throws(() => decodeObjects('-----BEGIN certificate-----\nAAAA\n-----END certificate-----'), /PEM armour is damaged/);
  });

  test('certificatesFromPem takes CERTIFICATE blocks only, and skips or refuses a damaged one', () => {
    const damaged = '-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n';
    assert.deepEqual(certificatesFromPem(key + cert + cert).map((d) => d.length), [100, 100]);
    assert.deepEqual(certificatesFromPem(cert + damaged, 'skip').length, 1);
    assert.throws(() => certificatesFromPem(cert + damaged), DecodeError);
  });
});
