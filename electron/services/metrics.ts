/**
 * The Prometheus text exposition format (version 0.0.4) of the vault's certificates, for
 * node_exporter's textfile collector and the metrics listener (watch/metrics-server.ts): one gauge per
 * certificate with its notAfter, counts by status, authorities' notAfter and CRLs' nextUpdate; and,
 * per watched endpoint, what its last probe saw (issue 19), named after blackbox_exporter's series so
 * its users' alerts carry over (`probe_ssl_earliest_cert_expiry` → `certwright_endpoint_ssl_earliest_cert_expiry`).
 */
import { isIP } from 'node:net';
import type { AuthoritySummary } from '../../shared/domain/authority.js';
import type { CertificateStatus, CertificateSummary } from '../../shared/domain/certificate.js';
import { WATCH_FINDINGS, type EndpointStatus, type WatchHealth } from '../../shared/domain/watch.js';

/** Label values escape backslash, double quote and line feed; nothing else. */
function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(pairs: Readonly<Record<string, string>>): string {
  return `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${label(v)}"`)
    .join(',')}}`;
}

const seconds = (iso: string) => String(Math.floor(Date.parse(iso) / 1000));

interface Family {
  readonly name: string;
  readonly help: string;
  readonly samples: ReadonlyArray<readonly [Readonly<Record<string, string>>, string]>;
}

function family({ name, help, samples }: Family): string {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...samples.map(([l, v]) => `${name}${Object.keys(l).length > 0 ? labels(l) : ''} ${v}`)].join('\n');
}

export interface MetricsInput {
  readonly authorities: readonly AuthoritySummary[];
  readonly certificates: readonly CertificateSummary[];
  readonly crlNextUpdates: ReadonlyMap<string, string | null>;
  /** The watched endpoints with their last probe; absent: no endpoint series at all (as before issue 19). */
  readonly endpoints?: readonly EndpointStatus[];
}

/** Where the figures come from: the services the CLI and the metrics listener both read. */
export interface MetricsSources {
  readonly authorities: { list(): Promise<AuthoritySummary[]> };
  readonly certificates: { list(): Promise<CertificateSummary[]> };
  readonly revocations: { latestCrl(id: string): { readonly nextUpdate: string } | null };
  readonly watching: { list(): EndpointStatus[] };
}

/** Everything `certwright metrics` writes and `/metrics` serves, read now (the vault must be unlocked). */
export async function currentMetrics(sources: MetricsSources): Promise<{ text: string; input: MetricsInput }> {
  const [authorities, certificates] = await Promise.all([sources.authorities.list(), sources.certificates.list()]);
  const crlNextUpdates = new Map<string, string | null>();
  for (const a of authorities) if (a.state === 'active') crlNextUpdates.set(a.id, sources.revocations.latestCrl(a.id)?.nextUpdate ?? null);
  const input: MetricsInput = { authorities, certificates, crlNextUpdates, endpoints: sources.watching.list() };
  return { text: prometheusText(input), input };
}

export function prometheusText(input: MetricsInput): string {
  const certLabels = (c: CertificateSummary) => ({ ca: c.issuerCommonName, cn: c.subject.commonName, serial: c.serialNumberHex, profile: c.profile });
  const statuses: CertificateStatus[] = ['valid', 'expired', 'not-yet-valid', 'revoked'];
  const families: Family[] = [
    { name: 'certwright_certificate_not_after_seconds', help: 'When the certificate expires (notAfter), as a Unix time.', samples: input.certificates.map((c) => [certLabels(c), seconds(c.notAfter)] as const) },
    {
      name: 'certwright_certificate_effective_not_after_seconds',
      help: 'When the certificate stops working: the earliest notAfter in its chain, as a Unix time.',
      samples: input.certificates.map((c) => [certLabels(c), seconds(c.effectiveNotAfter)] as const),
    },
    { name: 'certwright_certificates', help: 'Certificates in the vault by status.', samples: statuses.map((status) => [{ status }, String(input.certificates.filter((c) => c.status === status).length)] as const) },
    {
      name: 'certwright_authority_not_after_seconds',
      help: 'When the certificate authority expires (notAfter), as a Unix time.',
      samples: input.authorities.filter((a) => a.notAfter !== '').map((a) => [{ ca: a.subject.commonName, kind: a.kind }, seconds(a.notAfter)] as const),
    },
    {
      name: 'certwright_crl_next_update_seconds',
      help: "When the authority's latest CRL must be replaced (nextUpdate), as a Unix time.",
      samples: input.authorities.flatMap((a) => {
        const next = input.crlNextUpdates.get(a.id);
        return next ? [[{ ca: a.subject.commonName }, seconds(next)] as const] : [];
      }),
    },
  ];
  if (input.endpoints) families.push(...endpointFamilies(input.endpoints));
  return `${families.map(family).join('\n')}\n`;
}

/**
 * The labels naming an endpoint: `endpoint` is host:port as everywhere (endpointTarget), `servername`
 * the SNI the probe sends (empty for an IP address without one). Not `instance`: that is Prometheus'
 * own label for the scrape target (this listener), which a scrape would rename to `exported_instance`.
 */
function endpointLabels(status: EndpointStatus): Record<string, string> {
  const { endpoint } = status;
  return { endpoint: status.target, servername: endpoint.servername ?? (isIP(endpoint.host) === 0 ? endpoint.host : '') };
}

const HEALTHS: readonly WatchHealth[] = ['ok', 'warning', 'error', 'unprobed'];

/** A duration in seconds, to the millisecond, never in exponent notation. */
const durationSeconds = (ms: number) => String(Math.max(0, Math.round(ms)) / 1000);

/**
 * Series of what each endpoint's LAST probe saw. A series whose figure is unknown (never probed,
 * nothing served, not one of ours) is left out rather than written as 0: an alert on
 * `… - time() < 7 * 86400` must not fire for an endpoint that was simply unreachable; the
 * probe-success series says that.
 */
function endpointFamilies(statuses: readonly EndpointStatus[]): Family[] {
  // Two endpoints with the same labels (one host:port, one SNI, e.g. probed with and without a client
  // certificate) would be one series twice, which Prometheus rejects: the first (oldest) speaks.
  const seen = new Set<string>();
  const probed: Array<{ labels: Record<string, string>; status: EndpointStatus; last: NonNullable<EndpointStatus['last']> }> = [];
  for (const status of statuses) {
    const labels = endpointLabels(status);
    const key = `${labels.endpoint}\n${labels.servername}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (status.last) probed.push({ labels, status, last: status.last });
  }
  const each = (pick: (p: (typeof probed)[number]) => string | null) =>
    probed.flatMap((p) => {
      const value = pick(p);
      return value === null ? [] : [[p.labels, value] as const];
    });
  return [
    { name: 'certwright_endpoints', help: 'Watched endpoints by the health of their last probe.', samples: HEALTHS.map((health) => [{ health }, String(statuses.filter((s) => s.health === health).length)] as const) },
    { name: 'certwright_endpoint_probe_success', help: 'Whether the last probe completed a TLS handshake (1) or not (0), as blackbox_exporter probe_success.', samples: each(({ last }) => (last.reached === 'ok' ? '1' : '0')) },
    { name: 'certwright_endpoint_probe_duration_seconds', help: 'How long the last probe took, as blackbox_exporter probe_duration_seconds.', samples: each(({ last }) => durationSeconds(last.durationMs)) },
    { name: 'certwright_endpoint_last_probe_timestamp_seconds', help: 'When the last probe ran, as a Unix time.', samples: each(({ last }) => seconds(last.at)) },
    {
      name: 'certwright_endpoint_ssl_earliest_cert_expiry',
      help: 'The earliest notAfter of the certificates served, as a Unix time: the figure blackbox_exporter reports as probe_ssl_earliest_cert_expiry.',
      samples: each(({ last }) => (last.earliestNotAfter === null ? null : seconds(last.earliestNotAfter))),
    },
    {
      name: 'certwright_endpoint_effective_expiry_seconds',
      help: "When the served certificate stops working: the earliest notAfter of its whole chain (what was served, completed from the vault), as a Unix time.",
      samples: each(({ last }) => (last.effectiveNotAfter === null ? null : seconds(last.effectiveNotAfter))),
    },
    {
      name: 'certwright_endpoint_served_is_latest',
      help: "Whether the served certificate is the vault's latest for what the endpoint should serve (1) or an older one still being served after a renewal (0); absent when unknown.",
      samples: each(({ last }) => (last.servedIsLatest === null ? null : last.servedIsLatest ? '1' : '0')),
    },
    {
      name: 'certwright_endpoint_ssl_last_chain_info',
      help: 'The served leaf certificate, as blackbox_exporter probe_ssl_last_chain_info: its SHA-256 fingerprint and serial (joins certwright_certificate_not_after_seconds on serial).',
      samples: probed.flatMap(({ labels, last }) =>
        last.leaf ? [[{ ...labels, fingerprint_sha256: last.leaf.sha256.toLowerCase(), serial: last.leaf.serialHex, cn: last.leaf.subjectCommonName, issuer: last.leaf.issuerCommonName }, '1'] as const] : [],
      ),
    },
    {
      name: 'certwright_endpoint_findings',
      help: "The last probe's findings by severity.",
      samples: probed.flatMap(({ labels, last }) => (['error', 'warning'] as const).map((severity) => [{ ...labels, severity }, String(last.findings.filter((f) => f.severity === severity).length)] as const)),
    },
    {
      name: 'certwright_endpoint_finding',
      help: `Each finding of the last probe (1), by its stable id: ${WATCH_FINDINGS.join(', ')}.`,
      // One series per id, even if a probe found the same thing twice.
      samples: probed.flatMap(({ labels, last }) => [...new Map(last.findings.map((f) => [f.id, f.severity])).entries()].map(([finding, severity]) => [{ ...labels, finding, severity }, '1'] as const)),
    },
  ];
}
