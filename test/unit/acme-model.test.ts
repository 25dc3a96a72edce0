/**
 * The ACME panel's pure logic (renderer/views/acme/model.ts): the start form as typed and what
 * `acme.start` is sent (checked against the contract's own schema), the bind warning, the client
 * snippets, ids and statuses in words, and when the panel polls.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AcmeStartRequest } from '../../shared/ipc/contract.js';
import {
  acmeSnippets,
  addResolveRow,
  base64Text,
  bindWarning,
  certbotLine,
  clusterIssuerYaml,
  contactText,
  DEFAULT_FORM,
  dnsResolverProblem,
  EXAMPLE_NAME,
  exampleName,
  formFieldOf,
  formFromOptions,
  formProblems,
  isLoopback,
  issuerName,
  legoLine,
  ORDER_STATUS,
  POLL_IDLE_MS,
  shellWord,
  shortAccountId,
  shortThumbprint,
  shouldPoll,
  startRequest,
  type AcmeForm,
  type SnippetInput,
} from '../../renderer/views/acme/model.js';

const AUTHORITY = 'a'.repeat(32);
const PEM = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
const URL_ = 'https://127.0.0.1:43211/directory';

function form(over: Partial<AcmeForm> = {}): AcmeForm {
  return { ...DEFAULT_FORM, ...over };
}

function snippet(over: Partial<SnippetInput> = {}): SnippetInput {
  return { directoryUrl: URL_, caPem: PEM, eab: null, options: { bind: '127.0.0.1', http01Port: 80, resolve: [] }, caName: 'ACME Lab Root', ...over };
}

describe('the start form', () => {
  test('the defaults are valid and send what the contract defaults to', () => {
    assert.deepEqual(formProblems(DEFAULT_FORM), {});
    const built = startRequest(AUTHORITY, DEFAULT_FORM);
    assert.ok(built.ok);
    assert.deepEqual(built.request, { authorityId: AUTHORITY, bind: '127.0.0.1', http01Port: 80, resolve: [], eab: false, labMode: false, maxValidityDays: 30, dnsResolver: null, ipOnlyProfile: 'server' });
    assert.deepEqual(AcmeStartRequest.parse(built.request), AcmeStartRequest.parse({ authorityId: AUTHORITY }));
  });

  test('a lab setup: port, high http-01 port, lab names normalized, blank rows dropped, EAB and lab mode', () => {
    const rows = addResolveRow(addResolveRow([]));
    assert.deepEqual(rows.map((r) => r.key), [1, 2]);
    assert.equal(rows[0]?.address, '127.0.0.1');
    const typed = form({
      port: ' 8443 ',
      http01Port: '5002',
      resolve: [{ ...rows[0]!, name: 'A.Lab.Test.' }, { ...rows[1]!, name: '', address: '' }],
      eab: true,
      labMode: true,
      maxValidityDays: '7',
      dnsResolver: '[::1]:5353',
      ipOnlyClient: true,
    });
    const built = startRequest(AUTHORITY, typed);
    assert.ok(built.ok, JSON.stringify(formProblems(typed)));
    assert.deepEqual(built.request, { authorityId: AUTHORITY, port: 8443, bind: '127.0.0.1', http01Port: 5002, resolve: [{ name: 'a.lab.test', address: '127.0.0.1' }], eab: true, labMode: true, maxValidityDays: 7, dnsResolver: '[::1]:5353', ipOnlyProfile: 'client' });
    assert.equal(AcmeStartRequest.safeParse(built.request).success, true);
  });

  test('each problem is reported at the path main would name', () => {
    const problems = formProblems(
      form({
        port: '80',
        bind: 'localhost',
        http01Port: '70000',
        resolve: [
          { key: 1, name: 'a.lab.test', address: '127.0.0.1' },
          { key: 2, name: 'A.lab.test', address: 'here' },
          { key: 3, name: '', address: '10.0.0.1' },
          { key: 4, name: '*.lab.test', address: '10.0.0.1' },
        ],
        maxValidityDays: '400',
        dnsResolver: 'dns.example',
      }),
    );
    assert.deepEqual(Object.keys(problems).sort(), ['bind', 'dnsResolver', 'http01Port', 'maxValidityDays', 'port', 'resolve.1.address', 'resolve.1.name', 'resolve.2.name', 'resolve.3.name']);
    assert.equal(problems.port, 'Use a port from 1024 to 65535');
    assert.equal(problems['resolve.1.name'], 'This name is already listed above');
    assert.equal(startRequest(AUTHORITY, form({ port: 'x' })).ok, false);
  });

  test('what the form refuses, the contract refuses too', () => {
    for (const bad of [{ port: '1023' }, { bind: '300.1.1.1' }, { http01Port: '0' }, { maxValidityDays: '0' }, { maxValidityDays: '399' }, { dnsResolver: 'resolver' }]) {
      assert.equal(startRequest(AUTHORITY, form(bad)).ok, false, JSON.stringify(bad));
    }
    for (const good of ['192.0.2.53', '192.0.2.53:53', '[2001:db8::53]:53', '2001:db8::53']) {
      assert.equal(dnsResolverProblem(good), null, good);
      const built = startRequest(AUTHORITY, form({ dnsResolver: good }));
      assert.ok(built.ok);
      assert.equal(AcmeStartRequest.safeParse(built.request).success, true, good);
    }
  });

  test('a stopped server’s options fill the form again, and send the same', () => {
    const options = { port: 8443, bind: '127.0.0.1', http01Port: 5002, resolve: [{ name: 'a.lab.test', address: '127.0.0.1' }], eab: true, labMode: false, maxValidityDays: 10, dnsResolver: '127.0.0.1:5353', ipOnlyProfile: 'client' as const };
    const again = startRequest(AUTHORITY, formFromOptions(options));
    assert.ok(again.ok);
    assert.deepEqual(again.request, { authorityId: AUTHORITY, ...options });
    const { port: _port, ...anyPort } = options;
    assert.equal(formFromOptions(anyPort).port, '');
  });

  test('a path in main’s answer finds its field; others go above the button', () => {
    assert.equal(formFieldOf('resolve.3.address'), 'resolve.3.address');
    assert.equal(formFieldOf('http01Port'), 'http01Port');
    assert.equal(formFieldOf('authorityId'), null);
    assert.equal(formFieldOf(undefined), null);
  });

  test('any bind address but loopback is warned about, and EAB changes what it says', () => {
    assert.equal(isLoopback('127.0.0.1'), true);
    assert.equal(isLoopback('127.8.0.1'), true);
    assert.equal(isLoopback('::1'), true);
    assert.equal(bindWarning('127.0.0.1', false), null);
    assert.equal(bindWarning('not yet', false), null);
    assert.equal(bindWarning('0.0.0.0', false), null);
    assert.match(formProblems(form({ bind: '0.0.0.0' })).bind ?? '', /^Name one address of this computer/);
    assert.match(formProblems(form({ bind: '::' })).bind ?? '', /^Name one address of this computer/);
    assert.match(bindWarning('10.1.2.3', false) ?? '', /^Other machines can reach the ACME server: it listens on 10\.1\.2\.3\. Anyone who reaches it .*turn on EAB/);
    assert.match(bindWarning('192.168.1.20', true) ?? '', /listens on 192\.168\.1\.20\. Only clients you give the EAB key to/);
  });
});

describe('client snippets', () => {
  test('certbot and lego lines, as the issue gives them, with the lab port and EAB when set', () => {
    assert.equal(certbotLine(snippet()), `REQUESTS_CA_BUNDLE=ca.pem certbot certonly --standalone --server ${URL_} -d ${EXAMPLE_NAME}`);
    assert.equal(legoLine(snippet()), `LEGO_CA_CERTIFICATES=ca.pem lego --server ${URL_} --accept-tos --email you@example.com --http -d ${EXAMPLE_NAME} run`);
    // A base64url key id may start with '-': given as name=value, no client takes it for an option.
    const lab = snippet({ eab: { keyId: '-kid-1', hmacKey: 'aGVsbG8_d29ybGQ-' }, options: { bind: '127.0.0.1', http01Port: 5002, resolve: [{ name: 'a.lab.test', address: '127.0.0.1' }] } });
    assert.equal(certbotLine(lab), `REQUESTS_CA_BUNDLE=ca.pem certbot certonly --standalone --server ${URL_} -d a.lab.test --http-01-port 5002 --eab-kid=-kid-1 --eab-hmac-key=aGVsbG8_d29ybGQ-`);
    assert.equal(legoLine(lab), `LEGO_CA_CERTIFICATES=ca.pem lego --server ${URL_} --accept-tos --email you@example.com --http --http.port :5002 --eab --kid=-kid-1 --hmac=aGVsbG8_d29ybGQ- -d a.lab.test run`);
    assert.equal(shellWord("it's"), `'it'\\''s'`);
  });

  test('the ClusterIssuer carries the URL, the CA chain in base64, the account key secret and the solver', () => {
    const yaml = clusterIssuerYaml(snippet());
    assert.match(yaml, /^kind: ClusterIssuer$/m);
    assert.match(yaml, /^ {2}name: certwright-acme-lab-root$/m);
    assert.match(yaml, new RegExp(`^    server: ${URL_.replace(/[.]/g, '\\.')}$`, 'm'));
    const caBundle = /^ {4}caBundle: (\S+)$/m.exec(yaml)?.[1] ?? '';
    assert.equal(Buffer.from(caBundle, 'base64').toString('utf8'), PEM);
    assert.match(yaml, /privateKeySecretRef:\n {6}name: certwright-acme-lab-root-account-key\n/);
    assert.match(yaml, /solvers:\n {6}- http01:\n {10}ingress:/);
    assert.doesNotMatch(yaml, /externalAccountBinding|kind: Secret/);
    assert.match(yaml, /only if it runs on this computer/);
  });

  test('with EAB the ClusterIssuer binds the key id and a Secret holds the HMAC key', () => {
    const yaml = clusterIssuerYaml(snippet({ eab: { keyId: '1234', hmacKey: 'c2VjcmV0' }, options: { bind: '0.0.0.0', http01Port: 80, resolve: [] } }));
    assert.match(yaml, /kind: Secret\nmetadata:\n {2}name: certwright-acme-lab-root-eab\n {2}namespace: cert-manager\nstringData:\n {2}secret: "c2VjcmV0"\n---\n/);
    assert.match(yaml, /externalAccountBinding:\n {6}keyID: "1234"\n {6}keySecretRef:\n {8}name: certwright-acme-lab-root-eab\n {8}key: secret\n/);
    assert.doesNotMatch(yaml, /only if it runs on this computer/);
  });

  test('three tabs; names and base64 helpers', () => {
    assert.deepEqual(acmeSnippets(snippet()).map((s) => [s.id, s.filename]), [['cert-manager', 'cluster-issuer.yaml'], ['certbot', 'certbot.sh'], ['lego', 'lego.sh']]);
    assert.equal(exampleName({ resolve: [] }), EXAMPLE_NAME);
    assert.equal(issuerName('  Ünïcode CA / Lab #1 '), 'certwright-unicode-ca-lab-1');
    assert.equal(issuerName('***'), 'certwright-ca');
    assert.ok(issuerName('x'.repeat(100)).length <= 52);
    assert.equal(base64Text('é'), Buffer.from('é').toString('base64'));
  });
});

describe('accounts, orders and polling', () => {
  test('ids, thumbprints and contacts in words', () => {
    assert.equal(shortAccountId('0123456789abcdef0123456789abcdef'), '01234567');
    assert.equal(shortThumbprint('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs'), 'NzbLsXh8…RGC9Xs');
    assert.equal(contactText(['mailto:ops@lab.test', 'mailto:b@lab.test']), 'ops@lab.test, b@lab.test');
    assert.equal(contactText([]), null);
    assert.equal(ORDER_STATUS.valid.tone, 'ok');
    assert.equal(ORDER_STATUS.invalid.tone, 'expired');
  });

  test('polls only while the server runs, the window shows and someone was there lately', () => {
    assert.equal(shouldPoll({ running: true, visible: true, idleMs: 0 }), true);
    assert.equal(shouldPoll({ running: false, visible: true, idleMs: 0 }), false);
    assert.equal(shouldPoll({ running: true, visible: false, idleMs: 0 }), false);
    assert.equal(shouldPoll({ running: true, visible: true, idleMs: POLL_IDLE_MS }), false);
  });
});
