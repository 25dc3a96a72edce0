/**
 * One ACME server (RFC 8555) in front of one authority of the vault, over HTTPS under a server
 * certificate the same authority issues for the bind address. Resources (§7.1.1):
 *
 *   GET  /directory                 the URLs below and meta.externalAccountRequired
 *   HEAD /new-nonce, GET            a fresh Replay-Nonce (200 for HEAD, 204 for GET: §7.2)
 *   POST /new-account               register (jwk), or find (onlyReturnExisting); EAB when required
 *   POST /acct/<id>                 read, update contacts, deactivate;  /acct/<id>/orders: its orders
 *   POST /key-change                roll the account key over (§7.3.5)
 *   POST /new-order                 dns and ip identifiers inside the CA's name constraints
 *   POST /authz/<id>, /chall/<id>   read; POST {} to a challenge starts its validation
 *   POST /order/<id>[/finalize]     read; finalize with a CSR for exactly the order's names
 *   POST /cert/<id>                 the certificate and the intermediates (PEM chain)
 *   POST /revoke-cert               by the account that ordered it (kid) or the certificate's key (jwk)
 *
 * Every POST is a JWS checked by engine/acme/jws.ts — nonce spent, url matched, account known and
 * valid, signature verified — before the resource sees it. Every answer carries a fresh nonce and
 * the directory link; every refusal is a problem document. Accounts are the vault's; orders,
 * authorizations and challenges are memory (state.ts). A CSR is read in the untrusted-input worker
 * and signed through Issuing.signCsr like every other CSR, so the CA's rules hold here too.
 */
import { createPublicKey, X509Certificate } from 'node:crypto';
import type { AcmeOrderView, AcmeServerOptions } from '../../../shared/domain/acme.js';
import { CertwrightError } from '../../../shared/errors.js';
import type { SanEntry } from '../../../shared/validation/san.js';
import { readContacts, revocationReason } from '../../engine/acme/accounts.js';
import { keyAuthorization } from '../../engine/acme/challenges.js';
import { checkCsrNames, commonNameCandidates, identifierSans, readOrderIdentifiers, refusal, type AcmeIdentifier } from '../../engine/acme/identifiers.js';
import {
  jwkThumbprint,
  parseJwsBody,
  payloadJson,
  payloadObject,
  readProtectedHeader,
  requireKeyKind,
  requireUrl,
  verifyExternalAccountBinding,
  verifyJws,
  verifyKeyChange,
  type PublicJwk,
} from '../../engine/acme/jws.js';
import { NonceBook, pastableToken, spendNonce } from '../../engine/acme/nonces.js';
import { AcmeProblem, type ProblemDocument } from '../../engine/acme/problems.js';
import { toPem } from '../../engine/pem.js';
import { checkNameConstraints, type ValidityRequest } from '../../engine/policy.js';
import type { EngineCrypto, X509 } from '../../engine/webcrypto.js';
import type { AcmeAccountRecord } from '../../vault/acme-accounts.js';
import { normalizeSerial } from '../../vault/revocations.js';
import type { Vault } from '../../vault/vault.js';
import type { UntrustedPool } from '../../workers/pool.js';
import type { TaskOutput } from '../../workers/protocol.js';
import type { Catalog } from '../catalog.js';
import type { Issuing } from '../issuing.js';
import { RateBudget } from '../listeners/budget.js';
import { leafRefusals } from '../../../shared/domain/certificate.js';
import { english } from '../../../shared/i18n/english.js';
import { keepCertificateFresh, ownCertificate } from '../listeners/own-certificate.js';
import type { Revoking } from '../revoking.js';
import { hostLiteral, startAcmeListener, type AcmeHttpReply, type AcmeHttpRequest } from './listener.js';
import { AcmeState, authzStatus, orderError, orderStatus, type AuthzState, type ChallengeState, type ChallengeType, type OrderState } from './state.js';
import { validateDns01, validateHttp01, type ValidationSettings } from './validation.js';

