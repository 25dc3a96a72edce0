/**
 * The Go snippets of the Services view (jwt.snippets): package servicetoken for one service and one
 * token issuer — net/http middleware, gRPC interceptors, a token-fetching HTTP client and gRPC
 * PerRPCCredentials, and the shared checks, JWKS and policy loading they use. Rendered by the
 * engine from real .go files (electron/engine/export/snippets/servicetoken*.go); nothing here reads
 * a file or holds a key.
 */
import type { SnippetView } from '../../shared/domain/export.js';
import { CertwrightError } from '../../shared/errors.js';
import { SnippetInputError } from '../engine/export/snippets/context.js';
import { serviceTokenGo, type ServiceTokenGoInput } from '../engine/export/snippets/service-token.js';

export type ServiceTokenSnippetInput = ServiceTokenGoInput;

export function serviceTokenSnippets(input: ServiceTokenSnippetInput): SnippetView[] {
  try {
    return serviceTokenGo(input);
  } catch (error) {
    if (error instanceof SnippetInputError) throw new CertwrightError('INVALID_INPUT', error.reason);
    throw error;
  }
}
