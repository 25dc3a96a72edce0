/**
 * Signing an outside sub-CA's request (Istio's istiod plug-in CA, a Vault PKI intermediate): the
 * rules both the window and main use, so the default the wizard shows is the one main signs.
 */

import { defaultIntermediateDays } from './hierarchy.js';

const DAY_MS = 86_400_000;

/** A sub-CA's default life: a year. Its key lives outside (in a cluster, a Vault), so it is rolled often. */
export const SUB_CA_DEFAULT_MAX_DAYS = 365;

/**
 * The default validity of a sub-CA in whole days: a year, or less so that it ends the renewal margin
 * before its issuing chain — the rule for intermediates made here (hierarchy.ts), so the two never
 * expire together. 0 when the chain is about to end: nothing sensible can be signed under it.
 */
export function subCaDefaultDays(issuerNotAfter: string | Date, now: Date): number {
  if (subCaMaxDays(issuerNotAfter, now) < 2) return 0;
  return Math.min(SUB_CA_DEFAULT_MAX_DAYS, defaultIntermediateDays(new Date(issuerNotAfter), now));
}

/** The most a sub-CA may be valid for under this issuer: whole days that end by the issuer's end. */
export function subCaMaxDays(issuerNotAfter: string | Date, now: Date): number {
  return Math.max(0, Math.floor((new Date(issuerNotAfter).getTime() - now.getTime()) / DAY_MS));
}

/** The files Istio's plug-in CA reads from the cacerts secret (istio.io: "Plug in CA certificates"). */
export const ISTIO_FILES = ['ca-cert.pem', 'ca-key.pem', 'root-cert.pem', 'cert-chain.pem'] as const;

/** The command that makes the secret from those files, run in the exported folder. */
export const ISTIO_KUBECTL = `kubectl create secret generic cacerts -n istio-system ${ISTIO_FILES.map((f) => `--from-file=${f}`).join(' ')}`;
