/**
 * The lab token endpoint of one token issuer: HTTPS with mutual TLS on 127.0.0.1, vouched for by one
 * authority of the vault. A caller shows a client certificate of that authority; its CommonName is
 * the token's sub, the audience it asks for is the aud, and the scope is what the service policy
 * grants it there (docs/service-identity.md).
 *
 *   GET  /.well-known/jwks.json      the issuer's public keys (no client certificate needed)
 *   GET  /token?aud=payment-service  a token (POST /token with the form body aud=… works too)
 *
 * Answers are JSON in the shape of OAuth 2.0 (RFC 6749 §5): `access_token`, `token_type`,
 * `expires_in`, `scope`, or `error` and `error_description`. A local listener (DESIGN.md §3): bound
 * to 127.0.0.1, Host checked, sizes capped, and tokens — a signature and an audit entry each —
 * budgeted per second. Tokens are never logged here; the audit log records their claims, not them.
 */
import { X509Certificate } from 'node:crypto';
import { SERVICE_NAME, scopeFor, tokenTtlFor, type ServicePolicy } from '../../shared/domain/service-policy.js';
import { CertwrightError } from '../../shared/errors.js';
import { OID } from '../engine/oids.js';
import { X509, type EngineCrypto } from '../engine/webcrypto.js';
import { normalizeSerial } from '../vault/revocations.js';
import type { Vault } from '../vault/vault.js';
import { RateBudget } from './listeners/budget.js';
import { LOOPBACK_ADDRESS, startLocalHttpListener, type LocalPeer, type LocalReply, type LocalRequest } from './listeners/http.js';
import type { Issuing } from './issuing.js';
import type { ServiceIdentity } from './service-identity.js';
import { keepCertificateFresh, ownCertificate } from './listeners/own-certificate.js';

/**
 * Tokens per second. Each costs a signature and a durable audit write; services ask once per token
 * lifetime (minutes), so this only stops a local process hammering the port.
 */
export const TOKENS_PER_SECOND = 20;
/** A token request is `aud=<service name>` and little else. */
const MAX_BODY_BYTES = 1024;
const SERVER_CERT_NAME = 'Certwright token endpoint';

export interface RunningTokenServer {
  /** https://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  readonly authorityId: string;
  close(): Promise<void>;
}

export interface TokenServerOptions {
  readonly vault: Vault;
  readonly issuing: Issuing;
  readonly identity: ServiceIdentity;
  readonly issuerId: string;
  readonly authorityId: string;
  readonly now: () => Date;
  readonly port?: number;
  readonly crypto?: EngineCrypto;
  /** Tokens per second (tests lower it). */
  readonly tokensPerSecond?: number;
}

export async function startTokenServer(options: TokenServerOptions): Promise<RunningTokenServer> {
  const { vault, issuing, identity, issuerId, authorityId, now } = options;
  const crypto = options.crypto ?? globalThis.crypto;
  const budget = new RateBudget(options.tokensPerSecond ?? TOKENS_PER_SECOND);
  const certificateNow = async () => ownCertificate({ issuer: await issuing.issuer(authorityId), authorityId, vault }, { bind: LOOPBACK_ADDRESS, commonName: SERVER_CERT_NAME, purpose: 'token endpoint', field: 'authorityId', clientsOfThisCa: true }, crypto, now());
  const first = await certificateNow();
  const authorityDer = new Uint8Array((await issuing.issuer(authorityId)).chain[0]!.rawData);
  const authority = new X509Certificate(authorityDer);
  const caName = commonNameOf(authorityDer) ?? 'this CA';

  const handle = async (request: LocalRequest): Promise<LocalReply> => {
    const url = new URL(request.path, 'https://localhost');
    try {
      if (url.pathname === '/.well-known/jwks.json') {
        if (request.method !== 'GET') return problem(405, 'invalid_request', 'The JWKS is read with GET');
        return { status: 200, type: 'application/json', body: identity.jwks(issuerId) };
      }
      if (url.pathname !== '/token') return problem(404, 'invalid_request', 'This endpoint serves /token and /.well-known/jwks.json');
      const caller = authenticate(request.peer, authority, caName, vault, authorityId);
      if ('status' in caller) return caller;
      const audience = audienceOf(request, url);
      if (audience === null) return problem(400, 'invalid_request', 'Name the service to call: aud=<service name> (letters, digits, dots, dashes, underscores)');
      const policy = identity.currentPolicy();
      if (scopeFor(policy, caller.service, audience).length === 0) return problem(403, 'access_denied', refusal(policy, caller.service, audience));
      if (!budget.take()) return { ...problem(429, 'temporarily_unavailable', `At most ${budget.perSecond} tokens a second; try again in a second`), headers: { 'Retry-After': '1' } };
      const ttlSeconds = tokenTtlFor(policy, caller.service);
      const minted = await identity.mint({ id: issuerId, service: caller.service, audience, ttlSeconds }, 'endpoint');
      return json(200, { access_token: minted.token, token_type: 'Bearer', expires_in: ttlSeconds, scope: minted.claims.scope });
    } catch (error) {
      if (error instanceof CertwrightError && error.code === 'VAULT_LOCKED') return problem(503, 'temporarily_unavailable', 'The Certwright vault is locked: unlock it, then ask again');
      // Our own errors speak plain words and carry no secrets; anything else stays inside.
      return problem(500, 'server_error', error instanceof CertwrightError ? error.message : 'The token endpoint failed; see Certwright');
    }
  };

  const listener = await startLocalHttpListener({ ...(options.port === undefined ? {} : { port: options.port }), methods: ['GET', 'POST'], maxBodyBytes: MAX_BODY_BYTES, tls: first.tls, handle });

  // The endpoint may run for days; its certificate lives one.
  const stopRenewing = keepCertificateFresh(listener, certificateNow, first.lifetimeMs);

  return {
    url: listener.url,
    port: listener.port,
    authorityId,
    close: async () => {
      stopRenewing();
      await listener.close();
    },
  };
}

