/**
 * What an ACME server keeps in memory for as long as it runs: orders, their authorizations and
 * challenges (RFC 8555 §7.1.3–7.1.5). Accounts live in the vault; these do not outlive the server —
 * a client whose order vanished with a restart simply orders again. Bounded: finished and expired
 * orders are forgotten first when the book is full, and a full book of live orders refuses new ones.
 */
import type { AcmeOrderStatus, AcmeOrderView } from '../../../shared/domain/acme.js';
import { TOKEN_BYTES } from '../../engine/acme/challenges.js';
import { describeIdentifiers, type AcmeIdentifier } from '../../engine/acme/identifiers.js';
import { randomToken } from '../../engine/acme/nonces.js';
import { AcmeProblem, type ProblemDocument } from '../../engine/acme/problems.js';

/** Orders held at once. */
export const MAX_ORDERS = 10_000;
/** An order (and its authorizations) is good for this long. */
export const ORDER_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** Orders the panel shows. */
const PANEL_ORDERS = 50;
const ID_BYTES = 16;

export type ChallengeType = 'http-01' | 'dns-01';
export type ChallengeStatus = 'pending' | 'processing' | 'valid' | 'invalid';
export type AuthzStatus = 'pending' | 'valid' | 'invalid' | 'deactivated' | 'expired';

export interface ChallengeState {
  readonly id: string;
  readonly type: ChallengeType;
  readonly token: string;
  status: ChallengeStatus;
  validated: Date | null;
  error: ProblemDocument | null;
  readonly authz: AuthzState;
}

export interface AuthzState {
  readonly id: string;
  readonly accountId: string;
  /** For a wildcard, the base domain (§7.1.4). */
  readonly identifier: AcmeIdentifier;
  readonly wildcard: boolean;
  status: AuthzStatus;
  readonly expires: Date;
  readonly challenges: ChallengeState[];
}

export interface OrderState {
  readonly id: string;
  readonly accountId: string;
  readonly identifiers: readonly AcmeIdentifier[];
  readonly createdAt: Date;
  readonly expires: Date;
  readonly authorizations: readonly AuthzState[];
  /** What finalize did: null before, 'processing' while it signs, then valid or invalid. */
  finalized: 'processing' | 'valid' | 'invalid' | null;
  certificateId: string | null;
  error: ProblemDocument | null;
}

export class AcmeState {
  readonly #orders = new Map<string, OrderState>();
  readonly #authorizations = new Map<string, AuthzState>();
  readonly #challenges = new Map<string, ChallengeState>();
  readonly #maxOrders: number;

  constructor(maxOrders = MAX_ORDERS) {
    this.#maxOrders = maxOrders;
  }

  /** A new order with one authorization per identifier; `approved`: lab mode, valid from the start. */
  addOrder(input: { accountId: string; identifiers: readonly AcmeIdentifier[]; challengeTypes: (identifier: AcmeIdentifier) => ChallengeType[]; now: Date; approved: boolean }): OrderState {
    this.#makeRoom(input.now);
    const expires = new Date(input.now.getTime() + ORDER_LIFETIME_MS);
    const authorizations = input.identifiers.map((identifier) => {
      const wildcard = identifier.type === 'dns' && identifier.value.startsWith('*.');
      const authz: AuthzState = {
        id: randomToken(ID_BYTES),
        accountId: input.accountId,
        identifier: wildcard ? { type: 'dns', value: identifier.value.slice(2) } : identifier,
        wildcard,
        status: input.approved ? 'valid' : 'pending',
        expires,
        challenges: [],
      };
      for (const [index, type] of input.challengeTypes(identifier).entries()) {
        const approved = input.approved && index === 0;
        const challenge: ChallengeState = { id: randomToken(ID_BYTES), type, token: randomToken(TOKEN_BYTES), status: approved ? 'valid' : 'pending', validated: approved ? input.now : null, error: null, authz };
        authz.challenges.push(challenge);
        this.#challenges.set(challenge.id, challenge);
      }
      this.#authorizations.set(authz.id, authz);
      return authz;
    });
    const order: OrderState = { id: randomToken(ID_BYTES), accountId: input.accountId, identifiers: input.identifiers, createdAt: input.now, expires, authorizations, finalized: null, certificateId: null, error: null };
    this.#orders.set(order.id, order);
    return order;
  }

