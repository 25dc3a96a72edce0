// Command servicetoken-peer runs the generated package servicetoken (Certwright's Go snippets,
// rendered for one service and built beside this file by test/interop/jwt-go.interop.test.ts) for
// real: HTTP servers with RequireServiceToken and gRPC health servers with its interceptors, on
// 127.0.0.1 with mutual TLS, and Go clients that call them — with a token given by the test, or
// with the snippets' own TokenSource, Transport and PerRPCCredentials.
//
// One JSON request per line on stdin, one JSON answer per line on stdout, in order. With -now, the
// clock golang-jwt judges exp, nbf and iat by is pinned to that Unix time (the test's vault mints
// at the same instant, so "token is expired by …" can be compared to the second).
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"certwright.test/servicetoken"

	"github.com/golang-jwt/jwt/v4"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/health"
	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

type request struct {
	ID string `json:"id"`
	Op string `json:"op"`

	// serve
	Issuer    string `json:"issuer"`
	Algorithm string `json:"algorithm"`
	JWKS      string `json:"jwks"`
	Policy    string `json:"policy"`

	// TLS material (PEM files): serve uses the server's, the calls a client's
	Cert string `json:"cert"`
	Key  string `json:"key"`
	CA   string `json:"ca"`

	// calls
	URL      string  `json:"url"`
	Addr     string  `json:"addr"`
	Token    *string `json:"token"`
	Method   string  `json:"method"`
	Endpoint string  `json:"endpoint"`
	Audience string  `json:"audience"`
	Times    int     `json:"times"`
}

type answer struct {
	ID    string `json:"id"`
	Error string `json:"error,omitempty"`

	// serve
	HTTP   string     `json:"http,omitempty"`
	GRPC   string     `json:"grpc,omitempty"`
	Config *generated `json:"config,omitempty"`

	// calls
	Status  int      `json:"status,omitempty"`
	Body    string   `json:"body,omitempty"`
	Code    string   `json:"code,omitempty"`
	Message string   `json:"message,omitempty"`
	Results []answer `json:"results,omitempty"`

	// logs
	Lines []string `json:"lines,omitempty"`
}

// generated is what DefaultConfig says: the values Certwright filled in.
type generated struct {
	Issuer     string `json:"issuer"`
	Audience   string `json:"audience"`
	Algorithm  string `json:"algorithm"`
	JWKSFile   string `json:"jwksFile"`
	PolicyFile string `json:"policyFile"`
}

// logs collects what the middleware logs, for the test to read.
type logs struct {
	mu    sync.Mutex
	lines []string
}

func (l *logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func (l *logs) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	lines := l.lines
	l.lines = nil
	return lines
}

var collected = &logs{}

func main() {
	now := flag.Int64("now", 0, "pin golang-jwt's clock to this Unix time")
	flag.Parse()
	if *now > 0 {
		pinned := time.Unix(*now, 0)
		jwt.TimeFunc = func() time.Time { return pinned }
	}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 16<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var req request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			log.Fatalf("bad request: %v", err)
		}
		a := handle(req)
		a.ID = req.ID
		if err := out.Encode(a); err != nil {
			log.Fatal(err)
		}
	}
}

func handle(req request) answer {
	switch req.Op {
	case "serve":
		return serve(req)
	case "http":
		return httpCall(req, req.Token)
	case "grpc":
		return grpcCall(req)
	case "client-http":
		return clientHTTP(req)
	case "client-grpc":
		return clientGRPC(req)
	case "logs":
		return answer{Lines: collected.take()}
	}
	return answer{Error: "unknown op " + req.Op}
}

func failed(err error) answer { return answer{Error: err.Error()} }

func pool(caFile string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, err
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%s holds no certificates", caFile)
	}
	return roots, nil
}

// ---- Servers -----------------------------------------------------------------------------------

func serve(req request) answer {
	cfg := servicetoken.DefaultConfig()
	cfg.JWKSFile, cfg.PolicyFile = req.JWKS, req.Policy
	if req.Issuer != "" {
		cfg.Issuer = req.Issuer
	}
	if req.Algorithm != "" {
		cfg.Algorithm = req.Algorithm
	}
	d := servicetoken.DefaultConfig()
	filled := &generated{Issuer: d.Issuer, Audience: d.Audience, Algorithm: d.Algorithm, JWKSFile: d.JWKSFile, PolicyFile: d.PolicyFile}
	cfg.Logger = log.New(collected, "", 0)

	certificate, err := tls.LoadX509KeyPair(req.Cert, req.Key)
	if err != nil {
		return failed(err)
	}
	roots, err := pool(req.CA)
	if err != nil {
		return failed(err)
	}
	tlsConfig := &tls.Config{Certificates: []tls.Certificate{certificate}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: roots, MinVersion: tls.VersionTLS12}

	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		claims, ok := servicetoken.ClaimsFrom(r.Context())
		if !ok {
			http.Error(w, "no claims in the context", http.StatusInternalServerError)
			return
		}
		fmt.Fprintf(w, "accepted %s for %s", claims.Subject, r.URL.Path)
	})
	httpListener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return failed(err)
	}
	server := &http.Server{Handler: servicetoken.RequireServiceToken(cfg)(mux), TLSConfig: tlsConfig, ErrorLog: log.New(io.Discard, "", 0), ReadHeaderTimeout: 10 * time.Second}
	go server.ServeTLS(httpListener, "", "")

	grpcListener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return failed(err)
	}
	grpcServer := grpc.NewServer(
		grpc.Creds(credentials.NewTLS(tlsConfig)),
		grpc.UnaryInterceptor(servicetoken.UnaryServerInterceptor(cfg)),
		grpc.StreamInterceptor(servicetoken.StreamServerInterceptor(cfg)),
	)
	grpc_health_v1.RegisterHealthServer(grpcServer, health.NewServer())
	go grpcServer.Serve(grpcListener)

	return answer{HTTP: httpListener.Addr().String(), GRPC: grpcListener.Addr().String(), Config: filled}
}

