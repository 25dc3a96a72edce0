/**
 * Watching what endpoints actually serve (issue 19, docs/watch.md): a list of `host:port` probed on a
 * schedule, each result compared with what the vault issued last, so "renewed but not deployed" is
 * caught; findings on the dashboard and in notifications; series Prometheus scrapes. Pure data and
 * limits, used by main, the CLI and the renderer.
 */
import type { Msg } from '../i18n/message.js';

/** How often an endpoint is probed unless the user set otherwise (the setting; one endpoint may override it). */
export const WATCH_INTERVAL_MINUTES = { default: 60, min: 1, max: 7 * 24 * 60 } as const;
/** Probes in flight at once during a round. */
export const WATCH_CONCURRENCY = { default: 16, min: 1, max: 256 } as const;
/** Per connection; a server that never finishes its handshake is cut off here. */
export const WATCH_TIMEOUT_SECONDS = { default: 8, min: 1, max: 60 } as const;
/** The most endpoints one vault watches, and the most lines one import takes. */
export const WATCH_MAX_ENDPOINTS = 5000;
/** The most characters one import takes: a line per endpoint at most, with room for CSV columns (3 MB). */
export const WATCH_IMPORT_MAX_CHARS = WATCH_MAX_ENDPOINTS * 600;
/** Probe results kept per endpoint (newest first); changes of what was served are kept longer. */
export const WATCH_HISTORY_RESULTS = 48;
export const WATCH_HISTORY_CHANGES = 50;
/**
 * Backoff for an unreachable endpoint: after N failures in a row its next probe waits
 * interval × 2^(N−1), at most this many times the interval — a dead host does not take a slot every round.
 */
export const WATCH_BACKOFF_MAX_FACTOR = 8;

/** Where `certwright metrics serve` and the app's metrics listener bind unless told otherwise (127.0.0.1). */
export const METRICS_DEFAULT_PORT = 9469;

/** The certificate an endpoint should serve: one from the vault (or its latest renewal), or a service's latest certificate. */
export type ExpectedCertificate = { readonly kind: 'certificate'; readonly certificateId: string } | { readonly kind: 'service'; readonly service: string };

export interface WatchedEndpoint {
  readonly id: string;
  /** DNS name or IP address (IPv6 without brackets), lower case. */
  readonly host: string;
  readonly port: number;
  /** SNI to send; null: the host when it is a name, none for an IP address. */
  readonly servername: string | null;
  /** A vault certificate with its key, presented to endpoints that require a client certificate. */
  readonly clientCertificateId: string | null;
  readonly expect: ExpectedCertificate | null;
  /** This endpoint's own interval; null: the setting's. */
  readonly intervalMinutes: number | null;
  readonly addedAt: string;
}

/** `host:port`, IPv6 in brackets: how an endpoint is named everywhere (lists, findings, metrics labels). */
export function endpointTarget(endpoint: Pick<WatchedEndpoint, 'host' | 'port'>): string {
  return endpoint.host.includes(':') ? `[${endpoint.host}]:${endpoint.port}` : `${endpoint.host}:${endpoint.port}`;
}

/**
 * What a probe can find, worst first within each severity. The ids are stable (CLI JSON, metrics
 * labels); the words are catalog keys `watch:finding.<id>`.
 */
export const WATCH_FINDINGS = [
  // errors
  'unreachable', // no TCP connection (refused, no route, DNS)
  'not-tls', // connected, but what came back is not TLS
  'handshake-failed', // TLS, but no handshake within the timeout or an alert
  'expired', // the served chain's earliest expiry has passed
  'revoked', // the served leaf is revoked in the vault
  'renewed-not-deployed', // a newer renewal of the served certificate is in the vault
  'unexpected-certificate', // not the expected certificate (nor a renewal of it)
  'host-mismatch', // the served leaf does not cover the name asked for
  'client-certificate-refused', // the vault's client certificate was refused
  'expires-urgent', // within the urgent window (AppSettings.expiry.urgentDays)
  // warnings
  'expires-soon', // within the warning window
  'chain-incomplete', // an intermediate is missing from what was served
  'chain-order', // served out of order
  'client-auth-dropped', // it asked for a client certificate before and no longer does
] as const;
export type WatchFindingId = (typeof WATCH_FINDINGS)[number];

export interface WatchFinding {
  readonly id: WatchFindingId;
  readonly severity: 'error' | 'warning';
  /** The sentence, e.g. "Renewed on 3 Dec, still serving the old one: reload the service." */
  readonly text: Msg;
}

/** One certificate as served, with the vault's record of it when it is one of ours. */
export interface ServedCertificate {
  /** SHA-256 of the DER, hex upper case, no separators. */
  readonly sha256: string;
  readonly serialHex: string;
  readonly subjectCommonName: string;
  readonly issuerCommonName: string;
  readonly notAfter: string;
  readonly vaultCertificateId: string | null;
}

