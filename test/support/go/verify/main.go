// Command verify is the Go peer of Certwright's tests: it judges certificates the way a Go program
// does, with crypto/x509 and crypto/tls of the Go installed here (Go 1.19, standard library only),
// and prints the error text Go gives.
//
// It reads JSON arrays of requests on stdin, one after another, and for each writes one JSON array of
// answers, in the same order, on one line of stdout, until stdin ends: a test file keeps one process
// for all its questions, and asks hundreds of them in one array when it has them at once. Requests:
//
//	{"kind":"verify", "leaf":PEM, "intermediates":[PEM…], "roots":[PEM…],
//	 "usage":"server"|"client"|"any", "dnsName":"", "time":"RFC 3339 or empty for now"}
//	    (*x509.Certificate).Verify: ok, or err.Error(); "chain" names the chain it built.
//	{"kind":"keypair", "cert":PEM, "key":PEM}
//	    tls.X509KeyPair: what a Go server says about a certificate and key that do not belong together.
//	{"kind":"handshake", "serverChain":PEM, "serverKey":PEM, "clientChain":PEM or "", "clientKey":PEM or "",
//	 "serverRoots":[PEM…] (what the client trusts), "clientRoots":[PEM…] (what the server trusts for
//	 clients; the server requires and verifies a client certificate), "serverName":"", "time":""}
//	    A TLS handshake between a Go client and a Go server on 127.0.0.1: "clientError" and
//	    "serverError" are each side's error (the client's after reading the server's first bytes,
//	    which is when a TLS 1.3 client hears that its certificate was refused).
//	{"kind":"dial", "address":"127.0.0.1:port", "serverName":"", "serverRoots":[PEM…],
//	 "clientChain":PEM or "", "clientKey":PEM or "", "time":""}
//	    A Go client against a server the test runs: "clientError" as above.
//
// Build: GO111MODULE=off go build (no module, nothing to download).
package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"
)

type request struct {
	ID            string   `json:"id"`
	Kind          string   `json:"kind"`
	Leaf          string   `json:"leaf"`
	Intermediates []string `json:"intermediates"`
	Roots         []string `json:"roots"`
	Usage         string   `json:"usage"`
	DNSName       string   `json:"dnsName"`
	Time          string   `json:"time"`
	Cert          string   `json:"cert"`
	Key           string   `json:"key"`
	ServerChain   string   `json:"serverChain"`
	ServerKey     string   `json:"serverKey"`
	ClientChain   string   `json:"clientChain"`
	ClientKey     string   `json:"clientKey"`
	ServerRoots   []string `json:"serverRoots"`
	ClientRoots   []string `json:"clientRoots"`
	ServerName    string   `json:"serverName"`
	Address       string   `json:"address"`
}

type answer struct {
	ID          string   `json:"id"`
	OK          bool     `json:"ok"`
	Error       string   `json:"error"`
	Chain       []string `json:"chain,omitempty"`
	ClientError string   `json:"clientError,omitempty"`
	ServerError string   `json:"serverError,omitempty"`
}

func certificates(texts []string) ([]*x509.Certificate, error) {
	var out []*x509.Certificate
	for _, text := range texts {
		rest := []byte(text)
		for {
			var block *pem.Block
			block, rest = pem.Decode(rest)
			if block == nil {
				break
			}
			if block.Type != "CERTIFICATE" {
				continue
			}
			cert, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, err
			}
			out = append(out, cert)
		}
	}
	return out, nil
}

func pool(texts []string) (*x509.CertPool, error) {
	certs, err := certificates(texts)
	if err != nil {
		return nil, err
	}
	p := x509.NewCertPool()
	for _, c := range certs {
		p.AddCert(c)
	}
	return p, nil
}

func clock(text string) (time.Time, error) {
	if text == "" {
		return time.Now(), nil
	}
	return time.Parse(time.RFC3339, text)
}

func name(c *x509.Certificate) string {
	if c.Subject.CommonName != "" {
		return c.Subject.CommonName
	}
	return c.Subject.String()
}

func verify(r request) answer {
	a := answer{ID: r.ID}
	leaves, err := certificates([]string{r.Leaf})
	if err == nil && len(leaves) == 0 {
		err = errors.New("no certificate")
	}
	if err != nil {
		a.Error = err.Error()
		return a
	}
	intermediates, err := pool(r.Intermediates)
	if err != nil {
		a.Error = err.Error()
		return a
	}
	roots, err := pool(r.Roots)
	if err != nil {
		a.Error = err.Error()
		return a
	}
	now, err := clock(r.Time)
	if err != nil {
		a.Error = err.Error()
		return a
	}
	usage := map[string]x509.ExtKeyUsage{"server": x509.ExtKeyUsageServerAuth, "client": x509.ExtKeyUsageClientAuth, "any": x509.ExtKeyUsageAny}[r.Usage]
	chains, err := leaves[0].Verify(x509.VerifyOptions{Intermediates: intermediates, Roots: roots, DNSName: r.DNSName, CurrentTime: now, KeyUsages: []x509.ExtKeyUsage{usage}})
	if err != nil {
		a.Error = err.Error()
		return a
	}
	a.OK = true
	for _, c := range chains[0] {
		a.Chain = append(a.Chain, name(c))
	}
	return a
}

