/**
 * Configuration text for one export bundle, using the bundle's own file names (cert.pem, key.pem,
 * ca.pem, fullchain.pem, chain.pem): Go (net/http, standard library only), gRPC-Go, nginx, a
 * Kubernetes TLS Secret, curl and `openssl s_client`. Every name that ends up in YAML, shell or Go
 * is validated first, so the text can be pasted as is.
 */
import { FILE_NAMES, fileBytes, type BundleFile } from './pem-set.js';

export type SnippetLanguage = 'go' | 'nginx' | 'yaml' | 'shell';

export interface Snippet {
  readonly id: string;
  readonly title: string;
  readonly language: SnippetLanguage;
  /** Suggested file name when saved. */
  readonly filename: string;
  readonly text: string;
  /** True when `text` embeds the private key (the Kubernetes Secret): treat like key.pem. */
  readonly secret: boolean;
  /** True for a complete program/command; false for a fragment that needs more around it. */
  readonly complete: boolean;
}

export interface SnippetInput {
  /** The service's name: letters, digits, ".", "_" and "-", starting and ending with a letter or digit. */
  readonly serviceName: string;
  /** The server's DNS name or IP address, as clients dial it. */
  readonly host: string;
  readonly port: number;
  /** The files of the bundle ({@link pemSet}); which exist decides what the snippets reference. */
  readonly files: readonly BundleFile[];
  /** Where the files will live on the server; default /etc/certwright/<serviceName>. */
  readonly directory?: string;
  /** A CRL file on the server, for nginx's ssl_crl. */
  readonly crlPath?: string | null;
  /** Where nginx passes verified requests on to; default http://127.0.0.1:8080 (the application). */
  readonly upstream?: string;
}

export class SnippetInputError extends Error {}

const SERVICE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const DNS_NAME = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/;
const ABSOLUTE_PATH = /^\/(?:[A-Za-z0-9._-]+\/?)*$/;
/** An nginx proxy_pass target: http(s), a host name or IPv4 address, an optional port; nothing nginx would read as syntax. */
const UPSTREAM = /^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?$/;
const DEFAULT_UPSTREAM = 'http://127.0.0.1:8080';

type HostKind = 'dns' | 'ipv4' | 'ipv6';

function hostKind(host: string): HostKind {
  if (IPV4.test(host)) return 'ipv4';
  if (host.includes(':') && IPV6.test(host)) return 'ipv6';
  if (DNS_NAME.test(host) && !/^\d+(\.\d+)*$/.test(host)) return 'dns';
  throw new SnippetInputError(`"${host}" is not a DNS name or an IP address`);
}

function checkPath(label: string, path: string): string {
  if (!ABSOLUTE_PATH.test(path) || path.split('/').includes('..')) {
    throw new SnippetInputError(`${label} must be an absolute path of letters, digits, ".", "_", "-" and "/"`);
  }
  return path.length > 1 ? path.replace(/\/$/, '') : path;
}

/** A Kubernetes object name (RFC 1123 label) derived from the service name. */
export function kubernetesName(serviceName: string): string {
  const name = serviceName.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 59).replace(/-$/, '');
  if (!name) throw new SnippetInputError('The service name has no letters or digits for a Kubernetes name');
  return name;
}

/** POSIX shell quoting: bare when safe, else single quotes. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9._/:=@%+,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function goString(value: string): string {
  return JSON.stringify(value); // ASCII-only inputs: a JSON string is a valid Go string literal.
}

interface Context {
  readonly service: string;
  readonly host: string;
  readonly kind: HostKind;
  readonly port: number;
  readonly dir: string;
  readonly hasKey: boolean;
  readonly hasChain: boolean;
  /** host:port as Go and openssl dial it (IPv6 in brackets). */
  readonly hostPort: string;
  readonly url: string;
}