// ---- Calls with a token the test gives ---------------------------------------------------------

func clientTLS(req request) (*tls.Config, error) {
	return servicetoken.ClientTLS(req.Cert, req.Key, req.CA)
}

func httpCall(req request, token *string) answer {
	tlsConfig, err := clientTLS(req)
	if err != nil {
		return failed(err)
	}
	transport := &http.Transport{TLSClientConfig: tlsConfig}
	defer transport.CloseIdleConnections()
	method := req.Method
	if method == "" {
		method = http.MethodPost
	}
	r, err := http.NewRequest(method, req.URL, bytes.NewReader(nil))
	if err != nil {
		return failed(err)
	}
	if token != nil {
		r.Header.Set(servicetoken.HeaderName, *token)
	}
	return send(&http.Client{Transport: transport, Timeout: 10 * time.Second}, r)
}

func send(client *http.Client, r *http.Request) answer {
	response, err := client.Do(r)
	if err != nil {
		return failed(err)
	}
	defer response.Body.Close()
	body, err := io.ReadAll(response.Body)
	if err != nil {
		return failed(err)
	}
	return answer{Status: response.StatusCode, Body: string(body)}
}

func dial(req request, options ...grpc.DialOption) (*grpc.ClientConn, error) {
	tlsConfig, err := clientTLS(req)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return grpc.DialContext(ctx, req.Addr, append(options, grpc.WithTransportCredentials(credentials.NewTLS(tlsConfig)), grpc.WithBlock())...)
}

// healthCall calls Check (unary) or Watch (a stream: its first message) and reports the status.
func healthCall(ctx context.Context, conn *grpc.ClientConn, method string) answer {
	client := grpc_health_v1.NewHealthClient(conn)
	var err error
	switch method {
	case "watch":
		var stream grpc_health_v1.Health_WatchClient
		if stream, err = client.Watch(ctx, &grpc_health_v1.HealthCheckRequest{}); err == nil {
			_, err = stream.Recv()
		}
	default:
		_, err = client.Check(ctx, &grpc_health_v1.HealthCheckRequest{})
	}
	s := status.Convert(err)
	return answer{Code: s.Code().String(), Message: s.Message()}
}

func grpcCall(req request) answer {
	conn, err := dial(req)
	if err != nil {
		return failed(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if req.Token != nil {
		ctx = metadata.AppendToOutgoingContext(ctx, servicetoken.MetadataKey, *req.Token)
	}
	return healthCall(ctx, conn, req.Method)
}

// ---- Calls with the snippets' own client -------------------------------------------------------

func source(req request) (*servicetoken.TokenSource, *tls.Config, error) {
	tlsConfig, err := clientTLS(req)
	if err != nil {
		return nil, nil, err
	}
	endpoint := req.Endpoint
	if endpoint == "" {
		endpoint = servicetoken.TokenEndpoint
	}
	return servicetoken.NewTokenSource(endpoint, req.Audience, tlsConfig), tlsConfig, nil
}

// clientHTTP makes Times requests through one Transport: the token is fetched once and reused.
func clientHTTP(req request) answer {
	tokens, tlsConfig, err := source(req)
	if err != nil {
		return failed(err)
	}
	base := &http.Transport{TLSClientConfig: tlsConfig}
	defer base.CloseIdleConnections()
	client := &http.Client{Transport: &servicetoken.Transport{Source: tokens, Base: base}, Timeout: 10 * time.Second}
	var results []answer
	for i := 0; i < req.Times || i == 0; i++ {
		r, err := http.NewRequest(http.MethodPost, req.URL, bytes.NewReader([]byte("{}")))
		if err != nil {
			return failed(err)
		}
		results = append(results, send(client, r))
	}
	return answer{Results: results}
}

func clientGRPC(req request) answer {
	tokens, _, err := source(req)
	if err != nil {
		return failed(err)
	}
	conn, err := dial(req, grpc.WithPerRPCCredentials(servicetoken.PerRPCCredentials(tokens)))
	if err != nil {
		return failed(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if a := healthCall(ctx, conn, req.Method); a.Code != "OK" {
		return a
	}
	return healthCall(ctx, conn, req.Method)
}
