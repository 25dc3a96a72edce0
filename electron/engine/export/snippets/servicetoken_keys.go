// The files servicetoken's checks read: the issuer's JWKS (__JWKS_FILE__, exported from
// Certwright: Token issuers → __ISSUER__ → Export JWKS) and service-policy.json (Services → Export
// policy). Each is read again when its size or modification time changes; a version that cannot
// be read or parsed is logged and the last good one stays in use.
package servicetoken

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"math/big"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"
)

// reloading is what was parsed from a file, parsed again when the file changes.
type reloading[T any] struct {
	path  string
	parse func([]byte) (T, error)
	log   *log.Logger

	mu      sync.Mutex
	seen    bool // size and modTime describe the version last read
	size    int64
	modTime time.Time
	value   T
	good    bool // value was parsed from some version of the file
	problem string
}

func newReloading[T any](path string, parse func([]byte) (T, error), logger *log.Logger) *reloading[T] {
	return &reloading[T]{path: path, parse: parse, log: logger}
}

func (f *reloading[T]) load() (T, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	info, err := os.Stat(f.path)
	if err != nil {
		return f.keep(err)
	}
	if f.seen && info.Size() == f.size && info.ModTime().Equal(f.modTime) {
		if f.good {
			return f.value, nil
		}
		return f.value, errors.New(f.problem)
	}
	f.seen, f.size, f.modTime = true, info.Size(), info.ModTime()
	data, err := os.ReadFile(f.path)
	if err != nil {
		return f.keep(err)
	}
	value, err := f.parse(data)
	if err != nil {
		return f.keep(fmt.Errorf("%s: %w", f.path, err))
	}
	f.value, f.good, f.problem = value, true, ""
	return value, nil
}

// keep answers a failed read with the last good version (logging the problem once), or with the error.
func (f *reloading[T]) keep(err error) (T, error) {
	if !f.good {
		f.problem = err.Error()
		return f.value, err
	}
	if err.Error() != f.problem {
		f.problem = err.Error()
		f.log.Printf("servicetoken: %v (still using the version read before)", err)
	}
	return f.value, nil
}

// ---- The issuer's JWKS -----------------------------------------------------------------------

