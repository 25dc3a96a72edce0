// Command __SERVICE__-client calls an mTLS server with this bundle's client certificate and
// prints the response body.
//
//	go run client.go -url __URL__ -dir .
//
// Files: fullchain.pem + key.pem (this client's certificate chain and key) and ca.pem (the root the
// server's certificate must chain to).
// __NO_KEY_NOTE__
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
	url := flag.String("url", envOr("SERVER_URL", "__URL__"), "URL to GET (env SERVER_URL)")
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
		log.Fatalf("GET %s: %s\n%s", *url, response.Status, body)
	}
	os.Stdout.Write(body)
}

func envOr(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}
