/**
 * The schemas of everything main sends the window: one per domain type that crosses IPC, checked by
 * the router in development and test builds (see `checkOutputs` in electron/main/ipc/router.ts).
 *
 * The TypeScript interfaces in shared/domain/ stay what code is written against (with their doc
 * comments); each schema here is declared with {@link schemaFor}, which compiles only when the
 * schema's output type and the interface describe exactly the same data (same keys, same optional
 * keys, same value types, readonly aside). So a field added to an interface and not here — or here
 * and not there — is a compile error, not a run-time surprise. Objects are strict: a stray key fails.
 */
import { z } from 'zod';
import type * as audit from '../domain/audit.js';
import { AUDIT_KINDS } from '../domain/audit.js';
import type * as auditView from '../domain/audit-view.js';
import type * as authority from '../domain/authority.js';
import type * as certificate from '../domain/certificate.js';
import type * as certificateQuery from '../domain/certificate-query.js';
import { CERTIFICATE_KINDS, PROFILES } from '../domain/certificate.js';
import type * as expiry from '../domain/expiry.js';
import { EXPIRY_WINDOWS } from '../domain/expiry.js';
import type * as exporting from '../domain/export.js';
import type * as inspect from '../domain/inspect.js';
import type * as operation from '../domain/operation.js';
import { ENDPOINT_REACH, FINDING_IDS } from '../domain/inspect.js';
import { KEY_ALGORITHMS } from '../domain/keys.js';
import type * as revocation from '../domain/revocation.js';
import { REVOCATION_REASONS } from '../domain/revocation.js';
import type * as vault from '../domain/vault.js';
import type * as identity from '../domain/service-identity.js';
import type * as acme from '../domain/acme.js';
import type * as publication from '../domain/publication.js';
import type * as preferences from '../domain/preferences.js';
import type * as watch from '../domain/watch.js';
import type * as remote from '../domain/remote.js';
import { WATCH_FINDINGS } from '../domain/watch.js';
import { VIEWS } from '../domain/preferences.js';
import { LANGUAGE_CHOICES, LANGUAGES } from '../i18n/languages.js';
import type * as message from '../i18n/message.js';
import { TOKEN_ALGORITHMS, TOKEN_CHECKS } from '../domain/service-identity.js';
import { CERTIFICATE_STATUSES } from '../domain/certificate-query.js';
import { LOCK_REASONS } from '../domain/vault.js';
import { SAN_TYPES, type SanEntry as SanEntryType } from '../validation/san.js';
import type { SubjectFields as SubjectFieldsType } from '../validation/subject.js';
import { ERROR_CODES, type IpcError as IpcErrorType } from '../errors.js';

// ---- Schema and type as one ------------------------------------------------------------------

/** T with every `readonly` removed, all the way down: readonly is a promise about code, not data. */
export type Plain<T> = T extends readonly (infer U)[] ? Plain<U>[] : T extends object ? { -readonly [K in keyof T]: Plain<T[K]> } : T;

/** true when X and Y are the same type (not merely assignable): an optional key missing on one side counts. */
type Same<X, Y> = (<V>() => V extends X ? 1 : 2) extends <V>() => V extends Y ? 1 : 2 ? true : false;

/** true when the data a schema accepts is exactly the data type T describes (readonly aside). */
export type Agree<S extends z.ZodType, T> = Same<Plain<z.output<S>>, Plain<T>>;

/** Refuses to compile where schema S and type T disagree; names T in the message. */
export type Matching<S extends z.ZodType, T> = Agree<S, T> extends true ? unknown : { readonly 'this schema does not describe': T };

/** Declares the schema of type T: `schemaFor<CertificateSummary>()(z.strictObject({ … }))`. */
export function schemaFor<T>() {
  return <S extends z.ZodType>(schema: S & Matching<S, T>): S => schema;
}

// ---- Building blocks ---------------------------------------------------------------------------

const text = z.string();
const count = z.int().min(0);
/** A vault record id: 32 lower-case hex digits. */
const recordId = z.string().regex(/^[0-9a-f]{32}$/);
/** An ISO 8601 UTC instant as `Date#toISOString` writes it. */
const instant = z.iso.datetime();
/** A pending authority has no certificate yet, so no dates: empty then. */
const instantOrEmpty = z.union([instant, z.literal('')]);

/** A text as data (shared/i18n/message.ts): a catalog key and its parameters; each front end words it. */
export const Msg = schemaFor<message.Msg>()(z.strictObject({ key: z.string().regex(/^[A-Za-z][A-Za-z0-9]*:[\w.]+$/), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() }));

