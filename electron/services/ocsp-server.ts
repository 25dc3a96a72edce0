/**
 * A local OCSP responder over HTTP (RFC 6960 Appendix A): GET /<base64 request> and POST with
 * `application/ocsp-request`, answering `application/ocsp-response`. It is a local listener
 * (electron/services/listeners): on 127.0.0.1 only, answering only requests addressed to it by Host,
 * with capped request sizes and connections; the responder budgets its signatures.
 */
import { MAX_OCSP_REQUEST_BYTES } from '../engine/ocsp.js';
import type { Vault } from '../vault/vault.js';
import { hostOfUrlServedHere } from './listeners/host.js';
import { startLocalHttpListener, type LocalHttpOptions, type LocalReply, type RunningListener } from './listeners/http.js';
import type { Issuing } from './issuing.js';
import { OcspResponder, type OcspSigner } from './ocsp-responder.js';

export type RunningOcspServer = RunningListener;

type Respond = (requestDer: Uint8Array) => Promise<Uint8Array>;

/** The request a GET carries in its path: URL-encoded base64 of the DER. */
export function ocspRequestFromPath(url: string): Uint8Array | null {
  const encoded = url.replace(/^\/+/, '');
  if (encoded === '' || encoded.length > MAX_OCSP_REQUEST_BYTES * 2) return null;
  let text: string;
  try {
    text = decodeURIComponent(encoded);
  } catch {
    return null;
  }
  if (!/^[A-Za-z0-9+/=_-]+$/.test(text)) return null;
  return new Uint8Array(Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

export interface OcspServerOptions {
  readonly port?: number;
  /** Other host names this listener is reached as (the host of the CA's OCSP URL when it points here). */
  readonly alsoKnownAs?: LocalHttpOptions['alsoKnownAs'];
}

export async function startOcspServer(respond: Respond, options: OcspServerOptions = {}): Promise<RunningOcspServer> {
  return startLocalHttpListener({
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.alsoKnownAs ? { alsoKnownAs: options.alsoKnownAs } : {}),
    methods: ['GET', 'POST'],
    maxBodyBytes: MAX_OCSP_REQUEST_BYTES,
    handle: async ({ method, path, body }): Promise<LocalReply> => {
      const der = method === 'GET' ? ocspRequestFromPath(path) : body;
      if (der === null) return { status: 400, type: 'text/plain; charset=utf-8', body: 'Not an OCSP request\n' };
      return { status: 200, type: 'application/ocsp-response', body: await respond(der) };
    },
  });
}

export interface OcspResponderService {
  readonly vault: Vault;
  readonly issuing: Issuing;
  readonly authorityId: string;
  readonly crypto: Crypto;
  readonly now: () => Date;
  readonly signer: OcspSigner;
  readonly port?: number;
}

/**
 * The responder for one authority on its listener, as the app and the CLI run it. Besides
 * 127.0.0.1 and localhost it answers under the host of the authority's OCSP URL setting (the URL its
 * certificates carry) when that URL names this listener's port, read per request; while the vault is
 * locked the last value read stands.
 */
export async function startOcspResponder(service: OcspResponderService): Promise<RunningOcspServer & { readonly signer: OcspSigner }> {
  const { vault, authorityId } = service;
  const responder = new OcspResponder(vault, service.issuing, authorityId, service.crypto, service.now, service.signer);
  let ocspUrl: string | null = null;
  const configured = () => {
    try {
      ocspUrl = vault.getAuthority(authorityId).settings.ocspUrl;
    } catch {
      // Locked: keep the last value; the responder answers tryLater anyway.
    }
    return ocspUrl;
  };
  configured();
  const server = await startOcspServer((der) => responder.respond(der), {
    ...(service.port === undefined ? {} : { port: service.port }),
    alsoKnownAs: (port) => {
      const host = hostOfUrlServedHere(configured(), port);
      return host === null ? [] : [host];
    },
  });
  return { url: server.url, port: server.port, close: () => server.close(), signer: service.signer };
}