/** A JWS of a few KiB; a CSR of an RSA-8192 key with a hundred names stays well under this. */
export const MAX_BODY_BYTES = 64 * 1024;
/** Finalizations a second: each costs a signature with the CA key and a vault write. */
export const FINALIZE_PER_SECOND = 10;
/** New accounts a second: each is a vault write and an audit entry. */
export const ACCOUNTS_PER_SECOND = 5;
/** How long a challenge POST waits for its validation before answering "processing". */
const SETTLE_MS = 500;
/** Challenge validations in flight at once (each an outgoing connection or DNS query). */
export const MAX_VALIDATIONS = 16;
const SERVER_CERT_NAME = 'Certwright ACME server';
const DAY_MS = 86_400_000;
/** Client-side polling: a hint in Retry-After while something is processing. */
const RETRY_AFTER_SECONDS = '1';

export interface AcmeServerDeps {
  readonly vault: Vault;
  readonly catalog: Catalog;
  readonly issuing: Issuing;
  readonly revoking: Revoking;
  readonly untrusted: Pick<UntrustedPool, 'run'>;
  readonly crypto: EngineCrypto;
  readonly now: () => Date;
}

export interface RunningAcmeServer {
  readonly authorityId: string;
  readonly options: AcmeServerOptions;
  /** https://ADDRESS:PORT/directory */
  readonly directoryUrl: string;
  readonly port: number;
  readonly eab: { readonly keyId: string; readonly hmacKey: string } | null;
  /** The newest orders of this run, for the panel. */
  orders(): AcmeOrderView[];
  close(): Promise<void>;
}

type RouteName = 'directory' | 'newNonce' | 'newAccount' | 'newOrder' | 'revokeCert' | 'keyChange' | 'account' | 'accountOrders' | 'order' | 'finalize' | 'authz' | 'challenge' | 'certificate';

interface Route {
  readonly name: RouteName;
  readonly id: string | null;
}

/** A POST that passed every JWS check: who signed it and what it says. */
interface Signed {
  readonly url: string;
  readonly payload: Uint8Array;
  /** The account named by kid; null for a request signed with a bare key (jwk). */
  readonly account: AcmeAccountRecord | null;
  readonly jwk: PublicJwk;
}

const ID = '[A-Za-z0-9_-]{1,64}';
const ROUTES: readonly [RegExp, RouteName][] = [
  [/^\/directory$/, 'directory'],
  [/^\/new-nonce$/, 'newNonce'],
  [/^\/new-account$/, 'newAccount'],
  [/^\/new-order$/, 'newOrder'],
  [/^\/revoke-cert$/, 'revokeCert'],
  [/^\/key-change$/, 'keyChange'],
  [new RegExp(`^/acct/(${ID})$`), 'account'],
  [new RegExp(`^/acct/(${ID})/orders$`), 'accountOrders'],
  [new RegExp(`^/order/(${ID})$`), 'order'],
  [new RegExp(`^/order/(${ID})/finalize$`), 'finalize'],
  [new RegExp(`^/authz/(${ID})$`), 'authz'],
  [new RegExp(`^/chall/(${ID})$`), 'challenge'],
  [new RegExp(`^/cert/(${ID})$`), 'certificate'],
];

function routeOf(path: string): Route | null {
  for (const [pattern, name] of ROUTES) {
    const match = pattern.exec(path);
    if (match) return { name, id: match[1] ?? null };
  }
  return null;
}

/** What each resource is called in a refusal. */
const RESOURCE: Readonly<Record<RouteName, string>> = {
  directory: 'The directory',
  newNonce: 'new-nonce',
  newAccount: 'A new-account request',
  newOrder: 'A new-order request',
  revokeCert: 'A revocation',
  keyChange: 'A key change',
  account: 'An account request',
  accountOrders: 'The orders list',
  order: 'An order request',
  finalize: 'A finalize request',
  authz: 'An authorization request',
  challenge: 'A challenge request',
  certificate: 'A certificate download',
};

