/**
 * Service identity (docs/service-identity.md): token issuers with keys sealed in the vault, test
 * tokens minted from the policy, pasted tokens diagnosed, the service policy, and the services the
 * vault's client certificates and the policy name. Every signature is recorded in the audit log
 * before the token leaves this service; the token itself is never logged.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { JWK } from 'jose';
import { CertwrightError, atField } from '../../shared/errors.js';
import type { ValidInput } from '../../shared/ipc/contract.js';
import type { SnippetView } from '../../shared/domain/export.js';
import {
  TOKEN_TTL,
  type MintedToken,
  type PolicyDecision,
  type PolicyView,
  type ServiceCertificate,
  type ServiceRow,
  type TokenDiagnosis,
  type TokenEndpointStatus,
  type TokenIssuerPublicKeys,
  type TokenIssuerSummary,
} from '../../shared/domain/service-identity.js';
import { SERVICE_NAME, callersOf, decide, describeProblems, formatPolicy, POLICY_MAX_BYTES, scopeFor, tokenTtlFor, type ServicePolicy } from '../../shared/domain/service-policy.js';
import { generateIssuerKey } from '../engine/jwt/keys.js';
import { signToken, tokenClaims } from '../engine/jwt/mint.js';
import { toPem } from '../engine/pem.js';
import type { EngineCrypto } from '../engine/webcrypto.js';
import type { CertificateRecord } from '../vault/records.js';
import { currentKey, leavesJwksAt, liveKeys, type TokenIssuerRecord } from '../vault/token-issuers.js';
import type { Vault } from '../vault/vault.js';
import type { UntrustedPool } from '../workers/pool.js';
import type { Catalog } from './catalog.js';
import type { ChooseDestination, ChooseSource } from './destination.js';
import { serviceTokenSnippets } from './service-token-snippets.js';
import { jwksFileName } from '../engine/export/snippets/service-token.js';
import { writeBundle } from './write-bundle.js';
import { msg, type Msg } from '../../shared/i18n/message.js';

const CLIENT_PROFILES: ReadonlySet<CertificateRecord['profile']> = new Set(['client', 'peer']);

export interface ServiceIdentityDeps {
  readonly vault: Vault;
  readonly catalog: Catalog;
  readonly crypto: EngineCrypto;
  readonly untrusted: UntrustedPool;
  readonly now: () => Date;
  /** The token endpoint's status per issuer (token-endpoints.ts). */
  readonly endpointOf: (issuerId: string) => TokenEndpointStatus;
}

export class ServiceIdentity {
  readonly #vault: Vault;
  readonly #catalog: Catalog;
  readonly #crypto: EngineCrypto;
  readonly #untrusted: UntrustedPool;
  readonly #now: () => Date;
  readonly #endpointOf: (issuerId: string) => TokenEndpointStatus;

  constructor(deps: ServiceIdentityDeps) {
    this.#vault = deps.vault;
    this.#catalog = deps.catalog;
    this.#crypto = deps.crypto;
    this.#untrusted = deps.untrusted;
    this.#now = deps.now;
    this.#endpointOf = deps.endpointOf;
  }

  // ---- Issuers ------------------------------------------------------------------------------

  issuers(): TokenIssuerSummary[] {
    return this.#vault.listTokenIssuers().map((i) => this.#summary(i));
  }

  /** The issuer with this id or name (the CLI takes names). */
  find(idOrName: string): TokenIssuerRecord {
    const found = this.#vault.listTokenIssuers().find((i) => i.id === idOrName || i.name === idOrName);
    if (!found) throw new CertwrightError('NOT_FOUND', msg('errors:tokens.noIssuerNamed', { name: idOrName }));
    return found;
  }