export const SubjectFields = schemaFor<SubjectFieldsType>()(
  z.strictObject({
    commonName: text,
    organization: text.optional(),
    organizationalUnit: text.optional(),
    country: text.optional(),
    state: text.optional(),
    locality: text.optional(),
  }),
);

export const SanEntry = schemaFor<SanEntryType>()(z.strictObject({ type: z.enum(SAN_TYPES), value: text }));

export const RevocationInfo = schemaFor<revocation.RevocationInfo>()(
  z.strictObject({ reason: z.enum(REVOCATION_REASONS), revokedAt: instant, invalidityDate: instant.nullable() }),
);

// Msg is declared further down: lazy, so this module still loads top to bottom.
export const ExtensionView = schemaFor<certificate.ExtensionView>()(z.strictObject({ oid: text, name: z.lazy(() => Msg), critical: z.boolean(), values: z.array(z.lazy(() => Msg)) }));

const LINK_STATUSES = ['ok', 'expired', 'not-yet-valid', 'bad-signature', 'not-a-ca', 'issuer-missing', 'revoked', 'constraint-violated', 'untrusted'] as const;

const chainLinkShape = {
  role: z.enum(['leaf', 'intermediate', 'root']),
  commonName: text,
  subjectDn: text,
  serialNumberHex: text,
  notAfter: instant,
  status: z.enum(LINK_STATUSES),
  // Msg is declared further down: lazy, so this module still loads top to bottom.
  note: z.lazy(() => Msg),
  authorityId: recordId.nullable(),
};
export const ChainLink = schemaFor<certificate.ChainLink>()(z.strictObject(chainLinkShape));

export const KeyDescription = schemaFor<certificate.KeyDescription>()(z.strictObject({ algorithm: z.enum(KEY_ALGORITHMS).nullable(), label: text }));

// ---- Authorities ---------------------------------------------------------------------------------

export const AuthoritySettings = schemaFor<authority.AuthoritySettings>()(
  z.strictObject({ defaultValidityDays: count, crlUrl: text.nullable(), ocspUrl: text.nullable(), caIssuersUrl: text.nullable(), crlNextUpdateDays: count }),
);

export const NameConstraints = schemaFor<authority.NameConstraints>()(
  z.strictObject({ permittedDns: z.array(text), excludedDns: z.array(text), permittedIp: z.array(text), excludedIp: z.array(text) }),
);

const authoritySummaryShape = {
  id: recordId,
  kind: z.enum(['root', 'intermediate']),
  state: z.enum(['active', 'pending']),
  parentId: recordId.nullable(),
  subject: SubjectFields,
  subjectDn: text,
  keyAlgorithm: z.enum(KEY_ALGORITHMS),
  serialNumberHex: text,
  notBefore: instantOrEmpty,
  notAfter: instantOrEmpty,
  sha256Fingerprint: text,
  pathLength: count.nullable(),
  nameConstraints: NameConstraints.nullable(),
  settings: AuthoritySettings,
  counts: z.strictObject({ issued: count, revoked: count, expiring: count }),
  revocation: RevocationInfo.nullable(),
  remoteId: recordId.nullable(),
  createdAt: instant,
};
export const AuthoritySummary = schemaFor<authority.AuthoritySummary>()(z.strictObject(authoritySummaryShape));

export const AuthorityDetail = schemaFor<authority.AuthorityDetail>()(
  z.strictObject({
    ...authoritySummaryShape,
    signatureAlgorithm: text,
    subjectKeyIdentifier: text,
    spkiSha256: text,
    certificatePem: text,
    extensions: z.array(ExtensionView),
    chain: z.array(ChainLink),
    csrPem: text.nullable(),
    csrSha256: text.nullable(),
  }),
);

export const CreatedIntermediate = schemaFor<authority.CreatedIntermediate>()(z.strictObject({ authority: AuthoritySummary, clampedTo: instant.nullable() }));
export const PendingIntermediate = schemaFor<authority.PendingIntermediate>()(z.strictObject({ authority: AuthoritySummary, csrPem: text, csrSha256: text }));
export const RevocationImpact = schemaFor<authority.RevocationImpact>()(z.strictObject({ certificates: count, authorities: count }));

// ---- Certificates ------------------------------------------------------------------------------------

