/**
 * The IPC contract: the single source of truth for every channel between renderer and main.
 * Each channel names a zod schema for its input (validated in main), the type of its output and a
 * zod schema of that output (shared/ipc/outputs.ts; checked by the router in development and test
 * builds), which must describe exactly that type or the contract does not compile.
 * The main-side handler table, the preload's client and the renderer's `window.certwright` type
 * are all derived from this object.
 */
import { z } from 'zod';
import type { AuthorityDetail, AuthoritySummary, CreatedIntermediate, PendingIntermediate, RevocationImpact } from '../domain/authority.js';
import { DEFAULT_LEAF_VALIDITY_DAYS, PROFILES, type CertificateDetail, type CertificateSummary, type CsrSummary, type IssuedBulk, type IssuedCertificate, type IssuedPair } from '../domain/certificate.js';
import type { CancelResult } from '../domain/operation.js';
import { CRL_INSPECT_MAX_BYTES, CRL_NEXT_UPDATE_MAX_DAYS, type CrlInspection, DEFAULT_CRL_NEXT_UPDATE_DAYS, REVOCATION_REASONS, type CrlDetail, type CrlEntryPage, type CrlSummary, type OcspStatus } from '../domain/revocation.js';
import { EXPORT_ALL_KEY_FORMATS, EXPORT_FORMATS, MAX_EXPORT_ALL, PKCS12_TARGETS, PROOF_ROLES, type ExportAllResult, type ExportResult, type ProofResult, type SnippetView } from '../domain/export.js';
import { checkCidr, checkDnsName, checkIp, SanList } from '../validation/san.js';
import { refuse, say } from '../validation/schema-messages.js';
import { DEFAULT_KEY_ALGORITHM, KEY_ALGORITHMS } from '../domain/keys.js';
import { AUTO_LOCK_MINUTES, BACKUP_REMINDER_DAYS, DEFAULT_SECURITY_SETTINGS, LOCK_REASONS, type BackupResult, type RestoredElsewhere, type VaultStatus } from '../domain/vault.js';
import { AUDIT_KINDS } from '../domain/audit.js';
import { CERTIFICATE_STATUSES, DEFAULT_SORT, QUERY_MAX_LENGTH, SELECTION_MAX_IDS, SORT_DIRECTIONS, SORT_KEYS, STATUS_FILTERS, WINDOW_MAX_ROWS, type CertificateSelection, type CertificateWindow } from '../domain/certificate-query.js';
import type { AuditCheck, AuditPage } from '../domain/audit-view.js';
import { DEFAULT_EXPIRY_SETTINGS, MAX_REVOKE_OLD_AFTER_DAYS, type AppSettings, type DashboardData, type RenewResult } from '../domain/expiry.js';
import { INSPECT_MAX_BYTES, INSPECT_ROLES, type AddedToVault, type AsnTree, type EndpointReport, type InspectionReport } from '../domain/inspect.js';
import { Passphrase, PassphraseAttempt } from '../validation/passphrase.js';
import { DEFAULT_TOKEN_ALGORITHM, ISSUER_NAME, TOKEN_ALGORITHMS, TOKEN_TTL, type MintedToken, type PolicyDecision, type PolicyView, type ServiceRow, type TokenDiagnosis, type TokenEndpointStatus, type TokenIssuerPublicKeys, type TokenIssuerSummary } from '../domain/service-identity.js';
import { POLICY_MAX_BYTES, SERVICE_NAME } from '../domain/service-policy.js';
import { ACME_VALIDITY_DAYS, type AcmePanel, type AcmeServerStatus } from '../domain/acme.js';
import { SubjectInput } from '../validation/subject.js';
import { FROM_ROOT_ACK } from '../domain/hierarchy.js';
import { PUBLICATION_DEFAULT_PORT, type FolderPublication, type PublicationStatus, type ReachabilityReport } from '../domain/publication.js';
import type { WindowPreferences } from '../domain/preferences.js';
import { VIEWS } from '../domain/preferences.js';
import { LANGUAGE_CHOICES } from '../i18n/languages.js';
import { APP_COMMANDS } from '../domain/app-commands.js';
import { METRICS_DEFAULT_PORT, WATCH_CONCURRENCY, WATCH_IMPORT_MAX_CHARS, WATCH_INTERVAL_MINUTES, WATCH_MAX_ENDPOINTS, WATCH_TIMEOUT_SECONDS, type EndpointHistory, type EndpointStatus, type MetricsServerStatus, type WatchImportResult, type WatchRunResult } from '../domain/watch.js';
import { REMOTE_MAX_URLS, type RemoteSummary, type StepCaExport } from '../domain/remote.js';
import { CHANNEL_NAMES, EVENT_NAMES, type ChannelName, type EventName as EventNameFromList } from './channels.js';
import type { Result } from '../errors.js';
import * as out from './outputs.js';
import type { Matching } from './outputs.js';

/** Correlates a long operation with its progress events; chosen by the renderer. */
export const OperationId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, refuse('validation:contract.operationId'));

export const RecordId = z.string().regex(/^[0-9a-f]{32}$/, refuse('validation:contract.recordId'));

export const ROOT_VALIDITY_DAYS = { default: 3650, min: 1, max: 30 * 365 } as const;
export const MAX_PATH_LENGTH = 8;

export const NewRootAuthority = z.object({
  subject: SubjectInput,
  keyAlgorithm: z.enum(KEY_ALGORITHMS).default(DEFAULT_KEY_ALGORITHM),
  validityDays: z
    .number()
    .int(refuse('validation:validity.whole'))
    .min(ROOT_VALIDITY_DAYS.min, refuse('validation:validity.atLeastDay', { min: ROOT_VALIDITY_DAYS.min }))
    .max(ROOT_VALIDITY_DAYS.max, refuse('validation:validity.rootMax', { max: ROOT_VALIDITY_DAYS.max }))
    .default(ROOT_VALIDITY_DAYS.default),
  /** null: no path length constraint. */
  pathLength: z
    .number()
    .int()
    .min(0, refuse('validation:pathLength.negative'))
    .max(MAX_PATH_LENGTH, refuse('validation:pathLength.max', { max: MAX_PATH_LENGTH }))
    .nullable()
    .default(null),
  /** The URLs and defaults for what it will issue, set at creation (the wizard asks); the defaults otherwise. Declared below. */
  settings: z.lazy(() => AuthoritySettingsInput).optional(),
  operationId: OperationId.optional(),
});

const Empty = z.object({}).strict();

// ---- Service identity: token issuers, tokens, the policy --------------------------------------

/** A service's name: its client certificate's CommonName, its tokens' sub and aud, a key of the policy. */
export const ServiceName = z
  .string()
  .trim()
  .min(1, refuse('validation:service.required'))
  .max(64, refuse('validation:service.tooLong'))
  .regex(SERVICE_NAME, refuse('validation:service.chars'));

export const NewTokenIssuer = z
  .object({
    name: z.string().regex(ISSUER_NAME, refuse('validation:token.issuerNameA')),
    algorithm: z.enum(TOKEN_ALGORITHMS).default(DEFAULT_TOKEN_ALGORITHM),
    /** RS256 only. */
    rsaBits: z.union([z.literal(2048), z.literal(3072), z.literal(4096)]).default(2048),
  })
  .strict();

