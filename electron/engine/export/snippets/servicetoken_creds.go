// gRPC callers: PerRPCCredentials sends a token from a TokenSource (servicetoken_client.go) in the
// x-service-token metadata of every call.
//
//	tlsConfig, err := servicetoken.ClientTLS("fullchain.pem", "key.pem", "ca.pem")
//	if err != nil {
//		log.Fatal(err)
//	}
//	source := servicetoken.NewTokenSource(servicetoken.TokenEndpoint, "__CALLEE__", tlsConfig)
//	conn, err := grpc.Dial("__CALLEE__:8443",
//		grpc.WithTransportCredentials(credentials.NewTLS(tlsConfig)),
//		grpc.WithPerRPCCredentials(servicetoken.PerRPCCredentials(source)),
//	)
package servicetoken

import (
	"context"

	"google.golang.org/grpc/credentials"
)

// PerRPCCredentials returns credentials that put source's token on every call.
func PerRPCCredentials(source *TokenSource) credentials.PerRPCCredentials {
	return tokenCredentials{source: source}
}

type tokenCredentials struct {
	source *TokenSource
}

// GetRequestMetadata implements credentials.PerRPCCredentials.
func (c tokenCredentials) GetRequestMetadata(ctx context.Context, _ ...string) (map[string]string, error) {
	token, err := c.source.Token(ctx)
	if err != nil {
		return nil, err
	}
	return map[string]string{"x-service-token": token}, nil
}

// RequireTransportSecurity implements credentials.PerRPCCredentials: tokens only travel over TLS.
func (tokenCredentials) RequireTransportSecurity() bool { return true }