const certificateSummaryShape = {
  id: recordId,
  authorityId: recordId,
  issuerCommonName: text,
  profile: z.enum(CERTIFICATE_KINDS),
  subject: SubjectFields,
  subjectDn: text,
  sans: z.array(SanEntry),
  serialNumberHex: text,
  notBefore: instant,
  notAfter: instant,
  status: z.enum(['valid', 'expired', 'not-yet-valid', 'revoked']),
  revocation: RevocationInfo.nullable(),
  key: KeyDescription,
  hasPrivateKey: z.boolean(),
  sha256Fingerprint: text,
  createdAt: instant,
  effectiveNotAfter: instant,
  replacesId: recordId.nullable(),
  replacedById: recordId.nullable(),
  scheduledRevocation: instant.nullable(),
  acmeAccountId: recordId.nullable(),
};
export const CertificateSummary = schemaFor<certificate.CertificateSummary>()(z.strictObject(certificateSummaryShape));

const statusCounts = z.strictObject({ valid: count, expired: count, 'not-yet-valid': count, revoked: count });
export const CertificateWindow = schemaFor<certificateQuery.CertificateWindow>()(
  z.strictObject({
    rows: z.array(CertificateSummary),
    offset: count,
    matching: count,
    total: count,
    retired: count,
    revocable: count,
    pinnedIndex: count.nullable(),
    facets: z.strictObject({ status: statusCounts, profile: z.strictObject({ server: count, client: count, peer: count, ca: count }) }),
    revision: count,
  }),
);
export const CertificateSelection = schemaFor<certificateQuery.CertificateSelection>()(z.strictObject({ ids: z.array(recordId), renewable: z.array(recordId) }));

export const CertificateDetail = schemaFor<certificate.CertificateDetail>()(
  z.strictObject({
    ...certificateSummaryShape,
    signatureAlgorithm: text,
    subjectKeyIdentifier: text,
    authorityKeyIdentifier: text,
    spkiSha256: text,
    extensions: z.array(ExtensionView),
    chain: z.array(ChainLink),
    certificatePem: text,
    chainPem: text,
    rootPem: text,
  }),
);

// Msg is declared further down: lazy, so this module still loads top to bottom.
const warnings = z.array(z.lazy(() => Msg));
export const IssuedCertificate = schemaFor<certificate.IssuedCertificate>()(z.strictObject({ certificate: CertificateSummary, warnings }));
export const IssuedBulk = schemaFor<certificate.IssuedBulk>()(z.strictObject({ issued: count, ids: z.array(recordId), authorityId: recordId, warnings, cancelled: z.boolean() }));
export const CancelResult = schemaFor<operation.CancelResult>()(z.strictObject({ cancelling: z.boolean() }));
export const IssuedPair = schemaFor<certificate.IssuedPair>()(z.strictObject({ server: CertificateSummary, client: CertificateSummary, warnings }));

export const CsrSummary = schemaFor<certificate.CsrSummary>()(
  z.strictObject({
    subject: SubjectFields,
    subjectDn: text,
    sans: z.array(SanEntry),
    uncopiedNames: z.array(text),
    key: KeyDescription,
    signatureValid: z.boolean(),
    requestedExtensions: z.array(ExtensionView),
    refusals: z.array(z.lazy(() => Msg)),
    notes: z.array(z.lazy(() => Msg)),
    suggestedProfile: z.enum(PROFILES).nullable(),
    caRequest: z.strictObject({ pathLength: count.nullable() }).nullable(),
  }),
);

// ---- Revocation --------------------------------------------------------------------------------------

const crlSummaryShape = { authorityId: recordId, number: count, thisUpdate: instant, nextUpdate: instant, entries: count, sha256: text };
export const CrlSummary = schemaFor<revocation.CrlSummary>()(z.strictObject(crlSummaryShape));
export const CrlDetail = schemaFor<revocation.CrlDetail>()(z.strictObject({ ...crlSummaryShape, pem: text, history: z.array(CrlSummary) }));

export const CrlEntryPage = schemaFor<revocation.CrlEntryPage>()(
  z.strictObject({
    total: count,
    matched: count,
    entries: z.array(
      z.strictObject({
        serialNumberHex: text,
        reason: z.enum(REVOCATION_REASONS),
        revokedAt: instant,
        invalidityDate: instant.nullable(),
        certificateId: recordId.nullable(),
        commonName: text.nullable(),
      }),
    ),
  }),
);

export const OcspStatus = schemaFor<revocation.OcspStatus>()(z.strictObject({ running: z.boolean(), url: text.nullable(), signer: z.enum(['ca', 'delegated']).nullable() }));