function context(input: SnippetInput): Context {
  if (!SERVICE_NAME.test(input.serviceName)) {
    throw new SnippetInputError('The service name may hold letters, digits, ".", "_" and "-" (at most 63), and must start and end with a letter or digit');
  }
  const kind = hostKind(input.host);
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535) throw new SnippetInputError('The port must be a number from 1 to 65535');
  const dir = checkPath('The directory', input.directory ?? `/etc/certwright/${input.serviceName}`);
  const names = new Set(input.files.map((f) => f.name));
  for (const required of [FILE_NAMES.cert, FILE_NAMES.ca, FILE_NAMES.fullchain]) {
    if (!names.has(required)) throw new SnippetInputError(`The bundle has no ${required}`);
  }
  const hostPort = kind === 'ipv6' ? `[${input.host}]:${input.port}` : `${input.host}:${input.port}`;
  return {
    service: input.serviceName,
    host: input.host,
    kind,
    port: input.port,
    dir,
    hasKey: names.has(FILE_NAMES.key),
    hasChain: names.has(FILE_NAMES.chain),
    hostPort,
    url: `https://${hostPort}/`,
  };
}

const NO_KEY_NOTE = `key.pem is not in this bundle (the certificate was issued from a CSR): use the private key that made the CSR.`;

function goEnvOr(): string {
  return `func envOr(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}`;
}