  order(id: string): OrderState | null {
    return this.#orders.get(id) ?? null;
  }

  authorization(id: string): AuthzState | null {
    return this.#authorizations.get(id) ?? null;
  }

  challenge(id: string): ChallengeState | null {
    return this.#challenges.get(id) ?? null;
  }

  /** An account's orders, oldest first. */
  ordersOf(accountId: string): OrderState[] {
    return [...this.#orders.values()].filter((o) => o.accountId === accountId);
  }

  /** The newest orders, for the panel. */
  recent(now: Date, limit = PANEL_ORDERS): AcmeOrderView[] {
    const newest = [...this.#orders.values()].slice(-limit).reverse();
    return newest.map((order) => {
      const status = orderStatus(order, now);
      const error = orderError(order, now);
      return { id: order.id, accountId: order.accountId, status, identifiers: order.identifiers.map((i) => i.value), createdAt: order.createdAt.toISOString(), certificateId: order.certificateId, error: error?.detail ?? null };
    });
  }

  /** An account deactivated: what it had pending is over (§7.3.6). */
  cancelPending(accountId: string): void {
    for (const authz of this.#authorizations.values()) if (authz.accountId === accountId && authz.status === 'pending') authz.status = 'deactivated';
  }

  /** Forgets finished and expired orders (oldest first) until there is room; refuses when every order is live. */
  #makeRoom(now: Date): void {
    if (this.#orders.size < this.#maxOrders) return;
    for (const order of this.#orders.values()) {
      if (this.#orders.size < this.#maxOrders) break;
      const status = orderStatus(order, now);
      if (status === 'valid' || status === 'invalid') this.#forget(order);
    }
    if (this.#orders.size >= this.#maxOrders) throw new AcmeProblem('rateLimited', `This server holds ${this.#maxOrders} open orders; finish or wait for some before ordering more`, { headers: { 'Retry-After': '60' } });
  }

  #forget(order: OrderState): void {
    this.#orders.delete(order.id);
    for (const authz of order.authorizations) {
      this.#authorizations.delete(authz.id);
      for (const challenge of authz.challenges) this.#challenges.delete(challenge.id);
    }
  }
}

/** An authorization's status now: a pending one past its expiry has expired. */
export function authzStatus(authz: AuthzState, now: Date): AuthzStatus {
  return authz.status === 'pending' && now >= authz.expires ? 'expired' : authz.status;
}

/** §7.1.6: the order's status follows its authorizations until it is finalized. */
export function orderStatus(order: OrderState, now: Date): AcmeOrderStatus {
  if (order.finalized !== null) return order.finalized;
  if (order.error) return 'invalid';
  const statuses = order.authorizations.map((a) => authzStatus(a, now));
  if (statuses.some((s) => s !== 'pending' && s !== 'valid')) return 'invalid';
  if (now >= order.expires) return 'invalid';
  return statuses.every((s) => s === 'valid') ? 'ready' : 'pending';
}

/** Why an order is invalid: its own error, or the first failed authorization's challenge error. */
export function orderError(order: OrderState, now: Date): ProblemDocument | null {
  if (order.error) return order.error;
  for (const authz of order.authorizations) {
    const status = authzStatus(authz, now);
    if (status === 'invalid') {
      const failed = authz.challenges.find((c) => c.error !== null);
      const what = `${authz.wildcard ? '*.' : ''}${authz.identifier.value}`;
      // The challenge's own problem (incorrectResponse, connection, dns), said about the order.
      return { type: failed?.error?.type ?? 'urn:ietf:params:acme:error:unauthorized', detail: `The authorization of ${what} failed${failed?.error ? `: ${failed.error.detail}` : ''}`, status: failed?.error?.status ?? 403 };
    }
    if (status === 'deactivated') return { type: 'urn:ietf:params:acme:error:unauthorized', detail: `The authorization of ${authz.identifier.value} was deactivated`, status: 403 };
    if (status === 'expired') return { type: 'urn:ietf:params:acme:error:unauthorized', detail: `The authorization of ${authz.identifier.value} expired before it was proved`, status: 403 };
  }
  if (orderStatus(order, now) === 'invalid' && now >= order.expires) return { type: 'urn:ietf:params:acme:error:malformed', detail: `The order for ${describeIdentifiers(order.identifiers)} expired`, status: 400 };
  return null;
}