export const CrlInspection = schemaFor<revocation.CrlInspection>()(
  z.strictObject({
    issuerDn: text,
    issuerCommonName: text,
    number: text.nullable(),
    thisUpdate: instant,
    nextUpdate: instant.nullable(),
    signatureAlgorithm: text,
    signature: z.strictObject({ status: z.enum(['verified', 'invalid', 'unknown-issuer']), by: text.nullable(), authorityId: recordId.nullable() }),
    total: count,
    entries: z.array(
      z.strictObject({
        serialNumberHex: text,
        revokedAt: instant,
        reason: z.enum([...REVOCATION_REASONS, 'removeFromCRL']).nullable(),
        invalidityDate: instant.nullable(),
      }),
    ),
    // Msg is declared further down: lazy, so this module still loads top to bottom.
    warnings: z.array(z.lazy(() => Msg)),
  }),
);

export const RevokedCertificates = schemaFor<{ revoked: certificate.CertificateSummary[]; crls: revocation.CrlSummary[] }>()(
  z.strictObject({ revoked: z.array(CertificateSummary), crls: z.array(CrlSummary) }),
);
export const ReleasedCertificate = schemaFor<{ certificate: certificate.CertificateSummary; crl: revocation.CrlSummary }>()(z.strictObject({ certificate: CertificateSummary, crl: CrlSummary }));
export const RevokedAuthority = schemaFor<{ authority: authority.AuthoritySummary; crl: revocation.CrlSummary }>()(z.strictObject({ authority: AuthoritySummary, crl: CrlSummary }));

// ---- Export ------------------------------------------------------------------------------------------

export const SnippetView = schemaFor<exporting.SnippetView>()(
  z.strictObject({ id: text, title: text, language: z.enum(['go', 'nginx', 'yaml', 'shell']), filename: text, text, complete: z.boolean() }),
);

export const ExportResult = schemaFor<exporting.ExportResult>()(z.strictObject({ cancelled: z.boolean(), paths: z.array(text) }));
export const ExportAllResult = schemaFor<exporting.ExportAllResult>()(z.strictObject({ cancelled: z.boolean(), path: text.nullable(), certificates: count, withKey: count }));

export const ProofResult = schemaFor<exporting.ProofResult>()(
  z.discriminatedUnion('ok', [
    z.strictObject({
      ok: z.literal(true),
      protocol: text,
      cipher: text,
      serverSubject: text,
      clientSubject: text,
      throwawayServer: z.boolean(),
      throwawayClient: z.boolean(),
    }),
    z.strictObject({
      ok: z.literal(false),
      side: z.enum(['server', 'client', 'setup']),
      code: text,
      reason: text,
      // Msg is declared further down: lazy, so this module still loads top to bottom.
      fix: z.lazy(() => Msg),
      stage: z.enum(['preflight', 'handshake']),
      detail: text.optional(),
    }),
  ]),
);

// ---- Vault -------------------------------------------------------------------------------------------

export const VaultStatus = schemaFor<vault.VaultStatus>()(z.strictObject({ state: z.enum(['uninitialized', 'locked', 'unlocked']), lockedBecause: z.enum(LOCK_REASONS).optional() }));

export const BackupResult = schemaFor<vault.BackupResult>()(
  z.strictObject({ cancelled: z.boolean(), path: text.nullable(), bytes: count, at: instant.nullable(), sha256: text.nullable() }),
);

export const RestoredElsewhere = schemaFor<vault.RestoredElsewhere>()(
  z.strictObject({ cancelled: z.boolean(), folder: text.nullable(), authorities: count, certificates: count, auditEntries: count }),
);

const SecuritySettings = schemaFor<vault.SecuritySettings>()(z.strictObject({ autoLockMinutes: count.nullable(), backupReminderDays: count }));
const BackupStatus = schemaFor<vault.BackupStatus>()(z.strictObject({ lastBackupAt: instant.nullable(), reminderDays: count, overdue: z.boolean() }));

// ---- Expiry, dashboard, settings ---------------------------------------------------------------------

const ExpirySettings = schemaFor<expiry.ExpirySettings>()(z.strictObject({ warningDays: count, urgentDays: count, notifications: z.boolean() }));

const WatchSettings = schemaFor<watch.WatchSettings>()(z.strictObject({ intervalMinutes: count, concurrency: count, timeoutSeconds: count, metricsServe: z.boolean(), metricsPort: count }));

export const AppSettings = schemaFor<expiry.AppSettings>()(z.strictObject({ expiry: ExpirySettings, security: SecuritySettings, watch: WatchSettings }));

const EXPIRY_WINDOW = z.union(EXPIRY_WINDOWS.map((days) => z.literal(days)) as unknown as [z.ZodLiteral<7>, z.ZodLiteral<30>, z.ZodLiteral<90>]);

// ---- Watched endpoints (shared/domain/watch.ts) ------------------------------------------------