function goServerStatic(c: Context): string {
  return `// Command ${c.service}-server is an HTTPS server that requires client certificates (mTLS).
// It answers every request with the common name of the client's certificate.
//
//	go run server.go -addr :${c.port} -dir ${c.dir}
//
// Files (from the Certwright bundle): fullchain.pem + key.pem (this server's certificate chain and
// key) and ca.pem (the root that client certificates must chain to).${c.hasKey ? '' : `\n// ${NO_KEY_NOTE}`}
package main

import (
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

func main() {
	addr := flag.String("addr", envOr("LISTEN_ADDR", ":${c.port}"), "address to listen on (env LISTEN_ADDR)")
	dir := flag.String("dir", envOr("CERT_DIR", ${goString(c.dir)}), "directory with fullchain.pem, key.pem and ca.pem (env CERT_DIR)")
	flag.Parse()

	certificate, err := tls.LoadX509KeyPair(filepath.Join(*dir, "fullchain.pem"), filepath.Join(*dir, "key.pem"))
	if err != nil {
		log.Fatalf("loading the server certificate: %v", err)
	}
	caPEM, err := os.ReadFile(filepath.Join(*dir, "ca.pem"))
	if err != nil {
		log.Fatalf("reading ca.pem: %v", err)
	}
	clientCAs := x509.NewCertPool()
	if !clientCAs.AppendCertsFromPEM(caPEM) {
		log.Fatal("ca.pem holds no certificates")
	}

	server := &http.Server{
		Addr:    *addr,
		Handler: http.HandlerFunc(whoAmI),
		TLSConfig: &tls.Config{
			Certificates: []tls.Certificate{certificate},
			ClientCAs:    clientCAs,
			ClientAuth:   tls.RequireAndVerifyClientCert,
			MinVersion:   tls.VersionTLS12,
		},
		ReadHeaderTimeout: 10 * time.Second,
	}
	log.Printf("${c.service}: listening on %s (mTLS)", *addr)
	log.Fatal(server.ListenAndServeTLS("", ""))
}

// whoAmI answers with the verified client certificate's common name.
func whoAmI(w http.ResponseWriter, r *http.Request) {
	client := r.TLS.VerifiedChains[0][0]
	fmt.Fprintf(w, "hello, %s\\n", client.Subject.CommonName)
}

${goEnvOr()}
`;
}

function goServerReload(c: Context): string {
  return `// Command ${c.service}-server is an HTTPS server that requires client certificates (mTLS) and
// picks up a renewed certificate without a restart: when fullchain.pem or key.pem changes on disk,
// the next handshake loads the new pair. It answers with the client certificate's common name.
//
//	go run server-reload.go -addr :${c.port} -dir ${c.dir}
//
// Replace the files atomically (write elsewhere, then rename) so a handshake never sees half a file.${c.hasKey ? '' : `\n// ${NO_KEY_NOTE}`}
package main

import (
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"
)

func main() {
	addr := flag.String("addr", envOr("LISTEN_ADDR", ":${c.port}"), "address to listen on (env LISTEN_ADDR)")
	dir := flag.String("dir", envOr("CERT_DIR", ${goString(c.dir)}), "directory with fullchain.pem, key.pem and ca.pem (env CERT_DIR)")
	flag.Parse()

	reloader := &certReloader{certFile: filepath.Join(*dir, "fullchain.pem"), keyFile: filepath.Join(*dir, "key.pem")}
	if _, err := reloader.GetCertificate(nil); err != nil {
		log.Fatalf("loading the server certificate: %v", err)
	}
	caPEM, err := os.ReadFile(filepath.Join(*dir, "ca.pem"))
	if err != nil {
		log.Fatalf("reading ca.pem: %v", err)
	}
	clientCAs := x509.NewCertPool()
	if !clientCAs.AppendCertsFromPEM(caPEM) {
		log.Fatal("ca.pem holds no certificates")
	}

	server := &http.Server{
		Addr:    *addr,
		Handler: http.HandlerFunc(whoAmI),
		TLSConfig: &tls.Config{
			GetCertificate: reloader.GetCertificate,
			ClientCAs:      clientCAs,
			ClientAuth:     tls.RequireAndVerifyClientCert,
			MinVersion:     tls.VersionTLS12,
		},
		ReadHeaderTimeout: 10 * time.Second,
	}
	log.Printf("${c.service}: listening on %s (mTLS, reloading certificates)", *addr)
	log.Fatal(server.ListenAndServeTLS("", ""))
}

// whoAmI answers with the verified client certificate's common name.
func whoAmI(w http.ResponseWriter, r *http.Request) {
	client := r.TLS.VerifiedChains[0][0]
	fmt.Fprintf(w, "hello, %s\\n", client.Subject.CommonName)
}

// certReloader serves the pair in certFile/keyFile, loading it again when either file's
// modification time or size changes. If a reload fails it keeps serving the previous pair.
type certReloader struct {
	certFile, keyFile string

	mu       sync.Mutex
	current  *tls.Certificate
	certStat os.FileInfo
	keyStat  os.FileInfo
}

func sameFile(a, b os.FileInfo) bool {
	return a != nil && b != nil && a.ModTime().Equal(b.ModTime()) && a.Size() == b.Size()
}

func (r *certReloader) GetCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	certStat, certErr := os.Stat(r.certFile)
	keyStat, keyErr := os.Stat(r.keyFile)

	r.mu.Lock()
	defer r.mu.Unlock()
	if r.current != nil && (certErr != nil || keyErr != nil || (sameFile(certStat, r.certStat) && sameFile(keyStat, r.keyStat))) {
		return r.current, nil
	}
	pair, err := tls.LoadX509KeyPair(r.certFile, r.keyFile)
	if err != nil {
		if r.current != nil {
			log.Printf("keeping the previous certificate: %v", err)
			return r.current, nil
		}
		return nil, err
	}
	if r.current != nil {
		log.Printf("reloaded %s", r.certFile)
	}
	r.current, r.certStat, r.keyStat = &pair, certStat, keyStat
	return r.current, nil
}

${goEnvOr()}
`;
}

function goClient(c: Context): string {
  return `// Command ${c.service}-client calls an mTLS server with this bundle's client certificate and
// prints the response body.
//
//	go run client.go -url ${c.url} -dir .
//
// Files: fullchain.pem + key.pem (this client's certificate chain and key) and ca.pem (the root the
// server's certificate must chain to).${c.hasKey ? '' : `\n// ${NO_KEY_NOTE}`}
package main

import (
	"crypto/tls"
	"crypto/x509"
	"flag"
	"io"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

func main() {
	url := flag.String("url", envOr("SERVER_URL", ${goString(c.url)}), "URL to GET (env SERVER_URL)")
	dir := flag.String("dir", envOr("CERT_DIR", "."), "directory with fullchain.pem, key.pem and ca.pem (env CERT_DIR)")
	flag.Parse()

	certificate, err := tls.LoadX509KeyPair(filepath.Join(*dir, "fullchain.pem"), filepath.Join(*dir, "key.pem"))
	if err != nil {
		log.Fatalf("loading the client certificate: %v", err)
	}
	caPEM, err := os.ReadFile(filepath.Join(*dir, "ca.pem"))
	if err != nil {
		log.Fatalf("reading ca.pem: %v", err)
	}
	rootCAs := x509.NewCertPool()
	if !rootCAs.AppendCertsFromPEM(caPEM) {
		log.Fatal("ca.pem holds no certificates")
	}

	transport := &http.Transport{
		TLSClientConfig: &tls.Config{
			RootCAs:      rootCAs,
			Certificates: []tls.Certificate{certificate},
			MinVersion:   tls.VersionTLS12,
		},
	}
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}

	response, err := client.Get(*url)
	if err != nil {
		log.Fatalf("GET %s: %v", *url, err)
	}
	defer response.Body.Close()
	body, err := io.ReadAll(response.Body)
	if err != nil {
		log.Fatalf("reading the response: %v", err)
	}
	if response.StatusCode != http.StatusOK {
		log.Fatalf("GET %s: %s\\n%s", *url, response.Status, body)
	}
	os.Stdout.Write(body)
}

${goEnvOr()}
`;
}

function grpcServer(c: Context): string {
  return `// Snippet: a gRPC server that requires client certificates. Needs google.golang.org/grpc in
// go.mod; register your services where marked.${c.hasKey ? '' : `\n// ${NO_KEY_NOTE}`}
import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"log"
	"net"
	"os"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/peer"
)