// ---- Who is calling -------------------------------------------------------------------------

/**
 * The caller's service name from its client certificate, or the refusal. TLS let any certificate
 * through (rejectUnauthorized: false) so that each reason can be said in words here.
 */
function authenticate(peer: LocalPeer | null, authority: X509Certificate, caName: string, vault: Vault, authorityId: string): { service: string } | LocalReply {
  const certificate = peer?.certificate ?? null;
  if (peer === null || certificate === null) {
    return problem(401, 'invalid_client', `No client certificate: this endpoint knows callers by a client certificate issued by ${caName} (from an exported client bundle: curl --cacert ca.pem --cert fullchain.pem --key key.pem)`);
  }
  if (!peer.authorized) return problem(401, 'invalid_client', `The client certificate is not accepted: ${untrusted(peer.authorizationError, certificate, caName)}`);
  // The trust store holds the whole chain up to the root: a certificate from a sibling CA under the
  // same root passes TLS, but only this authority's revocation book speaks for what it issued.
  if (!certificate.checkIssued(authority) || !certificate.verify(authority.publicKey)) {
    return problem(401, 'invalid_client', `The client certificate was not issued by ${caName}, the CA this endpoint trusts`);
  }
  // Read per request: a revocation takes effect on the next call, without restarting anything.
  const revocation = vault.revocations(authorityId).entries.get(normalizeSerial(certificate.serialNumber));
  if (revocation) return problem(401, 'invalid_client', `The client certificate (serial ${normalizeSerial(certificate.serialNumber)}) was revoked on ${revocation.revokedAt.slice(0, 10)}`);
  if (authorityRevoked(vault, authorityId)) return problem(401, 'invalid_client', `${caName}, the CA that issued the client certificate, has been revoked`);
  const usages = certificate.keyUsage ?? [];
  if (usages.length > 0 && !usages.includes(OID.clientAuth)) return problem(401, 'invalid_client', 'The certificate is not a client certificate: its Extended Key Usage lacks clientAuth');
  const names = new X509.X509Certificate(new Uint8Array(certificate.raw)).subjectName.getField('CN');
  const service = names.length === 1 ? names[0]! : null;
  if (service === null || !SERVICE_NAME.test(service)) {
    return problem(403, 'access_denied', `The client certificate's CommonName ${service === null ? '(none, or several)' : JSON.stringify(service)} is not a service name: 1–64 letters, digits, dots, dashes or underscores`);
  }
  return { service };
}

/** OpenSSL's verdict in plain words. */
function untrusted(code: string | null, certificate: X509Certificate, caName: string): string {
  switch (code) {
    case 'CERT_HAS_EXPIRED':
      return `it expired on ${new Date(certificate.validTo).toISOString().slice(0, 10)}`;
    case 'CERT_NOT_YET_VALID':
      return `it is not valid before ${new Date(certificate.validFrom).toISOString().slice(0, 10)}`;
    case 'INVALID_PURPOSE':
      return 'it is not made for client authentication (its Extended Key Usage lacks clientAuth)';
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'CERT_SIGNATURE_FAILURE':
      return `it was not issued by ${caName}, the CA this endpoint trusts`;
    default:
      return `the TLS handshake could not verify it (${code ?? 'no reason given'})`;
  }
}

/** Whether the authority, or a CA above it in the vault, was revoked since the endpoint started. */
function authorityRevoked(vault: Vault, authorityId: string): boolean {
  for (let record = vault.getAuthority(authorityId), depth = 0; record.parentId !== null && depth < 16; record = vault.getAuthority(record.parentId), depth++) {
    if (record.serialNumberHex && vault.revocations(record.parentId).entries.has(normalizeSerial(record.serialNumberHex))) return true;
  }
  return false;
}

/** The one `aud` of the query (GET) or of the form body (POST); null when missing, repeated or not a service name. */
function audienceOf(request: LocalRequest, url: URL): string | null {
  const params = request.method === 'POST' ? new URLSearchParams(Buffer.from(request.body ?? new Uint8Array()).toString('utf8')) : url.searchParams;
  const values = params.getAll('aud');
  return values.length === 1 && SERVICE_NAME.test(values[0]!) ? values[0]! : null;
}

/** Why the policy gives `caller` no token for `audience`. */
function refusal(policy: ServicePolicy, caller: string, audience: string): string {
  if (!policy.services[caller]) return `"${caller}" is not in the service policy: it may call nothing`;
  if (!policy.services[audience]) return `"${audience}" is not in the service policy`;
  return `The service policy grants "${caller}" nothing on ${audience}`;
}

function commonNameOf(der: Uint8Array<ArrayBuffer>): string | null {
  return new X509.X509Certificate(der).subjectName.getField('CN')[0] ?? null;
}

// ---- Answers --------------------------------------------------------------------------------

function json(status: number, value: unknown): LocalReply {
  return { status, type: 'application/json', body: `${JSON.stringify(value)}\n` };
}

/** An OAuth 2.0 error answer (RFC 6749 §5.2); the listener adds Cache-Control: no-store to every answer. */
function problem(status: number, error: string, description: string): LocalReply {
  return json(status, { error, error_description: description });
}
