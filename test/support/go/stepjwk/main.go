// Command stepjwk makes JWK provisioner keys exactly as smallstep's own tools do, with
// go.step.sm/crypto/jose from Debian's golang-github-smallstep-crypto-dev: the default one with
// GenerateDefaultKeyPair (what `step ca init` and `step ca provisioner add` make: EC P-256, ES256,
// its thumbprint as kid, the private JWK encrypted with PBES2-HS256+A128KW and A256GCM), and an
// OKP Ed25519 and an RSA 2048 key encrypted with EncryptJWK. Certwright's tests decrypt them.
//
// Usage: stepjwk PASSWORD — one JSON line per key: {"kty","key","encryptedKey"}.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"go.step.sm/crypto/jose"
)

type line struct {
	Kty          string           `json:"kty"`
	Key          *jose.JSONWebKey `json:"key"`
	EncryptedKey string           `json:"encryptedKey"`
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

func emit(kty string, public *jose.JSONWebKey, jwe *jose.JSONWebEncryption) {
	compact, err := jwe.CompactSerialize()
	if err != nil {
		fail(err)
	}
	out, err := json.Marshal(line{Kty: kty, Key: public, EncryptedKey: compact})
	if err != nil {
		fail(err)
	}
	fmt.Println(string(out))
}

func main() {
	if len(os.Args) != 2 {
		fail(fmt.Errorf("usage: stepjwk PASSWORD"))
	}
	password := []byte(os.Args[1])
	public, jwe, err := jose.GenerateDefaultKeyPair(password)
	if err != nil {
		fail(err)
	}
	emit("EC", public, jwe)
	for _, spec := range []struct{ kty, crv, alg string; size int }{{"OKP", "Ed25519", "EdDSA", 0}, {"RSA", "", "RS256", 2048}} {
		jwk, err := jose.GenerateJWK(spec.kty, spec.crv, spec.alg, "sig", "", spec.size)
		if err != nil {
			fail(err)
		}
		if jwk.KeyID, err = jose.Thumbprint(jwk); err != nil {
			fail(err)
		}
		encrypted, err := jose.EncryptJWK(jwk, password)
		if err != nil {
			fail(err)
		}
		pub := jwk.Public()
		emit(spec.kty, &pub, encrypted)
	}
}