func serveGRPC() {
	certificate, err := tls.LoadX509KeyPair(${goString(`${c.dir}/fullchain.pem`)}, ${goString(`${c.dir}/key.pem`)})
	if err != nil {
		log.Fatal(err)
	}
	caPEM, err := os.ReadFile(${goString(`${c.dir}/ca.pem`)})
	if err != nil {
		log.Fatal(err)
	}
	clientCAs := x509.NewCertPool()
	if !clientCAs.AppendCertsFromPEM(caPEM) {
		log.Fatal("ca.pem holds no certificates")
	}
	creds := credentials.NewTLS(&tls.Config{
		Certificates: []tls.Certificate{certificate},
		ClientCAs:    clientCAs,
		ClientAuth:   tls.RequireAndVerifyClientCert,
		MinVersion:   tls.VersionTLS12,
	})
	server := grpc.NewServer(grpc.Creds(creds))
	// pb.RegisterYourServiceServer(server, &yourService{})
	listener, err := net.Listen("tcp", ":${c.port}")
	if err != nil {
		log.Fatal(err)
	}
	log.Fatal(server.Serve(listener))
}

// clientName is the verified client certificate's common name, inside a handler.
func clientName(ctx context.Context) string {
	p, ok := peer.FromContext(ctx)
	if !ok {
		return ""
	}
	info, ok := p.AuthInfo.(credentials.TLSInfo)
	if !ok || len(info.State.VerifiedChains) == 0 {
		return ""
	}
	return info.State.VerifiedChains[0][0].Subject.CommonName
}
`;
}

function grpcClient(c: Context): string {
  return `// Snippet: a gRPC client connection with this bundle's client certificate. Needs
// google.golang.org/grpc (1.63 or later for grpc.NewClient) in go.mod.${c.hasKey ? '' : `\n// ${NO_KEY_NOTE}`}
import (
	"crypto/tls"
	"crypto/x509"
	"log"
	"os"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
)

func dialGRPC() *grpc.ClientConn {
	certificate, err := tls.LoadX509KeyPair("fullchain.pem", "key.pem")
	if err != nil {
		log.Fatal(err)
	}
	caPEM, err := os.ReadFile("ca.pem")
	if err != nil {
		log.Fatal(err)
	}
	rootCAs := x509.NewCertPool()
	if !rootCAs.AppendCertsFromPEM(caPEM) {
		log.Fatal("ca.pem holds no certificates")
	}
	creds := credentials.NewTLS(&tls.Config{
		RootCAs:      rootCAs,
		Certificates: []tls.Certificate{certificate},
		MinVersion:   tls.VersionTLS12,
	})
	conn, err := grpc.NewClient(${goString(c.hostPort)}, grpc.WithTransportCredentials(creds))
	if err != nil {
		log.Fatal(err)
	}
	return conn // client := pb.NewYourServiceClient(conn)
}
`;
}

function nginx(c: Context, crlPath: string | null, verifyDepth: number, upstream: string): string {
  const listen = c.kind === 'ipv6' ? `[::]:${c.port}` : `${c.port}`;
  return `# nginx: HTTPS for ${c.service} that requires client certificates (mTLS).
# Goes inside the http { } block, e.g. /etc/nginx/conf.d/${c.service}.conf${c.hasKey ? '' : `\n# ${NO_KEY_NOTE}`}
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

function base64(f: BundleFile | undefined): string {
  return f ? Buffer.from(fileBytes(f)).toString('base64') : '';
}

