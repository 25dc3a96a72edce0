/**
 * The Go package `servicetoken` for one service and one token issuer (issue 15, docs/service-identity.md):
 * the servicetoken*.go files in this folder, rendered. Servers get net/http middleware and gRPC
 * interceptors that run the checks in the order electron/engine/jwt/diagnose.ts quotes them in;
 * callers a TokenSource for the lab token endpoint with an http.RoundTripper and gRPC
 * PerRPCCredentials. Every file is a whole file of one package; all six build together
 * (test/interop/jwt-go.interop.test.ts builds and runs them).
 *
 * Placeholders, where Go allows any text (string literals and comments): `__ISSUER__`,
 * `__SERVICE__`, `__ALGORITHM__`, `__JWKS_FILE__`, `__TOKEN_URL__`, `__CALLEE__`, `__CALLEE_ACTION__`; and whole comment
 * lines `// __CALLERS__`, `// __CALLS__`, `// __ENDPOINT_NOTE__` that become what the policy says
 * (or nothing).
 */
import type { SnippetView } from '../../../../shared/domain/export.js';
import { TOKEN_ALGORITHMS, type TokenAlgorithm } from '../../../../shared/domain/service-identity.js';
import { callersOf, SERVICE_NAME, splitAction, type ServicePolicy } from '../../../../shared/domain/service-policy.js';
import { SnippetInputError } from './context.js';
import { GO_TEMPLATES, type GoTemplate } from './templates.gen.js';

export interface ServiceTokenGoInput {
  /** The issuer's name: the tokens' iss. */
  readonly issuer: string;
  readonly algorithm: TokenAlgorithm;
  /** The service the files are for: the verifier's aud, the caller's sub. */
  readonly service: string;
  readonly policy: ServicePolicy;
  /** The running token endpoint (https://127.0.0.1:PORT), or null. */
  readonly endpointUrl: string | null;
}

/** Where TokenEndpoint points when no endpoint runs: an address that fails loudly until it is filled in. */
export const PLACEHOLDER_TOKEN_URL = 'https://127.0.0.1:PORT';

/** Characters that read the same in a Go string literal and a comment. */
const PLAIN = /^[A-Za-z0-9._:/[\]-]+$/;
const URL_TEXT = /^https:\/\/[A-Za-z0-9.[\]:-]+$/;

const FILES: ReadonlyArray<{ readonly id: string; readonly title: string; readonly template: GoTemplate }> = [
  { id: 'go-token-http', title: 'HTTP middleware (net/http)', template: 'servicetoken_http.go' },
  { id: 'go-token-grpc', title: 'gRPC server interceptors', template: 'servicetoken_grpc.go' },
  { id: 'go-token-client', title: 'HTTP client with a token source', template: 'servicetoken_client.go' },
  { id: 'go-token-creds', title: 'gRPC PerRPCCredentials', template: 'servicetoken_creds.go' },
  { id: 'go-token-checks', title: 'Config and checks (servers)', template: 'servicetoken.go' },
  { id: 'go-token-keys', title: 'JWKS and policy files (servers)', template: 'servicetoken_keys.go' },
];

/** The file name Certwright saves an issuer's JWKS under (ServiceIdentity.exportKeys). */
export function jwksFileName(issuer: string): string {
  return `${issuer.replace(/[^A-Za-z0-9._-]+/g, '-')}.jwks.json`;
}

function commentLines(lines: readonly string[]): string {
  return lines.map((line) => (line === '' ? '\n//' : `\n// ${line}`)).join('');
}

/** Who may call `service`, for the servers' package comment. */
function callersNote(policy: ServicePolicy, service: string): string[] {
  if (!policy.services[service]) return ['', `${service} is not in service-policy.json: every call to it is refused until the policy declares it.`];
  const callers = callersOf(policy, service);
  if (callers.length === 0) return ['', `service-policy.json lets no service call ${service} yet: add "${service}:<action>" to a caller's "calls".`];
  return ['', `service-policy.json lets these services call ${service}:`, '', ...callers.map((c) => `  - ${c.caller}: ${c.actions.map((a) => splitAction(a)?.action ?? a).join(', ')}`)];
}

/** What `service` may call, for the callers' file comment. */
function callsNote(policy: ServicePolicy, service: string): string[] {
  const calls = policy.services[service]?.calls ?? [];
  if (calls.length === 0) return ['', `service-policy.json lets ${service} call nothing yet: every service refuses its tokens.`];
  return ['', `service-policy.json lets ${service} call:`, '', ...calls.map((c) => `  - ${c}`)];
}

/** The six files of package servicetoken, filled in for one service and issuer. Throws {@link SnippetInputError} for unsafe input. */
export function serviceTokenGo(input: ServiceTokenGoInput): SnippetView[] {
  if (!PLAIN.test(input.issuer)) throw new SnippetInputError('errors:snippet.notGoSafe', { name: 'issuer', value: input.issuer });
  if (!SERVICE_NAME.test(input.service)) throw new SnippetInputError('errors:snippet.notServiceName', { value: input.service });
  if (!(TOKEN_ALGORITHMS as readonly string[]).includes(input.algorithm)) throw new SnippetInputError(`algorithm "${input.algorithm}" is not one a token issuer signs with`);
  if (input.endpointUrl !== null && !URL_TEXT.test(input.endpointUrl)) throw new SnippetInputError(`endpoint "${input.endpointUrl}" is not an https://host:port URL`);

  // The callers' examples call the first thing the policy lets this service call.
  const firstCall = splitAction(input.policy.services[input.service]?.calls[0] ?? '');
  const values: Readonly<Record<string, string>> = {
    ISSUER: input.issuer,
    SERVICE: input.service,
    ALGORITHM: input.algorithm,
    JWKS_FILE: jwksFileName(input.issuer),
    TOKEN_URL: input.endpointUrl ?? PLACEHOLDER_TOKEN_URL,
    CALLEE: firstCall?.service ?? 'other-service',
    CALLEE_ACTION: firstCall?.action ?? 'action',
  };
  const lines: Readonly<Record<string, readonly string[]>> = {
    CALLERS: callersNote(input.policy, input.service),
    CALLS: callsNote(input.policy, input.service),
    ENDPOINT_NOTE: input.endpointUrl
      ? [`This is the lab endpoint of ${input.issuer} that Certwright ran when this file was made.`]
      : [`No token endpoint ran when this file was made: start the one of ${input.issuer} in Certwright and put its URL here.`],
  };
  // One pass, so that a value holding something like __X__ (names may have underscores) is never read as a placeholder.
  const render = (template: GoTemplate): string =>
    GO_TEMPLATES[template].replace(/\n\/\/ __([A-Z_]+)__(?=\n)|__([A-Z_]+)__/g, (marker, line: string | undefined, inline: string | undefined) => {
      const replacement = line !== undefined ? lines[line] && commentLines(lines[line]) : inline !== undefined ? values[inline] : undefined;
      if (replacement === undefined) throw new Error(`${template} has an unknown placeholder ${marker.trim()}`);
      return replacement;
    });
  return FILES.map((f) => ({ id: f.id, title: f.title, language: 'go', filename: f.template, text: render(f.template), complete: true }));
}
