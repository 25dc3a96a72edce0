// Command __SERVICE__-server is an HTTPS server that requires client certificates (mTLS) and
// picks up a renewed certificate without a restart: when fullchain.pem or key.pem changes on disk,
// the next handshake loads the new pair. It answers with the client certificate's common name.
//
//	go run server-reload.go -addr :__PORT__ -dir __CERT_DIR__
//
// Replace the files atomically (write elsewhere, then rename) so a handshake never sees half a file.
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
	"sync"
	"time"
)

func main() {
	addr := flag.String("addr", envOr("LISTEN_ADDR", ":__PORT__"), "address to listen on (env LISTEN_ADDR)")
	dir := flag.String("dir", envOr("CERT_DIR", "__CERT_DIR__"), "directory with fullchain.pem, key.pem and ca.pem (env CERT_DIR)")
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
	log.Printf("__SERVICE__: listening on %s (mTLS, reloading certificates)", *addr)
	log.Fatal(server.ListenAndServeTLS("", ""))
}

// whoAmI answers with the verified client certificate's common name.
func whoAmI(w http.ResponseWriter, r *http.Request) {
	client := r.TLS.VerifiedChains[0][0]
	fmt.Fprintf(w, "hello, %s\n", client.Subject.CommonName)
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

func envOr(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}
