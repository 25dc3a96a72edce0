/**
 * What main and the untrusted-input worker say to each other: the tasks (each one thing a channel
 * needs read from outside input), what main answers when a task asks, and the messages. Types only
 * and plain data: main imports this file, never the tasks themselves.
 */
import type { CsrSummary } from '../../shared/domain/certificate.js';
import type { AsnTree, EndpointReport, EndpointRequest, InspectionReport, InspectOptions } from '../../shared/domain/inspect.js';
import type { KeyAlgorithmId } from '../../shared/domain/keys.js';
import type { CrlInspection } from '../../shared/domain/revocation.js';
import type { ErrorCode, IpcError } from '../../shared/errors.js';
import type { Msg } from '../../shared/i18n/message.js';

/** A CA certificate the vault holds, as its records store it (base64 DER): public data only. */
export interface VaultCaData {
  readonly derB64: string;
  /** The vault authority it is; null for an outside CA the vault trusts or keeps in a chain. */
  readonly authorityId: string | null;
}

/** What an inspection is judged against: the vault's CAs and the time. */
export interface InspectionScope {
  readonly vault: readonly VaultCaData[];
  readonly now: number;
}

export interface VaultRevocation {
  readonly revokedAt: string;
  readonly reason: string | null;
}

/** authority id → canonical serial hex → how the vault records its revocation (only revoked serials). */
export type RevocationAnswer = Readonly<Record<string, Readonly<Record<string, VaultRevocation>>>>;

/** The leaf's certificate and key, presented to a server whose chain is being inspected. */
export interface ClientBundle {
  readonly certificatePem: string;
  readonly keyPem: string;
  readonly commonName: string;
}

/** What main needs to add a CA from an outside input to the vault; the only private bytes that come back. */
export interface ImportCandidate {
  readonly certificateDer: Uint8Array;
  readonly commonName: string;
  readonly serialHex: string;
  readonly selfIssued: boolean;
  /** The certificate's key type; algorithm null when Certwright does not sign with it. */
  readonly key: { readonly algorithm: KeyAlgorithmId | null; readonly label: string };
  /** Whether the input held the certificate's private key. */
  readonly hasKey: boolean;
  /** That key's PKCS#8, only when it can be imported (`key.algorithm` set). main seals it, then wipes it. */
  readonly privateKeyPkcs8: Uint8Array | null;
  /** The vault authority whose key signed it, if any. */
  readonly parentId: string | null;
  /** The certificates above it in the input (nearest first), when no vault authority signed it. */
  readonly externalChain: readonly Uint8Array[];
}

import type { DiagnoseInput } from '../engine/jwt/diagnose.js';
import type { TokenDiagnosis } from '../../shared/domain/service-identity.js';
import type { PolicyParse } from '../../shared/domain/service-policy.js';
import type { OcspReading } from '../engine/ocsp-client.js';

