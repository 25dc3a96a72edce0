/**
 * The one HTTP client of a step-ca server's API (smallstep/certificates api/): the root pinned on
 * first contact, every later request verified against it, the URLs tried in order (several step-ca
 * instances sharing one database), every answer outside input — size-capped, schema-checked,
 * certificates parsed away from the keys — and every failure a CertwrightError whose Msg says what
 * the server said and what to do (unreachable, another root, unauthorized provisioner, name not
 * allowed, token expired, garbage).
 *
 * FOUNDATION: signatures fixed; bodies are the helper's (issue 20).
 */
import type { RemoteProvisioner, RemoteUrlStatus } from '../../../shared/domain/remote.js';

/** A server as the vault knows it: its URLs, in order, and the root it was pinned to. */
export interface StepServer {
  readonly urls: readonly string[];
  readonly rootDer: Uint8Array;
}

/** A provisioner as `GET /provisioners` lists it; a JWK one carries its public key and its encrypted private key (a JWE). */
export interface ProvisionerEntry extends RemoteProvisioner {
  readonly key: JsonWebKey | null;
  readonly encryptedKey: string | null;
}

/** What the server signed: the certificate and the CAs it sent with it (its intermediate first). */
export interface SignedByServer {
  readonly certificateDer: Uint8Array;
  readonly chainDer: readonly Uint8Array[];
}

export interface ServerStatus {
  readonly urlStatus: readonly RemoteUrlStatus[];
  readonly version: string | null;
  readonly provisioners: readonly ProvisionerEntry[];
}
