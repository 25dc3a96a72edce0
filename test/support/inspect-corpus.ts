/**
 * Inputs made by outside tools (OpenSSL, GnuTLS certtool) for the inspector's tests, fuzzing and
 * benchmark: every format it reads, generated fresh in a temporary directory.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runPeer } from './peers.js';

export const CORPUS_PASSWORD = 'corpus secret';

export interface CorpusItem {
  readonly name: string;
  readonly file: string;
  /** What the inspector must find in it, in order (object kinds). */
  readonly kinds: readonly string[];
  readonly password: string | null;
  /** Certificates in it that OpenSSL prints for comparison, as PEM files. */
  readonly certificates: readonly string[];
}

async function run(command: string, args: readonly string[]): Promise<string> {
  const result = await runPeer(command, args);
  assert.equal(result.code, 0, `${command} ${args.join(' ')}\n${result.stderr}`);
  return result.stdout;
}

export async function makeCorpus(dir: string): Promise<CorpusItem[]> {
  const f = (name: string) => join(dir, name);
  const ossl = (...args: string[]) => run('openssl', args);
  await ossl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('root.key'), '-out', f('root.pem'), '-subj', '/C=DE/O=Corpus Org/CN=Corpus Root', '-days', '3650', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  await ossl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('leaf.key'), '-out', f('leaf.csr'), '-subj', '/O=Corpus Org/OU=Payments, EU/CN=svc.corpus.test');
  await writeFile(f('leaf.ext'), 'subjectAltName=DNS:svc.corpus.test,DNS:*.corpus.test,IP:10.1.2.3,URI:spiffe://corpus.test/svc\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\nbasicConstraints=critical,CA:FALSE\n');
  await ossl('x509', '-req', '-in', f('leaf.csr'), '-CA', f('root.pem'), '-CAkey', f('root.key'), '-days', '90', '-extfile', f('leaf.ext'), '-out', f('leaf.pem'));
  await ossl('x509', '-in', f('leaf.pem'), '-outform', 'DER', '-out', f('leaf.der'));
  await ossl('x509', '-in', f('root.pem'), '-outform', 'DER', '-out', f('root.der'));
  await ossl('req', '-in', f('leaf.csr'), '-outform', 'DER', '-out', f('leaf.csr.der'));
  await ossl('pkey', '-in', f('leaf.key'), '-traditional', '-out', f('leaf.rsa.key'));
  await ossl('pkey', '-in', f('leaf.key'), '-outform', 'DER', '-out', f('leaf.key.der'));
  await ossl('pkcs8', '-topk8', '-in', f('leaf.key'), '-v2', 'aes-256-cbc', '-passout', `pass:${CORPUS_PASSWORD}`, '-out', f('leaf.enc.key'));
  await ossl('rsa', '-in', f('leaf.key'), '-aes256', '-traditional', '-passout', `pass:${CORPUS_PASSWORD}`, '-out', f('leaf.legacy-enc.key'));
  await ossl('ec', '-in', f('root.key'), '-out', f('root.sec1.key'));
  await ossl('genpkey', '-algorithm', 'ed25519', '-out', f('ed.key'));
  await ossl('pkey', '-in', f('leaf.key'), '-pubout', '-out', f('leaf.pub'));
  await ossl('rsa', '-in', f('leaf.key'), '-RSAPublicKey_out', '-out', f('leaf.rsapub'));
  await ossl('crl2pkcs7', '-nocrl', '-certfile', f('leaf.pem'), '-certfile', f('root.pem'), '-out', f('chain.p7b'));
  await ossl('crl2pkcs7', '-nocrl', '-certfile', f('leaf.pem'), '-certfile', f('root.pem'), '-outform', 'DER', '-out', f('chain.p7b.der'));
  await ossl('pkcs12', '-export', '-in', f('leaf.pem'), '-inkey', f('leaf.key'), '-certfile', f('root.pem'), '-name', 'svc', '-passout', `pass:${CORPUS_PASSWORD}`, '-out', f('modern.p12'));
  await ossl('pkcs12', '-export', '-legacy', '-in', f('leaf.pem'), '-inkey', f('leaf.key'), '-passout', `pass:${CORPUS_PASSWORD}`, '-out', f('legacy.p12'));
  // GnuTLS: a self-signed server certificate and a CRL of the root revoking the leaf.
  await run('certtool', ['--generate-privkey', '--key-type', 'ecdsa', '--outfile', f('gnutls.key')]);
  await writeFile(f('gnutls.tmpl'), 'cn = "gnutls.corpus.test"\norganization = "GnuTLS Corpus"\ndns_name = "gnutls.corpus.test"\nip_address = "192.0.2.7"\ntls_www_server\nsigning_key\nexpiration_days = 200\nserial = 4660\n');
  await run('certtool', ['--generate-self-signed', '--load-privkey', f('gnutls.key'), '--template', f('gnutls.tmpl'), '--outfile', f('gnutls.pem')]);
  await writeFile(f('crl.tmpl'), 'crl_next_update = 14\ncrl_number = 7\n');
  await run('certtool', ['--generate-crl', '--load-ca-privkey', f('root.key'), '--load-ca-certificate', f('root.pem'), '--load-certificate', f('leaf.pem'), '--template', f('crl.tmpl'), '--outfile', f('root.crl')]);
  await writeFile(f('fullchain.pem'), (await readFile(f('leaf.pem'), 'utf8')) + (await readFile(f('root.pem'), 'utf8')) + (await readFile(f('leaf.key'), 'utf8')));

  const certs = (...names: string[]) => names.map(f);
  return [
    { name: 'PEM certificate (openssl)', file: f('leaf.pem'), kinds: ['certificate'], password: null, certificates: certs('leaf.pem') },
    { name: 'DER certificate', file: f('leaf.der'), kinds: ['certificate'], password: null, certificates: certs('leaf.pem') },
    { name: 'DER root', file: f('root.der'), kinds: ['certificate'], password: null, certificates: certs('root.pem') },
    { name: 'PEM certificate (certtool)', file: f('gnutls.pem'), kinds: ['certificate'], password: null, certificates: certs('gnutls.pem') },
    { name: 'PEM chain with its key', file: f('fullchain.pem'), kinds: ['certificate', 'certificate', 'private-key'], password: null, certificates: certs('leaf.pem', 'root.pem') },
    { name: 'PKCS#10 PEM', file: f('leaf.csr'), kinds: ['csr'], password: null, certificates: [] },
    { name: 'PKCS#10 DER', file: f('leaf.csr.der'), kinds: ['csr'], password: null, certificates: [] },
    { name: 'PKCS#8 PEM key', file: f('leaf.key'), kinds: ['private-key'], password: null, certificates: [] },
    { name: 'PKCS#8 DER key', file: f('leaf.key.der'), kinds: ['private-key'], password: null, certificates: [] },
    { name: 'PKCS#1 RSA key', file: f('leaf.rsa.key'), kinds: ['private-key'], password: null, certificates: [] },
    { name: 'SEC1 EC key', file: f('root.sec1.key'), kinds: ['private-key'], password: null, certificates: [] },
    { name: 'Ed25519 key', file: f('ed.key'), kinds: ['private-key'], password: null, certificates: [] },
    { name: 'encrypted PKCS#8', file: f('leaf.enc.key'), kinds: ['private-key'], password: CORPUS_PASSWORD, certificates: [] },
    { name: 'legacy encrypted PEM', file: f('leaf.legacy-enc.key'), kinds: ['private-key'], password: CORPUS_PASSWORD, certificates: [] },
    { name: 'SPKI public key', file: f('leaf.pub'), kinds: ['public-key'], password: null, certificates: [] },
    { name: 'PKCS#1 RSA public key', file: f('leaf.rsapub'), kinds: ['public-key'], password: null, certificates: [] },
    { name: 'PKCS#7 PEM', file: f('chain.p7b'), kinds: ['pkcs7', 'certificate', 'certificate'], password: null, certificates: certs('leaf.pem', 'root.pem') },
    { name: 'PKCS#7 DER', file: f('chain.p7b.der'), kinds: ['pkcs7', 'certificate', 'certificate'], password: null, certificates: certs('leaf.pem', 'root.pem') },
    { name: 'PKCS#12 (OpenSSL 3 default, AES)', file: f('modern.p12'), kinds: ['pkcs12', 'certificate', 'certificate', 'private-key'], password: CORPUS_PASSWORD, certificates: certs('leaf.pem', 'root.pem') },
    { name: 'PKCS#12 legacy (3DES/RC2)', file: f('legacy.p12'), kinds: ['pkcs12', 'certificate', 'private-key'], password: CORPUS_PASSWORD, certificates: certs('leaf.pem') },
    { name: 'CRL (certtool)', file: f('root.crl'), kinds: ['crl'], password: null, certificates: [] },
  ];
}