export interface UntrustedTasks {
  'inspect.input': {
    input: { readonly bytes: Uint8Array; readonly request: InspectOptions & { readonly password: string | null }; readonly scope: InspectionScope };
    output: InspectionReport;
  };
  'inspect.asn1': { input: { readonly bytes: Uint8Array; readonly password: string | null; readonly objectIndex: number }; output: AsnTree | null };
  'inspect.addToVault': {
    /** objectIndex null: the CA whose private key came with it (an import from the front door), or a specific error why there is none. */
    input: { readonly bytes: Uint8Array; readonly password: string | null; readonly objectIndex: number | null; readonly authorities: readonly { readonly id: string; readonly derB64: string }[] };
    output: ImportCandidate;
  };
  'inspect.endpoint': {
    /** timeoutMs: per connection (tls-probe's default when absent); the endpoint watch sets it, the IPC channel does not. */
    input: { readonly request: EndpointRequest & InspectOptions; readonly client: ClientBundle | null; readonly scope: InspectionScope; readonly timeoutMs?: number };
    output: EndpointReport;
  };
  /**
   * Many endpoints probed at once in one worker (the endpoint watch's rounds): never with a client
   * certificate (a key stays out of the shared workers), at most `concurrency` at a time, each
   * connection cut at timeoutMs and each probe at probeLimitMs. Each result is sent to main as it
   * settles (the `probed` ask, whose answer may say stop); the output counts those sent.
   */
  'inspect.endpoints': {
    input: { readonly requests: readonly (EndpointRequest & InspectOptions)[]; readonly scope: InspectionScope; readonly timeoutMs: number; readonly probeLimitMs: number; readonly concurrency: number };
    output: { readonly probed: number };
  };
  /** A CSR read and judged; its SubjectPublicKeyInfo is what a signature certifies. */
  'csr.review': { input: { readonly csr: string }; output: { readonly summary: CsrSummary; readonly spki: Uint8Array } };
  'crl.inspect': { input: { readonly crl: string; readonly known: readonly VaultCaData[]; readonly now: number }; output: CrlInspection };
  /** A pasted token checked against an issuer's public keys (never a private one). */
  'token.diagnose': {
    input: Omit<DiagnoseInput, 'now' | 'issuer'> & { readonly now: number } & (
        | { readonly issuer: DiagnoseInput['issuer']; readonly jwks?: undefined }
        | { readonly issuer?: undefined; readonly jwks: { readonly text: string; readonly issuerName: string } }
      );
    output: TokenDiagnosis;
  };
  /** A service-policy.json from outside. */
  'policy.parse': { input: { readonly text: string }; output: PolicyParse };
  /** What an OCSP responder answered the reachability check (null: not an OCSP response at all). */
  /** Bytes served where a CA certificate should be (DER or PEM): its subject and SHA-256, or null when it is no certificate. */
  'certificate.identify': { input: { readonly bytes: Uint8Array }; output: { readonly subject: string; readonly sha256: string } | null };
  'ocsp.read': { input: { readonly response: Uint8Array; readonly caDerB64: string; readonly serialHex: string; readonly nonceHex: string }; output: OcspReading | null };
  /** Certificates a step-ca server sent as PEM (engine/served-certificates.ts): their DER, or null when any is not one. */
  'remote.certificates': { input: { readonly pems: readonly string[] }; output: Uint8Array[] | null };
}
export type TaskName = keyof UntrustedTasks;
export type TaskInput<T extends TaskName> = UntrustedTasks[T]['input'];
export type TaskOutput<T extends TaskName> = UntrustedTasks[T]['output'];

/** What a task may ask main while it runs. */
export interface UntrustedAsks {
  /** The vault's revocation records for these serials (canonical hex), across its authorities. */
  revocations: { input: readonly string[]; output: RevocationAnswer };
  /** One probe of an `inspect.endpoints` batch settled (index: its request's); main answers whether to start more. */
  probed: { input: { readonly index: number; readonly result: EndpointProbeResult }; output: { readonly stop: boolean } };
}

/** One probe of a batch: what the endpoint served, or why the probe itself failed (that endpoint only, never the batch). */
export type EndpointProbeResult =
  | { readonly ok: true; readonly report: EndpointReport; readonly durationMs: number }
  | { readonly ok: false; readonly reason: Msg | null; readonly message: string; readonly durationMs: number };
export type AskName = keyof UntrustedAsks;

/** An error as it crosses from the worker: a CertwrightError keeps its code; anything else is internal. */
export type WorkerError =
  | { readonly kind: 'certwright'; readonly code: ErrorCode; readonly message: string; readonly reason?: IpcError['reason']; readonly details?: IpcError['details'] }
  | { readonly kind: 'other'; readonly name: string; readonly message: string; readonly stack?: string };

export type ToWorker =
  | { readonly type: 'task'; readonly id: number; readonly task: TaskName; readonly input: unknown }
  | { readonly type: 'answer'; readonly id: number; readonly ask: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'answer'; readonly id: number; readonly ask: number; readonly ok: false; readonly message: string };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'done'; readonly id: number; readonly ok: false; readonly error: WorkerError }
  | { readonly type: 'ask'; readonly id: number; readonly ask: number; readonly name: AskName; readonly input: unknown };
