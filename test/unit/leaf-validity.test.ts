/** Leaf validity as the issue and sign wizards choose it: presets, end dates, the issuer's limit, the 398-day warning. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Validity } from '../../shared/ipc/contract.js';
import { checkValidity, endOfDay, toDateInput, toValidity, validityPresets } from '../../renderer/wizards/shared/validity.js';

const NOW = new Date(2026, 0, 10, 12, 0, 0);
const issuer = { notAfter: new Date(2027, 0, 10, 12, 0, 0).toISOString() };

describe('leaf validity', () => {
  test("presets are 1/7/30/90/365, with the CA's own default among them", () => {
    assert.deepEqual(validityPresets(30), [1, 7, 30, 90, 365]);
    assert.deepEqual(validityPresets(45), [1, 7, 30, 45, 90, 365]);
  });

  test('days and end dates, checked against the issuer', () => {
    assert.deepEqual(checkValidity({ mode: 'days', days: 30 }, NOW, issuer).error, undefined);
    assert.equal(checkValidity({ mode: 'days', days: 30 }, NOW, issuer).days, 30);
    assert.match(checkValidity({ mode: 'days', days: 400 }, NOW, issuer).error ?? '', /^The issuing CA is valid only until /);
    assert.match(checkValidity({ mode: 'date', date: '2027-02-01' }, NOW, issuer).error ?? '', /^The issuing CA is valid only until /);
    assert.equal(checkValidity({ mode: 'date', date: '2025-12-01' }, NOW, issuer).error, 'The end date must be in the future');
    assert.equal(checkValidity({ mode: 'date', date: '' }, NOW, issuer).error, 'Pick the end date');
    assert.equal(checkValidity({ mode: 'date', date: '2026-02-30' }, NOW, issuer).error, 'That is not a date');
  });

  test("above 825 days (Apple's limit for any TLS server certificate) is a warning, not an error; 398 is only the public CAs' limit", () => {
    assert.equal(checkValidity({ mode: 'date', date: '2027-06-01' }, NOW, null).warning, undefined);
    const check = checkValidity({ mode: 'date', date: '2028-12-01' }, NOW, null);
    assert.equal(check.error, undefined);
    assert.match(check.warning ?? '', /is above 825: Apple platforms refuse TLS server certificates valid that long, from a private CA too/);
    assert.equal(checkValidity({ mode: 'days', days: 365 }, NOW, null).warning, undefined);
  });

  test('what main receives passes the contract', () => {
    assert.deepEqual(toValidity({ mode: 'days', days: 90 }), { days: 90 });
    const byDate = toValidity({ mode: 'date', date: '2026-03-01' });
    assert.ok(Validity.safeParse(byDate).success, JSON.stringify(byDate));
    assert.equal(new Date((byDate as { notAfter: string }).notAfter).getTime(), endOfDay('2026-03-01')?.getTime());
    assert.equal(toDateInput(new Date(2026, 2, 1)), '2026-03-01');
  });
});
