// Callers: a TokenSource gets this service's tokens from the token endpoint of __ISSUER__ with the
// service's client certificate, keeps each until 30 s before it expires, and Transport sends it in
// the X-Service-Token header of every request. Standard library only.
//
//	tlsConfig, err := servicetoken.ClientTLS("fullchain.pem", "key.pem", "ca.pem")
//	if err != nil {
//		log.Fatal(err)
//	}
//	source := servicetoken.NewTokenSource(servicetoken.TokenEndpoint, "__CALLEE__", tlsConfig)
//	client := &http.Client{Transport: &servicetoken.Transport{
//		Source: source,
//		Base:   &http.Transport{TLSClientConfig: tlsConfig},
//	}}
//	response, err := client.Post("https://__CALLEE__:8443/__CALLEE_ACTION__", "application/json", body)
//
// The token's sub is the CommonName of the client certificate (__SERVICE__), so the called service
// accepts it only over a connection made with that same certificate.
// __CALLS__
package servicetoken

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"
)

// TokenEndpoint is where tokens come from: GET {TokenEndpoint}/token?aud=<service>, over mutual TLS.
// __ENDPOINT_NOTE__
const TokenEndpoint = "__TOKEN_URL__"

// RefreshBefore is how long before its exp a token is replaced by a new one.
const RefreshBefore = 30 * time.Second

// ClientTLS is a TLS configuration with this service's client certificate (fullchain.pem and
// key.pem of its Certwright bundle) that trusts the root in ca.pem.
func ClientTLS(certFile, keyFile, caFile string) (*tls.Config, error) {
	certificate, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("loading the client certificate: %w", err)
	}
	caPEM, err := os.ReadFile(caFile)
	if err != nil {
		return nil, err
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		return nil, fmt.Errorf("%s holds no certificates", caFile)
	}
	return &tls.Config{Certificates: []tls.Certificate{certificate}, RootCAs: roots, MinVersion: tls.VersionTLS12}, nil
}

// TokenSource hands out tokens for one audience: the service they let this one call.
type TokenSource struct {
	endpoint string
	audience string
	client   *http.Client

	mu      sync.Mutex
	token   string
	expires time.Time
}

// NewTokenSource gets tokens for audience from endpoint, connecting with tlsConfig's client certificate.
func NewTokenSource(endpoint, audience string, tlsConfig *tls.Config) *TokenSource {
	return &TokenSource{
		endpoint: strings.TrimRight(endpoint, "/"),
		audience: audience,
		client:   &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: tlsConfig}},
	}
}

// Token returns the cached token, or a new one when the cached one expires within RefreshBefore.
func (s *TokenSource) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.token != "" && time.Until(s.expires) > RefreshBefore {
		return s.token, nil
	}
	asked := time.Now()
	token, lifetime, err := s.fetch(ctx)
	if err != nil {
		return "", err
	}
	s.token, s.expires = token, asked.Add(lifetime)
	return token, nil
}

func (s *TokenSource) fetch(ctx context.Context) (string, time.Duration, error) {
	address := s.endpoint + "/token?" + url.Values{"aud": {s.audience}}.Encode()
	request, err := http.NewRequestWithContext(ctx, http.MethodGet, address, nil)
	if err != nil {
		return "", 0, err
	}
	response, err := s.client.Do(request)
	if err != nil {
		return "", 0, fmt.Errorf("servicetoken: getting a token for %s: %w", s.audience, err)
	}
	defer response.Body.Close()
	body, err := io.ReadAll(io.LimitReader(response.Body, 64<<10))
	if err != nil {
		return "", 0, fmt.Errorf("servicetoken: getting a token for %s: %w", s.audience, err)
	}
	if response.StatusCode != http.StatusOK {
		return "", 0, fmt.Errorf("servicetoken: the token endpoint refused a token for %s: %s: %s", s.audience, response.Status, strings.TrimSpace(string(body)))
	}
	var answer struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int64  `json:"expires_in"`
		Scope       string `json:"scope"`
	}
	if err := json.Unmarshal(body, &answer); err != nil {
		return "", 0, fmt.Errorf("servicetoken: the token endpoint's answer is not JSON: %w", err)
	}
	if answer.AccessToken == "" || !strings.EqualFold(answer.TokenType, "Bearer") || answer.ExpiresIn <= 0 {
		return "", 0, errors.New("servicetoken: the token endpoint's answer has no Bearer access_token with an expires_in")
	}
	return answer.AccessToken, time.Duration(answer.ExpiresIn) * time.Second, nil
}

// Transport is an http.RoundTripper that sends Source's token in X-Service-Token with every request.
type Transport struct {
	Source *TokenSource
	// Base makes the requests; it must present the same client certificate as Source. Nil:
	// http.DefaultTransport (which has none: the called service then refuses the token).
	Base http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(request *http.Request) (*http.Response, error) {
	token, err := t.Source.Token(request.Context())
	if err != nil {
		if request.Body != nil {
			request.Body.Close()
		}
		return nil, err
	}
	withToken := request.Clone(request.Context())
	withToken.Header.Set("X-Service-Token", token)
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	return base.RoundTrip(withToken)
}