func keypair(r request) answer {
	if _, err := tls.X509KeyPair([]byte(r.Cert), []byte(r.Key)); err != nil {
		return answer{ID: r.ID, Error: err.Error()}
	}
	return answer{ID: r.ID, OK: true}
}

func handshake(r request) answer {
	a := answer{ID: r.ID}
	fail := func(err error) answer {
		a.Error = err.Error()
		return a
	}
	now, err := clock(r.Time)
	if err != nil {
		return fail(err)
	}
	serverPair, err := tls.X509KeyPair([]byte(r.ServerChain), []byte(r.ServerKey))
	if err != nil {
		return fail(fmt.Errorf("server pair: %w", err))
	}
	serverRoots, err := pool(r.ServerRoots)
	if err != nil {
		return fail(err)
	}
	clientRoots, err := pool(r.ClientRoots)
	if err != nil {
		return fail(err)
	}
	at := func() time.Time { return now }
	serverConfig := &tls.Config{Certificates: []tls.Certificate{serverPair}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: clientRoots, Time: at}
	clientConfig := &tls.Config{RootCAs: serverRoots, ServerName: r.ServerName, Time: at}
	if r.ClientChain != "" {
		clientPair, err := tls.X509KeyPair([]byte(r.ClientChain), []byte(r.ClientKey))
		if err != nil {
			return fail(fmt.Errorf("client pair: %w", err))
		}
		clientConfig.Certificates = []tls.Certificate{clientPair}
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fail(err)
	}
	defer listener.Close()
	deadline := time.Now().Add(10 * time.Second)
	serverDone := make(chan error, 1)
	go func() {
		conn, err := listener.Accept()
		if err != nil {
			serverDone <- err
			return
		}
		defer conn.Close()
		_ = conn.SetDeadline(deadline)
		server := tls.Server(conn, serverConfig)
		err = server.Handshake()
		if err == nil {
			_, err = server.Write([]byte("ok"))
		}
		serverDone <- err
	}()
	clientErr := clientSide(listener.Addr().String(), clientConfig, deadline)
	serverErr := <-serverDone
	if clientErr != nil {
		a.ClientError = clientErr.Error()
	}
	if serverErr != nil {
		a.ServerError = serverErr.Error()
	}
	a.OK = clientErr == nil && serverErr == nil
	a.Error = strings.TrimSpace(a.ClientError + "\n" + a.ServerError)
	return a
}

// clientSide connects, shakes hands and reads the server's first two bytes: a TLS 1.3 client learns
// that its certificate was refused only then.
func clientSide(address string, config *tls.Config, deadline time.Time) error {
	conn, err := net.Dial("tcp", address)
	if err != nil {
		return err
	}
	defer conn.Close()
	_ = conn.SetDeadline(deadline)
	client := tls.Client(conn, config)
	err = client.Handshake()
	if err == nil {
		_, err = io.ReadFull(client, make([]byte, 2))
	}
	return err
}

func dial(r request) answer {
	a := answer{ID: r.ID}
	now, err := clock(r.Time)
	if err != nil {
		a.Error = err.Error()
		return a
	}
	roots, err := pool(r.ServerRoots)
	if err != nil {
		a.Error = err.Error()
		return a
	}
	config := &tls.Config{RootCAs: roots, ServerName: r.ServerName, Time: func() time.Time { return now }}
	if r.ClientChain != "" {
		pair, err := tls.X509KeyPair([]byte(r.ClientChain), []byte(r.ClientKey))
		if err != nil {
			a.Error = fmt.Sprintf("client pair: %v", err)
			return a
		}
		config.Certificates = []tls.Certificate{pair}
	}
	if err := clientSide(r.Address, config, time.Now().Add(10*time.Second)); err != nil {
		a.ClientError = err.Error()
		a.Error = a.ClientError
		return a
	}
	a.OK = true
	return a
}

func judge(r request) answer {
	var a answer
	switch r.Kind {
	case "verify":
		a = verify(r)
	case "keypair":
		a = keypair(r)
	case "handshake":
		a = handshake(r)
	case "dial":
		a = dial(r)
	default:
		fmt.Fprintln(os.Stderr, "verify: unknown kind", r.Kind)
		os.Exit(2)
	}
	a.ID = r.ID
	return a
}

func main() {
	decoder := json.NewDecoder(os.Stdin)
	encoder := json.NewEncoder(os.Stdout)
	for {
		var requests []request
		if err := decoder.Decode(&requests); err == io.EOF {
			return
		} else if err != nil {
			fmt.Fprintln(os.Stderr, "verify: reading the requests:", err)
			os.Exit(2)
		}
		answers := make([]answer, len(requests))
		for i, r := range requests {
			answers[i] = judge(r)
		}
		// One line per batch, written at once: the test reads it while this process waits for the next.
		if err := encoder.Encode(answers); err != nil {
			fmt.Fprintln(os.Stderr, "verify: writing the answers:", err)
			os.Exit(2)
		}
	}
}