export const MintRequest = z
  .object({
    id: RecordId,
    service: ServiceName,
    audience: ServiceName,
    ttlSeconds: z
      .number()
      .int(refuse('validation:token.lifetimeWhole'))
      .min(TOKEN_TTL.min, refuse('validation:token.lifetimeMin', { min: TOKEN_TTL.min }))
      .max(TOKEN_TTL.max, refuse('validation:token.lifetimeMax'))
      .default(TOKEN_TTL.default),
  })
  .strict();

export const VerifyTokenRequest = z
  .object({
    /** The vault's issuer to check against … */
    id: RecordId.optional(),
    /** … or a JWKS from elsewhere (public keys only) with the iss its tokens carry. */
    jwks: z.string().max(512 * 1024, refuse('validation:token.jwksTooLarge')).optional(),
    issuerName: z.string().regex(ISSUER_NAME, refuse('validation:token.issuerNameAn')).optional(),
    /** Capped well above TOKEN_MAX_BYTES so that an oversized paste gets the service's specific answer. */
    token: z.string().min(1, refuse('validation:token.pasteFirst')).max(2 * 1024 * 1024, refuse('validation:token.tooLarge')),
    audience: ServiceName.optional(),
    clientCertificateId: RecordId.optional(),
    action: z.string().max(200).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if ((value.id === undefined) === (value.jwks === undefined)) ctx.addIssue({ code: 'custom', path: ['id'], message: say('validation:token.issuerOrJwks') });
    if (value.jwks !== undefined && value.issuerName === undefined) ctx.addIssue({ code: 'custom', path: ['issuerName'], message: say('validation:token.jwksIssuer') });
  });

// ---- ACME servers ------------------------------------------------------------------------------

const ipAddress = (what: string) =>
  z.string().refine((value) => checkIp(value).ok, refuse('validation:address.ip', { what }));

export const AcmeStartRequest = z
  .object({
    authorityId: RecordId,
    port: z.number().int().min(1024, refuse('validation:port.unprivileged')).max(65535, refuse('validation:port.unprivileged')).optional(),
    /** 127.0.0.1 unless the user says otherwise. */
    bind: ipAddress('validation:address.what.bind').default('127.0.0.1'),
    http01Port: z.number().int().min(1, refuse('validation:port.any')).max(65535, refuse('validation:port.any')).default(80),
    resolve: z
      .array(z.object({ name: z.string().refine((v) => checkDnsName(v).ok, refuse('validation:acme.resolveName')), address: ipAddress('validation:address.what.resolveTo') }).strict())
      .max(100, refuse('validation:acme.resolveMax'))
      .default([]),
    eab: z.boolean().default(false),
    labMode: z.boolean().default(false),
    maxValidityDays: z.number().int().min(ACME_VALIDITY_DAYS.min).max(ACME_VALIDITY_DAYS.max, refuse('validation:days.atMost', { max: ACME_VALIDITY_DAYS.max })).default(ACME_VALIDITY_DAYS.default),
    /** address or address:port of the DNS server dns-01 is checked against; null: no dns-01. */
    dnsResolver: z
      .string()
      .regex(/^(\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?|\[[0-9a-fA-F:]+\](:\d{1,5})?|[0-9a-fA-F:]+)$/, refuse('validation:acme.resolver'))
      .nullable()
      .default(null),
    ipOnlyProfile: z.enum(['server', 'client']).default('server'),
  })
  .strict();

// ---- Authorities: intermediates, settings ------------------------------------------------------

export const INTERMEDIATE_VALIDITY_DAYS = { default: 1825, min: 1, max: 30 * 365 } as const;
export const LEAF_VALIDITY_DAYS = { min: 1, max: 3650 } as const;

/** Blank means "not set". */
const optionalHttpUrl = (label: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim() : v),
    z
      .string()
      .max(2048, refuse('validation:url.tooLong', { label }))
      .refine((v) => {
        try {
          const url = new URL(v);
          return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && !url.username && !url.password;
        } catch {
          return false;
        }
      }, refuse('validation:url.notHttp', { label }))
      .nullable()
      .default(null),
  );

export const AuthoritySettingsInput = z
  .object({
    defaultValidityDays: z
      .number()
      .int(refuse('validation:settings.defaultValidityWhole'))
      .min(LEAF_VALIDITY_DAYS.min, refuse('validation:settings.defaultValidityMin'))
      .max(LEAF_VALIDITY_DAYS.max, refuse('validation:settings.defaultValidityMax', { max: LEAF_VALIDITY_DAYS.max }))
      .default(DEFAULT_LEAF_VALIDITY_DAYS),
    crlUrl: optionalHttpUrl('validation:url.label.crl'),
    ocspUrl: optionalHttpUrl('validation:url.label.ocsp'),
    caIssuersUrl: optionalHttpUrl('validation:url.label.caIssuers'),
    crlNextUpdateDays: z
      .number()
      .int(refuse('validation:settings.crlWhole'))
      .min(1, refuse('validation:settings.crlMin'))
      .max(CRL_NEXT_UPDATE_MAX_DAYS, refuse('validation:settings.crlMax', { max: CRL_NEXT_UPDATE_MAX_DAYS }))
      .default(DEFAULT_CRL_NEXT_UPDATE_DAYS),
  })
  .strict();

const DnsConstraint = z.string().transform((value, ctx) => {
  const text = value.trim();
  const check = checkDnsName(text.replace(/^\./, ''));
  if (!check.ok || check.entry.value.includes('*')) {
    ctx.addIssue({ code: 'custom', message: check.ok ? say('validation:constraints.noWildcard') : check.message });
    return z.NEVER;
  }
  return text.startsWith('.') ? `.${check.entry.value}` : check.entry.value;
});

const IpConstraint = z.string().transform((value, ctx) => {
  const check = checkCidr(value);
  if (!check.ok) {
    ctx.addIssue({ code: 'custom', message: check.message });
    return z.NEVER;
  }
  return check.value;
});

export const NameConstraintsInput = z
  .object({
    permittedDns: z.array(DnsConstraint).max(50).default([]),
    excludedDns: z.array(DnsConstraint).max(50).default([]),
    permittedIp: z.array(IpConstraint).max(50).default([]),
    excludedIp: z.array(IpConstraint).max(50).default([]),
  })
  .strict();

const PathLength = z.number().int(refuse('validation:pathLength.whole')).min(0, refuse('validation:pathLength.negative')).max(MAX_PATH_LENGTH, refuse('validation:pathLength.max', { max: MAX_PATH_LENGTH }));

export const NewIntermediate = z
  .object({
    parentId: RecordId,
    subject: SubjectInput,
    keyAlgorithm: z.enum(KEY_ALGORITHMS).default(DEFAULT_KEY_ALGORITHM),
    validityDays: z
      .number()
      .int(refuse('validation:validity.whole'))
      .min(INTERMEDIATE_VALIDITY_DAYS.min, refuse('validation:validity.atLeastOneDay'))
      .max(INTERMEDIATE_VALIDITY_DAYS.max, refuse('validation:validity.max', { max: INTERMEDIATE_VALIDITY_DAYS.max }))
      // Absent: five years, or less to end well before the parent (defaultIntermediateDays).
      .optional(),
    pathLength: PathLength.default(0),
    nameConstraints: NameConstraintsInput.nullable().default(null),
    settings: AuthoritySettingsInput.optional(),
    operationId: OperationId.optional(),
  })
  .strict();