const WatchFinding = schemaFor<watch.WatchFinding>()(z.strictObject({ id: z.enum(WATCH_FINDINGS), severity: z.enum(['error', 'warning']), text: Msg }));
const WatchHealth = z.enum(['ok', 'warning', 'error', 'unprobed']);
const ServedCertificate = schemaFor<watch.ServedCertificate>()(
  z.strictObject({ sha256: text, serialHex: text, subjectCommonName: text, issuerCommonName: text, notAfter: instant, vaultCertificateId: recordId.nullable() }),
);
const WatchedEndpoint = schemaFor<watch.WatchedEndpoint>()(
  z.strictObject({
    id: recordId,
    host: text,
    port: count,
    servername: text.nullable(),
    clientCertificateId: recordId.nullable(),
    expect: z.union([z.strictObject({ kind: z.literal('certificate'), certificateId: recordId }), z.strictObject({ kind: z.literal('service'), service: text })]).nullable(),
    intervalMinutes: count.nullable(),
    addedAt: instant,
  }),
);
const ProbeOutcome = schemaFor<watch.ProbeOutcome>()(
  z.strictObject({
    at: instant,
    durationMs: z.number().min(0),
    reached: z.enum(['ok', 'unreachable', 'not-tls', 'handshake-failed']),
    failure: Msg.nullable(),
    leaf: ServedCertificate.nullable(),
    servedCount: count,
    earliestNotAfter: instant.nullable(),
    effectiveNotAfter: instant.nullable(),
    clientCertificateRequested: z.boolean().nullable(),
    servedIsLatest: z.boolean().nullable(),
    latest: z.strictObject({ certificateId: recordId, serialHex: text, issuedAt: instant }).nullable(),
    findings: z.array(WatchFinding),
  }),
);
export const EndpointStatus = schemaFor<watch.EndpointStatus>()(
  z.strictObject({
    endpoint: WatchedEndpoint,
    target: text,
    health: WatchHealth,
    last: ProbeOutcome.nullable(),
    lastOkAt: instant.nullable(),
    failuresInRow: count,
    nextProbeAt: instant.nullable(),
    clientAuthSeen: z.boolean(),
  }),
);
export const EndpointHistory = schemaFor<watch.EndpointHistory>()(
  z.strictObject({ status: EndpointStatus, results: z.array(ProbeOutcome), changes: z.array(z.strictObject({ at: instant, from: ServedCertificate.nullable(), to: ServedCertificate.nullable() })) }),
);
export const WatchImportResult = schemaFor<watch.WatchImportResult>()(
  z.strictObject({ added: z.array(EndpointStatus), duplicates: z.array(z.strictObject({ line: count, target: text })), problems: z.array(z.strictObject({ line: count, text: Msg })) }),
);
export const WatchRunResult = schemaFor<watch.WatchRunResult>()(z.strictObject({ at: instant, statuses: z.array(EndpointStatus), errors: count, warnings: count, cancelled: z.boolean() }));
export const MetricsServerStatus = schemaFor<watch.MetricsServerStatus>()(z.strictObject({ running: z.boolean(), url: text.nullable(), problem: Msg.nullable() }));
const DeployedSummary = schemaFor<watch.DeployedSummary>()(
  z.strictObject({
    watched: count,
    health: z.strictObject({ ok: count, warning: count, error: count, unprobed: count }),
    findings: z.array(z.strictObject({ endpointId: recordId, target: text, finding: WatchFinding })),
    lastRoundAt: instant.nullable(),
  }),
);

export const DashboardData = schemaFor<expiry.DashboardData>()(
  z.strictObject({
    now: instant,
    settings: ExpirySettings,
    counts: z.strictObject({ valid: count, expired: count, 'not-yet-valid': count, revoked: count, total: count }),
    expiring: z.array(z.strictObject({ days: EXPIRY_WINDOW, count })),
    timeline: z.strictObject({
      start: instant,
      authorities: z.array(z.strictObject({ authorityId: recordId, commonName: text, weeks: z.array(count) })),
    }),
    crlsDue: z.array(z.strictObject({ authorityId: recordId, commonName: text, nextUpdate: instant.nullable(), state: z.enum(['overdue', 'due', 'unpublished']) })),
    authoritiesExpiring: z.array(
      z.strictObject({
        authorityId: recordId,
        commonName: text,
        kind: z.enum(['root', 'intermediate']),
        notAfter: instant,
        daysLeft: z.number(),
        blastRadius: z.strictObject({ certificates: count, authorities: count }),
      }),
    ),
    recentlyIssued: z.array(CertificateSummary),
    recentlyRevoked: z.array(CertificateSummary),
    leavesFromRoots: z.array(z.strictObject({ authorityId: recordId, commonName: text, count })),
    backup: BackupStatus,
    deployed: DeployedSummary,
  }),
);

