/**
 * The Endpoints view's pure logic (issue 19): a target as typed ("host:port", "[::1]:443"), the add
 * and edit form to a `watch.add` / `watch.update` request, the list's order and filter, the expiry
 * of what was served in days, the findings to read first. No React, no IPC: tested in Node
 * (test/unit/endpoints-model.test.ts).
 */
import type { CertificateSummary } from '../../../shared/domain/certificate.js';
import { endpointTarget, WATCH_INTERVAL_MINUTES, type EndpointStatus, type ExpectedCertificate, type ProbeOutcome, type WatchedEndpoint, type WatchFinding, type WatchHealth } from '../../../shared/domain/watch.js';
import type { Input } from '../../../shared/ipc/contract.js';
import { t } from '../../i18n/instance.js';
import { parsePort, splitHostPort } from '../inspect/model.js';


// ---- The target as typed ------------------------------------------------------------------------

export type TargetParse = { readonly ok: true; readonly host: string; readonly port: number } | { readonly ok: false; readonly message: string };

/**
 * "host:port" in one field: `example.org:8443`, `10.0.0.5:443`, `[::1]:443` — the form an import
 * line takes (electron/services/watch/import.ts), so the port is always written. A URL's scheme and
 * path are dropped, as the Inspect view does. The host's own rules (a name, an address) are main's:
 * its INVALID_INPUT comes back at this field.
 */
export function parseTarget(text: string): TargetParse {
  const trimmed = text.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  if (trimmed === '') return { ok: false, message: t('watch:view.form.targetMissing') };
  // An IPv6 address without brackets: its last group cannot be told from a port.
  if (!trimmed.startsWith('[') && (trimmed.match(/:/g)?.length ?? 0) > 1) return { ok: false, message: t('watch:view.form.targetBrackets') };
  const split = splitHostPort(trimmed);
  if (split.host === '' || /[\s[\]]/.test(split.host)) return { ok: false, message: split.host.includes('[') ? t('watch:view.form.targetPort') : t('watch:view.form.targetMissing') };
  if (split.port === null) return { ok: false, message: split.host.includes(':') && !trimmed.startsWith('[') ? t('watch:view.form.targetPort') : t('watch:view.form.targetNoPort') };
  const port = parsePort(split.port);
  if (!port.ok) return { ok: false, message: t('watch:view.form.targetPort') };
  return { ok: true, host: split.host.toLowerCase(), port: port.port };
}

// ---- The add / edit form -------------------------------------------------------------------------

export type ExpectKind = 'none' | 'certificate' | 'service';

export interface EndpointDraft {
  readonly target: string;
  readonly servername: string;
  /** '' for none. */
  readonly clientCertificateId: string;
  readonly expectKind: ExpectKind;
  readonly expectCertificateId: string;
  readonly expectService: string;
  /** Whether this endpoint has its own interval; otherwise the setting's. */
  readonly ownInterval: boolean;
  readonly intervalMinutes: string;
}

export const EMPTY_DRAFT: EndpointDraft = {
  target: '',
  servername: '',
  clientCertificateId: '',
  expectKind: 'none',
  expectCertificateId: '',
  expectService: '',
  ownInterval: false,
  intervalMinutes: String(WATCH_INTERVAL_MINUTES.default),
};

/** The form filled from a watched endpoint (Edit). */
export function draftOf(endpoint: WatchedEndpoint, settingMinutes: number = WATCH_INTERVAL_MINUTES.default): EndpointDraft {
  return {
    target: endpointTarget(endpoint),
    servername: endpoint.servername ?? '',
    clientCertificateId: endpoint.clientCertificateId ?? '',
    expectKind: endpoint.expect?.kind ?? 'none',
    expectCertificateId: endpoint.expect?.kind === 'certificate' ? endpoint.expect.certificateId : '',
    expectService: endpoint.expect?.kind === 'service' ? endpoint.expect.service : '',
    ownInterval: endpoint.intervalMinutes !== null,
    intervalMinutes: String(endpoint.intervalMinutes ?? settingMinutes),
  };
}

