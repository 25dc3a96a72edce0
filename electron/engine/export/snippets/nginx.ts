import { noKeyLine, type Context } from './context.js';

/** An nginx server block that requires client certificates, passing verified requests upstream. */
export function nginx(c: Context, crlPath: string | null, verifyDepth: number, upstream: string): string {
  const listen = c.kind === 'ipv6' ? `[::]:${c.port}` : `${c.port}`;
  return `# nginx: HTTPS for ${c.service} that requires client certificates (mTLS).
# Goes inside the http { } block, e.g. /etc/nginx/conf.d/${c.service}.conf${noKeyLine(c, '#')}
server {
    listen ${listen} ssl;
    server_name ${c.kind === 'dns' ? c.host : '_'};

    # This server's certificate followed by the intermediates, and its private key (mode 0600).
    ssl_certificate     ${c.dir}/fullchain.pem;
    ssl_certificate_key ${c.dir}/key.pem;

    # Clients must present a certificate that chains to this root, and send their
    # intermediates with it (fullchain.pem), or add those to this file.
    ssl_client_certificate ${c.dir}/ca.pem;
    ssl_verify_client on;
    ssl_verify_depth ${verifyDepth};
${crlPath ? `    # The CRL of every CA in the client's chain (root and intermediates, PEM, concatenated):\n    # nginx checks each level and refuses every client when one CRL is missing or expired.\n    ssl_crl ${crlPath};\n` : ''}
    ssl_protocols TLSv1.2 TLSv1.3;

    location / {
        # The verified client identity, for the application behind nginx.
        proxy_set_header X-Client-Subject $ssl_client_s_dn;
        proxy_set_header X-Client-Verify  $ssl_client_verify;
        proxy_pass ${upstream};
    }
}
`;
}
