import { noKeyLine, shellQuote, type Context } from './context.js';

/** curl with the bundle's client certificate. */
export function curl(c: Context): string {
  return `# Call ${c.service} with this bundle's client certificate (run in the bundle folder).${noKeyLine(c, '#')}
curl ${c.kind === 'ipv6' ? '--globoff ' : ''}--cacert ca.pem --cert fullchain.pem --key key.pem ${shellQuote(c.url)}
`;
}