export const NewPendingIntermediate = z
  .object({
    subject: SubjectInput,
    keyAlgorithm: z.enum(KEY_ALGORITHMS).default(DEFAULT_KEY_ALGORITHM),
    pathLength: PathLength.default(0),
    nameConstraints: NameConstraintsInput.nullable().default(null),
    settings: AuthoritySettingsInput.optional(),
    operationId: OperationId.optional(),
  })
  .strict();

/** PEM text, or base64 of DER (a file read by the renderer). 1 MiB is far above any real input. */
const ObjectText = z.string().min(1, refuse('validation:input.fileFirst')).max(1024 * 1024, refuse('validation:input.over1MiB'));

// ---- Inspect -----------------------------------------------------------------------------------

/** What the user handed over: pasted text, or a file's bytes as base64 (type is told by content, never by name). */
const InspectContent = {
  content: z.string().min(1, refuse('validation:input.textFirst')).max(Math.ceil((INSPECT_MAX_BYTES * 4) / 3) + 4, refuse('validation:input.over10MiBInspect')),
  encoding: z.enum(['text', 'base64']),
  /** For a PKCS#12 file or an encrypted private key. Used once, never stored. */
  password: z.string().max(1024, refuse('validation:password.over1024')).nullable().default(null),
};

/** A DNS name (wildcards allowed) or an IP address to check the certificate against. */
const HostCheck = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim().toLowerCase() : v),
  z
    .string()
    .max(253)
    .refine((v) => checkIp(v).ok || checkDnsName(v).ok, refuse('validation:host.dnsOrIp'))
    .nullable()
    .default(null),
);

const InspectSettings = {
  hostCheck: HostCheck,
  role: z.enum(INSPECT_ROLES).default('any'),
  useSystemStore: z.boolean().default(false),
};

export const InspectInput = z.object({ ...InspectContent, ...InspectSettings }).strict();

export const InspectEndpoint = z
  .object({
    host: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1') : v),
      z.string().min(1, refuse('validation:host.required')).max(253).refine((v) => checkIp(v).ok || checkDnsName(v).ok, refuse('validation:host.nameOrIp')),
    ),
    port: z.number().int().min(1, refuse('validation:port.range')).max(65535, refuse('validation:port.range')),
    servername: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim().toLowerCase() : v),
      z.string().max(253).refine((v) => checkDnsName(v).ok, refuse('validation:host.sni')).nullable().default(null),
    ),
    clientCertificateId: RecordId.nullable().default(null),
    ...InspectSettings,
  })
  .strict();

export const InspectObject = z.object({ ...InspectContent, objectIndex: z.number().int().min(0).max(100_000) }).strict();

// ---- Watched endpoints (issue 19, shared/domain/watch.ts) ------------------------------------

const ExpectedCertificateInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('certificate'), certificateId: RecordId }).strict(),
  z.object({ kind: z.literal('service'), service: ServiceName }).strict(),
]);

const WatchInterval = z
  .number()
  .int(refuse('validation:minutes.whole'))
  .min(WATCH_INTERVAL_MINUTES.min, refuse('validation:minutes.atLeast', { min: WATCH_INTERVAL_MINUTES.min }))
  .max(WATCH_INTERVAL_MINUTES.max, refuse('validation:watch.intervalMax', { max: WATCH_INTERVAL_MINUTES.max }));

/** An endpoint to watch: the live inspection's host, port and SNI rules, plus what it should serve. */
const WatchEndpointFields = {
  host: InspectEndpoint.shape.host,
  port: InspectEndpoint.shape.port,
  servername: InspectEndpoint.shape.servername,
  clientCertificateId: RecordId.nullable().default(null),
  expect: ExpectedCertificateInput.nullable().default(null),
  /** null: the vault-wide setting. */
  intervalMinutes: WatchInterval.nullable().default(null),
};
export const WatchAdd = z.object(WatchEndpointFields).strict();
export const WatchUpdate = z.object({ id: RecordId, ...WatchEndpointFields }).strict();
/** Pasted or read from a file: one `host:port [servername]` per line, or CSV with a header row (docs/watch.md). */
export const WatchImport = z.object({ text: z.string().min(1, refuse('validation:watch.importEmpty')).max(WATCH_IMPORT_MAX_CHARS, refuse('validation:input.over1MiB')) }).strict();
export const WatchRun = z.object({ ids: z.array(RecordId).max(WATCH_MAX_ENDPOINTS).default([]), operationId: OperationId.optional() }).strict();
export const WatchSettingsInput = z
  .object({
    intervalMinutes: WatchInterval.default(WATCH_INTERVAL_MINUTES.default),
    concurrency: z.number().int().min(WATCH_CONCURRENCY.min, refuse('validation:watch.concurrency', { min: WATCH_CONCURRENCY.min, max: WATCH_CONCURRENCY.max })).max(WATCH_CONCURRENCY.max, refuse('validation:watch.concurrency', { min: WATCH_CONCURRENCY.min, max: WATCH_CONCURRENCY.max })).default(WATCH_CONCURRENCY.default),
    timeoutSeconds: z.number().int().min(WATCH_TIMEOUT_SECONDS.min, refuse('validation:watch.timeout', { min: WATCH_TIMEOUT_SECONDS.min, max: WATCH_TIMEOUT_SECONDS.max })).max(WATCH_TIMEOUT_SECONDS.max, refuse('validation:watch.timeout', { min: WATCH_TIMEOUT_SECONDS.min, max: WATCH_TIMEOUT_SECONDS.max })).default(WATCH_TIMEOUT_SECONDS.default),
    metricsServe: z.boolean().default(false),
    metricsPort: z.number().int().min(1024, refuse('validation:port.unprivileged')).max(65535, refuse('validation:port.unprivileged')).default(METRICS_DEFAULT_PORT),
  })
  .strict();

// ---- Remote authorities: a step-ca server (shared/domain/remote.ts, docs/step-ca.md) ---------------

const RemoteName = z
  .string()
  .trim()
  .min(1, refuse('validation:remote.name'))
  .max(64, refuse('validation:remote.name'))
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, refuse('validation:remote.name'));
/** An https origin (scheme, host, port): step-ca's API lives at its root. Kept as the origin. */
const RemoteUrl = z
  .string()
  .trim()
  .max(2048, refuse('validation:remote.url'))
  .refine((v) => {
    try {
      const url = new URL(v);
      return url.protocol === 'https:' && url.hostname !== '' && !url.username && !url.password && (url.pathname === '/' || url.pathname === '') && !url.search && !url.hash;
    } catch {
      return false;
    }
  }, refuse('validation:remote.url'))
  .transform((v) => new URL(v).origin);
/** SHA-256 of the root's DER: 64 hex digits, colons and spaces allowed (`step certificate fingerprint` prints it bare). */
const RootFingerprint = z
  .string()
  .max(200, refuse('validation:remote.fingerprint'))
  .transform((v) => v.replace(/[:\s]/g, '').toLowerCase())
  .pipe(z.string().regex(/^[0-9a-f]{64}$/, refuse('validation:remote.fingerprint')));
