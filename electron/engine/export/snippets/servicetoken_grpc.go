// gRPC server interceptors: a call goes through only with a valid service token for __SERVICE__
// in its x-service-token metadata, over mutual TLS from the service the token names. The action
// is "__SERVICE__:" + the method's name in lower case (/grpc.health.v1.Health/Check → "check").
// Needs servicetoken.go and servicetoken_keys.go.
//
//	cfg := servicetoken.DefaultConfig()
//	server := grpc.NewServer(
//		grpc.Creds(credentials.NewTLS(&tls.Config{
//			Certificates: []tls.Certificate{certificate}, // fullchain.pem + key.pem
//			ClientAuth:   tls.RequireAndVerifyClientCert,
//			ClientCAs:    rootCAs, // ca.pem
//			MinVersion:   tls.VersionTLS12,
//		})),
//		grpc.UnaryInterceptor(servicetoken.UnaryServerInterceptor(cfg)),
//		grpc.StreamInterceptor(servicetoken.StreamServerInterceptor(cfg)),
//	)
//
// Token problems are codes.Unauthenticated, a call the policy does not allow codes.PermissionDenied;
// the message is the same text the HTTP middleware answers with.
package servicetoken

import (
	"context"
	"crypto/x509"
	"fmt"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"
)

// MetadataKey is the metadata a caller sends its token in.
const MetadataKey = "x-service-token"

// UnaryServerInterceptor checks every unary call; handlers read the claims with ClaimsFrom(ctx).
func UnaryServerInterceptor(cfg Config) grpc.UnaryServerInterceptor {
	v := newVerifier(cfg)
	return func(ctx context.Context, req interface{}, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (interface{}, error) {
		claims, err := v.checkCall(ctx, info.FullMethod)
		if err != nil {
			return nil, err
		}
		return handler(withClaims(ctx, claims), req)
	}
}

// StreamServerInterceptor checks every streaming call when it starts.
func StreamServerInterceptor(cfg Config) grpc.StreamServerInterceptor {
	v := newVerifier(cfg)
	return func(srv interface{}, stream grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		claims, err := v.checkCall(stream.Context(), info.FullMethod)
		if err != nil {
			return err
		}
		return handler(srv, claimsStream{ServerStream: stream, ctx: withClaims(stream.Context(), claims)})
	}
}

type claimsStream struct {
	grpc.ServerStream
	ctx context.Context
}

func (s claimsStream) Context() context.Context { return s.ctx }

func (v *verifier) checkCall(ctx context.Context, fullMethod string) (*Claims, error) {
	raw := ""
	if md, ok := metadata.FromIncomingContext(ctx); ok {
		if values := md.Get(MetadataKey); len(values) > 0 {
			raw = values[0]
		}
	}
	// Only a certificate the TLS handshake verified counts.
	var cert *x509.Certificate
	if p, ok := peer.FromContext(ctx); ok {
		if info, ok := p.AuthInfo.(credentials.TLSInfo); ok && len(info.State.VerifiedChains) > 0 && len(info.State.VerifiedChains[0]) > 0 {
			cert = info.State.VerifiedChains[0][0]
		}
	}
	action := v.cfg.Audience + ":" + strings.ToLower(fullMethod[strings.LastIndex(fullMethod, "/")+1:])
	claims, refused := v.check(raw, "missing x-service-token metadata", cert, action)
	if refused == nil {
		return claims, nil
	}
	v.logRefusal(claims, fmt.Sprintf("method=%q", fullMethod), refused)
	code := codes.Unauthenticated
	switch refused.kind {
	case forbidden:
		code = codes.PermissionDenied
	case unavailable:
		code = codes.Internal
	}
	return nil, status.Error(code, refused.reason)
}