function kubernetesSecret(c: Context, files: readonly BundleFile[]): string {
  const byName = (name: string) => files.find((f) => f.name === name);
  const name = `${kubernetesName(c.service)}-tls`;
  const key = byName(FILE_NAMES.key);
  return `# Kubernetes TLS Secret for ${c.service}: tls.crt = fullchain.pem, tls.key = key.pem, ca.crt = ca.pem.
${key ? '# It holds the private key: keep this file as secret as key.pem.\n' : `# ${NO_KEY_NOTE}\n# Put its PEM, base64-encoded, in tls.key before applying.\n`}apiVersion: v1
kind: Secret
metadata:
  name: ${name}
  labels:
    app.kubernetes.io/name: ${JSON.stringify(c.service)}
    app.kubernetes.io/managed-by: certwright
type: kubernetes.io/tls
data:
  tls.crt: ${base64(byName(FILE_NAMES.fullchain))}
  tls.key: ${key ? base64(key) : '""'}
  ca.crt: ${base64(byName(FILE_NAMES.ca))}
`;
}

function curl(c: Context): string {
  return `# Call ${c.service} with this bundle's client certificate (run in the bundle folder).${c.hasKey ? '' : `\n# ${NO_KEY_NOTE}`}
curl ${c.kind === 'ipv6' ? '--globoff ' : ''}--cacert ca.pem --cert fullchain.pem --key key.pem ${shellQuote(c.url)}
`;
}

function sClient(c: Context): string {
  const verify = c.kind === 'dns' ? `-servername ${c.host} -verify_hostname ${c.host}` : `-verify_ip ${c.host}`;
  const chain = c.hasChain ? ' -cert_chain chain.pem' : '';
  return `# Show the TLS handshake with ${c.service}, presenting this bundle's certificate (run in the bundle folder).${c.hasKey ? '' : `\n# ${NO_KEY_NOTE}`}
openssl s_client -connect ${shellQuote(c.hostPort)} ${verify} -CAfile ca.pem -cert cert.pem${chain} -key key.pem -verify_return_error -brief </dev/null
`;
}

/** All snippets for a bundle, in a fixed order. Throws {@link SnippetInputError} for unsafe input. */
export function buildSnippets(input: SnippetInput): Snippet[] {
  const c = context(input);
  const crlPath = input.crlPath ? checkPath('The CRL path', input.crlPath) : null;
  const upstream = input.upstream ?? DEFAULT_UPSTREAM;
  if (!UPSTREAM.test(upstream)) throw new SnippetInputError('The upstream must be an http(s) URL of a host and an optional port, such as http://127.0.0.1:8080');
  const intermediates = input.files.find((f) => f.name === FILE_NAMES.chain);
  const intermediateCount = intermediates && typeof intermediates.contents === 'string' ? (intermediates.contents.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length : 0;
  // Clients are assumed to sit under the same CA hierarchy as this certificate: leaf + intermediates.
  const verifyDepth = Math.max(2, intermediateCount + 1);
  const s = (id: string, title: string, language: SnippetLanguage, filename: string, text: string, complete: boolean, secret = false): Snippet => ({ id, title, language, filename, text, complete, secret });
  return [
    s('go-server', 'Go HTTPS server with client certificates (net/http)', 'go', 'server.go', goServerStatic(c), true),
    s('go-server-reload', 'Go HTTPS server that reloads renewed certificates', 'go', 'server-reload.go', goServerReload(c), true),
    s('go-client', 'Go HTTPS client with a client certificate', 'go', 'client.go', goClient(c), true),
    s('grpc-go-server', 'gRPC-Go server credentials (snippet)', 'go', 'grpc_server.go', grpcServer(c), false),
    s('grpc-go-client', 'gRPC-Go client credentials (snippet)', 'go', 'grpc_client.go', grpcClient(c), false),
    s('nginx', 'nginx server block', 'nginx', `${c.service}.conf`, nginx(c, crlPath, verifyDepth, upstream), false),
    s('kubernetes-secret', 'Kubernetes TLS Secret', 'yaml', `${kubernetesName(c.service)}-tls-secret.yaml`, kubernetesSecret(c, input.files), true, c.hasKey),
    s('curl', 'curl with a client certificate', 'shell', 'curl.sh', curl(c), true),
    s('openssl-s-client', 'openssl s_client handshake check', 'shell', 's_client.sh', sClient(c), true),
  ];
}
