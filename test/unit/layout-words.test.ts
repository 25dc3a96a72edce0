/**
 * Issue 17, layout and words, the pure parts: which sidebar section a screen belongs to, the one
 * date-time format (with its zone), and hex that wraps only between bytes.
 */
process.env.TZ = 'UTC'; // before format.ts builds its formatter (hence the dynamic imports below)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sectionOf } from '../../renderer/app/navigation.js';

const { formatDate, formatDateTime, formatTime } = await import('../../renderer/app/format.js');
import { hexSegments, splitHexRuns } from '../../renderer/components/hex-segments.js';

test('the sidebar marks the section of what is open, whichever view a wizard came from', () => {
  assert.equal(sectionOf({ kind: 'view', view: 'certificates' }), 'certificates');
  // Issuing, a pair and an export from a CA's page are Certificates (the sidebar said Authorities).
  assert.equal(sectionOf({ kind: 'wizard', wizard: 'issue', from: 'authorities', authorityId: 'a1' }), 'certificates');
  assert.equal(sectionOf({ kind: 'wizard', wizard: 'mtls-pair', from: 'authorities', authorityId: 'a1' }), 'certificates');
  assert.equal(sectionOf({ kind: 'wizard', wizard: 'export', from: 'authorities', certificateId: 'c1' }), 'certificates');
  assert.equal(sectionOf({ kind: 'wizard', wizard: 'new-intermediate', from: 'certificates', authorityId: 'a1' }), 'authorities');
  // Revoking a CA is Authorities; revoking certificates is Certificates.
  assert.equal(sectionOf({ kind: 'wizard', wizard: 'revoke', from: 'authorities', authorityId: 'a1' }), 'authorities');
  assert.equal(sectionOf({ kind: 'wizard', wizard: 'revoke', from: 'authorities', certificateIds: ['c1'] }), 'certificates');
  assert.equal(sectionOf({ kind: 'wizard', wizard: 'revoke', from: 'dashboard', certificateId: 'c1' }), 'certificates');
});

test('one date-time format, always with the zone; dates as YYYY-MM-DD', () => {
  const moment = '2026-12-07T14:03:22.500Z';
  assert.equal(formatDateTime(moment), '2026-12-07 14:03 UTC');
  assert.equal(formatDateTime(new Date(moment)), '2026-12-07 14:03 UTC');
  assert.equal(formatDate(moment), '2026-12-07');
  assert.equal(formatTime(moment), '14:03:22 UTC');
  assert.equal(formatDateTime('2026-01-02T00:05:00Z'), '2026-01-02 00:05 UTC'); // midnight is 00, not 24
  assert.equal(formatDateTime('not a date'), 'not a date');
});

test('hex wraps only between bytes, and its text stays the value', () => {
  assert.deepEqual(hexSegments('AB:CD:EF'), ['AB:', 'CD:', 'EF']);
  assert.deepEqual(hexSegments('0A1B2C'), ['0A', '1B', '2C']);
  assert.deepEqual(hexSegments('ABCDE'), ['AB', 'CD', 'E']);
  for (const value of ['AB:CD:EF', '0A1B2C', 'ABCDE', '']) assert.equal(hexSegments(value).join(''), value);
  // Colon hex inside a sentence (an extension's value): only the run of three bytes or more is hex.
  assert.deepEqual(splitHexRuns('Issuer serial 01:A2:B3 and more'), [
    { hex: false, text: 'Issuer serial ' },
    { hex: true, text: '01:A2:B3' },
    { hex: false, text: ' and more' },
  ]);
  assert.deepEqual(splitHexRuns('01:A2:B3'), [{ hex: true, text: '01:A2:B3' }]);
  assert.deepEqual(splitHexRuns('Digital Signature, Key Encipherment, 10:30'), [{ hex: false, text: 'Digital Signature, Key Encipherment, 10:30' }]);
});