const ProvisionerName = z
  .string()
  .trim()
  .min(1, refuse('validation:remote.provisioner'))
  .max(128, refuse('validation:remote.provisioner'))
  .regex(/^[^\p{Cc}]+$/u, refuse('validation:remote.provisioner'));

export const RemoteConnect = z
  .object({
    name: RemoteName,
    urls: z.array(RemoteUrl).min(1, refuse('validation:remote.urlsRequired')).max(REMOTE_MAX_URLS, refuse('validation:remote.urlsMax', { max: REMOTE_MAX_URLS })),
    fingerprint: RootFingerprint,
    provisioner: ProvisionerName,
    password: z.string().min(1, refuse('validation:remote.passwordRequired')).max(1024, refuse('validation:password.max')),
  })
  .strict();

/** The least length of the password an exported step-ca configuration is encrypted with. */
export const STEP_CA_PASSWORD_MIN = 8;

export const StepCaExportRequest = z
  .object({
    /** The root in the vault that signs the new intermediate; its key never leaves the vault. */
    rootId: RecordId,
    /** The new intermediate's common name; absent: "<root's CN> Online Intermediate". */
    commonName: z.string().trim().min(1).max(64).optional(),
    keyAlgorithm: z.enum(['p256', 'p384', 'rsa2048', 'rsa3072', 'rsa4096']).default('p256'),
    validityDays: z
      .number()
      .int(refuse('validation:validity.whole'))
      .min(INTERMEDIATE_VALIDITY_DAYS.min, refuse('validation:validity.atLeastOneDay'))
      .max(INTERMEDIATE_VALIDITY_DAYS.max, refuse('validation:validity.max', { max: INTERMEDIATE_VALIDITY_DAYS.max }))
      .optional(),
    /** Encrypts the intermediate's key and the JWK provisioner's key; step-ca starts with it (--password-file). */
    password: z.string().min(STEP_CA_PASSWORD_MIN, refuse('validation:remote.exportPassword', { min: STEP_CA_PASSWORD_MIN })).max(1024, refuse('validation:password.max')),
    /** Where step-ca listens: `:9000`, `127.0.0.1:9000`, `[::1]:9000`. */
    address: z
      .string()
      .trim()
      .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]*):\d{1,5}$/, refuse('validation:remote.address'))
      .refine((v) => {
        const port = Number(v.slice(v.lastIndexOf(':') + 1));
        return port >= 1 && port <= 65535;
      }, refuse('validation:remote.address')),
    /** The names the server's own TLS certificate carries (ca.json dnsNames). */
    dnsNames: z
      .array(z.string().trim().toLowerCase().max(253).refine((v) => checkIp(v).ok || checkDnsName(v).ok, refuse('validation:host.dnsOrIp')))
      .min(1, refuse('validation:remote.dnsNamesRequired'))
      .max(16),
    provisioner: ProvisionerName.default('certwright'),
    /** Adds an ACME provisioner named "acme" (directory at https://ADDRESS/acme/acme/directory). */
    acme: z.boolean().default(false),
    database: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('badgerv2'), dataSource: z.string().trim().min(1).max(1024).default('db') }).strict(),
        z.object({ type: z.literal('mysql'), dataSource: z.string().trim().min(1, refuse('validation:remote.dataSource')).max(1024), database: z.string().trim().regex(/^[A-Za-z0-9_]{1,64}$/).default('stepca') }).strict(),
      ])
      .default({ type: 'badgerv2', dataSource: 'db' }),
    format: z.enum(['folder', 'zip']).default('folder'),
    operationId: OperationId.optional(),
  })
  .strict();

export const AddToVault = InspectObject;

// ---- Certificates ----------------------------------------------------------------------------

export const Validity = z.union([
  z
    .object({
      days: z
        .number()
        .int(refuse('validation:validity.whole'))
        .min(LEAF_VALIDITY_DAYS.min, refuse('validation:validity.atLeastOneDay'))
        .max(LEAF_VALIDITY_DAYS.max, refuse('validation:validity.leafMax', { max: LEAF_VALIDITY_DAYS.max })),
    })
    .strict(),
  z.object({ notAfter: z.iso.datetime({ offset: true, ...refuse('validation:date.notAfter') }) }).strict(),
]);

function requireServerSan(input: { profile: (typeof PROFILES)[number]; sans: ReadonlyArray<{ type: string }> }, ctx: z.RefinementCtx) {
  if (input.profile !== 'client' && !input.sans.some((s) => s.type === 'dns' || s.type === 'ip')) {
    ctx.addIssue({
      code: 'custom',
      path: ['sans'],
      message: say(`validation:profile.needsSan.${input.profile}`),
    });
  }
}

/** Signing a leaf with a root CA's key needs this explicit acknowledgement (shared/domain/hierarchy.ts); without it main refuses with ROOT_ISSUER_UNCONFIRMED. */
const FromRoot = z.literal(FROM_ROOT_ACK).optional();

export const IssueCertificate = z
  .object({
    authorityId: RecordId,
    profile: z.enum(PROFILES),
    subject: SubjectInput,
    sans: SanList.default([]),
    keyAlgorithm: z.enum(KEY_ALGORITHMS).default(DEFAULT_KEY_ALGORITHM),
    /** Absent: the authority's default validity. */
    validity: Validity.optional(),
    fromRoot: FromRoot,
    operationId: OperationId.optional(),
  })
  .strict()
  .superRefine(requireServerSan);

const IpText = z.string().transform((value, ctx) => {
  const check = checkIp(value);
  if (!check.ok) {
    ctx.addIssue({ code: 'custom', message: check.message });
    return z.NEVER;
  }
  return check.entry.value;
});

const DnsText = z.string().transform((value, ctx) => {
  const check = checkDnsName(value);
  if (!check.ok) {
    ctx.addIssue({ code: 'custom', message: check.message });
    return z.NEVER;
  }
  return check.entry.value;
});

export const IssuePair = z
  .object({
    authorityId: RecordId,
    serviceName: ServiceName,
    dnsNames: z.array(DnsText).max(50).default([]),
    ipAddresses: z.array(IpText).max(50).default([]),
    /** Optional URI SAN for the client certificate, e.g. a SPIFFE ID. */
    clientUri: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().max(2048).optional()),
    keyAlgorithm: z.enum(KEY_ALGORITHMS).default(DEFAULT_KEY_ALGORITHM),
    validity: Validity.optional(),
    fromRoot: FromRoot,
    operationId: OperationId.optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.dnsNames.length === 0 && input.ipAddresses.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['dnsNames'], message: say('validation:service.needsAddress') });
    }
  });

/** The most certificates one bulk issue makes (stored 1,000 at a time, with progress, cancellable: operation.cancel). */
export const MAX_BULK = 100_000;

/** Many certificates of one profile, one per service name (e.g. a client certificate per service). */
export const IssueBulk = z
  .object({
    authorityId: RecordId,
    profile: z.enum(PROFILES),
    serviceNames: z.array(ServiceName).min(1, refuse('validation:bulk.needsName')).max(MAX_BULK, refuse('validation:bulk.max')),
    keyAlgorithm: z.enum(KEY_ALGORITHMS).default(DEFAULT_KEY_ALGORITHM),
    validity: Validity.optional(),
    fromRoot: FromRoot,
    operationId: OperationId.optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.serviceNames.forEach((name, index) => {
      if (seen.has(name)) ctx.addIssue({ code: 'custom', path: ['serviceNames', index], message: `${name} is listed twice` });
      seen.add(name);
      // Server and peer certificates carry the name as their DNS SAN, so it must be one.
      if (input.profile !== 'client') {
        const check = checkDnsName(name);
        if (!check.ok) ctx.addIssue({ code: 'custom', path: ['serviceNames', index], message: `${name}: ${check.message}` });
      }
    });
  });