  async createIssuer(input: ValidInput<'jwt.createIssuer'>): Promise<TokenIssuerSummary> {
    const key = await generateIssuerKey(input.algorithm, input.algorithm === 'RS256' ? input.rsaBits : undefined, this.#crypto);
    const record = await this.#vault.addTokenIssuer({ name: input.name, algorithm: input.algorithm, key: { ...key, algorithm: input.algorithm, publicJwk: key.publicJwk as Record<string, string> } });
    return this.#summary(record);
  }

  /** A new current key, same algorithm; the old one verifies until its last token expires. */
  async rotate(id: string): Promise<TokenIssuerSummary> {
    const issuer = this.#vault.getTokenIssuer(id);
    const current = currentKey(issuer);
    const bits = current.keyAlgorithm.startsWith('rsa') ? Number(current.keyAlgorithm.slice(3)) : undefined;
    const key = await generateIssuerKey(issuer.algorithm, bits, this.#crypto);
    return this.#summary(await this.#vault.rotateTokenIssuer(id, { ...key, algorithm: issuer.algorithm, publicJwk: key.publicJwk as Record<string, string> }));
  }

  publicKeys(id: string): TokenIssuerPublicKeys {
    const issuer = this.#vault.getTokenIssuer(id);
    const current = currentKey(issuer);
    return {
      jwks: jwksText(issuer, this.#now()),
      currentPem: toPem('PUBLIC KEY', new Uint8Array(Buffer.from(current.spkiDerB64, 'base64'))),
      currentKid: current.kid,
    };
  }

  /** The keys of every live key, as verifiers load them: `{"keys":[…]}`. */
  jwks(id: string): string {
    return jwksText(this.#vault.getTokenIssuer(id), this.#now());
  }

  async exportKeys(input: ValidInput<'jwt.exportKeys'>, choose: ChooseDestination): Promise<{ cancelled: boolean; paths: string[] }> {
    const issuer = this.#vault.getTokenIssuer(input.id);
    const keys = this.publicKeys(input.id);
    // The JWKS under the name the generated Go code loads it by.
    const name = input.format === 'jwks' ? jwksFileName(issuer.name) : `${issuer.name.replace(/[^A-Za-z0-9._-]+/g, '-')}.pub.pem`;
    const out = await choose({ kind: 'file', title: input.format === 'jwks' ? msg('menu:dialog.saveJwks', { name: issuer.name }) : msg('menu:dialog.savePublicKey', { name: issuer.name }), defaultName: name, extensions: [input.format === 'jwks' ? 'json' : 'pem'] });
    if (out === null) return { cancelled: true, paths: [] };
    const contents = input.format === 'jwks' ? keys.jwks : keys.currentPem;
    return { cancelled: false, paths: await writeBundle({ layout: 'file', files: [{ name, contents: new TextEncoder().encode(contents), secret: false, mode: 0o644 }] }, out) };
  }

  // ---- Tokens -------------------------------------------------------------------------------

  /**
   * A token for `service` to call `audience`, scope from the policy. Signed, recorded in the audit
   * log, then returned: a token whose record could not be written is never handed out.
   */
  async mint(input: ValidInput<'jwt.mint'>, via: 'mint' | 'endpoint' = 'mint'): Promise<MintedToken> {
    const { policy } = this.#vault.servicePolicy();
    const signer = await this.#vault.tokenSigningKey(input.id);
    const scope = scopeFor(policy, input.service, input.audience);
    const claims = tokenClaims({ issuer: signer.issuer.name, subject: input.service, audience: input.audience, scope, ttlSeconds: input.ttlSeconds, now: this.#now() });
    const token = await signToken(signer.key, signer.algorithm, signer.kid, claims, this.#crypto);
    this.#vault.recordTokens(input.id, signer.kid, [
      { subject: claims.sub, audience: claims.aud, jti: claims.jti, expiresAt: new Date(claims.exp * 1000).toISOString(), scope: claims.scope, via },
    ]);
    const warnings: Msg[] = [];
    if (input.ttlSeconds > TOKEN_TTL.recommendedMax) warnings.push(msg('services:mintWarning.long', { minutes: Math.round(input.ttlSeconds / 60) }));
    if (scope.length === 0) warnings.push(msg('services:mintWarning.notGranted', { service: input.service, audience: input.audience }));
    return { token, header: { alg: signer.algorithm, kid: signer.kid, typ: 'JWT' }, claims: { ...claims }, warnings };
  }

  /** A pasted token, checked in the untrusted-input worker against the issuer's public keys. */
  async verify(input: ValidInput<'jwt.verify'>): Promise<TokenDiagnosis> {
    const { policy } = this.#vault.servicePolicy();
    const clientCertificateCn = input.clientCertificateId ? this.#commonNameOf(input.clientCertificateId) : null;
    const now = this.#now();
    // The vault's issuer, or a JWKS from elsewhere (read in the worker, like the token).
    const against =
      input.id !== undefined
        ? { issuer: this.#verifyingIssuer(input.id, now) }
        : { jwks: { text: input.jwks ?? '', issuerName: input.issuerName ?? '' } };
    return this.#untrusted.run('token.diagnose', {
      token: input.token,
      ...against,
      audience: input.audience ?? null,
      clientCertificateCn,
      policy,
      action: input.action ?? null,
      now: now.getTime(),
    });
  }

  #verifyingIssuer(id: string, now: Date) {
    const issuer = this.#vault.getTokenIssuer(id);
    return { name: issuer.name, algorithm: issuer.algorithm, keys: liveKeys(issuer, now).map((k) => ({ kid: k.kid, algorithm: k.algorithm, publicJwk: k.publicJwk as JWK })) };
  }

  #commonNameOf(certificateId: string): string {
    const record = this.#vault.getCertificate(certificateId);
    return this.#catalog.leaf(record.certificateDerB64).subject.commonName;
  }

  // ---- Policy -------------------------------------------------------------------------------

  policy(): PolicyView {
    const { policy, updatedAt } = this.#vault.servicePolicy();
    const withCertificates = new Set(this.#clientCertificates().keys());
    return { text: formatPolicy(policy), services: Object.keys(policy.services).length, updatedAt, withoutCertificate: Object.keys(policy.services).filter((s) => !withCertificates.has(s)) };
  }

  /** Replaces the policy with this text, checked line by line first (nothing is stored when it has a problem). */
  async savePolicy(text: string, source: 'edit' | 'import' = 'edit', path?: string): Promise<PolicyView> {
    const parsed = await this.#untrusted.run('policy.parse', { text });
    if (!parsed.ok) {
      const problem = describeProblems(parsed.problems);
      throw new CertwrightError('INVALID_INPUT', atField('text', problem.key, problem.params), { field: 'text' });
    }
    this.#vault.writeServicePolicy(parsed.policy, { source, sha256: createHash('sha256').update(text).digest('hex'), ...(path ? { path } : {}) });
    return this.policy();
  }

  async importPolicy(choose: ChooseSource): Promise<PolicyView | null> {
    const path = await choose({ title: msg('menu:dialog.importPolicy'), extensions: ['json'] });
    if (path === null) return null;
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      throw new CertwrightError('INVALID_INPUT', atField('path', 'errors:tokens.cannotReadPolicy', { path }), { field: 'path' });
    }
    if (size > POLICY_MAX_BYTES) throw new CertwrightError('INVALID_INPUT', atField('path', 'errors:tokens.policyTooLarge', { path, size: size.toLocaleString('en') }), { field: 'path' });
    return this.savePolicy(await readFile(path, 'utf8'), 'import', path);
  }

  async exportPolicy(choose: ChooseDestination): Promise<{ cancelled: boolean; paths: string[] }> {
    const text = formatPolicy(this.#vault.servicePolicy().policy);
    const out = await choose({ kind: 'file', title: msg('menu:dialog.savePolicy'), defaultName: 'service-policy.json', extensions: ['json'] });
    if (out === null) return { cancelled: true, paths: [] };
    return { cancelled: false, paths: await writeBundle({ layout: 'file', files: [{ name: 'service-policy.json', contents: new TextEncoder().encode(text), secret: false, mode: 0o644 }] }, out) };
  }

  check(caller: string, action: string): PolicyDecision {
    return decide(this.#vault.servicePolicy().policy, caller, action);
  }

  currentPolicy(): ServicePolicy {
    return this.#vault.servicePolicy().policy;
  }

  // ---- Services -----------------------------------------------------------------------------

  /** One row per service the policy or a client certificate names, by name. */
  services(): ServiceRow[] {
    const { policy } = this.#vault.servicePolicy();
    const certificates = this.#clientCertificates();
    const names = [...new Set([...Object.keys(policy.services), ...certificates.keys()])].sort((a, b) => a.localeCompare(b));
    return names.map((name) => ({
      name,
      inPolicy: policy.services[name] !== undefined,
      certificates: certificates.get(name) ?? [],
      calls: [...(policy.services[name]?.calls ?? [])],
      calledBy: callersOf(policy, name),
      tokenTtlSeconds: tokenTtlFor(policy, name),
    }));
  }

  snippets(issuerId: string, service: string): SnippetView[] {
    const issuer = this.#vault.getTokenIssuer(issuerId);
    return serviceTokenSnippets({ issuer: issuer.name, algorithm: issuer.algorithm, service, policy: this.#vault.servicePolicy().policy, endpointUrl: this.#endpointOf(issuerId).url });
  }

  /** The snippets for the service a client certificate names, from the vault's first token issuer (none without one). */
  snippetsForService(service: string): SnippetView[] {
    const [issuer] = this.#vault.listTokenIssuers();
    return issuer && SERVICE_NAME.test(service) ? this.snippets(issuer.id, service) : [];
  }

  /** Client and peer certificates by CommonName, newest first. */
  #clientCertificates(): Map<string, ServiceCertificate[]> {
    const byName = new Map<string, ServiceCertificate[]>();
    for (const record of this.#vault.listAllCertificates()) {
      if (!CLIENT_PROFILES.has(record.profile)) continue;
      const leaf = this.#catalog.leaf(record.certificateDerB64);
      const name = leaf.subject.commonName;
      const revoked = this.#catalog.revocationOf(record) !== null;
      const entry: ServiceCertificate = {
        id: record.id,
        authorityId: record.authorityId,
        serialNumber: leaf.serialNumberHex,
        notAfter: leaf.notAfterIso,
        status: revoked ? 'revoked' : this.#catalog.status(leaf),
        uris: leaf.sans.filter((s) => s.type === 'uri').map((s) => s.value),
        keyAlgorithm: record.keyAlgorithm,
      };
      const list = byName.get(name);
      if (list) list.push(entry);
      else byName.set(name, [entry]);
    }
    for (const list of byName.values()) list.sort((a, b) => b.notAfter.localeCompare(a.notAfter));
    return byName;
  }

  #summary(issuer: TokenIssuerRecord): TokenIssuerSummary {
    const now = this.#now();
    return {
      id: issuer.id,
      name: issuer.name,
      algorithm: issuer.algorithm,
      createdAt: issuer.createdAt,
      keys: liveKeys(issuer, now).map((k) => ({ kid: k.kid, algorithm: k.algorithm, state: k.retiredAt === null ? 'current' : 'retiring', createdAt: k.createdAt, leavesJwksAt: leavesJwksAt(k) })),
      tokensSigned: issuer.tokensSigned,
      endpoint: this.#endpointOf(issuer.id),
    };
  }
}

/** `{"keys":[…]}` with the public members of every key still live, current first. */
export function jwksText(issuer: TokenIssuerRecord, now: Date): string {
  return `${JSON.stringify({ keys: liveKeys(issuer, now).map((k) => k.publicJwk) }, null, 2)}\n`;
}
