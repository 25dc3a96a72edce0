// RequireServiceToken: net/http middleware that lets a request through only with a valid service
// token for __SERVICE__ in its X-Service-Token header, sent over mutual TLS by the service the token
// names. Needs servicetoken.go and servicetoken_keys.go.
//
//	handler := servicetoken.RequireServiceToken(servicetoken.DefaultConfig())(mux)
//	server := &http.Server{Addr: ":8443", Handler: handler, TLSConfig: &tls.Config{
//		ClientAuth: tls.RequireAndVerifyClientCert, // the token's sub must be this certificate's CommonName
//		ClientCAs:  rootCAs,                        // ca.pem of the authority of the callers' certificates
//		MinVersion: tls.VersionTLS12,
//	}}
//	log.Fatal(server.ListenAndServeTLS("fullchain.pem", "key.pem"))
//
// A handler reads the caller's verified claims with servicetoken.ClaimsFrom(r.Context()).
package servicetoken

import (
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// HeaderName is the header a caller sends its token in.
const HeaderName = "X-Service-Token"

// RequireServiceToken refuses a request, in this order: without a token (401), with a token that
// golang-jwt does not accept (401, its error), without exp (401), from another issuer (401), for
// another audience (401), whose sub is not the CommonName of the verified client certificate
// (401), or for an action the policy does not grant sub (403). The body is the reason, as text.
func RequireServiceToken(cfg Config) func(http.Handler) http.Handler {
	v := newVerifier(cfg)
	actionOf := cfg.ActionOf
	if actionOf == nil {
		actionOf = lastPathSegment
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// Only a certificate the TLS handshake verified counts: PeerCertificates alone may be
			// unverified (tls.RequestClientCert, tls.RequireAnyClientCert).
			var peer *x509.Certificate
			if r.TLS != nil && len(r.TLS.VerifiedChains) > 0 && len(r.TLS.VerifiedChains[0]) > 0 {
				peer = r.TLS.VerifiedChains[0][0]
			}
			claims, refused := v.check(r.Header.Get(HeaderName), "missing X-Service-Token header", peer, cfg.Audience+":"+actionOf(r))
			if refused == nil {
				next.ServeHTTP(w, r.WithContext(withClaims(r.Context(), claims)))
				return
			}
			v.logRefusal(claims, fmt.Sprintf("path=%q", r.URL.Path), refused)
			status := http.StatusUnauthorized
			switch refused.kind {
			case forbidden:
				status = http.StatusForbidden
			case unavailable:
				status = http.StatusInternalServerError
			}
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("X-Content-Type-Options", "nosniff")
			w.WriteHeader(status)
			io.WriteString(w, refused.reason)
		})
	}
}

// lastPathSegment is the default action of a request: POST /charge → "charge", /v1/orders/ → "orders".
func lastPathSegment(r *http.Request) string {
	path := strings.TrimRight(r.URL.Path, "/")
	return path[strings.LastIndex(path, "/")+1:]
}