type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	Use string `json:"use"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
	N   string `json:"n"`
	E   string `json:"e"`
}

// Members only a private key has: a JWKS that carries any of them is refused.
var privateMembers = []string{"d", "p", "q", "dp", "dq", "qi", "oth", "k"}

// parseJWKS reads {"keys":[…]} into the keys golang-jwt verifies with, by kid: *ecdsa.PublicKey
// (ES256), *rsa.PublicKey (RS256) or ed25519.PublicKey (EdDSA). Keys for other algorithms are skipped.
func parseJWKS(algorithm string) func([]byte) (map[string]interface{}, error) {
	return func(data []byte) (map[string]interface{}, error) {
		var set struct {
			Keys []json.RawMessage `json:"keys"`
		}
		if err := json.Unmarshal(data, &set); err != nil {
			return nil, fmt.Errorf("not a JWKS: %w", err)
		}
		keys := make(map[string]interface{})
		for i, raw := range set.Keys {
			var members map[string]json.RawMessage
			if err := json.Unmarshal(raw, &members); err != nil {
				return nil, fmt.Errorf("key %d: %w", i, err)
			}
			for _, name := range privateMembers {
				if _, ok := members[name]; ok {
					return nil, fmt.Errorf("key %d holds private key material (%q): export the public keys only", i, name)
				}
			}
			var k jwk
			if err := json.Unmarshal(raw, &k); err != nil {
				return nil, fmt.Errorf("key %d: %w", i, err)
			}
			if k.Kid == "" || (k.Alg != "" && k.Alg != algorithm) || (k.Use != "" && k.Use != "sig") {
				continue
			}
			key, err := publicKey(k, algorithm)
			if err != nil {
				return nil, fmt.Errorf("key %q: %w", k.Kid, err)
			}
			if key == nil {
				continue
			}
			if _, dup := keys[k.Kid]; dup {
				return nil, fmt.Errorf("kid %q appears twice", k.Kid)
			}
			keys[k.Kid] = key
		}
		if len(keys) == 0 {
			return nil, fmt.Errorf("no %s signing key in the JWKS", algorithm)
		}
		return keys, nil
	}
}

// publicKey is the JWK as a Go public key for algorithm; nil when it is a key of another type.
func publicKey(k jwk, algorithm string) (interface{}, error) {
	switch {
	case algorithm == "ES256" && k.Kty == "EC":
		if k.Crv != "P-256" {
			return nil, fmt.Errorf("curve %q is not P-256", k.Crv)
		}
		x, errX := coordinate(k.X, 32)
		y, errY := coordinate(k.Y, 32)
		if errX != nil || errY != nil {
			return nil, errors.New("x and y must be 32 bytes each, base64url")
		}
		if !elliptic.P256().IsOnCurve(x, y) {
			return nil, errors.New("the point is not on P-256")
		}
		return &ecdsa.PublicKey{Curve: elliptic.P256(), X: x, Y: y}, nil
	case algorithm == "RS256" && k.Kty == "RSA":
		n, errN := base64.RawURLEncoding.DecodeString(k.N)
		e, errE := base64.RawURLEncoding.DecodeString(k.E)
		if errN != nil || errE != nil || len(e) == 0 || len(e) > 4 {
			return nil, errors.New("n and e must be base64url")
		}
		key := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
		if key.N.BitLen() < 2048 {
			return nil, fmt.Errorf("an RSA key of %d bits is too small (2048 at least)", key.N.BitLen())
		}
		return key, nil
	case algorithm == "EdDSA" && k.Kty == "OKP":
		if k.Crv != "Ed25519" {
			return nil, fmt.Errorf("curve %q is not Ed25519", k.Crv)
		}
		x, err := base64.RawURLEncoding.DecodeString(k.X)
		if err != nil || len(x) != ed25519.PublicKeySize {
			return nil, errors.New("x must be 32 bytes, base64url")
		}
		return ed25519.PublicKey(x), nil
	}
	return nil, nil
}

func coordinate(text string, size int) (*big.Int, error) {
	b, err := base64.RawURLEncoding.DecodeString(text)
	if err != nil || len(b) != size {
		return nil, errors.New("bad coordinate")
	}
	return new(big.Int).SetBytes(b), nil
}

// ---- service-policy.json -----------------------------------------------------------------------

// policy is service-policy.json:
//
//	{"version": 1, "services": {"order-service": {"calls": ["payment-service:charge"], "tokenMinutes": 5},
//	                            "payment-service": {"calls": []}}}
type policy struct {
	Version  int                      `json:"version"`
	Services map[string]policyService `json:"services"`
}

type policyService struct {
	Calls        []string `json:"calls"`
	TokenMinutes *int     `json:"tokenMinutes,omitempty"`
}

var (
	serviceName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	actionName  = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9._-]{0,62}$`)
)

// splitAction splits "service:action"; ok is false when either half is not a name.
func splitAction(value string) (service, action string, ok bool) {
	service, action, found := strings.Cut(value, ":")
	return service, action, found && serviceName.MatchString(service) && actionName.MatchString(action)
}

// parsePolicy refuses what Certwright refuses: unknown fields, another version, a call that is not
// "service:action", or one to a service the policy does not declare.
func parsePolicy(data []byte) (*policy, error) {
	var p policy
	decoder := json.NewDecoder(bytes.NewReader(data))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&p); err != nil {
		return nil, fmt.Errorf("not a service policy: %w", err)
	}
	if decoder.More() {
		return nil, errors.New("not a service policy: more than one JSON value")
	}
	if p.Version != 1 {
		return nil, fmt.Errorf(`"version" must be 1, not %d`, p.Version)
	}
	if p.Services == nil {
		return nil, errors.New(`missing "services"`)
	}
	for name, entry := range p.Services {
		if !serviceName.MatchString(name) {
			return nil, fmt.Errorf("%q is not a service name", name)
		}
		for _, call := range entry.Calls {
			target, _, ok := splitAction(call)
			if !ok {
				return nil, fmt.Errorf(`%q (called by %q) is not "service:action"`, call, name)
			}
			if _, declared := p.Services[target]; !declared {
				return nil, fmt.Errorf("%q (called by %q) names a service the policy does not declare", call, name)
			}
		}
	}
	return &p, nil
}

// allows is Certwright's decision: the caller and the called service are both declared, and the
// caller's "calls" list the action.
func (p *policy) allows(caller, action string) bool {
	target, _, ok := splitAction(action)
	if !ok {
		return false
	}
	entry, declared := p.Services[caller]
	if _, targetDeclared := p.Services[target]; !declared || !targetDeclared {
		return false
	}
	for _, call := range entry.Calls {
		if call == action {
			return true
		}
	}
	return false
}
