/**
 * Revocation that reaches clients, the pure parts: names and URLs, the publication server's routes,
 * the CLI's --bind, the wizards' URL section and preview, the panel's defaults, and the OCSP client
 * (a request our responder parses; answers our responder signs, read back, tampered with, replayed).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as asnOcsp from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { bindOption } from '../../electron/cli/publication.js';
import { buildOcspRequest, readOcspResponse } from '../../electron/engine/ocsp-client.js';
import { buildOcspResponse, issuerHashes, ocspErrorResponse, parseOcspRequest } from '../../electron/engine/ocsp.js';
import { createRootAuthority } from '../../electron/engine/root-ca.js';
import { configuredHosts, route, type ServedCa } from '../../electron/services/publication/routes.js';
import { DEFAULT_PUBLICATION_BASE, exposureWarning, publicationName, suggestedUrls } from '../../shared/domain/publication.js';
import { english } from '../../shared/i18n/english.js';
import { isLoopbackIp } from '../../shared/validation/san.js';
import { EMPTY_URLS, extensionPreview, publicationBase, suggestion, urlErrors, urlSettings } from '../../renderer/views/publication/ca-urls.js';
import { serverDefaults, serverFormErrors } from '../../renderer/views/publication/model.js';
import { initialState as rootInitial, stepErrors, toRequest as rootRequest, wizardReducer } from '../../renderer/wizards/new-root/model.js';
import { fieldFromPath as intermediateField, initialState as intermediateInitial, intermediateReducer, toPendingRequest } from '../../renderer/wizards/new-intermediate/model.js';

describe('publication names and URLs', () => {
  test('a CA is published under its common name, lower case, safe in a path', () => {
    assert.equal(publicationName('Acme Issuing CA 1'), 'acme-issuing-ca-1');
    assert.equal(publicationName('../../etc/passwd'), 'etc-passwd');
    assert.equal(publicationName('Ünïcode ✓'), 'n-code');
    assert.equal(publicationName('***'), 'ca');
    assert.deepEqual(suggestedUrls('http://127.0.0.1:8080/', 'Acme Root'), {
      crlUrl: 'http://127.0.0.1:8080/acme-root.crl',
      ocspUrl: 'http://127.0.0.1:8080/acme-root/ocsp',
      caIssuersUrl: 'http://127.0.0.1:8080/acme-root.crt',
    });
  });

  test('another address than loopback is named, with what it exposes', () => {
    assert.equal(exposureWarning('127.0.0.1'), null);
    assert.equal(exposureWarning('::1'), null);
    assert.equal(exposureWarning('not an address'), null);
    assert.match(english(exposureWarning('192.0.2.10')!), /Other machines can reach this server: it listens on 192\.0\.2\.10\. .*who is revoked/);
    assert.ok(isLoopbackIp('127.8.0.1'));
    assert.ok(!isLoopbackIp('0.0.0.0'));
  });
});

describe('publication server routes', () => {
  const root: ServedCa = { id: 'r', name: 'acme-root', crlUrl: 'http://127.0.0.1:8080/acme-root.crl', ocspUrl: null, caIssuersUrl: null };
  const issuing: ServedCa = { id: 'i', name: 'issuing', crlUrl: 'http://pki.acme.test:8080/pki/issuing.crl', ocspUrl: 'http://pki.acme.test:8080/', caIssuersUrl: 'http://pki.acme.test:8080/acme-root.crt' };
  const served = [root, issuing];

  test('each CA at its own paths, and at the paths of its URLs that point at this port', () => {
    assert.deepEqual(route('/acme-root.crl', 'GET', served, 8080), { id: 'r', what: 'crl' });
    assert.deepEqual(route('/acme-root.crt?x=1', 'HEAD', served, 8080), { id: 'r', what: 'certificate' });
    assert.deepEqual(route('/pki/issuing.crl', 'GET', served, 8080), { id: 'i', what: 'crl' });
    assert.equal(route('/pki/issuing.crl', 'GET', served, 9090), null, 'a URL on another port is not this listener');
    assert.deepEqual(route('/issuing/ocsp', 'POST', served, 8080), { id: 'i', what: 'ocsp', request: null });
    assert.deepEqual(route('/acme-root/ocsp/MEQw', 'GET', served, 8080), { id: 'r', what: 'ocsp', request: 'MEQw' });
    assert.equal(route('/acme-root.crl', 'POST', served, 8080), null);
    assert.equal(route('/acme-root/ocsp', 'GET', [root], 8080), null, 'a GET without a request');
  });

  test("a CA's own file wins over another's URL naming it; an OCSP URL at the root takes the remaining GETs", () => {
    assert.deepEqual(route('/acme-root.crt', 'GET', served, 8080), { id: 'r', what: 'certificate' });
    assert.deepEqual(route('/', 'POST', served, 8080), { id: 'i', what: 'ocsp', request: null });
    assert.deepEqual(route('/MEQwQjBAMD4w', 'GET', served, 8080), { id: 'i', what: 'ocsp', request: 'MEQwQjBAMD4w' });
  });

  test('the Host names of configured URLs pointing here are accepted, others not', () => {
    assert.deepEqual(configuredHosts(served, 8080), ['127.0.0.1', 'pki.acme.test']);
    assert.deepEqual(configuredHosts(served, 9090), []);
  });
});

describe('certwright publish serve --bind', () => {
  test('ADDRESS[:PORT], IPv6 in brackets, the default port otherwise', () => {
    assert.deepEqual(bindOption(undefined), { bind: '127.0.0.1', port: 8080 });
    assert.deepEqual(bindOption('127.0.0.1:9000'), { bind: '127.0.0.1', port: 9000 });
    assert.deepEqual(bindOption('192.0.2.10'), { bind: '192.0.2.10', port: 8080 });
    assert.deepEqual(bindOption('[::1]:8443'), { bind: '::1', port: 8443 });
    assert.deepEqual(bindOption('::1'), { bind: '::1', port: 8080 });
    for (const bad of ['localhost:8080', '127.0.0.1:80', '127.0.0.1:70000', '300.1.1.1', '']) assert.throws(() => bindOption(bad), /--bind takes/, bad);
  });
});

describe('the CA wizards ask for the revocation URLs', () => {
  test('the preview prints the extensions as OpenSSL does; nothing when no URL is given', () => {
    assert.deepEqual(extensionPreview(EMPTY_URLS), []);
    assert.deepEqual(extensionPreview({ crlUrl: ' http://a/x.crl ', ocspUrl: '', caIssuersUrl: 'http://a/x.crt' }), [
      'X509v3 CRL Distribution Points:',
      '    Full Name:',
      '      URI:http://a/x.crl',
      'Authority Information Access:',
      '    CA Issuers - URI:http://a/x.crt',
    ]);
  });

  test("URLs are checked with main's schema; none given sends no settings", () => {
    assert.deepEqual(urlErrors(EMPTY_URLS), {});
    assert.equal(urlErrors({ ...EMPTY_URLS, ocspUrl: 'ldap://x' }).ocspUrl, 'OCSP URL must be an http:// or https:// URL');
    assert.equal(urlSettings(EMPTY_URLS), undefined);
    assert.deepEqual(urlSettings({ crlUrl: 'http://a/x.crl', ocspUrl: '', caIssuersUrl: '' }), { crlUrl: 'http://a/x.crl', ocspUrl: '', caIssuersUrl: '' });
  });

  test("the suggestion uses the parent's publication address when it has one", () => {
    assert.equal(publicationBase([null, 'http://10.0.0.5:8081/root.crl']), 'http://10.0.0.5:8081');
    assert.equal(publicationBase(['https://pki.example/root.crl', 'nonsense']), DEFAULT_PUBLICATION_BASE);
    assert.equal(suggestion('http://10.0.0.5:8081', 'Issuing 2').crlUrl, 'http://10.0.0.5:8081/issuing-2.crl');
  });

  test('root wizard: a bad URL holds the key step; good ones go into the request', () => {
    let state = wizardReducer(rootInitial(), { type: 'subject', field: 'commonName', value: 'Acme Root' });
    state = wizardReducer(state, { type: 'url', field: 'crlUrl', value: 'ftp://nope' });
    assert.match(stepErrors(state, 'key').crlUrl ?? '', /must be an http/);
    state = wizardReducer(state, { type: 'urls', value: suggestion(DEFAULT_PUBLICATION_BASE, 'Acme Root') });
    assert.deepEqual(stepErrors(state, 'key'), {});
    assert.deepEqual(rootRequest(state).settings, { crlUrl: 'http://127.0.0.1:8080/acme-root.crl', ocspUrl: 'http://127.0.0.1:8080/acme-root/ocsp', caIssuersUrl: 'http://127.0.0.1:8080/acme-root.crt' });
    assert.equal('settings' in rootRequest(rootInitial()), false);
  });

  test("intermediate wizard: main's settings.* errors land on the URL fields; an offline intermediate sends them too", () => {
    assert.equal(intermediateField('settings.ocspUrl'), 'ocspUrl');
    const state = intermediateReducer(intermediateInitial(new Date(), 'offline'), { type: 'url', field: 'ocspUrl', value: 'http://pki/ocsp' });
    assert.deepEqual(toPendingRequest(state).settings, { crlUrl: '', ocspUrl: 'http://pki/ocsp', caIssuersUrl: '' });
  });
});

describe('the publication panel', () => {
  test("the server starts where the CA's URLs point when they name this machine", () => {
    assert.deepEqual(serverDefaults({ crlUrl: 'http://127.0.0.1:9000/a.crl', ocspUrl: null, caIssuersUrl: null }), { bind: '127.0.0.1', port: '9000' });
    assert.deepEqual(serverDefaults({ crlUrl: 'http://localhost:8081/a.crl', ocspUrl: null, caIssuersUrl: null }), { bind: '127.0.0.1', port: '8081' });
    assert.deepEqual(serverDefaults({ crlUrl: 'http://pki.acme.test/a.crl', ocspUrl: 'http://[::1]:8090/ocsp', caIssuersUrl: null }), { bind: '::1', port: '8090' });
    assert.deepEqual(serverDefaults({ crlUrl: 'http://10.0.0.1/a.crl', ocspUrl: null, caIssuersUrl: null }), { bind: '127.0.0.1', port: '8080' }, 'port 80 is not one a listener here takes');
  });

  test("the form's errors come from the channel's schema", () => {
    const id = 'a'.repeat(32);
    assert.deepEqual(serverFormErrors(id, { bind: '127.0.0.1', port: '8080' }), {});
    assert.deepEqual(serverFormErrors(id, { bind: 'pki.local', port: '80' }), { bind: 'The address must be an IPv4 or IPv6 address', port: 'Use a port from 1024 to 65535' });
    assert.equal(serverFormErrors(id, { bind: '127.0.0.1', port: 'eighty' }).port, 'Use a port from 1024 to 65535');
  });
});

describe('the OCSP client of the reachability check', async () => {
  const crypto = globalThis.crypto;
  const ca = await createRootAuthority({ subject: { commonName: 'OCSP Client Root' }, keyAlgorithm: 'p256', validityDays: 30, pathLength: null, now: new Date() }, crypto);
  const caDer = new Uint8Array(ca.certificate.rawData);
  const signer = { privateKey: ca.privateKey, algorithm: 'p256' as const };

  async function answer(requestDer: Uint8Array, state: 'good' | 'revoked', nonce = true): Promise<Uint8Array> {
    const parsed = parseOcspRequest(requestDer);
    const now = new Date();
    const answers = parsed.certificates.map((c) => ({ certId: c.certId, state: state === 'good' ? { status: 'good' as const } : { status: 'revoked' as const, revokedAt: now, reason: 'keyCompromise' as const }, thisUpdate: now, nextUpdate: new Date(now.getTime() + 3_600_000) }));
    return buildOcspResponse({ responderCertificateDer: caDer, producedAt: now, answers, nonce: nonce ? parsed.nonce : null }, signer, crypto);
  }

  test("its request is one our responder reads: this CA's hashes, the serial, a nonce", () => {
    const asked = buildOcspRequest(caDer, '00ff01');
    const parsed = parseOcspRequest(asked.der);
    const [only] = parsed.certificates;
    assert.equal(only?.serialNumberHex, 'ff01');
    assert.equal(only?.issuerNameHash, issuerHashes(caDer, 'sha1').name);
    assert.equal(only?.issuerKeyHash, issuerHashes(caDer, 'sha1').key);
    assert.equal(asked.nonceHex.length, 32);
  });

  test('a signed answer is read: good or revoked, signed by the CA, the nonce echoed', async () => {
    const asked = buildOcspRequest(caDer, '0a0b');
    const good = readOcspResponse(await answer(asked.der, 'good'), { caDer, serialHex: '0a0b', nonceHex: asked.nonceHex });
    assert.deepEqual([good.responseStatus, good.certStatus, good.signature, good.signer, good.nonceMatches], ['successful', 'good', 'verified', 'ca', true]);
    const revoked = readOcspResponse(await answer(asked.der, 'revoked'), { caDer, serialHex: '0a0b', nonceHex: asked.nonceHex });
    assert.equal(revoked.certStatus, 'revoked');
    assert.ok(revoked.revokedAt);
  });

  test('a replayed answer (another nonce), a tampered one, another serial, an error status and garbage are told apart', async () => {
    const first = buildOcspRequest(caDer, '0a0b');
    const second = buildOcspRequest(caDer, '0a0b');
    const der = await answer(first.der, 'good');
    assert.equal(readOcspResponse(der, { caDer, serialHex: '0a0b', nonceHex: second.nonceHex }).nonceMatches, false);
    assert.equal(readOcspResponse(await answer(first.der, 'good', false), { caDer, serialHex: '0a0b', nonceHex: first.nonceHex }).nonceMatches, null);
    // Flip the last byte of the signature value (the end of the BasicOCSPResponse's BIT STRING is deep inside).
    const parsed = AsnConvert.parse(der, asnOcsp.OCSPResponse);
    const basic = AsnConvert.parse(parsed.responseBytes!.response.buffer, asnOcsp.BasicOCSPResponse);
    const signature = new Uint8Array(basic.signature);
    signature[signature.length - 1]! ^= 1;
    basic.signature = signature.buffer;
    parsed.responseBytes!.response = new OctetString(AsnConvert.serialize(basic));
    assert.equal(readOcspResponse(new Uint8Array(AsnConvert.serialize(parsed)), { caDer, serialHex: '0a0b', nonceHex: first.nonceHex }).signature, 'invalid');
    assert.equal(readOcspResponse(der, { caDer, serialHex: '0c0d', nonceHex: first.nonceHex }).certStatus, null);
    assert.equal(readOcspResponse(ocspErrorResponse('tryLater'), { caDer, serialHex: '0a0b', nonceHex: first.nonceHex }).responseStatus, 'tryLater');
    assert.throws(() => readOcspResponse(new Uint8Array([1, 2, 3]), { caDer, serialHex: '0a0b', nonceHex: first.nonceHex }));
  });
});
