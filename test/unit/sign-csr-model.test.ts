/** The Sign a CSR wizard: prefilled from the request, never blindly; refusals cannot be signed. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CsrSummary } from '../../shared/domain/certificate.js';
import { english } from '../../shared/i18n/english.js';
import { msg } from '../../shared/i18n/message.js';
import { SignCsr } from '../../shared/ipc/contract.js';
import { canSign, initialState, machine, signReducer, startingProfile, toRequest, type SignAction } from '../../renderer/wizards/sign-csr/model.js';

const NOW = new Date('2026-01-10T12:00:00Z');
const ROOT = { id: 'a'.repeat(32), commonName: 'Acme Root', notAfter: '2036-01-10T12:00:00Z', defaultValidityDays: 30 };
const CSR = '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----';
const summary = (over: Partial<CsrSummary> = {}): CsrSummary => ({
  subject: { commonName: 'billing-service' },
  subjectDn: 'CN=billing-service',
  sans: [{ type: 'dns', value: 'billing.internal' }],
  uncopiedNames: [],
  key: { algorithm: 'p256', label: 'ECDSA P-256' },
  signatureValid: true,
  requestedExtensions: [],
  refusals: [],
  notes: [],
  suggestedProfile: null,
  caRequest: null,
  ...over,
});
const run = (actions: SignAction[]) => actions.reduce(signReducer, initialState(NOW));

describe('sign CSR model', () => {
  test('asks for the request first', () => {
    const state = run([{ type: 'next' }]);
    assert.equal(machine.visible(state).csr, 'Paste the request (PEM) or open its file');
  });

  test('an inspected request prefills subject, SANs and profile, and signs with the reviewed values', () => {
    const state = run([{ type: 'csrText', value: CSR }, { type: 'issuer', issuer: ROOT }, { type: 'inspected', csr: CSR, summary: summary() }]);
    assert.equal(state.step, 'decide');
    assert.equal(state.leaf.subject.commonName, 'billing-service');
    assert.equal(state.leaf.profile, 'server');
    assert.equal(state.leaf.issuer?.id, ROOT.id, 'the CA chosen before is kept');
    assert.ok(canSign(state));
    const edited = [{ type: 'profile', profile: 'client' }, { type: 'subject', field: 'commonName', value: 'billing' }] as const;
    const request = SignCsr.parse(toRequest(edited.reduce(signReducer, state)));
    assert.equal(request.csr, CSR);
    assert.equal(request.profile, 'client');
    assert.deepEqual(request.subject, { commonName: 'billing' });
    assert.deepEqual(request.sans, [{ type: 'dns', value: 'billing.internal' }]);
    assert.deepEqual(request.validity, { days: 30 });
  });

  test('the suggested profile wins; without one, names mean server and none mean client', () => {
    assert.equal(startingProfile(summary({ suggestedProfile: 'peer' })), 'peer');
    assert.equal(startingProfile(summary()), 'server');
    assert.equal(startingProfile(summary({ sans: [] })), 'client');
  });

  test('a refused request cannot be signed', () => {
    const state = run([{ type: 'csrText', value: CSR }, { type: 'issuer', issuer: ROOT }, { type: 'inspected', csr: CSR, summary: summary({ refusals: [msg('errors:csr.refusal.caRequest')] }) }]);
    assert.equal(canSign(state), false);
    assert.equal(machine.errors(state).refused, english('errors:csr.refusal.caRequest'));
  });

  test('changing the text forgets the inspection', () => {
    const state = run([{ type: 'csrText', value: CSR }, { type: 'inspected', csr: CSR, summary: summary() }, { type: 'back' }, { type: 'csrText', value: `${CSR}\n` }]);
    assert.equal(state.inspected, null);
    assert.equal(canSign(state), false);
  });
});