export const RenewResult = schemaFor<expiry.RenewResult>()(
  z.strictObject({
    renewed: z.array(z.strictObject({ replacedId: recordId, certificate: CertificateSummary })),
    // Msg is declared further down: lazy, so this module still loads top to bottom.
    skipped: z.array(z.strictObject({ id: recordId, commonName: text, reason: z.lazy(() => Msg) })),
    revokeOldAt: instant.nullable(),
    warnings,
    cancelled: z.boolean(),
  }),
);

// ---- Audit -------------------------------------------------------------------------------------------

const AuditEntry = schemaFor<audit.AuditEntry>()(
  z.strictObject({
    seq: z.int().min(1),
    at: instant,
    kind: z.enum(AUDIT_KINDS),
    authorityId: text.nullable(),
    subject: text.nullable(),
    serial: text.nullable(),
    details: z.record(text, z.union([text, z.number(), z.boolean(), z.null()])),
  }),
);

export const AuditPage = schemaFor<auditView.AuditPage>()(z.strictObject({ total: count, entries: z.array(AuditEntry) }));

export const AuditCheck = schemaFor<auditView.AuditCheck>()(
  z.strictObject({ ok: z.boolean(), entries: count, problems: z.array(z.strictObject({ line: count, kind: text, message: text, reason: z.lazy(() => Msg) })) }),
);

// ---- Inspect -------------------------------------------------------------------------------------------

const NameAttribute = schemaFor<inspect.NameAttribute>()(z.strictObject({ oid: text, short: text, label: text, value: text }));

const PublicKeyView = schemaFor<inspect.PublicKeyView>()(
  z.strictObject({ label: text, family: z.enum(['rsa', 'ec', 'ed25519', 'ed448', 'other']), bits: count.nullable(), spkiSha256: text }),
);

const objectBase = { index: count, source: z.lazy(() => Msg) };

const InspectedObject = schemaFor<inspect.InspectedObject>()(
  z.discriminatedUnion('kind', [
    z.strictObject({
      ...objectBase,
      kind: z.literal('certificate'),
      commonName: text,
      subject: z.array(NameAttribute),
      subjectDn: text,
      issuer: z.array(NameAttribute),
      issuerDn: text,
      version: z.int(),
      serialNumberHex: text,
      notBefore: instant,
      notAfter: instant,
      daysLeft: z.number(),
      validityDays: z.number(),
      publicKey: PublicKeyView,
      signatureAlgorithm: text,
      sha256Fingerprint: text,
      sha1Fingerprint: text,
      isCa: z.boolean(),
      selfIssued: z.boolean(),
      sans: z.array(text),
      extensions: z.array(ExtensionView),
      pem: text,
      vaultAuthorityId: recordId.nullable(),
      vaultTrusted: z.boolean(),
    }),
    z.strictObject({
      ...objectBase,
      kind: z.enum(['private-key', 'public-key']),
      format: text,
      publicKey: PublicKeyView.nullable(),
      matchesCertificates: z.array(count),
      publicKeyPem: text.nullable(),
    }),
    z.strictObject({ ...objectBase, kind: z.literal('csr'), request: CsrSummary, publicKey: PublicKeyView, pem: text }),
    z.strictObject({ ...objectBase, kind: z.literal('crl'), crl: CrlInspection, pem: text }),
    z.strictObject({ ...objectBase, kind: z.enum(['pkcs7', 'pkcs12']), summary: z.lazy(() => Msg) }),
  ]),
);

const CERTIFICATE_ORIGINS = ['input', 'vault', 'system'] as const;

const InspectChain = schemaFor<inspect.InspectChain>()(
  z.strictObject({
    links: z.array(
      z.strictObject({
        ...chainLinkShape,
        origin: z.enum(CERTIFICATE_ORIGINS),
        objectIndex: count.nullable(),
        note: z.lazy(() => Msg),
        checks: z.array(
          z.strictObject({ name: z.enum(['signature', 'validity', 'ca', 'path-length', 'key-usage', 'name-constraints', 'eku', 'revocation']), ok: z.boolean(), note: z.lazy(() => Msg) }),
        ),
      }),
    ),
    trusted: z.boolean(),
    anchor: z.enum(CERTIFICATE_ORIGINS).nullable(),
    effectiveNotAfter: instant,
    effectiveLimitedBy: text,
  }),
);