// ---- Renewal, settings, lists ----------------------------------------------------------------------

export const RenewRequest = z
  .object({
    /** The certificates to renew; or, with expiringWithinDays, every valid one expiring that soon. */
    ids: z.array(RecordId).max(10_000, refuse('validation:renew.max')).default([]),
    expiringWithinDays: z.number().int().min(1, refuse('validation:renew.minDays')).max(3650).nullable().default(null),
    /** false: renew (same key, new validity); true: rekey (a new key pair). */
    rekey: z.boolean().default(false),
    /** Absent: the issuing authority's default validity. */
    validity: z.lazy(() => Validity).optional(),
    /** Revoke the replaced certificate as superseded this many days after the renewal; null: never. */
    revokeOldAfterDays: z
      .number()
      .int()
      .min(0, refuse('validation:renew.overlapNegative'))
      .max(MAX_REVOKE_OLD_AFTER_DAYS, refuse('validation:renew.overlapMax', { max: MAX_REVOKE_OLD_AFTER_DAYS }))
      .nullable()
      .default(null),
    operationId: OperationId.optional(),
  })
  .strict()
  .refine((r) => r.ids.length > 0 || r.expiringWithinDays !== null, { ...refuse('validation:renew.chooseSome'), path: ['ids'] })
  .refine((r) => r.ids.length === 0 || r.expiringWithinDays === null, { ...refuse('validation:renew.notBoth'), path: ['expiringWithinDays'] });

export const ExpirySettingsInput = z
  .object({
    warningDays: z.number().int(refuse('validation:days.whole')).min(1, refuse('validation:days.atLeastOne')).max(365, refuse('validation:days.atMost365')).default(DEFAULT_EXPIRY_SETTINGS.warningDays),
    urgentDays: z.number().int(refuse('validation:days.whole')).min(1, refuse('validation:days.atLeastOne')).max(365, refuse('validation:days.atMost365')).default(DEFAULT_EXPIRY_SETTINGS.urgentDays),
    notifications: z.boolean().default(DEFAULT_EXPIRY_SETTINGS.notifications),
  })
  .strict()
  .refine((e) => e.urgentDays <= e.warningDays, { ...refuse('validation:settings.urgentAfterWarning'), path: ['urgentDays'] });

export const SecuritySettingsInput = z
  .object({
    /** null: never lock on idle. */
    autoLockMinutes: z
      .number()
      .int(refuse('validation:minutes.whole'))
      .min(AUTO_LOCK_MINUTES.min, refuse('validation:minutes.atLeast', { min: AUTO_LOCK_MINUTES.min }))
      .max(AUTO_LOCK_MINUTES.max, refuse('validation:minutes.atMostDay', { max: AUTO_LOCK_MINUTES.max }))
      .nullable()
      .default(DEFAULT_SECURITY_SETTINGS.autoLockMinutes),
    backupReminderDays: z
      .number()
      .int(refuse('validation:days.whole'))
      .min(BACKUP_REMINDER_DAYS.min, refuse('validation:days.atLeast', { min: BACKUP_REMINDER_DAYS.min }))
      .max(BACKUP_REMINDER_DAYS.max, refuse('validation:days.atMostBackup', { max: BACKUP_REMINDER_DAYS.max }))
      .default(DEFAULT_SECURITY_SETTINGS.backupReminderDays),
  })
  .strict();

/** Which audit entries to show or export. */
export const AuditFilter = z
  .object({
    authorityId: RecordId.optional(),
    kinds: z.array(z.enum(AUDIT_KINDS)).max(AUDIT_KINDS.length).default([]),
    /** ISO dates (inclusive); either may be left out. */
    from: z.iso.datetime({ offset: true, ...refuse('validation:date.start') }).optional(),
    to: z.iso.datetime({ offset: true, ...refuse('validation:date.end') }).optional(),
  })
  .strict();

/** Which certificates a list shows and in what order (the Certificates view; main filters and sorts). */
const certificateListShape = {
  query: z.string().max(QUERY_MAX_LENGTH, refuse('validation:audit.filterTooLong', { max: QUERY_MAX_LENGTH })).default(''),
  status: z.enum(STATUS_FILTERS).default('all'),
  showRetired: z.boolean().default(false),
  /** The filter handed over by another view (a chip). */
  filter: z
    .object({ expiringWithinDays: z.number().int().min(0).max(36_500).optional(), status: z.enum(CERTIFICATE_STATUSES).optional(), authorityId: RecordId.optional() })
    .strict()
    .nullable()
    .default(null),
  /** Listed even when retired (the certificate open in the detail pane). */
  pinnedId: RecordId.nullable().default(null),
  /** Only those whose private key the vault holds. */
  withKey: z.boolean().default(false),
  sort: z.object({ key: z.enum(SORT_KEYS), direction: z.enum(SORT_DIRECTIONS) }).strict().default(DEFAULT_SORT),
};
export const CertificateListQuery = z.object(certificateListShape).strict();

/** A window of the list: `limit` rows from `offset`, with the counts. */
export const CertificateWindowRequest = z
  .object({
    ...certificateListShape,
    offset: z.number().int().min(0).max(10_000_000).default(0),
    limit: z.number().int().min(0).max(WINDOW_MAX_ROWS, refuse('validation:list.maxRows', { max: WINDOW_MAX_ROWS })).default(200),
  })
  .strict();

/** Every matching certificate a tick can hold (for "select all" and bulk actions); of `among` only, when given. */
export const CertificateSelectRequest = z
  .object({ ...certificateListShape, among: z.array(RecordId).max(SELECTION_MAX_IDS).nullable().default(null) })
  .strict();

/** Summaries of the certificates a wizard works on: by id, or every one a renewal of "expiring within" would take. */
export const CertificateSummariesRequest = z
  .object({
    ids: z.array(RecordId).max(10_000, refuse('validation:renew.max')).default([]),
    expiringWithinDays: z.number().int().min(1).max(3650).nullable().default(null),
  })
  .strict();

export const CertificateListExport = z
  .object({
    format: z.enum(['csv', 'json']),
    /** Only these (what the list shows after filtering); empty: all. */
    ids: z.array(RecordId).max(100_000).default([]),
    /** The list as the Certificates view shows it (filters and order), chosen in main; overrides `ids`. */
    shown: CertificateListQuery.nullable().default(null),
  })
  .strict();

export const ExportRequest = z
  .object({
    id: RecordId,
    format: z.enum(EXPORT_FORMATS),
    target: z.enum(PKCS12_TARGETS).default('modern'),
    /** Encrypts the key / protects the PKCS#12. Used once, never stored. */
    password: z.string().max(1024, refuse('validation:password.max')).nullable().default(null),
    includeKey: z.boolean().default(true),
  })
  .strict();

