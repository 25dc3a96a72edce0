/**
 * A listener's own HTTPS certificate: issued by one of the vault's CAs for the address the listener
 * is bound to (and localhost on loopback, unless name constraints forbid it), with a key that exists
 * only in this process's memory, short-lived, recorded in the audit log like a handshake proof's
 * (throwaway.ts), and renewed at half its life while the listener runs. Clients trust it through the
 * CA they already trust. The token endpoint and the ACME servers use it.
 */
import { CertwrightError, atField } from '../../../shared/errors.js';
import type { SanEntry } from '../../../shared/validation/san.js';
import { toPem } from '../../engine/pem.js';
import { checkNameConstraints } from '../../engine/policy.js';
import type { EngineCrypto } from '../../engine/webcrypto.js';
import { throwawayCertificate, type ProofIssuer } from '../throwaway.js';
import { isLoopback } from './host.js';
import type { LocalTls } from './http.js';

/** The listeners' purposes as catalog keys, for a refusal the window words in its language. */
const PURPOSE_KEYS: Readonly<Record<string, string>> = { 'ACME server': 'errors:listeners.purpose.acmeServer', 'token endpoint': 'errors:listeners.purpose.tokenEndpoint' };

/** One day: renewed at half of it while the listener runs. */
export const OWN_CERTIFICATE_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** A renewal that failed (the vault locked, most likely) is tried again this much later. */
export const RENEW_RETRY_MS = 10 * 60 * 1000;

export interface OwnCertificateRequest {
  /** The address the listener is bound to. */
  readonly bind: string;
  readonly commonName: string;
  /** What the listener is, for the audit log. */
  readonly purpose: string;
  /** The input field to blame when the CA's name constraints exclude the address. */
  readonly field: string;
  /** Ask clients for a certificate of this CA (mutual TLS). */
  readonly clientsOfThisCa?: boolean;
}

export async function ownCertificate(from: ProofIssuer, request: OwnCertificateRequest, crypto: EngineCrypto, now: Date): Promise<{ tls: LocalTls; lifetimeMs: number }> {
  const allowed = (san: SanEntry) => {
    try {
      checkNameConstraints(from.issuer.chain, [san]);
      return true;
    } catch {
      return false;
    }
  };
  const ip: SanEntry = { type: 'ip', value: request.bind };
  if (!allowed(ip)) {
    const purposeKey = PURPOSE_KEYS[request.purpose];
    throw new CertwrightError('INVALID_INPUT', atField(request.field, purposeKey ? 'errors:listeners.notAllowed' : 'errors:listeners.notAllowedUntold', { bind: request.bind, purpose: purposeKey ?? request.purpose }), { field: request.field });
  }
  const sans = [ip, ...(isLoopback(request.bind) ? [{ type: 'dns', value: 'localhost' } as const].filter(allowed) : [])];
  const made = await throwawayCertificate(from, { profile: 'server', commonName: request.commonName, sans, lifetimeMs: OWN_CERTIFICATE_LIFETIME_MS, purpose: request.purpose }, crypto, now);
  // A client certificate must chain to the authority; the chain above it completes the path.
  const clientCasPem = request.clientsOfThisCa ? from.issuer.chain.map((c) => toPem('CERTIFICATE', new Uint8Array(c.rawData))).join('') : undefined;
  return { tls: { certChainPem: made.certChainPem, keyPem: made.keyPem, ...(clientCasPem ? { clientCasPem } : {}) }, lifetimeMs: made.notAfter.getTime() - now.getTime() };
}

/**
 * Renews a running listener's certificate at half its life; a failed renewal is tried again after
 * RENEW_RETRY_MS (never sooner: a CA about to expire would otherwise halve the wait to nothing).
 * Returns what stops it.
 */
export function keepCertificateFresh(listener: { setTls(tls: LocalTls): void }, renew: () => Promise<{ tls: LocalTls; lifetimeMs: number }>, firstLifetimeMs: number): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const renewIn = (ms: number) => {
    if (stopped) return; // a renewal that finished after the stop arms nothing
    timer = setTimeout(() => {
      void (async () => {
        try {
          const next = await renew();
          if (!stopped) listener.setTls(next.tls);
          renewIn(next.lifetimeMs / 2);
        } catch {
          renewIn(RENEW_RETRY_MS);
        }
      })();
    }, Math.max(ms, RENEW_RETRY_MS));
    timer.unref();
  };
  renewIn(firstLifetimeMs / 2);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