/** The form's fields, named as main names them in an INVALID_INPUT (`details.field`). */
export type DraftField = 'host' | 'servername' | 'clientCertificateId' | 'expect' | 'intervalMinutes';
export type DraftErrors = Partial<Record<DraftField, string>>;

/** The field whose error a change of the draft clears. */
export const FIELD_OF_DRAFT: Readonly<Record<keyof EndpointDraft, DraftField>> = {
  target: 'host',
  servername: 'servername',
  clientCertificateId: 'clientCertificateId',
  expectKind: 'expect',
  expectCertificateId: 'expect',
  expectService: 'expect',
  ownInterval: 'intervalMinutes',
  intervalMinutes: 'intervalMinutes',
};

export type DraftRequest = { readonly ok: true; readonly request: Input<'watch.add'> } | { readonly ok: false; readonly errors: DraftErrors };

/** The request the form makes, or what to fix first, by field (the window's own checks; main checks again). */
export function toRequest(draft: EndpointDraft): DraftRequest {
  const errors: DraftErrors = {};
  const target = parseTarget(draft.target);
  if (!target.ok) errors.host = target.message;
  let expect: ExpectedCertificate | null = null;
  if (draft.expectKind === 'certificate') {
    if (draft.expectCertificateId === '') errors.expect = t('watch:view.form.expectCertificateMissing');
    else expect = { kind: 'certificate', certificateId: draft.expectCertificateId };
  } else if (draft.expectKind === 'service') {
    if (draft.expectService === '') errors.expect = t('watch:view.form.expectServiceMissing');
    else expect = { kind: 'service', service: draft.expectService };
  }
  let intervalMinutes: number | null = null;
  if (draft.ownInterval) {
    const text = draft.intervalMinutes.trim();
    const minutes = Number(text);
    if (!/^\d+$/.test(text)) errors.intervalMinutes = t('watch:view.form.intervalWhole');
    else if (minutes < WATCH_INTERVAL_MINUTES.min || minutes > WATCH_INTERVAL_MINUTES.max) errors.intervalMinutes = t('watch:view.form.intervalRange', { min: WATCH_INTERVAL_MINUTES.min, max: WATCH_INTERVAL_MINUTES.max });
    else intervalMinutes = minutes;
  }
  if (!target.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  const servername = draft.servername.trim();
  return {
    ok: true,
    request: {
      host: target.host,
      port: target.port,
      servername: servername === '' ? null : servername,
      clientCertificateId: draft.clientCertificateId === '' ? null : draft.clientCertificateId,
      expect,
      intervalMinutes,
    },
  };
}

/** Main's INVALID_INPUT field (`port`, `expect.certificateId`, …) to the form field that shows it. */
export function draftFieldOf(field: string | undefined): DraftField | null {
  if (field === undefined) return null;
  const head = field.split('.')[0] ?? '';
  if (head === 'host' || head === 'port') return 'host';
  if (head === 'servername' || head === 'clientCertificateId' || head === 'expect' || head === 'intervalMinutes') return head;
  return null;
}

/** The vault certificates that can be presented as a client certificate: the key is held, and it is for clients. */
export function isClientCapable(c: Pick<CertificateSummary, 'hasPrivateKey' | 'profile'>): boolean {
  return c.hasPrivateKey && (c.profile === 'client' || c.profile === 'peer');
}

/** Certificates an endpoint can be expected to serve (server-side ones, not a CA). */
export function isServable(c: Pick<CertificateSummary, 'profile'>): boolean {
  return c.profile === 'server' || c.profile === 'peer';
}

// ---- The list ------------------------------------------------------------------------------------

/** Errors first, then warnings, then not probed yet, the healthy last: what to act on is on top. */
const HEALTH_RANK: Readonly<Record<WatchHealth, number>> = { error: 0, warning: 1, unprobed: 2, ok: 3 };

export const SORT_COLUMNS = ['health', 'target', 'expires', 'lastProbed', 'nextProbe'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export interface EndpointSort {
  readonly column: SortColumn;
  readonly direction: 'ascending' | 'descending';
}
export const DEFAULT_ENDPOINT_SORT: EndpointSort = { column: 'health', direction: 'ascending' };

/** The same column again turns the order round; another column starts ascending. */
export function toggleEndpointSort(sort: EndpointSort, column: SortColumn): EndpointSort {
  return sort.column === column ? { column, direction: sort.direction === 'ascending' ? 'descending' : 'ascending' } : { column, direction: 'ascending' };
}

/** When what is served stops working (its chain's earliest expiry), or null when nothing was served. */
export function servedExpiry(status: EndpointStatus): string | null {
  return status.last?.effectiveNotAfter ?? status.last?.earliestNotAfter ?? null;
}

const time = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);

/** Missing values go last whichever way the column is ordered. */
function compareMaybe(a: number | null, b: number | null, sign: number): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return sign * (a - b);
}