/** "Export all" after a bulk issue or a renewal: one zip, a folder per certificate, keys only encrypted with the password given. */
export const ExportAllRequest = z
  .object({
    ids: z.array(RecordId).min(1, refuse('validation:export.needsOne')).max(MAX_EXPORT_ALL, refuse('validation:export.max', { max: MAX_EXPORT_ALL.toLocaleString('en-US') })),
    /** False: certificates and chains only. */
    includeKeys: z.boolean().default(true),
    keyFormat: z.enum(EXPORT_ALL_KEY_FORMATS).default('pem'),
    target: z.enum(PKCS12_TARGETS).default('modern'),
    /** Encrypts every key (never stored); required with the keys: a zip never carries a key in clear. */
    password: z.string().max(1024, refuse('validation:password.max')).nullable().default(null),
    operationId: OperationId.optional(),
  })
  .strict()
  .refine((r) => !r.includeKeys || (r.password !== null && r.password.length > 0), { ...refuse('validation:export.needsPassword'), path: ['password'] });

export const ProveRequest = z
  .object({
    id: RecordId,
    /** The side `id` plays; default: server for server certificates, client for client and peer ones. */
    as: z.enum(PROOF_ROLES).optional(),
    /** The real server to prove a client against; without it a throwaway server from the same CA stands in. */
    serverId: RecordId.optional(),
  })
  .strict()
  .refine((r) => !(r.serverId && r.as === 'server'), { ...refuse('validation:handshake.noServerForServer'), path: ['serverId'] });

/** Revoke one or more certificates (several selected in the Certificates view) for one reason. */
export const RevokeRequest = z
  .object({
    ids: z.array(RecordId).min(1, refuse('validation:revoke.needsOne')).max(10_000, refuse('validation:revoke.max')),
    reason: z.enum(REVOCATION_REASONS),
    /** When the key is known or suspected to have become unusable (keyCompromise mostly); not in the future. */
    invalidityDate: z.iso.datetime({ offset: true, ...refuse('validation:date.invalidity') }).nullable().default(null),
    operationId: OperationId.optional(),
  })
  .strict();

export const CrlExportRequest = z.object({ id: RecordId, format: z.enum(['pem', 'der']).default('pem') }).strict();

export const SignCsr = z
  .object({
    csr: ObjectText,
    authorityId: RecordId,
    profile: z.enum(PROFILES),
    /** The subject and SANs to certify, as reviewed (and perhaps edited) by the user. */
    subject: SubjectInput,
    sans: SanList.default([]),
    validity: Validity.optional(),
    fromRoot: FromRoot,
  })
  .strict()
  .superRefine(requireServerSan);

// ---- Bring your own PKI (an existing CA in, an outside sub-CA signed, Istio's plug-in CA out) ----

/** An existing CA with its private key, from the front door: a PKCS#12, or PEM certificate + key (+ chain). */
export const ImportAuthority = z.object({ ...InspectContent }).strict();

/** An outside request asking to be a CA, signed as a sub-CA with what is chosen here, never what it asks. */
export const SignSubCa = z
  .object({
    csr: ObjectText,
    authorityId: RecordId,
    pathLength: PathLength.default(0),
    nameConstraints: NameConstraintsInput.nullable().default(null),
    /** Omitted: the default, which ends well before the issuer does (shared/domain/sub-ca.ts). */
    validityDays: z
      .number()
      .int(refuse('validation:validity.whole'))
      .min(1, refuse('validation:validity.atLeastOneDay'))
      .max(INTERMEDIATE_VALIDITY_DAYS.max, refuse('validation:validity.max', { max: INTERMEDIATE_VALIDITY_DAYS.max }))
      .optional(),
    /** The requested CA's common name, typed by the user: a CA is signed deliberately. */
    confirmCommonName: z.string().max(1024, refuse('validation:subCa.confirmTooLong')),
  })
  .strict();

/**
 * Declares a channel: the schema of its input (validated in main), the type of its output and the
 * schema of that output (checked by the router in development and test builds). It compiles only
 * when the output schema describes exactly the output type (see `schemaFor` in outputs.ts).
 */
function channel<O>() {
  return <I extends z.ZodType, S extends z.ZodType>(input: I, output: S & Matching<S, O>) => ({ input, output: output as S, outputType: undefined as unknown as O });
}

