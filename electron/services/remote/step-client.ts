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

/** A revocation as `POST /revoke` takes it (passive: the server records it; step-ca 0.19 publishes no CRL). */
export interface RevokeOnServer {
  /** The certificate's serial number, hex (converted to the decimal step-ca expects). */
  readonly serialNumberHex: string;
  /** RFC 5280 reason code. */
  readonly reasonCode: number;
  readonly reason: string;
  readonly ott: string;
}

const unbuilt = (): never => {
  throw new Error('step-client: not built yet (issue 20 helper)');
};

export class StepClient {
  readonly server: StepServer;

  constructor(server: StepServer) {
    this.server = server;
  }

  /**
   * First contact: asks the first URL that answers for the root whose SHA-256 is `fingerprint`
   * (`GET /root/{sha}`, the one request made before the root is known), checks the hash of what came
   * back, then checks the server's own TLS chain against it. Another root, or none, is refused.
   * Answers the pinned server and the issuing CA the server's TLS chain carries (its intermediate).
   */
  static async firstContact(_urls: readonly string[], _fingerprint: string): Promise<{ server: StepServer; intermediateDer: Uint8Array }> {
    return unbuilt();
  }

  /** Health, version and provisioners of every URL (`/health`, `/version`, `/provisioners`). */
  async status(): Promise<ServerStatus> {
    return unbuilt();
  }

  /** `POST /sign`: the CSR (PEM) with a one-time token; validity as the server allows it. */
  async sign(_csrPem: string, _ott: string, _validity?: { readonly notBefore?: Date; readonly notAfter?: Date }): Promise<SignedByServer> {
    return unbuilt();
  }

  /** `POST /renew` over mutual TLS with the certificate and its key (PKCS#8, zeroed by the caller): the same key, new dates. */
  async renew(_certificateDer: Uint8Array, _chainDer: readonly Uint8Array[], _pkcs8: Uint8Array): Promise<SignedByServer> {
    return unbuilt();
  }

  /** `POST /revoke` with a one-time token. */
  async revoke(_request: RevokeOnServer): Promise<void> {
    return unbuilt();
  }
}