export function sortEndpoints(rows: readonly EndpointStatus[], sort: EndpointSort): EndpointStatus[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const byTarget = (a: EndpointStatus, b: EndpointStatus) => a.target.localeCompare(b.target, 'en', { numeric: true });
  const compare = (a: EndpointStatus, b: EndpointStatus): number => {
    switch (sort.column) {
      case 'health':
        return sign * (HEALTH_RANK[a.health] - HEALTH_RANK[b.health]) || compareMaybe(time(servedExpiry(a)), time(servedExpiry(b)), 1);
      case 'target':
        return sign * byTarget(a, b);
      case 'expires':
        return compareMaybe(time(servedExpiry(a)), time(servedExpiry(b)), sign);
      case 'lastProbed':
        return compareMaybe(time(a.last?.at), time(b.last?.at), sign);
      case 'nextProbe':
        return compareMaybe(time(a.nextProbeAt), time(b.nextProbeAt), sign);
    }
  };
  return [...rows].sort((a, b) => compare(a, b) || byTarget(a, b));
}

/** The filter box: every word must be in the target, the SNI, what was served (name, issuer, serial) or a finding's id. */
export function filterEndpoints(rows: readonly EndpointStatus[], query: string): EndpointStatus[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((s) => {
    const leaf = s.last?.leaf;
    const hay = [s.target, s.endpoint.servername ?? '', leaf?.subjectCommonName ?? '', leaf?.issuerCommonName ?? '', leaf?.serialHex ?? '', ...(s.last?.findings.map((f) => f.id) ?? [])].join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** How many of each health, for the line above the list. */
export function healthCounts(rows: readonly EndpointStatus[]): Record<WatchHealth, number> {
  const counts: Record<WatchHealth, number> = { ok: 0, warning: 0, error: 0, unprobed: 0 };
  for (const r of rows) counts[r.health] += 1;
  return counts;
}

// ---- One endpoint --------------------------------------------------------------------------------

/** The finding that says the vault holds a newer certificate than the one served: shown above everything else. */
export function renewedNotDeployed(outcome: ProbeOutcome | null): WatchFinding | null {
  return outcome?.findings.find((f) => f.id === 'renewed-not-deployed') ?? null;
}

/** Errors before warnings, in the order main listed them within each. */
export function orderedFindings(findings: readonly WatchFinding[]): WatchFinding[] {
  return [...findings.filter((f) => f.severity === 'error'), ...findings.filter((f) => f.severity === 'warning')];
}

/** The health one probe result gives (the list's badge for the latest; the history's for each). */
export function outcomeHealth(outcome: ProbeOutcome): Exclude<WatchHealth, 'unprobed'> {
  if (outcome.findings.some((f) => f.severity === 'error') || outcome.reached !== 'ok') return 'error';
  if (outcome.findings.length > 0) return 'warning';
  return 'ok';
}

/** The serial shortened for a list cell (the whole one in its title): its first and last bytes. */
export function shortSerial(serialHex: string): string {
  const hex = serialHex.replace(/:/g, '');
  return hex.length <= 16 ? hex : `${hex.slice(0, 8)}…${hex.slice(-6)}`;
}

// ---- Import --------------------------------------------------------------------------------------

/** The import box's first lines: what to paste, one endpoint a line or CSV (docs/watch.md). */
export const IMPORT_EXAMPLE = ['example.org:443', 'api.internal:8443 api.internal', '[2001:db8::10]:443', '10.0.0.5:443 login.example.org'].join('\n');