export const contract = {
  'vault.status': channel<VaultStatus>()(Empty, out.VaultStatus),
  'vault.create': channel<VaultStatus>()(z.object({ passphrase: Passphrase }).strict(), out.VaultStatus),
  'vault.unlock': channel<VaultStatus>()(z.object({ passphrase: PassphraseAttempt }).strict(), out.VaultStatus),
  'vault.lock': channel<VaultStatus>()(Empty, out.VaultStatus),
  'vault.changePassphrase': channel<VaultStatus>()(z.object({ current: PassphraseAttempt, next: Passphrase }).strict(), out.VaultStatus),
  'vault.backup': channel<BackupResult>()(Empty, out.BackupResult),
  'vault.restore': channel<VaultStatus | null>()(z.object({ passphrase: PassphraseAttempt }).strict(), out.VaultStatus.nullable()),
  /** Restores a backup into an empty folder the user picks (to move a vault, or to prove a backup restores); the open vault is untouched. */
  'vault.restoreTo': channel<RestoredElsewhere>()(z.object({ passphrase: PassphraseAttempt }).strict(), out.RestoredElsewhere),
  /** The user is at the window (keys, clicks): postpones the idle lock. Sent at most every few seconds. */
  'vault.activity': channel<null>()(Empty, out.Nothing),
  /** Asks a long operation started with this operationId to stop where it safely can (a bulk issue: between batches). */
  'operation.cancel': channel<CancelResult>()(z.object({ operationId: OperationId }).strict(), out.CancelResult),
  'authority.list': channel<AuthoritySummary[]>()(Empty, z.array(out.AuthoritySummary)),
  'authority.get': channel<AuthorityDetail>()(z.object({ id: RecordId }).strict(), out.AuthorityDetail),
  'authority.createRoot': channel<AuthoritySummary>()(NewRootAuthority.strict(), out.AuthoritySummary),
  'authority.createIntermediate': channel<CreatedIntermediate>()(NewIntermediate, out.CreatedIntermediate),
  'authority.createPending': channel<PendingIntermediate>()(NewPendingIntermediate, out.PendingIntermediate),
  'authority.activate': channel<AuthoritySummary>()(z.object({ id: RecordId, certificatePem: ObjectText }).strict(), out.AuthoritySummary),
  'authority.updateSettings': channel<AuthoritySummary>()(z.object({ id: RecordId, settings: AuthoritySettingsInput }).strict(), out.AuthoritySummary),
  'certificate.list': channel<CertificateSummary[]>()(Empty, z.array(out.CertificateSummary)),
  'certificate.get': channel<CertificateDetail>()(z.object({ id: RecordId }).strict(), out.CertificateDetail),
  'certificate.issue': channel<IssuedCertificate>()(IssueCertificate, out.IssuedCertificate),
  'certificate.issuePair': channel<IssuedPair>()(IssuePair, out.IssuedPair),
  'certificate.issueBulk': channel<IssuedBulk>()(IssueBulk, out.IssuedBulk),
  'certificate.export': channel<ExportResult>()(ExportRequest, out.ExportResult),
  /** Many certificates in one zip where the user picks (a save dialog); cancellable with operation.cancel. */
  'certificate.exportAll': channel<ExportAllResult>()(ExportAllRequest, out.ExportAllResult),
  /** A pending intermediate's CSR, PEM, written where the user picks (a save dialog). */
  'authority.saveCsr': channel<ExportResult>()(z.object({ id: RecordId }).strict(), out.ExportResult),
  'certificate.snippets': channel<SnippetView[]>()(z.object({ id: RecordId }).strict(), z.array(out.SnippetView)),
  'certificate.prove': channel<ProofResult>()(ProveRequest, out.ProofResult),
  'certificate.revoke': channel<{ revoked: CertificateSummary[]; crls: CrlSummary[] }>()(RevokeRequest, out.RevokedCertificates),
  'certificate.release': channel<{ certificate: CertificateSummary; crl: CrlSummary }>()(z.object({ id: RecordId }).strict(), out.ReleasedCertificate),
  'authority.crl': channel<CrlDetail | null>()(z.object({ id: RecordId }).strict(), out.CrlDetail.nullable()),
  'authority.crlEntries': channel<CrlEntryPage>()(
    z.object({ id: RecordId, query: z.string().max(200).default(''), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(50) }).strict(),
    out.CrlEntryPage,
  ),
  'authority.publishCrl': channel<CrlDetail>()(z.object({ id: RecordId }).strict(), out.CrlDetail),
  'authority.exportCrl': channel<ExportResult>()(CrlExportRequest, out.ExportResult),
  'authority.revoke': channel<{ authority: AuthoritySummary; crl: CrlSummary }>()(
    z.object({ id: RecordId, reason: z.enum(REVOCATION_REASONS), invalidityDate: RevokeRequest.shape.invalidityDate, operationId: OperationId.optional() }).strict(),
    out.RevokedAuthority,
  ),
  'authority.revocationImpact': channel<RevocationImpact>()(z.object({ id: RecordId }).strict(), out.RevocationImpact),
  'authority.ocspStart': channel<OcspStatus>()(
    z
      .object({
        id: RecordId,
        port: z.number().int().min(1024, refuse('validation:port.unprivileged')).max(65535, refuse('validation:port.unprivileged')).optional(),
        /** Sign with a delegated OCSP-signing certificate (held in memory, one day) instead of the CA key. */
        delegated: z.boolean().default(false),
      })
      .strict(),
    out.OcspStatus,
  ),
  'authority.ocspStop': channel<OcspStatus>()(z.object({ id: RecordId }).strict(), out.OcspStatus),
  'authority.ocspStatus': channel<OcspStatus>()(z.object({ id: RecordId }).strict(), out.OcspStatus),
  /** Writes the CA's latest CRL (DER and PEM) and its certificate (DER and PEM) into a folder the user picks. */
  'authority.publishToFolder': channel<FolderPublication>()(z.object({ id: RecordId }).strict(), out.FolderPublication),
  /** Serves the CA's CRL, certificate and OCSP over HTTP on bind:port (127.0.0.1 by default). */
  'authority.publicationStart': channel<PublicationStatus>()(
    z
      .object({
        id: RecordId,
        bind: ipAddress('validation:address.what.plain').default('127.0.0.1'),
        port: z.number().int().min(1024, refuse('validation:port.unprivileged')).max(65535, refuse('validation:port.unprivileged')).default(PUBLICATION_DEFAULT_PORT),
      })
      .strict(),
    out.PublicationStatus,
  ),
  'authority.publicationStop': channel<PublicationStatus>()(z.object({ id: RecordId }).strict(), out.PublicationStatus),
  'authority.publicationStatus': channel<PublicationStatus>()(z.object({ id: RecordId }).strict(), out.PublicationStatus),
  /** Fetches each URL configured on the CA and says what clients see there. */
  'authority.checkReachability': channel<ReachabilityReport>()(z.object({ id: RecordId }).strict(), out.ReachabilityReport),
  'crl.inspect': channel<CrlInspection>()(
    z.object({ crl: z.string().min(1, refuse('validation:input.crlFirst')).max(CRL_INSPECT_MAX_BYTES * 1.4, refuse('validation:input.over10MiB')) }).strict(),
    out.CrlInspection,
  ),
  'csr.inspect': channel<CsrSummary>()(z.object({ csr: ObjectText }).strict(), out.CsrSummary),
  'csr.sign': channel<IssuedCertificate>()(SignCsr, out.IssuedCertificate),
  /** An outside sub-CA request signed (issue 17): recorded as a certificate of the issuer, profile 'ca'. */
  'csr.signCa': channel<IssuedCertificate>()(SignSubCa, out.IssuedCertificate),
  /** An existing CA and its key imported from the front door (reuses inspect.addToVault's reading). */
  'authority.import': channel<AddedToVault>()(ImportAuthority, out.AddedToVault),
  /** An intermediate's files for Istio's plug-in CA, written to a new folder the user picks. */
  'authority.exportIstio': channel<ExportResult>()(z.object({ id: RecordId }).strict(), out.ExportResult),
  /**
   * A new intermediate under a vault root, handed to step-ca: step-ca's layout (certs/, secrets/,
   * config/ca.json with a JWK provisioner) in a folder or zip, keys encrypted with the password.
   */
  'authority.exportStepCa': channel<StepCaExport>()(StepCaExportRequest, out.StepCaExport),
  'inspect.input': channel<InspectionReport>()(InspectInput, out.InspectionReport),
  'inspect.endpoint': channel<EndpointReport>()(InspectEndpoint, out.EndpointReport),
  'inspect.addToVault': channel<AddedToVault>()(AddToVault, out.AddedToVault),
  'inspect.asn1': channel<AsnTree | null>()(InspectObject, out.AsnTree.nullable()),
  'dashboard.get': channel<DashboardData>()(Empty, out.DashboardData),
  'certificate.renew': channel<RenewResult>()(RenewRequest, out.RenewResult),
  'certificate.exportList': channel<ExportResult>()(CertificateListExport, out.ExportResult),
  /** A window of the Certificates list, filtered, sorted and counted in main. */
  'certificate.query': channel<CertificateWindow>()(CertificateWindowRequest, out.CertificateWindow),
  'certificate.select': channel<CertificateSelection>()(CertificateSelectRequest, out.CertificateSelection),
  'certificate.summaries': channel<CertificateSummary[]>()(CertificateSummariesRequest, z.array(out.CertificateSummary)),
  /** The window's preferences (main keeps them outside the vault): answered while the vault is locked. */
  'preferences.get': channel<WindowPreferences>()(Empty, out.WindowPreferences),
  /** The user's language choice; main's menus, dialogs and notifications follow it at once. */
  'preferences.setLanguage': channel<WindowPreferences>()(z.object({ language: z.enum(LANGUAGE_CHOICES) }).strict(), out.WindowPreferences),
  'preferences.setLastView': channel<WindowPreferences>()(z.object({ view: z.enum(VIEWS) }).strict(), out.WindowPreferences),
  'settings.get': channel<AppSettings>()(Empty, out.AppSettings),
  'settings.updateExpiry': channel<AppSettings>()(ExpirySettingsInput, out.AppSettings),
  'settings.updateSecurity': channel<AppSettings>()(SecuritySettingsInput, out.AppSettings),
  'audit.list': channel<AuditPage>()(
    z.object({ filter: AuditFilter.default({ kinds: [] }), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    out.AuditPage,
  ),
  'audit.verify': channel<AuditCheck>()(Empty, out.AuditCheck),
  'audit.export': channel<ExportResult>()(z.object({ format: z.enum(['csv', 'json']), filter: AuditFilter.default({ kinds: [] }) }).strict(), out.ExportResult),
  'jwt.issuers': channel<TokenIssuerSummary[]>()(Empty, z.array(out.TokenIssuerSummary)),
  'jwt.createIssuer': channel<TokenIssuerSummary>()(NewTokenIssuer, out.TokenIssuerSummary),
  'jwt.rotateKey': channel<TokenIssuerSummary>()(z.object({ id: RecordId }).strict(), out.TokenIssuerSummary),
  'jwt.publicKeys': channel<TokenIssuerPublicKeys>()(z.object({ id: RecordId }).strict(), out.TokenIssuerPublicKeys),
  'jwt.exportKeys': channel<ExportResult>()(z.object({ id: RecordId, format: z.enum(['jwks', 'pem']) }).strict(), out.ExportResult),
  'jwt.mint': channel<MintedToken>()(MintRequest, out.MintedToken),
  'jwt.verify': channel<TokenDiagnosis>()(VerifyTokenRequest, out.TokenDiagnosis),
  'jwt.endpointStart': channel<TokenEndpointStatus>()(
    z.object({ id: RecordId, authorityId: RecordId, port: z.number().int().min(1024, refuse('validation:port.unprivileged')).max(65535, refuse('validation:port.unprivileged')).optional() }).strict(),
    out.TokenEndpointStatus,
  ),
  'jwt.endpointStop': channel<TokenEndpointStatus>()(z.object({ id: RecordId }).strict(), out.TokenEndpointStatus),
  'jwt.snippets': channel<SnippetView[]>()(z.object({ id: RecordId, service: ServiceName }).strict(), z.array(out.SnippetView)),
  'policy.get': channel<PolicyView>()(Empty, out.PolicyView),
  'policy.save': channel<PolicyView>()(z.object({ text: z.string().max(POLICY_MAX_BYTES * 2, refuse('validation:policy.tooLarge')) }).strict(), out.PolicyView),
  'policy.import': channel<PolicyView | null>()(Empty, out.PolicyView.nullable()),
  'policy.export': channel<ExportResult>()(Empty, out.ExportResult),
  'policy.check': channel<PolicyDecision>()(z.object({ caller: ServiceName, action: z.string().min(1).max(200) }).strict(), out.PolicyDecision),
  'services.list': channel<ServiceRow[]>()(Empty, z.array(out.ServiceRow)),
  'acme.start': channel<AcmeServerStatus>()(AcmeStartRequest, out.AcmeServerStatus),
  'acme.stop': channel<AcmeServerStatus>()(z.object({ authorityId: RecordId }).strict(), out.AcmeServerStatus),
  'acme.panel': channel<AcmePanel>()(z.object({ authorityId: RecordId }).strict(), out.AcmePanel),
  /** Watched endpoints with their last result, in the order added. */
  'watch.list': channel<EndpointStatus[]>()(Empty, z.array(out.EndpointStatus)),
  'watch.add': channel<EndpointStatus>()(WatchAdd, out.EndpointStatus),
  'watch.update': channel<EndpointStatus>()(WatchUpdate, out.EndpointStatus),
  'watch.remove': channel<{ removed: number }>()(z.object({ ids: z.array(RecordId).min(1).max(WATCH_MAX_ENDPOINTS) }).strict(), z.strictObject({ removed: z.int().min(0) })),
  'watch.import': channel<WatchImportResult>()(WatchImport, out.WatchImportResult),
  /** Probe now (all, or `ids`), with progress; cancellable with operation.cancel. */
  'watch.run': channel<WatchRunResult>()(WatchRun, out.WatchRunResult),
  /** One endpoint's results and the changes of what it served. */
  'watch.history': channel<EndpointHistory>()(z.object({ id: RecordId }).strict(), out.EndpointHistory),
  'remote.list': channel<RemoteSummary[]>()(Empty, z.array(out.RemoteSummary)),
  /** Pins the root on first contact, checks the provisioner's password, records the server's issuing CA as a remote authority. */
  'remote.connect': channel<RemoteSummary>()(RemoteConnect, out.RemoteSummary),
  /** Asks every URL for its health, version and provisioners now. */
  'remote.check': channel<RemoteSummary>()(z.object({ id: RecordId }).strict(), out.RemoteSummary),
  'settings.updateWatch': channel<AppSettings>()(WatchSettingsInput, out.AppSettings),
  /** The metrics listener (settings.updateWatch's metricsServe starts and stops it). */
  'metrics.status': channel<MetricsServerStatus>()(Empty, out.MetricsServerStatus),
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const CHANNELS: readonly Channel[] = CHANNEL_NAMES;

/** Compile-time proof that `channels.ts` lists exactly the contract's channels and events. */
type SameKeys<A extends PropertyKey, B extends PropertyKey> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const CHANNEL_LIST_MATCHES_CONTRACT: SameKeys<Channel, ChannelName> = true;

/** What the renderer sends (defaults may be omitted). */
export type Input<C extends Channel> = z.input<Contract[C]['input']>;
/** What a handler receives, after validation and defaults. */
export type ValidInput<C extends Channel> = z.output<Contract[C]['input']>;
/** What a handler returns and the renderer receives; `Contract[C]['output']` is its schema. */
export type Output<C extends Channel> = Contract[C]['outputType'];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

// ---- Events: main → renderer -------------------------------------------------------------

export const OperationProgress = z
  .object({
    operationId: OperationId,
    /** Short, human words: "Generating RSA 4096 key", as a catalog message. */
    step: out.Msg,
    /** Steps completed so far and their total: a determinate bar. */
    done: z.number().int().min(0),
    total: z.number().int().min(1),
  })
  .strict();

export const VaultLocked = z.object({ reason: z.enum(LOCK_REASONS) }).strict();

/**
 * A main action the user asked for from the application menu or its shortcut. `text`: for
 * inspect-clipboard, the clipboard's text, read by main at that moment (the page itself is never
 * granted clipboard reads); one character over the inspect limit at most, so the window still says
 * it is too large.
 */
export const AppCommandEvent = z.object({ command: z.enum(APP_COMMANDS), text: z.string().max(INSPECT_MAX_BYTES + 1).optional() }).strict();

export const events = {
  'operation.progress': OperationProgress,
  /** The vault locked itself (idle, suspend, screen lock, last window closed): show the unlock screen. */
  'vault.locked': VaultLocked,
  /** The menu (or its shortcut, caught by main) asks the window for one of its main actions. */
  'app.command': AppCommandEvent,
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
export const EVENT_LIST_MATCHES_CONTRACT: SameKeys<EventName, EventNameFromList> = true;
export { EVENT_NAMES };
export { isEventName } from './channels.js';

// ---- The renderer's view: window.certwright -------------------------------------------------

export type CertwrightApi = {
  readonly [C in Channel]: (input: Input<C>) => Promise<Result<Output<C>>>;
} & {
  /** Subscribe to an event; returns the function that unsubscribes. */
  readonly on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void;
};
