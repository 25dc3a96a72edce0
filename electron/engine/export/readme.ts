/** README.txt for an export bundle: each file in plain words, what is secret, where things go. */
import { FILE_NAMES, SECRET_MODE, type BundleFile } from './pem-set.js';

export interface ReadmeInput {
  /** The certificate's common name, for the heading. */
  readonly commonName: string;
  readonly files: readonly BundleFile[];
  /** "2026-12-25T00:00:00.000Z" or similar; shown as the expiry. */
  readonly notAfter?: string;
  /** Names of extra files (e.g. snippets) with a one-line description each. */
  readonly extras?: Readonly<Record<string, string>>;
}

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  [FILE_NAMES.cert]: 'This certificate alone (PEM). Use it where a program asks for "the certificate" and gets the intermediates separately (e.g. openssl s_client -cert with -cert_chain chain.pem).',
  [FILE_NAMES.certDer]: 'The same certificate in binary DER form, for tools that do not read PEM (some Java and Windows tools).',
  [FILE_NAMES.key]: 'The private key of this certificate (unencrypted PKCS#8 PEM). SECRET: whoever has it can act as this service. Keep it on the machine that uses it, readable only by the service account (chmod 600), and never commit it to version control.',
  [FILE_NAMES.encryptedKey]: 'The private key, encrypted with a password (PKCS#8, PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC). Still treat it as secret (chmod 600). Decrypt with: openssl pkey -in key.enc.pem -out key.pem',
  [FILE_NAMES.chain]: 'The intermediate CA certificates, nearest to this certificate first. Servers and clients send these along with their own certificate so the other side can build the chain to the root.',
  [FILE_NAMES.ca]: 'The root CA certificate: the trust anchor. This side uses it to check the other side: a server checks client certificates with it (nginx ssl_client_certificate, Go ClientCAs), a client checks the server with it (curl --cacert, Go RootCAs). Every party under the same CA needs it. It is public.',
  [FILE_NAMES.fullchain]: 'This certificate followed by the intermediates, in one file. This is what most servers want as "the certificate" (nginx ssl_certificate, Go tls.LoadX509KeyPair, Kubernetes tls.crt).',
  [FILE_NAMES.p7b]: 'The certificate chain as PKCS#7 (.p7b, PEM). For Windows certificate import and Java keytool -importcert. Contains no key.',
  [FILE_NAMES.p7bDer]: 'The same PKCS#7 chain in binary DER form.',
  'bundle.p12': 'Certificate, chain and private key in one password-protected PKCS#12 file, for Windows, macOS Keychain and Java keystores. SECRET.',
  'bundle.pfx': 'Certificate, chain and private key in one password-protected PKCS#12 file, for Windows, macOS Keychain and Java keystores. SECRET.',
};

const SECRET_NAMES = new Set<string>([FILE_NAMES.key, FILE_NAMES.encryptedKey, 'bundle.p12', 'bundle.pfx']);

function wrap(text: string, width = 76, indent = '    '): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width - indent.length) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

export function buildReadme(input: ReadmeInput): string {
  const names = input.files.map((f) => f.name).filter((n) => n !== FILE_NAMES.readme);
  const secrets = input.files.filter((f) => f.secret || SECRET_NAMES.has(f.name)).map((f) => f.name);
  const out: string[] = [];
  out.push(`Certificate bundle for ${input.commonName}`);
  out.push('='.repeat(Math.min(76, out[0]!.length)));
  out.push('');
  if (input.notAfter) out.push(`The certificate expires on ${input.notAfter.slice(0, 10)}. Replace these files before then.`, '');
  out.push('Files', '-----', '');
  for (const name of names) {
    const file = input.files.find((f) => f.name === name)!;
    const description = DESCRIPTIONS[name] ?? (file.secret ? 'SECRET: contains private key material.' : 'Part of this bundle.');
    out.push(name, wrap(description), '');
  }
  for (const [name, description] of Object.entries(input.extras ?? {})) out.push(name, wrap(description), '');

  out.push('Secrets', '-------', '');
  if (secrets.length === 0) {
    out.push(wrap('This bundle holds no private key; every file in it is public and may be shared. The private key stays wherever the certificate request (CSR) was made.', 76, ''));
  } else {
    out.push(wrap(`Secret files: ${secrets.join(', ')}. Give them mode 0${SECRET_MODE.toString(8)} (owner read/write only) and the service's own user as owner, for example:`, 76, ''));
    out.push('');
    for (const name of secrets) out.push(`    chmod 600 ${name}`);
    out.push('');
    out.push(wrap('Do not e-mail them, paste them into chats or tickets, or commit them. If one leaks, revoke the certificate in Certwright and issue a new one.', 76, ''));
  }
  out.push('');
  out.push('Where things go', '---------------', '');
  out.push(wrap('On the server: fullchain.pem and key.pem are its identity; ca.pem decides which clients it accepts. On a client: fullchain.pem and key.pem are its identity; ca.pem decides which servers it trusts. Only ca.pem (and chain.pem) may be handed to other parties.', 76, ''));
  out.push('');
  return out.join('\n');
}
