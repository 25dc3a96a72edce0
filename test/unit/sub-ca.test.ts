/** Signing an outside sub-CA: the default validity, the refusals past the issuer, and the wizard's model. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuthoritySummary } from '../../shared/domain/authority.js';
import type { CsrSummary } from '../../shared/domain/certificate.js';
import { subCaDefaultDays, subCaMaxDays } from '../../shared/domain/sub-ca.js';
import { SignSubCa } from '../../shared/ipc/contract.js';
import { carriedExtensions, EMPTY_SUB_CA, subCaErrors, subCaRequest } from '../../renderer/wizards/sign-csr/sub-ca.js';

const NOW = new Date('2026-01-10T12:00:00Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();

const issuer = (over: Partial<AuthoritySummary> = {}): AuthoritySummary =>
  ({ id: 'a'.repeat(32), kind: 'root', state: 'active', subject: { commonName: 'Mesh Root' }, notAfter: at(3650), pathLength: null, revocation: null, ...over }) as AuthoritySummary;

const summary: CsrSummary = {
  subject: { commonName: 'istiod-ca' },
  subjectDn: 'CN=istiod-ca',
  sans: [],
  uncopiedNames: [],
  key: { algorithm: 'p256', label: 'ECDSA P-256' },
  signatureValid: true,
  requestedExtensions: [],
  refusals: [],
  notes: [],
  suggestedProfile: null,
  caRequest: { pathLength: 5 },
};
const CSR = '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----';

describe('sub-CA validity', () => {
  test('a year by default, ending well before a long-lived issuer', () => {
    assert.equal(subCaDefaultDays(at(3650), NOW), 365);
  });

  test('under a short-lived issuer, it ends the renewal margin before it, never with it', () => {
    const days = subCaDefaultDays(at(200), NOW);
    assert.ok(days > 0 && days < 200, String(days));
    assert.equal(days, 150); // 200 days left, a quarter kept free
  });

  test('nothing under an issuer about to end', () => {
    assert.equal(subCaDefaultDays(at(1.5), NOW), 0);
    assert.equal(subCaMaxDays(at(1.5), NOW), 1);
  });
});

describe('the Sign sub-CA model', () => {
  const ready = { ...EMPTY_SUB_CA, issuerId: 'a'.repeat(32), typedName: 'istiod-ca' };

  test('ready once a CA is chosen and the name typed; the request passes the contract', () => {
    assert.deepEqual(subCaErrors(CSR, summary, ready, issuer(), NOW), {});
    const request = subCaRequest(CSR, { ...ready, constraints: { ...ready.constraints, permittedDns: 'mesh.internal' } }, issuer(), NOW);
    assert.deepEqual(request.nameConstraints, { permittedDns: ['mesh.internal'], excludedDns: [], permittedIp: [], excludedIp: [] });
    assert.equal(request.pathLength, 0);
    assert.equal('validityDays' in request, false, 'the default is main’s');
    assert.equal(SignSubCa.safeParse(request).success, true);
  });

  test('the typed name must be the requested one', () => {
    assert.match(subCaErrors(CSR, summary, { ...ready, typedName: 'istiod' }, issuer(), NOW).confirmCommonName ?? '', /reads “istiod-ca”/);
  });

  test('a CA with path length 0 signs no sub-CA; a path length beyond what the issuer leaves is refused', () => {
    assert.match(subCaErrors(CSR, summary, ready, issuer({ pathLength: 0 }), NOW).authorityId ?? '', /path length 0: it can sign only leaf certificates/);
    assert.match(subCaErrors(CSR, summary, { ...ready, pathLength: '2' }, issuer({ pathLength: 2 }), NOW).pathLength ?? '', /allows at most path length 1/);
  });

  test('validity past the issuer is refused, with the most it allows', () => {
    assert.match(subCaErrors(CSR, summary, { ...ready, validityDays: '400' }, issuer({ notAfter: at(300) }), NOW).validityDays ?? '', /ends in 300 days/);
  });

  test('a malformed constraint is named', () => {
    assert.match(subCaErrors(CSR, summary, { ...ready, constraints: { ...ready.constraints, permittedIp: '10.0.0.0/33' } }, issuer(), NOW).permittedIp ?? '', /./);
  });

  test('what the certificate will carry is what is chosen, not what was asked', () => {
    const lines = carriedExtensions({ ...ready, pathLength: '1', constraints: { ...ready.constraints, excludedDns: 'prod.mesh.internal' } });
    assert.match(lines[0]!, /CA, path length 1$/);
    assert.match(lines.join('\n'), /Name Constraints \(critical\): excluded prod\.mesh\.internal/);
  });
});
