import { noKeyLine, shellQuote, type Context } from './context.js';

/** `openssl s_client`: the handshake, presenting the bundle's certificate, verified. */
export function sClient(c: Context): string {
  const verify = c.kind === 'dns' ? `-servername ${c.host} -verify_hostname ${c.host}` : `-verify_ip ${c.host}`;
  const chain = c.hasChain ? ' -cert_chain chain.pem' : '';
  return `# Show the TLS handshake with ${c.service}, presenting this bundle's certificate (run in the bundle folder).${noKeyLine(c, '#')}
openssl s_client -connect ${shellQuote(c.hostPort)} ${verify} -CAfile ca.pem -cert cert.pem${chain} -key key.pem -verify_return_error -brief </dev/null
`;
}
