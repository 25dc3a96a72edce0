/**
 * Checking a challenge over the network (RFC 8555 §8.3, §8.4). http-01: one GET of
 * `http://<name>:<port>/.well-known/acme-challenge/<token>` from the address the name resolves to —
 * the user's --resolve map first, then DNS — with a short timeout, a small answer cap and no
 * redirects; the body is compared with the key authorization. dns-01: the TXT records of
 * `_acme-challenge.<name>` at the resolver the user named. The result is a problem document or null;
 * what the other side sent is never echoed back beyond its status and size.
 */
import { lookup, Resolver } from 'node:dns/promises';
import { request } from 'node:http';
import { DNS01_LABEL, dns01Matches, HTTP01_PATH, http01Matches } from '../../engine/acme/challenges.js';
import type { AcmeIdentifier } from '../../engine/acme/identifiers.js';
import { problemOf, type ProblemDocument } from '../../engine/acme/problems.js';
import { hostLiteral } from './listener.js';

/** The whole exchange: connect, send, read. */
export const VALIDATION_TIMEOUT_MS = 5_000;
/** A key authorization is ~90 characters; an answer larger than this is not one. */
const MAX_ANSWER_BYTES = 4 * 1024;

export interface ValidationSettings {
  readonly http01Port: number;
  /** Lab names → addresses, asked before DNS (lower-case names). */
  readonly resolve: ReadonlyMap<string, string>;
  /** address[:port] of the DNS server dns-01 asks; null: no dns-01. */
  readonly dnsResolver: string | null;
  readonly timeoutMs?: number;
  /** Ends every check in flight (the server stopped). */
  readonly signal?: AbortSignal;
}

/** The address http-01 connects to for an identifier. */
async function addressOf(identifier: AcmeIdentifier, settings: ValidationSettings): Promise<string | ProblemDocument> {
  if (identifier.type === 'ip') return identifier.value;
  const mapped = settings.resolve.get(identifier.value);
  if (mapped !== undefined) return mapped;
  try {
    return (await lookup(identifier.value)).address;
  } catch (error) {
    return problemOf('dns', `${identifier.value} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'no address'}); map it with --resolve ${identifier.value}=ADDRESS for a lab name`);
  }
}

export async function validateHttp01(identifier: AcmeIdentifier, token: string, keyAuth: string, settings: ValidationSettings): Promise<ProblemDocument | null> {
  const address = await addressOf(identifier, settings);
  if (typeof address !== 'string') return address;
  const port = settings.http01Port;
  const path = `${HTTP01_PATH}${token}`;
  const where = `http://${hostLiteral(identifier.value)}${port === 80 ? '' : `:${port}`}${path}`;
  const via = address === identifier.value ? '' : ` (at ${address})`;
  const timeoutMs = settings.timeoutMs ?? VALIDATION_TIMEOUT_MS;
  const signal = settings.signal ? AbortSignal.any([settings.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);

  const answer = await new Promise<{ status: number; body: Buffer; tooLarge: boolean } | { failure: string }>((resolve) => {
    const req = request(
      {
        host: address,
        port,
        path,
        method: 'GET',
        headers: { Host: `${hostLiteral(identifier.value)}${port === 80 ? '' : `:${port}`}`, 'User-Agent': 'Certwright-ACME-validation', Accept: '*/*', Connection: 'close' },
        agent: false,
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) {
            response.destroy();
            resolve({ status: response.statusCode ?? 0, body: Buffer.alloc(0), tooLarge: true });
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks), tooLarge: false }));
        response.on('error', () => resolve({ failure: 'the connection broke while the answer was read' }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      const reason = signal.aborted ? `no answer within ${timeoutMs / 1000} s` : (error.code ?? error.message);
      resolve({ failure: reason });
    });
    req.end();
  });

  if ('failure' in answer) return problemOf('connection', `Could not fetch ${where}${via}: ${answer.failure}`);
  if (answer.status >= 300 && answer.status < 400) return problemOf('incorrectResponse', `${where}${via} answered HTTP ${answer.status} (a redirect): this server does not follow redirects; serve the answer on port ${port} itself`);
  if (answer.status !== 200) return problemOf('incorrectResponse', `${where}${via} answered HTTP ${answer.status}, not 200 with the key authorization`);
  if (answer.tooLarge) return problemOf('incorrectResponse', `${where}${via} answered more than ${MAX_ANSWER_BYTES} bytes; the answer is the key authorization alone`);
  if (!http01Matches(answer.body.toString('utf8'), keyAuth)) return problemOf('incorrectResponse', `${where}${via} answered ${answer.body.length} bytes that are not the key authorization of this challenge`);
  return null;
}

export async function validateDns01(identifier: AcmeIdentifier, keyAuth: string, settings: ValidationSettings): Promise<ProblemDocument | null> {
  if (settings.dnsResolver === null) return problemOf('dns', 'This server has no DNS resolver to check dns-01 against');
  const name = `${DNS01_LABEL}.${identifier.value}`;
  const resolver = new Resolver({ timeout: settings.timeoutMs ?? VALIDATION_TIMEOUT_MS, tries: 2 });
  resolver.setServers([settings.dnsResolver]);
  const cancel = () => resolver.cancel();
  settings.signal?.addEventListener('abort', cancel, { once: true });
  try {
    const records = await resolver.resolveTxt(name);
    if (dns01Matches(records, keyAuth)) return null;
    return problemOf('incorrectResponse', `The TXT records of ${name} at ${settings.dnsResolver} (${records.length}) do not hold the digest of this challenge's key authorization`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const why = code === 'ENODATA' || code === 'ENOTFOUND' ? 'no TXT record' : code === 'ETIMEOUT' ? 'no answer' : code;
    return problemOf('dns', `${settings.dnsResolver} was asked for the TXT records of ${name}: ${why}`);
  } finally {
    settings.signal?.removeEventListener('abort', cancel);
  }
}
