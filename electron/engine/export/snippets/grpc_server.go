// Snippet: a gRPC server that requires client certificates. Needs google.golang.org/grpc in
// go.mod; register your services where marked.
// __NO_KEY_NOTE__
package snippet // removed when rendered: the snippet goes into a package of yours

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"log"
	"net"
	"os"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/peer"
)

func serveGRPC() {
	certificate, err := tls.LoadX509KeyPair("__CERT_DIR__/fullchain.pem", "__CERT_DIR__/key.pem")
	if err != nil {
		log.Fatal(err)
	}
	caPEM, err := os.ReadFile("__CERT_DIR__/ca.pem")
	if err != nil {
		log.Fatal(err)
	}
	clientCAs := x509.NewCertPool()
	if !clientCAs.AppendCertsFromPEM(caPEM) {
		log.Fatal("ca.pem holds no certificates")
	}
	creds := credentials.NewTLS(&tls.Config{
		Certificates: []tls.Certificate{certificate},
		ClientCAs:    clientCAs,
		ClientAuth:   tls.RequireAndVerifyClientCert,
		MinVersion:   tls.VersionTLS12,
	})
	server := grpc.NewServer(grpc.Creds(creds))
	// pb.RegisterYourServiceServer(server, &yourService{})
	listener, err := net.Listen("tcp", ":__PORT__")
	if err != nil {
		log.Fatal(err)
	}
	log.Fatal(server.Serve(listener))
}

// clientName is the verified client certificate's common name, inside a handler.
func clientName(ctx context.Context) string {
	p, ok := peer.FromContext(ctx)
	if !ok {
		return ""
	}
	info, ok := p.AuthInfo.(credentials.TLSInfo)
	if !ok || len(info.State.VerifiedChains) == 0 {
		return ""
	}
	return info.State.VerifiedChains[0][0].Subject.CommonName
}