export const InspectionReport = schemaFor<inspect.InspectionReport>()(
  z.strictObject({
    objects: z.array(InspectedObject),
    problems: z.array(z.strictObject({ source: z.lazy(() => Msg), message: z.lazy(() => Msg) })),
    leafIndex: count.nullable(),
    chain: InspectChain.nullable(),
    findings: z.array(
      z.strictObject({
        id: z.enum(FINDING_IDS),
        severity: z.enum(['error', 'warning', 'info']),
        title: z.lazy(() => Msg),
        detail: z.lazy(() => Msg),
        advice: z.lazy(() => Msg),
        seenAs: z.array(text),
      }),
    ),
    needsPassword: z.strictObject({ what: text, wrong: z.boolean() }).nullable(),
  }),
);

export const EndpointReport = schemaFor<inspect.EndpointReport>()(
  z.strictObject({
    target: text,
    address: text.nullable(),
    servername: text.nullable(),
    protocol: text.nullable(),
    cipher: text.nullable(),
    alpn: text.nullable(),
    clientCertificateRequested: z.boolean().nullable(),
    acceptableCaNames: z.array(text),
    chainOrder: z.enum(['as-sent', 'reconstructed']),
    clientCertificate: z.strictObject({ commonName: text, accepted: z.boolean().nullable(), message: z.lazy(() => Msg) }).nullable(),
    failure: z.lazy(() => Msg).nullable(),
    reached: z.enum(ENDPOINT_REACH),
    report: InspectionReport,
  }),
);

export const AddedToVault = schemaFor<inspect.AddedToVault>()(
  z.strictObject({ as: z.enum(['authority', 'trusted']), authorityId: recordId.nullable(), commonName: text, note: z.lazy(() => Msg).nullable() }),
);

/** Recursive: a node's children are nodes (at most ASN1_TREE_NODE_LIMIT of them in all). */
const AsnNodeSchema = z.strictObject({
  tag: text,
  offset: count,
  length: count,
  value: text.nullable(),
  get children(): z.ZodArray<typeof AsnNodeSchema> {
    return z.array(AsnNodeSchema);
  },
});
const AsnNode = schemaFor<inspect.AsnNode>()(AsnNodeSchema);

export const AsnTree = schemaFor<inspect.AsnTree>()(z.strictObject({ root: AsnNode, truncated: z.boolean() }));

// ---- Errors ----------------------------------------------------------------------------------------


/** What a refusal carries across IPC: a known code, the English message, perhaps the reason as data and the field. */
export const IpcError = schemaFor<IpcErrorType>()(
  z.strictObject({ code: z.enum(ERROR_CODES), message: text, reason: Msg.optional(), details: z.strictObject({ field: text.optional() }).optional() }),
);

/** `null`: channels that answer nothing (vault.activity). */
export const Nothing = z.null();

// ---- Service identity ------------------------------------------------------------------------

export const TokenEndpointStatus = schemaFor<identity.TokenEndpointStatus>()(z.strictObject({ running: z.boolean(), url: text.nullable(), authorityId: recordId.nullable() }));

export const TokenIssuerSummary = schemaFor<identity.TokenIssuerSummary>()(
  z.strictObject({
    id: recordId,
    name: text,
    algorithm: z.enum(TOKEN_ALGORITHMS),
    createdAt: instant,
    keys: z.array(z.strictObject({ kid: text, algorithm: z.enum(TOKEN_ALGORITHMS), state: z.enum(['current', 'retiring']), createdAt: instant, leavesJwksAt: instant.nullable() })),
    tokensSigned: count,
    endpoint: TokenEndpointStatus,
  }),
);

export const TokenIssuerPublicKeys = schemaFor<identity.TokenIssuerPublicKeys>()(z.strictObject({ jwks: text, currentPem: text, currentKid: text }));

const jsonObject = z.record(z.string(), z.unknown());

export const MintedToken = schemaFor<identity.MintedToken>()(z.strictObject({ token: text, header: jsonObject, claims: jsonObject, warnings: z.array(Msg) }));

export const TokenDiagnosis = schemaFor<identity.TokenDiagnosis>()(
  z.strictObject({
    valid: z.boolean(),
    header: jsonObject.nullable(),
    claims: jsonObject.nullable(),
    checks: z.array(z.strictObject({ id: z.enum(TOKEN_CHECKS), outcome: z.enum(['pass', 'fail', 'skipped']), message: Msg, advice: Msg.nullable() })),
    golangJwt: text.nullable(),
  }),
);

