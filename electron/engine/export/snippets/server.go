// Command __SERVICE__-server is an HTTPS server that requires client certificates (mTLS).
// It answers every request with the common name of the client's certificate.
//
//	go run server.go -addr :__PORT__ -dir __CERT_DIR__
//
// Files (from the Certwright bundle): fullchain.pem + key.pem (this server's certificate chain and
// key) and ca.pem (the root that client certificates must chain to).
// __NO_KEY_NOTE__
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
	addr := flag.String("addr", envOr("LISTEN_ADDR", ":__PORT__"), "address to listen on (env LISTEN_ADDR)")
	dir := flag.String("dir", envOr("CERT_DIR", "__CERT_DIR__"), "directory with fullchain.pem, key.pem and ca.pem (env CERT_DIR)")
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
	log.Printf("__SERVICE__: listening on %s (mTLS)", *addr)
	log.Fatal(server.ListenAndServeTLS("", ""))
}

// whoAmI answers with the verified client certificate's common name.
func whoAmI(w http.ResponseWriter, r *http.Request) {
	client := r.TLS.VerifiedChains[0][0]
	fmt.Fprintf(w, "hello, %s\n", client.Subject.CommonName)
}

func envOr(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}
