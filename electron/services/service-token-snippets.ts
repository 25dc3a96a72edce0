// PLACEHOLDER — being written (issue 15): Go middleware, gRPC interceptor, client and PerRPCCredentials.
import type { SnippetView } from '../../shared/domain/export.js';
import type { TokenAlgorithm } from '../../shared/domain/service-identity.js';
import type { ServicePolicy } from '../../shared/domain/service-policy.js';

export interface ServiceTokenSnippetInput {
  /** The issuer's name: the tokens' iss. */
  readonly issuer: string;
  readonly algorithm: TokenAlgorithm;
  /** The service the snippets are for (the verifier's aud; the client's sub). */
  readonly service: string;
  readonly policy: ServicePolicy;
  /** The running token endpoint, if any (https://127.0.0.1:PORT). */
  readonly endpointUrl: string | null;
}

export function serviceTokenSnippets(_input: ServiceTokenSnippetInput): SnippetView[] {
  return [];
}
