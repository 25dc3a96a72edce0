/**
 * What an OCSP request may make the CA key sign: the nonce (RFC 8954: 1 to 32 bytes) and the CertIDs
 * are echoed into the signed response, so parseOcspRequest bounds both; anything else is a
 * malformedRequest, answered unsigned. The responder over HTTP is proven with openssl in
 * ocsp.interop.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as ocsp from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import * as x509 from '@peculiar/asn1-x509';
import { MAX_OCSP_NONCE_BYTES, OcspRequestError, parseOcspRequest } from '../../electron/engine/ocsp.js';

const SHA1 = '1.3.14.3.2.26';
const SHA256 = '2.16.840.1.101.3.4.2.1';
const NULL_PARAMETERS = new Uint8Array([0x05, 0x00]).buffer;

function certId(options: { algorithm?: string; parameters?: ArrayBuffer | null; hashBytes?: number; serialBytes?: number } = {}): ocsp.CertID {
  const hashBytes = options.hashBytes ?? 20;
  return new ocsp.CertID({
    hashAlgorithm: new x509.AlgorithmIdentifier({ algorithm: options.algorithm ?? SHA1, parameters: options.parameters === undefined ? NULL_PARAMETERS : options.parameters }),
    issuerNameHash: new OctetString(new Uint8Array(hashBytes).fill(1)),
    issuerKeyHash: new OctetString(new Uint8Array(hashBytes).fill(2)),
    serialNumber: new Uint8Array(options.serialBytes ?? 16).fill(0x31).buffer,
  });
}

/** A request for `ids`, with nonce extension values as given (raw extnValue bytes). */
function request(ids: ocsp.CertID[], nonceValues: Uint8Array[] = []): Uint8Array {
  const tbsRequest = new ocsp.TBSRequest({ requestList: ids.map((reqCert) => new ocsp.Request({ reqCert })) });
  if (nonceValues.length > 0) tbsRequest.requestExtensions = nonceValues.map((value) => new x509.Extension({ extnID: ocsp.id_pkix_ocsp_nonce, critical: false, extnValue: new OctetString(value) }));
  return new Uint8Array(AsnConvert.serialize(new ocsp.OCSPRequest({ tbsRequest })));
}

/** RFC 8954's form: the nonce as an OCTET STRING inside the extension value. */
const wrapped = (bytes: number) => new Uint8Array(AsnConvert.serialize(new OctetString(new Uint8Array(bytes).fill(9))));

describe('parseOcspRequest bounds what is echoed', () => {
  test('nonces of 1 to 32 bytes, wrapped or bare, are echoed exactly', () => {
    for (const bytes of [1, 16, MAX_OCSP_NONCE_BYTES]) {
      const value = wrapped(bytes);
      assert.deepEqual(new Uint8Array(parseOcspRequest(request([certId()], [value])).nonce!), value);
    }
    const bare = new Uint8Array(20).fill(0xab);
    assert.deepEqual(new Uint8Array(parseOcspRequest(request([certId()], [bare])).nonce!), bare);
    assert.equal(parseOcspRequest(request([certId()])).nonce, null);
  });

  test('an empty, a 33-byte (wrapped or bare) or a second nonce is malformed', () => {
    const cases: Array<[string, Uint8Array[]]> = [
      ['empty wrapped', [wrapped(0)]],
      ['33 wrapped', [wrapped(33)]],
      ['1000 wrapped (long length form)', [wrapped(1000)]],
      ['33 bare', [new Uint8Array(33).fill(0xab)]],
      ['empty bare', [new Uint8Array(0)]],
      ['two nonces', [wrapped(8), wrapped(8)]],
    ];
    for (const [name, nonces] of cases) assert.throws(() => parseOcspRequest(request([certId()], nonces)), OcspRequestError, name);
  });

  test('CertIDs: hashes of their algorithm’s length, no parameters but NULL, serials of at most 20 octets', () => {
    assert.equal(parseOcspRequest(request([certId(), certId({ algorithm: SHA256, hashBytes: 32, parameters: null })])).certificates.length, 2);
    // A hash this responder does not use is answered (unknown), within bounds.
    assert.equal(parseOcspRequest(request([certId({ algorithm: '2.16.840.1.101.3.4.2.3', hashBytes: 64 })])).certificates[0]!.hash, null);
    const bad: Array<[string, ocsp.CertID]> = [
      ['sha1 with 32-byte hashes', certId({ hashBytes: 32 })],
      ['sha256 with 20-byte hashes', certId({ algorithm: SHA256, hashBytes: 20 })],
      ['an unknown algorithm with 4 KiB hashes', certId({ algorithm: '1.2.3.4', hashBytes: 4096 })],
      ['an unknown algorithm with a huge OID', certId({ algorithm: `1.2.${'1234567890.'.repeat(10)}1`, hashBytes: 20 })],
      ['parameters that are not NULL', certId({ parameters: new Uint8Array([0x04, 0x03, 1, 2, 3]).buffer })],
      ['a 21-octet serial', certId({ serialBytes: 21 })],
    ];
    for (const [name, id] of bad) assert.throws(() => parseOcspRequest(request([certId(), id])), OcspRequestError, name);
  });
});