export async function startAcmeServer(deps: AcmeServerDeps, authorityId: string, options: AcmeServerOptions): Promise<RunningAcmeServer> {
  const { vault, catalog, issuing, revoking, untrusted, crypto, now } = deps;
  const certificateNow = async () => ownCertificate({ issuer: await issuing.issuer(authorityId), authorityId, vault }, { bind: options.bind, commonName: SERVER_CERT_NAME, purpose: 'ACME server', field: 'bind' }, crypto, now());
  const first = await certificateNow();
  const eab = options.eab ? { keyId: pastableToken(16), hmacKey: pastableToken(32) } : null;
  const eabKey = eab ? { keyId: eab.keyId, hmacKey: new Uint8Array(Buffer.from(eab.hmacKey, 'base64url')) } : null;
  const nonces = new NonceBook();
  const state = new AcmeState();
  const finalizeBudget = new RateBudget(FINALIZE_PER_SECOND);
  const accountBudget = new RateBudget(ACCOUNTS_PER_SECOND);
  const stopping = new AbortController();
  const validations = new Set<Promise<void>>();
  const settings: ValidationSettings = {
    http01Port: options.http01Port,
    resolve: new Map(options.resolve.map((r) => [r.name.toLowerCase(), r.address])),
    dnsResolver: options.dnsResolver,
    signal: stopping.signal,
  };
  let base = '';
  const at = (path: string) => `${base}${path}`;
  const directoryUrl = () => at('/directory');

  // ---- Answers ----------------------------------------------------------------------------------

  const json = (status: number, value: unknown, extra: { location?: string; up?: string; retryAfter?: boolean } = {}): AcmeHttpReply => ({
    status,
    headers: {
      'Content-Type': 'application/json',
      Link: [`<${directoryUrl()}>;rel="index"`, ...(extra.up ? [`<${extra.up}>;rel="up"`] : [])].join(', '),
      ...(extra.location ? { Location: extra.location } : {}),
      ...(extra.retryAfter ? { 'Retry-After': RETRY_AFTER_SECONDS } : {}),
    },
    body: JSON.stringify(value),
  });
  const problem = (p: AcmeProblem): AcmeHttpReply => ({ status: p.status, headers: { 'Content-Type': 'application/problem+json', ...p.options.headers }, body: JSON.stringify(p.document()) });

  // ---- Views (RFC 8555 §7.1.2–7.1.5) ------------------------------------------------------------

  const accountUrl = (id: string) => at(`/acct/${id}`);
  const accountJson = (a: AcmeAccountRecord) => ({ status: a.status, contact: a.contact, orders: at(`/acct/${a.id}/orders`), createdAt: a.createdAt });
  const challengeJson = (c: ChallengeState) => ({
    type: c.type,
    url: at(`/chall/${c.id}`),
    status: c.status,
    token: c.token,
    ...(c.validated ? { validated: c.validated.toISOString() } : {}),
    ...(c.error ? { error: c.error } : {}),
  });
  const authzJson = (a: AuthzState) => ({
    identifier: { type: a.identifier.type, value: a.identifier.value },
    status: authzStatus(a, now()),
    expires: a.expires.toISOString(),
    challenges: a.challenges.map(challengeJson),
    ...(a.wildcard ? { wildcard: true } : {}),
  });
  const orderJson = (o: OrderState) => {
    const time = now();
    const error = orderError(o, time);
    return {
      status: orderStatus(o, time),
      expires: o.expires.toISOString(),
      identifiers: o.identifiers.map((i) => ({ type: i.type, value: i.value })),
      authorizations: o.authorizations.map((a) => at(`/authz/${a.id}`)),
      finalize: at(`/order/${o.id}/finalize`),
      ...(o.certificateId ? { certificate: at(`/cert/${o.certificateId}`) } : {}),
      ...(error ? { error } : {}),
    };
  };

  // ---- The JWS gate -----------------------------------------------------------------------------

  const accounts = () => vault.listAcmeAccounts(authorityId);

  const accountOf = (kid: string): AcmeAccountRecord => {
    const prefix = at('/acct/');
    const id = kid.startsWith(prefix) ? kid.slice(prefix.length) : null;
    const account = id === null ? undefined : accounts().find((a) => a.id === id);
    if (!account) throw new AcmeProblem('accountDoesNotExist', `The kid ${JSON.stringify(kid.slice(0, 200))} is not an account of this server: register with new-account first`);
    if (account.status !== 'valid') throw new AcmeProblem('unauthorized', `The account ${account.id} is ${account.status}: it can no longer make requests`);
    return account;
  };

  const authenticate = async (request: AcmeHttpRequest, route: Route): Promise<Signed> => {
    const mediaType = (request.contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (mediaType !== 'application/jose+json') throw new AcmeProblem('malformed', `${RESOURCE[route.name]} is a JWS sent as Content-Type: application/jose+json`, { status: 415 });
    const jws = parseJwsBody(request.body ?? new Uint8Array());
    const header = readProtectedHeader(jws);
    requireKeyKind(header, route.name === 'newAccount' ? 'jwk' : route.name === 'revokeCert' ? 'either' : 'kid', RESOURCE[route.name]);
    spendNonce(nonces, header.nonce);
    const url = at(request.path);
    requireUrl(header, url);
    const account = header.kid === null ? null : accountOf(header.kid);
    const jwk = account ? account.jwk : header.jwk!;
    const payload = await verifyJws(jws, header.alg, jwk);
    return { url, payload, account, jwk };
  };

  /** The signing account, which must be the owner of what the request is about. */
  const owner = (signed: Signed, accountId: string, what: string): AcmeAccountRecord => {
    if (signed.account === null || signed.account.id !== accountId) throw new AcmeProblem('unauthorized', `${what} belongs to another account`);
    return signed.account;
  };

  const notFound = (what: string) => new AcmeProblem('malformed', `No such ${what} on this server (orders, authorizations and challenges last as long as the server runs)`, { status: 404 });

  // ---- Accounts ---------------------------------------------------------------------------------

  const newAccount = async (signed: Signed): Promise<AcmeHttpReply> => {
    const payload = payloadObject(signed.payload, RESOURCE.newAccount);
    const thumbprint = await jwkThumbprint(signed.jwk);
    const existing = accounts().find((a) => a.thumbprint === thumbprint);
    if (existing) {
      if (existing.status !== 'valid') throw new AcmeProblem('unauthorized', `The account of this key is ${existing.status}`);
      return json(200, accountJson(existing), { location: accountUrl(existing.id) });
    }
    if (payload.onlyReturnExisting === true) throw new AcmeProblem('accountDoesNotExist', 'No account is registered with this key');
    const contact = readContacts(payload.contact);
    if (eabKey) await verifyExternalAccountBinding(payload.externalAccountBinding, { ...eabKey, url: signed.url, accountJwk: signed.jwk });
    if (!accountBudget.take()) throw new AcmeProblem('rateLimited', `At most ${ACCOUNTS_PER_SECOND} new accounts a second; try again in a second`, { headers: { 'Retry-After': '1' } });
    let record: AcmeAccountRecord;
    try {
      record = vault.addAcmeAccount({ authorityId, jwk: { ...signed.jwk }, thumbprint, contact, eabKeyId: eabKey?.keyId ?? null });
    } catch (error) {
      // Two registrations of one key at once: the second finds the first.
      const raced = accounts().find((a) => a.thumbprint === thumbprint);
      if (raced?.status === 'valid') return json(200, accountJson(raced), { location: accountUrl(raced.id) });
      throw error;
    }
    return json(201, accountJson(record), { location: accountUrl(record.id) });
  };

  const account = (signed: Signed, id: string): AcmeHttpReply => {
    let record = owner(signed, id, 'This account');
    const payload = payloadJson(signed.payload);
    if (payload !== null) {
      const update = payloadObject(signed.payload, RESOURCE.account);
      if (update.status !== undefined && update.status !== 'deactivated') throw new AcmeProblem('malformed', 'An account can only be deactivated by its holder: {"status": "deactivated"}');
      const contact = update.contact === undefined ? undefined : readContacts(update.contact);
      if (update.status === 'deactivated') {
        record = vault.updateAcmeAccount(authorityId, id, { status: 'deactivated', ...(contact ? { contact } : {}) });
        state.cancelPending(id);
      } else if (contact) {
        record = vault.updateAcmeAccount(authorityId, id, { contact });
      }
    }
    return json(200, accountJson(record), { location: accountUrl(record.id) });
  };

  const accountOrders = (signed: Signed, id: string): AcmeHttpReply => {
    owner(signed, id, 'This account');
    return json(200, { orders: state.ordersOf(id).map((o) => at(`/order/${o.id}`)) });
  };

  const keyChange = async (signed: Signed): Promise<AcmeHttpReply> => {
    const current = signed.account!;
    const inner = payloadJson(signed.payload);
    const next = await verifyKeyChange(inner, { url: signed.url, accountUrl: accountUrl(current.id), oldThumbprint: current.thumbprint });
    const holder = accounts().find((a) => a.thumbprint === next.thumbprint);
    if (holder) throw new AcmeProblem('malformed', holder.id === current.id ? 'The new key is the current key' : 'Another account already uses the new key', { status: 409, headers: { Location: accountUrl(holder.id) } });
    const record = vault.updateAcmeAccount(authorityId, current.id, { jwk: { ...next.jwk }, thumbprint: next.thumbprint });
    return json(200, accountJson(record), { location: accountUrl(record.id) });
  };

  // ---- Orders, authorizations, challenges ---------------------------------------------------------

  const chain = (): X509.X509Certificate[] => catalog.issuerChain(vault.getAuthority(authorityId));

  const challengeTypes = (identifier: AcmeIdentifier): ChallengeType[] => {
    if (identifier.type === 'dns' && identifier.value.startsWith('*.')) return ['dns-01'];
    return identifier.type === 'dns' && options.dnsResolver !== null ? ['http-01', 'dns-01'] : ['http-01'];
  };

  const newOrder = (signed: Signed): AcmeHttpReply => {
    const payload = payloadObject(signed.payload, RESOURCE.newOrder);
    if (payload.notBefore !== undefined || payload.notAfter !== undefined) {
      throw new AcmeProblem('malformed', `This server sets the validity itself (at most ${options.maxValidityDays} days): send no notBefore or notAfter`);
    }
    // A wildcard is proved with dns-01 only (§7.1.3), or approved without proof in lab mode.
    const identifiers = readOrderIdentifiers(payload.identifiers, { wildcards: options.dnsResolver !== null || options.labMode });
    // The CA's name constraints, at order time: nothing is proved for a name that could never be issued.
    const issuingChain = chain();
    const refused = identifiers.flatMap((identifier) => {
      try {
        checkNameConstraints(issuingChain, [{ type: identifier.type, value: identifier.value }]);
        return [];
      } catch (error) {
        if (!(error instanceof CertwrightError)) throw error;
        return [{ type: 'rejectedIdentifier' as const, detail: error.message, identifier: { type: identifier.type, value: identifier.value } }];
      }
    });
    if (refused.length > 0) throw refusal(refused);
    const account = signed.account!;
    const order = state.addOrder({ accountId: account.id, identifiers, challengeTypes, now: now(), approved: options.labMode });
    if (options.labMode) {
      try {
        vault.recordAudit(identifiers.map((i) => ({ kind: 'acme.labApproved' as const, authorityId, subject: i.value, details: { accountId: account.id, orderId: order.id, identifierType: i.type } })));
      } catch (error) {
        // An approval that is not in the audit log did not happen.
        order.error = new AcmeProblem('serverInternal', 'The lab approval could not be recorded in the audit log').document();
        throw error;
      }
    }
    return json(201, orderJson(order), { location: at(`/order/${order.id}`) });
  };

  const readOrder = (signed: Signed, id: string): AcmeHttpReply => {
    const order = state.order(id);
    if (!order) throw notFound('order');
    owner(signed, order.accountId, 'This order');
    return json(200, orderJson(order), { retryAfter: orderStatus(order, now()) === 'processing' });
  };

  const authz = (signed: Signed, id: string): AcmeHttpReply => {
    const found = state.authorization(id);
    if (!found) throw notFound('authorization');
    owner(signed, found.accountId, 'This authorization');
    const payload = payloadJson(signed.payload);
    if (payload !== null) {
      const update = payloadObject(signed.payload, RESOURCE.authz);
      if (update.status !== 'deactivated') throw new AcmeProblem('malformed', 'An authorization can only be deactivated: {"status": "deactivated"}');
      const status = authzStatus(found, now());
      if (status !== 'pending' && status !== 'valid') throw new AcmeProblem('malformed', `The authorization is ${status}; only a pending or valid one can be deactivated`);
      found.status = 'deactivated';
    }
    return json(200, authzJson(found));
  };

  const validate = async (challenge: ChallengeState, keyAuth: string): Promise<void> => {
    const { authz: parent } = challenge;
    let outcome: ProblemDocument | null;
    try {
      outcome = challenge.type === 'http-01' ? await validateHttp01(parent.identifier, challenge.token, keyAuth, settings) : await validateDns01(parent.identifier, keyAuth, settings);
    } catch {
      outcome = new AcmeProblem('serverInternal', 'The validation failed inside Certwright').document();
    }
    if (stopping.signal.aborted) return;
    if (outcome === null) {
      challenge.status = 'valid';
      challenge.validated = now();
      if (authzStatus(parent, now()) === 'pending') parent.status = 'valid';
    } else {
      challenge.status = 'invalid';
      challenge.error = outcome;
      if (authzStatus(parent, now()) === 'pending') parent.status = 'invalid';
    }
  };

  const challenge = async (signed: Signed, id: string): Promise<AcmeHttpReply> => {
    const found = state.challenge(id);
    if (!found) throw notFound('challenge');
    const account = owner(signed, found.authz.accountId, 'This challenge');
    const payload = payloadJson(signed.payload);
    if (payload !== null) {
      payloadObject(signed.payload, RESOURCE.challenge); // {} asks for validation (§7.5.1)
      if (found.status === 'pending' && authzStatus(found.authz, now()) === 'pending') {
        if (validations.size >= MAX_VALIDATIONS) throw new AcmeProblem('rateLimited', `${MAX_VALIDATIONS} validations are running; try again in a second`, { headers: { 'Retry-After': '1' } });
        found.status = 'processing';
        const running = validate(found, keyAuthorization(found.token, account.thumbprint)).finally(() => validations.delete(running));
        validations.add(running);
        // A validation on a lab network takes milliseconds: answering with its outcome spares the
        // client a poll (lego sleeps the whole Retry-After second otherwise). A slow one goes on in
        // the background and the client polls, as §7.5.1 has it.
        await Promise.race([running.catch(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, SETTLE_MS).unref())]);
      }
    }
    return json(200, challengeJson(found), { up: at(`/authz/${found.authz.id}`), retryAfter: found.status === 'processing' });
  };

  // ---- Finalize, download, revoke -----------------------------------------------------------------

  /** The validity of an ACME certificate: the server's maximum, cut to the end of the CA's chain. */
  const validityFor = (issuingChain: readonly X509.X509Certificate[]): ValidityRequest => {
    const end = Math.min(...issuingChain.map((c) => c.notAfter.getTime()));
    return now().getTime() + options.maxValidityDays * DAY_MS <= end ? { days: options.maxValidityDays } : { notAfter: new Date(end).toISOString() };
  };

  const finalize = async (signed: Signed, id: string): Promise<AcmeHttpReply> => {
    const order = state.order(id);
    if (!order) throw notFound('order');
    const account = owner(signed, order.accountId, 'This order');
    const payload = payloadObject(signed.payload, RESOURCE.finalize);
    const status = orderStatus(order, now());
    if (status !== 'ready') {
      const why = status === 'pending' ? 'prove every authorization first' : status === 'valid' ? 'it was finalized already' : status === 'processing' ? 'it is being finalized' : 'it failed; place a new order';
      throw new AcmeProblem('orderNotReady', `The order is ${status}: ${why}`);
    }
    if (typeof payload.csr !== 'string' || payload.csr === '' || !/^[A-Za-z0-9_-]+$/.test(payload.csr)) throw new AcmeProblem('malformed', 'finalize takes {"csr": base64url of the DER CSR}');
    if (!finalizeBudget.take()) throw new AcmeProblem('rateLimited', `At most ${FINALIZE_PER_SECOND} certificates a second; try again in a second`, { headers: { 'Retry-After': '1' } });
    order.finalized = 'processing';
    try {
      const csrPem = toPem('CERTIFICATE REQUEST', new Uint8Array(Buffer.from(payload.csr, 'base64url')));
      let reviewed: TaskOutput<'csr.review'>;
      try {
        reviewed = await untrusted.run('csr.review', { csr: csrPem });
      } catch (error) {
        if (error instanceof CertwrightError && error.code === 'INVALID_INPUT') throw new AcmeProblem('badCSR', error.message.replace(/^csr: /, ''));
        throw error;
      }
      const { summary } = reviewed;
      const refusals = leafRefusals(summary);
      // An ACME client reads English: the problem document's detail is for its log.
      if (refusals.length > 0) throw new AcmeProblem('badCSR', refusals.map((r) => english(r)).join('. '));
      checkCsrNames({ commonName: summary.subject.commonName, sans: summary.sans, unreadable: summary.uncopiedNames }, order.identifiers);
      const issuingChain = chain();
      const sans: SanEntry[] = identifierSans(order.identifiers);
      const commonName = commonNameCandidates(order.identifiers).find((cn) => {
        try {
          checkNameConstraints(issuingChain, sans, cn);
          return true;
        } catch {
          return false;
        }
      }) ?? 'ACME certificate';
      const { record } = await issuing.signCsr(
        { csr: csrPem, authorityId, profile: profileFor(order.identifiers, options), subject: { commonName }, sans, validity: validityFor(issuingChain), origin: { acmeAccountId: account.id } },
        reviewed,
      );
      order.certificateId = record.id;
      order.finalized = 'valid';
    } catch (error) {
      order.finalized = null; // nothing was issued: the client may send another CSR
      throw error;
    }
    return json(200, orderJson(order), { location: at(`/order/${order.id}`) });
  };

  const certificate = (signed: Signed, id: string): AcmeHttpReply => {
    let record;
    try {
      record = vault.getCertificate(id);
    } catch (error) {
      if (error instanceof CertwrightError && (error.code === 'NOT_FOUND' || error.code === 'INVALID_INPUT')) throw notFound('certificate');
      throw error;
    }
    if (record.authorityId !== authorityId) throw notFound('certificate');
    owner(signed, record.acmeAccountId ?? '', 'This certificate');
    const intermediates = chain().filter((c) => c.subject !== c.issuer);
    const pem = [toPem('CERTIFICATE', new Uint8Array(Buffer.from(record.certificateDerB64, 'base64'))), ...intermediates.map((c) => toPem('CERTIFICATE', new Uint8Array(c.rawData)))].join('');
    return { status: 200, headers: { 'Content-Type': 'application/pem-certificate-chain', Link: `<${directoryUrl()}>;rel="index"` }, body: pem };
  };

  const revokeCert = async (signed: Signed): Promise<AcmeHttpReply> => {
    const payload = payloadObject(signed.payload, RESOURCE.revokeCert);
    const reason = revocationReason(payload.reason);
    if (typeof payload.certificate !== 'string' || payload.certificate === '' || !/^[A-Za-z0-9_-]+$/.test(payload.certificate)) throw new AcmeProblem('malformed', 'revoke-cert takes {"certificate": base64url of the DER certificate}');
    // Found by its exact bytes among what this CA issued: the certificate sent is never parsed here.
    const derB64 = Buffer.from(payload.certificate, 'base64url').toString('base64');
    const record = vault.listCertificates(authorityId).find((r) => r.certificateDerB64 === derB64);
    if (!record) throw new AcmeProblem('unauthorized', 'This certificate was not issued by the CA of this server');
    if (signed.account !== null) {
      if (record.acmeAccountId !== signed.account.id) throw new AcmeProblem('unauthorized', 'This certificate was not ordered by the account that signed the request; revoke it with its own key (jwk) or from its account');
    } else if (!sameKey(signed.jwk, record.certificateDerB64)) {
      throw new AcmeProblem('unauthorized', "The request is signed with another key than the certificate's");
    }
    const revoked = vault.revocations(authorityId).entries.get(normalizeSerial(record.serialNumberHex));
    if (revoked && revoked.reason !== 'certificateHold') throw new AcmeProblem('alreadyRevoked', `The certificate was already revoked on ${revoked.revokedAt.slice(0, 10)}`);
    await revoking.revoke([record], { reason, invalidityDate: null });
    return { status: 200, headers: { Link: `<${directoryUrl()}>;rel="index"` }, body: '' };
  };

  // ---- Routing ----------------------------------------------------------------------------------

  const directory = () => ({
    newNonce: at('/new-nonce'),
    newAccount: at('/new-account'),
    newOrder: at('/new-order'),
    revokeCert: at('/revoke-cert'),
    keyChange: at('/key-change'),
    meta: { externalAccountRequired: options.eab },
  });

  const handle = async (request: AcmeHttpRequest): Promise<AcmeHttpReply> => {
    try {
      const path = request.path.startsWith('/') ? request.path : '/';
      const route = routeOf(path);
      if (!route) throw new AcmeProblem('malformed', `No such resource: the directory is ${directoryUrl()}`, { status: 404 });
      if (route.name === 'directory') {
        if (request.method === 'POST') throw new AcmeProblem('malformed', 'The directory is read with GET', { status: 405, headers: { Allow: 'GET' } });
        return json(200, directory());
      }
      if (route.name === 'newNonce') {
        if (request.method === 'POST') throw new AcmeProblem('malformed', 'new-nonce is asked with HEAD or GET', { status: 405, headers: { Allow: 'GET, HEAD' } });
        // §7.2: 200 for HEAD, 204 for GET; the nonce itself rides on every answer.
        return { status: request.method === 'HEAD' ? 200 : 204, headers: { Link: `<${directoryUrl()}>;rel="index"` }, body: '' };
      }
      if (request.method !== 'POST') throw new AcmeProblem('malformed', `${RESOURCE[route.name]} is a POST (POST-as-GET to read it: an empty payload)`, { status: 405, headers: { Allow: 'POST' } });
      const signed = await authenticate(request, route);
      const id = route.id ?? '';
      switch (route.name) {
        case 'newAccount':
          return await newAccount(signed);
        case 'account':
          return account(signed, id);
        case 'accountOrders':
          return accountOrders(signed, id);
        case 'keyChange':
          return await keyChange(signed);
        case 'newOrder':
          return newOrder(signed);
        case 'order':
          return readOrder(signed, id);
        case 'finalize':
          return await finalize(signed, id);
        case 'authz':
          return authz(signed, id);
        case 'challenge':
          return await challenge(signed, id);
        case 'certificate':
          return certificate(signed, id);
        case 'revokeCert':
          return await revokeCert(signed);
      }
    } catch (error) {
      return problem(asProblem(error));
    }
  };

  const listener = await startAcmeListener({
    bind: options.bind,
    ...(options.port === undefined ? {} : { port: options.port }),
    tls: first.tls,
    maxBodyBytes: MAX_BODY_BYTES,
    common: () => ({ 'Replay-Nonce': nonces.issue(), Link: `<${directoryUrl()}>;rel="index"` }),
    handle,
  });
  base = `https://${hostLiteral(options.bind)}:${listener.port}`;

  // The server may run for days; its certificate lives one.
  const stopRenewing = keepCertificateFresh(listener, certificateNow, first.lifetimeMs);

  return {
    authorityId,
    options,
    directoryUrl: directoryUrl(),
    port: listener.port,
    eab,
    orders: () => state.recent(now()),
    close: async () => {
      stopRenewing();
      stopping.abort();
      await listener.close();
      await Promise.allSettled([...validations]);
    },
  };
}