export interface ProbeOutcome {
  readonly at: string;
  readonly durationMs: number;
  /** 'ok': the handshake completed (whatever was found); otherwise why there is nothing to judge. */
  readonly reached: 'ok' | 'unreachable' | 'not-tls' | 'handshake-failed';
  /**
   * What went wrong in plain words (the live inspection's failure sentence); null when reached —
   * except a vault client certificate the server refused: 'ok' (its chain was served and is judged,
   * finding client-certificate-refused), with the refusal's words here.
   */
  readonly failure: Msg | null;
  /** The leaf served; null when nothing was. */
  readonly leaf: ServedCertificate | null;
  /** How many certificates were served. */
  readonly servedCount: number;
  /** The earliest notAfter of everything served: what blackbox_exporter calls probe_ssl_earliest_cert_expiry. */
  readonly earliestNotAfter: string | null;
  /** When the served leaf stops working: the earliest notAfter of its whole chain (served, then the vault's). */
  readonly effectiveNotAfter: string | null;
  readonly clientCertificateRequested: boolean | null;
  /** The served leaf is the vault's latest for what is expected (or for itself); null when unknown (not ours, nothing expected). */
  readonly servedIsLatest: boolean | null;
  /** The vault's latest certificate that should be served, when it is not the one served. */
  readonly latest: { readonly certificateId: string; readonly serialHex: string; readonly issuedAt: string } | null;
  readonly findings: readonly WatchFinding[];
}

/** What was served changed: the history an operator reads after an incident. */
export interface ServedChange {
  readonly at: string;
  /** The leaf served before (null: nothing, first probe or unreachable) and after. */
  readonly from: ServedCertificate | null;
  readonly to: ServedCertificate | null;
}

export type WatchHealth = 'ok' | 'warning' | 'error' | 'unprobed';

export interface EndpointStatus {
  readonly endpoint: WatchedEndpoint;
  readonly target: string;
  /** The worst severity of the last probe's findings ('unprobed' before the first). */
  readonly health: WatchHealth;
  readonly last: ProbeOutcome | null;
  readonly lastOkAt: string | null;
  /** Failed probes in a row (the backoff). */
  readonly failuresInRow: number;
  readonly nextProbeAt: string | null;
  /** It asked for a client certificate at some probe: "no longer asks" is judged against this. */
  readonly clientAuthSeen: boolean;
}

export interface EndpointHistory {
  readonly status: EndpointStatus;
  /** Newest first, at most WATCH_HISTORY_RESULTS. */
  readonly results: readonly ProbeOutcome[];
  /** Newest first, at most WATCH_HISTORY_CHANGES. */
  readonly changes: readonly ServedChange[];
}

/** What an import (paste, or a file: one `host:port [servername]` per line, or CSV with a header) did. */
export interface WatchImportResult {
  readonly added: readonly EndpointStatus[];
  /** Lines naming an endpoint already watched or named twice in the input: skipped, not an error. */
  readonly duplicates: ReadonlyArray<{ readonly line: number; readonly target: string }>;
  /** Lines that could not be read, by line number (1-based), and why. Nothing is added when there are any. */
  readonly problems: ReadonlyArray<{ readonly line: number; readonly text: Msg }>;
}

export interface WatchRunResult {
  readonly at: string;
  readonly statuses: readonly EndpointStatus[];
  readonly errors: number;
  readonly warnings: number;
  /** Stopped by operation.cancel: those not reached keep their last result. */
  readonly cancelled: boolean;
}

/** The most findings the dashboard's "Deployed" panel lists (the Endpoints view has them all). */
export const DEPLOYED_MAX_FINDINGS = 20;

/** The dashboard's "Deployed" panel. */
export interface DeployedSummary {
  readonly watched: number;
  readonly health: Readonly<Record<WatchHealth, number>>;
  /** The findings to act on, errors first, at most DEPLOYED_MAX_FINDINGS. */
  readonly findings: ReadonlyArray<{ readonly endpointId: string; readonly target: string; readonly finding: WatchFinding }>;
  readonly lastRoundAt: string | null;
}

/** Nothing watched yet. */
export const NO_DEPLOYED: DeployedSummary = { watched: 0, health: { ok: 0, warning: 0, error: 0, unprobed: 0 }, findings: [], lastRoundAt: null };

/** The vault-wide watch settings (AppSettings.watch). */
export interface WatchSettings {
  readonly intervalMinutes: number;
  readonly concurrency: number;
  readonly timeoutSeconds: number;
  /** The app serves metrics on 127.0.0.1 while the vault is unlocked. */
  readonly metricsServe: boolean;
  readonly metricsPort: number;
}

export const DEFAULT_WATCH_SETTINGS: WatchSettings = {
  intervalMinutes: WATCH_INTERVAL_MINUTES.default,
  concurrency: WATCH_CONCURRENCY.default,
  timeoutSeconds: WATCH_TIMEOUT_SECONDS.default,
  metricsServe: false,
  metricsPort: METRICS_DEFAULT_PORT,
};

/** The metrics listener (app or `certwright metrics serve`). */
export interface MetricsServerStatus {
  readonly running: boolean;
  /** http://127.0.0.1:PORT/metrics; null when stopped. */
  readonly url: string | null;
  /** Why it is not running when it was asked to (the port is taken …). */
  readonly problem: Msg | null;
}