/** What `openssl x509 -text` says about a certificate, for comparison. */
export interface OpensslFacts {
  readonly serialHex: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly subject: string;
  readonly sans: string[];
  readonly keyBits: number;
}

export function parseOpensslText(text: string): OpensslFacts {
  const serialLine = /Serial Number:\s*(?:(\d+) \(0x([0-9a-f]+)\)|\n\s*([0-9a-f:]+))/i.exec(text);
  assert.ok(serialLine, `no serial in\n${text.slice(0, 400)}`);
  const serialHex = (serialLine[2] ?? serialLine[3]!.replace(/:/g, '')).toUpperCase().replace(/^0+(?=.)/, '');
  const date = (label: string) => new Date(new RegExp(`${label}\\s*:\\s*(.+ GMT)`).exec(text)![1]!);
  const sanBlock = /X509v3 Subject Alternative Name:.*\n\s*(.+)/.exec(text)?.[1] ?? '';
  const sans = sanBlock
    .split(', ')
    .filter(Boolean)
    .map((s) => s.replace(/^IP Address:/, 'IP: ').replace(/^DNS:/, 'DNS: ').replace(/^URI:/, 'URI: ').replace(/^email:/, 'Email: '));
  return {
    serialHex,
    notBefore: date('Not Before'),
    notAfter: date('Not After'),
    subject: /Subject: (.*)/.exec(text)?.[1]?.trim() ?? '',
    sans,
    keyBits: Number(/Public-Key: \((\d+) bit\)/.exec(text)?.[1] ?? (/ED25519 Public-Key/.test(text) ? 256 : 0)),
  };
}
