// Snippet: a gRPC client connection with this bundle's client certificate. Needs
// google.golang.org/grpc (1.63 or later for grpc.NewClient) in go.mod.
// __NO_KEY_NOTE__
package snippet // removed when rendered: the snippet goes into a package of yours

import (
	"crypto/tls"
	"crypto/x509"
	"log"
	"os"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
)

func dialGRPC() *grpc.ClientConn {
	certificate, err := tls.LoadX509KeyPair("fullchain.pem", "key.pem")
	if err != nil {
		log.Fatal(err)
	}
	caPEM, err := os.ReadFile("ca.pem")
	if err != nil {
		log.Fatal(err)
	}
	rootCAs := x509.NewCertPool()
	if !rootCAs.AppendCertsFromPEM(caPEM) {
		log.Fatal("ca.pem holds no certificates")
	}
	creds := credentials.NewTLS(&tls.Config{
		RootCAs:      rootCAs,
		Certificates: []tls.Certificate{certificate},
		MinVersion:   tls.VersionTLS12,
	})
	conn, err := grpc.NewClient("__HOST_PORT__", grpc.WithTransportCredentials(creds))
	if err != nil {
		log.Fatal(err)
	}
	return conn // client := pb.NewYourServiceClient(conn)
}