/** Any failure as the problem document a client gets; our own errors speak plain words, anything else stays inside. */
function asProblem(error: unknown): AcmeProblem {
  if (error instanceof AcmeProblem) return error;
  if (error instanceof CertwrightError) {
    switch (error.code) {
      case 'VAULT_LOCKED':
        return new AcmeProblem('serverInternal', 'The Certwright vault is locked: unlock it, then try again', { status: 503, headers: { 'Retry-After': '60' } });
      case 'INVALID_INPUT': {
        const field = error.details?.field ?? '';
        if (field === 'csr') return new AcmeProblem('badCSR', error.message.replace(/^csr: /, ''));
        if (field === 'sans' || field === 'subject.commonName') return new AcmeProblem('rejectedIdentifier', error.message);
        return new AcmeProblem('unauthorized', `The CA refuses: ${error.message.replace(/^[\w.]+: /, '')}`);
      }
      case 'NOT_FOUND':
        return new AcmeProblem('malformed', error.message, { status: 404 });
      default:
        return new AcmeProblem('serverInternal', error.message);
    }
  }
  return new AcmeProblem('serverInternal', 'The ACME server failed; see Certwright');
}

/** Whether a JWK is the public key of a certificate this CA issued (its stored bytes, not the request's). */
function sameKey(jwk: PublicJwk, certificateDerB64: string): boolean {
  try {
    const fromJwk = createPublicKey({ key: { ...jwk }, format: 'jwk' }).export({ type: 'spki', format: 'der' });
    const fromCertificate = new X509Certificate(Buffer.from(certificateDerB64, 'base64')).publicKey.export({ type: 'spki', format: 'der' });
    return fromJwk.equals(fromCertificate);
  } catch {
    return false;
  }
}

// ---- The server's own certificate -------------------------------------------------------------

/** Server, unless the order names only IP addresses and the server's setting says client for those. */
function profileFor(identifiers: readonly AcmeIdentifier[], options: AcmeServerOptions): 'server' | 'client' {
  return options.ipOnlyProfile === 'client' && identifiers.every((i) => i.type === 'ip') ? 'client' : 'server';
}