export const ServiceRow = schemaFor<identity.ServiceRow>()(
  z.strictObject({
    name: text,
    inPolicy: z.boolean(),
    certificates: z.array(
      z.strictObject({ id: recordId, authorityId: recordId, serialNumber: text, notAfter: instant, status: z.enum(CERTIFICATE_STATUSES), uris: z.array(text), keyAlgorithm: text.nullable() }),
    ),
    calls: z.array(text),
    calledBy: z.array(z.strictObject({ caller: text, actions: z.array(text) })),
    tokenTtlSeconds: count,
  }),
);

export const PolicyView = schemaFor<identity.PolicyView>()(z.strictObject({ text, services: count, updatedAt: instant.nullable(), withoutCertificate: z.array(text) }));

export const PolicyDecision = schemaFor<identity.PolicyDecision>()(z.strictObject({ allowed: z.boolean(), reason: Msg }));

// ---- ACME ------------------------------------------------------------------------------------

const AcmeServerOptions = z.strictObject({
  port: z.int().optional(),
  bind: text,
  http01Port: z.int(),
  resolve: z.array(z.strictObject({ name: text, address: text })),
  eab: z.boolean(),
  labMode: z.boolean(),
  maxValidityDays: z.int(),
  dnsResolver: text.nullable(),
  ipOnlyProfile: z.enum(['server', 'client']).optional(),
});

export const AcmeServerStatus = schemaFor<acme.AcmeServerStatus>()(
  z.strictObject({
    running: z.boolean(),
    directoryUrl: text.nullable(),
    options: AcmeServerOptions.nullable(),
    eab: z.strictObject({ keyId: text, hmacKey: text }).nullable(),
    warnings: z.array(Msg),
  }),
);

export const AcmePanel = schemaFor<acme.AcmePanel>()(
  z.strictObject({
    status: AcmeServerStatus,
    accounts: z.array(
      z.strictObject({ id: recordId, status: z.enum(['valid', 'deactivated', 'revoked']), contact: z.array(text), thumbprint: text, createdAt: instant, eabKeyId: text.nullable(), certificates: count }),
    ),
    orders: z.array(
      z.strictObject({
        id: text,
        accountId: recordId,
        status: z.enum(['pending', 'ready', 'processing', 'valid', 'invalid']),
        identifiers: z.array(text),
        createdAt: instant,
        certificateId: recordId.nullable(),
        error: text.nullable(),
      }),
    ),
    certificatesIssued: count,
  }),
);

// ---- Publication: folder, server, reachability (shared/domain/publication.ts) ---------------------

export const PublicationStatus = schemaFor<publication.PublicationStatus>()(
  z.strictObject({ running: z.boolean(), url: text.nullable(), urls: z.strictObject({ crl: text, certificate: text, ocsp: text }).nullable(), warning: Msg.nullable() }),
);

export const FolderPublication = schemaFor<publication.FolderPublication>()(z.strictObject({ cancelled: z.boolean(), folder: text.nullable(), files: z.array(text), crlNumber: count.nullable() }));

export const ReachabilityReport = schemaFor<publication.ReachabilityReport>()(
  z.strictObject({
    checkedAt: instant,
    latestCrlNumber: count.nullable(),
    results: z.array(z.strictObject({ kind: z.enum(['crl', 'ocsp', 'caIssuers']), url: text.nullable(), verdict: z.enum(['ok', 'warning', 'error', 'notConfigured']), summary: Msg, note: Msg.nullable() })),
  }),
);

export const WindowPreferences = schemaFor<preferences.WindowPreferences>()(
  z.strictObject({ language: z.enum(LANGUAGE_CHOICES), systemLanguage: z.enum(LANGUAGES), lastView: z.enum(VIEWS).nullable() }),
);


// ---- Remote authorities: a step-ca server (shared/domain/remote.ts) ------------------------------

const RemoteHealth = z.enum(['ok', 'unreachable', 'unknown']);
export const RemoteSummary = schemaFor<remote.RemoteSummary>()(
  z.strictObject({
    id: recordId,
    name: text,
    urls: z.array(text),
    rootFingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    provisioner: text,
    authorityId: recordId,
    health: RemoteHealth,
    version: text.nullable(),
    provisioners: z.array(z.strictObject({ name: text, type: text })),
    urlStatus: z.array(z.strictObject({ url: text, health: RemoteHealth, problem: Msg.nullable() })),
    checkedAt: instant.nullable(),
    createdAt: instant,
  }),
);
export const StepCaExport = schemaFor<remote.StepCaExport>()(
  z.strictObject({ authorityId: recordId, cancelled: z.boolean(), paths: z.array(text), rootFingerprint: z.string().regex(/^[0-9a-f]{64}$/) }),
);
