/**
 * ACME problem documents (RFC 8555 §6.7, RFC 7807): every refusal of the ACME server is one of these,
 * `application/problem+json` with `urn:ietf:params:acme:error:<type>`, a detail in plain words and the
 * HTTP status that goes with the type. The checks of this folder throw an AcmeProblem; the server
 * turns it into the answer.
 */
import type { AcmeProblemType } from '../../../shared/domain/acme.js';

export const ACME_ERROR_NAMESPACE = 'urn:ietf:params:acme:error:';

/** The HTTP status of each type, as Boulder, Pebble and step-ca answer them (RFC 8555 names a few: §6.5, §7.4). */
const STATUS: Readonly<Record<AcmeProblemType, number>> = {
  badNonce: 400,
  badSignatureAlgorithm: 400,
  badPublicKey: 400,
  unauthorized: 403,
  rejectedIdentifier: 400,
  unsupportedIdentifier: 400,
  badCSR: 400,
  malformed: 400,
  // §7.4: "the server MUST return a 403 (Forbidden) error with a problem document of type orderNotReady".
  orderNotReady: 403,
  accountDoesNotExist: 400,
  externalAccountRequired: 400,
  incorrectResponse: 400,
  connection: 400,
  dns: 400,
  badRevocationReason: 400,
  alreadyRevoked: 400,
  rateLimited: 429,
  serverInternal: 500,
  invalidContact: 400,
  unsupportedContact: 400,
};

/** One identifier's own refusal inside a problem about several (§6.7.1). */
export interface Subproblem {
  readonly type: string;
  readonly detail: string;
  readonly identifier: { readonly type: 'dns' | 'ip'; readonly value: string };
}

export interface ProblemDocument {
  readonly type: string;
  readonly detail: string;
  readonly status: number;
  readonly subproblems?: readonly Subproblem[];
  /** badSignatureAlgorithm: what the server takes (§6.2). */
  readonly algorithms?: readonly string[];
}

export interface ProblemOptions {
  /** Another HTTP status than the type's (409 for a key already in use, 405 for a wrong method). */
  readonly status?: number;
  readonly subproblems?: readonly { readonly type: AcmeProblemType; readonly detail: string; readonly identifier: Subproblem['identifier'] }[];
  readonly algorithms?: readonly string[];
  /** More response headers (Location of the account that holds a key, Retry-After). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A refusal on the way through a request: thrown by a check, answered as a problem document. */
export class AcmeProblem extends Error {
  readonly type: AcmeProblemType;
  readonly options: ProblemOptions;

  constructor(type: AcmeProblemType, detail: string, options: ProblemOptions = {}) {
    super(detail);
    this.name = 'AcmeProblem';
    this.type = type;
    this.options = options;
  }

  get status(): number {
    return this.options.status ?? STATUS[this.type];
  }

  document(): ProblemDocument {
    const { subproblems, algorithms } = this.options;
    return {
      type: `${ACME_ERROR_NAMESPACE}${this.type}`,
      detail: this.message,
      status: this.status,
      ...(subproblems && subproblems.length > 0 ? { subproblems: subproblems.map((s) => ({ ...s, type: `${ACME_ERROR_NAMESPACE}${s.type}` })) } : {}),
      ...(algorithms ? { algorithms } : {}),
    };
  }
}

export function problemStatus(type: AcmeProblemType): number {
  return STATUS[type];
}

/** The problem document of a failed challenge or order: a plain object kept in the order's state. */
export function problemOf(type: AcmeProblemType, detail: string): ProblemDocument {
  return new AcmeProblem(type, detail).document();
}
