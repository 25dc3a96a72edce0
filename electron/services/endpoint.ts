/**
 * Live endpoint inspection: connect, take what the server served (in its order), the protocol and
 * cipher, whether it asked for a client certificate and from which CAs, and diagnose the served chain
 * exactly as a file would be — with the host name checked by default.
 */
import { isIP } from 'node:net';
import type { EndpointReport, EndpointRequest, InspectionReport, InspectOptions } from '../../shared/domain/inspect.js';
import { caNameText, probeTls } from './tls-probe.js';

export interface ClientBundle {
  readonly certificatePem: string;
  readonly keyPem: string;
  readonly commonName: string;
}

export async function describeEndpoint(
  request: EndpointRequest & InspectOptions,
  client: ClientBundle | null,
  /** Inspects what `target` served. */
  inspect: (served: Uint8Array[], target: string, options: InspectOptions) => Promise<InspectionReport>,
  /** Per connection (the probe's default when absent): the endpoint watch cuts its probes shorter. */
  timeoutMs?: number,
): Promise<EndpointReport> {
  const target = `${isIP(request.host) === 6 ? `[${request.host}]` : request.host}:${request.port}`;
  const servername = request.servername ?? (isIP(request.host) ? null : request.host);
  const probe = await probeTls({ host: request.host, port: request.port, servername, client: client ? { certificatePem: client.certificatePem, keyPem: client.keyPem } : null, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
  // What the server sent is judged for the name the client asked for, unless the user typed another.
  const options: InspectOptions = { hostCheck: request.hostCheck ?? servername ?? request.host, role: request.role === 'any' ? 'server' : request.role, useSystemStore: request.useSystemStore };
  const report = await inspect(probe.served, target, options);
  return {
    target,
    address: probe.address,
    servername,
    protocol: probe.protocol,
    cipher: probe.cipher,
    alpn: probe.alpn,
    clientCertificateRequested: probe.clientCertificateRequested,
    acceptableCaNames: probe.acceptableCaNames.map(caNameText),
    chainOrder: probe.chainOrder,
    clientCertificate: client && probe.clientCertificate ? { commonName: client.commonName, accepted: probe.clientCertificate.accepted, message: probe.clientCertificate.message } : null,
    failure: probe.failure,
    reached: probe.reached,
    report,
  };
}
