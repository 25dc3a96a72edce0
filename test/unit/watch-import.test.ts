/**
 * Importing endpoints (electron/services/watch/import.ts): the line format and CSV, IPv6 in brackets,
 * problems by line number with the contract's own reasons, duplicates within the input and against
 * what is watched, and the limit. Pure: no vault (watch-store.test.ts imports through the vault).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseImport } from '../../electron/services/watch/import.js';
import { english } from '../../shared/i18n/english.js';
import { WATCH_MAX_ENDPOINTS } from '../../shared/domain/watch.js';

const ID_A = 'a'.repeat(32);
const ID_B = 'b'.repeat(32);
const problemsOf = (r: ReturnType<typeof parseImport>) => r.problems.map((p) => ({ line: p.line, text: english(p.text) }));

describe('watch import: lines', () => {
  test('host:port [servername] per line; blanks, comments and trailing comments skipped; names lower-cased', () => {
    const r = parseImport(['# web tier', '', 'Example.COM:443', '  10.0.0.1:8443   api.example.com  # the API', '[2001:DB8::1]:443', '[::1]:9443 localhost'].join('\n'), []);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.endpoints.map((e) => [e.line, e.input.host, e.input.port, e.input.servername]),
      [
        [3, 'example.com', 443, null],
        [4, '10.0.0.1', 8443, 'api.example.com'],
        [5, '2001:db8::1', 443, null],
        [6, '::1', 9443, 'localhost'],
      ],
    );
    assert.deepEqual(r.endpoints[0]!.input, { host: 'example.com', port: 443, servername: null, clientCertificateId: null, expect: null, intervalMinutes: null });
  });

  test('malformed lines are reported by their own line number, with the schema reason', () => {
    const r = parseImport(
      ['ok.example:443', 'no-port.example', '::1:443', 'bad_host!:443', 'ok2.example:70000', 'ok3.example:https', 'a.example:443 b.example c.example', 'x.example:443 not_a_name!', '', '# fine'].join('\r\n'),
      [],
    );
    assert.deepEqual(r.endpoints.map((e) => e.line), [1]);
    assert.deepEqual(problemsOf(r), [
      { line: 2, text: 'no-port.example has no port; write host:port, e.g. example.com:443' },
      { line: 3, text: 'Write an IPv6 address in brackets, e.g. [::1]:443' },
      { line: 4, text: 'host: Type a host name (api.example.com) or an IP address' },
      { line: 5, text: 'port: Ports run from 1 to 65535' },
      { line: 6, text: '"https" is not a port number' },
      { line: 7, text: 'One host:port and at most one server name per line' },
      { line: 8, text: 'servername: The SNI name must be a DNS name' },
    ]);
    // The reasons are the contract's (validation catalog), not a second host validator's words.
    const hostReason = r.problems.find((p) => p.line === 4)!.text;
    assert.equal(hostReason.key, 'watch:import.invalid');
    assert.equal(hostReason.params?.field, 'host');
    assert.equal(hostReason.params?.text, 'validation:host.nameOrIp');
    assert.equal(r.problems.find((p) => p.line === 5)!.text.params?.text, 'validation:port.range');
    assert.equal(r.problems.find((p) => p.line === 8)!.text.params?.text, 'validation:host.sni');
  });

  test('duplicates within the input and against what is watched are listed and skipped, not problems', () => {
    const watched = [{ host: 'old.example', port: 443, servername: null }];
    const r = parseImport(['a.example:443', 'A.example:443', 'OLD.example:443', 'a.example:443 other.example', 'old.example:8443', '[::1]:443', '[0:0::1]:443'].join('\n'), watched);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.duplicates, [
      { line: 2, target: 'a.example:443' },
      { line: 3, target: 'old.example:443' },
    ]);
    // A different name sent on the same port is another endpoint (two virtual hosts).
    assert.deepEqual(r.endpoints.map((e) => e.line), [1, 4, 5, 6, 7]);
  });

  test('nothing but comments is a problem; the limit stops at the first line over it', () => {
    assert.deepEqual(problemsOf(parseImport('# nothing\n\n', [])), [{ line: 1, text: 'Nothing to import: every line is blank or a comment' }]);
    const lines = Array.from({ length: 12 }, (_, i) => `h${i}.example:443`);
    const r = parseImport(lines.join('\n'), [], 10);
    assert.equal(r.endpoints.length, 10);
    assert.deepEqual(problemsOf(r), [{ line: 11, text: `A vault watches at most ${WATCH_MAX_ENDPOINTS} endpoints; nothing from this line on was read` }]);
  });

  test('a paste of the wrong file lists 100 problems and counts the rest', () => {
    const r = parseImport(Array.from({ length: 250 }, () => 'not an endpoint at all').join('\n'), []);
    assert.equal(r.problems.length, 101);
    assert.equal(english(r.problems[100]!.text), 'And 150 more lines with problems');
  });
});

describe('watch import: CSV', () => {
  test('a header row names the columns in any order; ids, service:NAME, intervals and quoted fields are read', () => {
    const text = [
      '# exported from the inventory',
      'Port,HOST,servername,client,expect,interval',
      `443,web.example,,,${ID_A},`,
      `"8443","[::1]",localhost,${ID_B},service:payments,15`,
      '636,ldap.example,"ldap.example",,,',
    ].join('\n');
    const r = parseImport(text, []);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.endpoints.map((e) => ({ line: e.line, ...e.input })),
      [
        { line: 3, host: 'web.example', port: 443, servername: null, clientCertificateId: null, expect: { kind: 'certificate', certificateId: ID_A }, intervalMinutes: null },
        { line: 4, host: '::1', port: 8443, servername: 'localhost', clientCertificateId: ID_B, expect: { kind: 'service', service: 'payments' }, intervalMinutes: 15 },
        { line: 5, host: 'ldap.example', port: 636, servername: 'ldap.example', clientCertificateId: null, expect: null, intervalMinutes: null },
      ],
    );
  });

  test('CSV problems by line: field count, open quote, bad id, bad interval, bad port', () => {
    const text = ['host,port,client,interval', 'a.example,443,,', 'b.example,443', '"c.example,443,,', 'd.example,443,not-an-id,', 'e.example,443,,0', 'f.example,,,'].join('\n');
    const r = parseImport(text, []);
    assert.deepEqual(r.endpoints.map((e) => e.line), [2]);
    const byLine = new Map(r.problems.map((p) => [p.line, p.text]));
    assert.equal(english(byLine.get(3)!), 'This line has 2 fields, but the header has 4');
    assert.equal(english(byLine.get(4)!), 'A quote is not closed');
    assert.equal(byLine.get(5)!.params?.field, 'clientCertificateId');
    assert.equal(byLine.get(5)!.params?.text, 'validation:contract.recordId');
    assert.equal(byLine.get(6)!.params?.field, 'intervalMinutes');
    assert.equal(english(byLine.get(7)!), '"" is not a port number');
  });

  test('a header with an unknown or doubled column, or without port, is one problem on its line', () => {
    assert.deepEqual(problemsOf(parseImport('\nhost,port,colour\na.example,443,red', [])), [{ line: 2, text: 'The header names an unknown column "colour"; the columns are host, port, servername, client, expect, interval' }]);
    assert.deepEqual(problemsOf(parseImport('host,port,host\n', [])), [{ line: 1, text: 'The header names the column "host" twice' }]);
    assert.deepEqual(problemsOf(parseImport('host,servername\na.example,b.example', [])), [{ line: 1, text: 'The header has no port column' }]);
  });

  test('5,000 lines parse well within a second', () => {
    const text = Array.from({ length: WATCH_MAX_ENDPOINTS }, (_, i) => `host-${i}.example:${1 + (i % 60000)}`).join('\n');
    const started = performance.now();
    const r = parseImport(text, []);
    const ms = performance.now() - started;
    assert.equal(r.endpoints.length, WATCH_MAX_ENDPOINTS);
    assert.ok(ms < 1000, `${ms} ms`);
    console.log(`watch import: ${WATCH_MAX_ENDPOINTS} lines in ${ms.toFixed(0)} ms`);
  });
});
