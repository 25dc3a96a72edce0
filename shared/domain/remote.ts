/**
 * Team scale on a real CA server (issue 20, docs/step-ca.md): Certwright drives smallstep's step-ca.
 * The offline root stays in the vault; the online intermediate runs in step-ca; a remote authority is
 * the vault's record of one step-ca server (its URLs, the root pinned on first contact, the JWK
 * provisioner whose key signs the one-time tokens). Pure data and limits, used by main, the CLI and
 * the renderer.
 */
import type { Msg } from '../i18n/message.js';

/** The most URLs one remote authority fails over between (several step-ca instances sharing one database). */
export const REMOTE_MAX_URLS = 8;
/** One request to the server is abandoned after this long, and the next URL tried. */
export const REMOTE_TIMEOUT_MS = 10_000;
/** The most bytes of one answer from the server that are read; a longer answer is refused as garbage. */
export const REMOTE_MAX_ANSWER_BYTES = 1024 * 1024;
/** A one-time token's life: step-ca's own CLI gives five minutes. */
export const REMOTE_TOKEN_SECONDS = 300;

/** step-ca's own default port (`step ca init`); the export suggests it. */
export const STEP_CA_DEFAULT_PORT = 9000;

/**
 * How the exported folder is started (its README, the export dialog): in the folder, because step-ca
 * 0.19 opens ca.json's relative paths from its working directory; STEPPATH keeps step's files there.
 */
export const STEP_CA_START_LINE = 'STEPPATH="$PWD" step-ca config/ca.json --password-file password.txt';

export type RemoteHealth = 'ok' | 'unreachable' | 'unknown';

/** A provisioner as the server lists it (`GET /provisioners`). */
export interface RemoteProvisioner {
  readonly name: string;
  /** step-ca's type: JWK, ACME, X5C, OIDC, … */
  readonly type: string;
}

/** One URL of a remote authority and what it answered when last asked. */
export interface RemoteUrlStatus {
  readonly url: string;
  readonly health: RemoteHealth;
  /** Why it is unreachable, in the words of what failed, with what to do. */
  readonly problem: Msg | null;
}

/** What the renderer may know of a remote authority. Never the provisioner's key. */
export interface RemoteSummary {
  readonly id: string;
  /** The name `--ca` and the window use; unique in the vault. */
  readonly name: string;
  /** Tried in this order; the first that answers serves the request. */
  readonly urls: readonly string[];
  /** SHA-256 of the pinned root certificate's DER, lower-case hex without separators (step's own form). */
  readonly rootFingerprint: string;
  /** The JWK provisioner whose key signs the one-time tokens. */
  readonly provisioner: string;
  /** The authority record of the server's issuing CA (the intermediate it signs with). */
  readonly authorityId: string;
  /** From the last check (connect, or "Check now"); 'unknown' before any in this session. */
  readonly health: RemoteHealth;
  readonly version: string | null;
  readonly provisioners: readonly RemoteProvisioner[];
  readonly urlStatus: readonly RemoteUrlStatus[];
  readonly checkedAt: string | null;
  readonly createdAt: string;
}

/** What the "Hand an intermediate to step-ca" export writes (docs/step-ca.md). */
export interface StepCaExport {
  /** The new intermediate, recorded in the vault under the root (so the root can revoke it); the root's id when cancelled (nothing made). */
  readonly authorityId: string;
  readonly cancelled: boolean;
  /** The files written (absolute paths), or the zip. */
  readonly paths: readonly string[];
  /** SHA-256 of the root's DER, to give `remote add --fingerprint`. */
  readonly rootFingerprint: string;
}

/** The database the exported ca.json names. */
export type StepCaDatabase = { readonly type: 'badgerv2'; readonly dataSource: string } | { readonly type: 'mysql'; readonly dataSource: string; readonly database: string };
