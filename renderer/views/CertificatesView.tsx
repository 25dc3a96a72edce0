import { EmptyState } from '../components/EmptyState.js';
import { PageHead } from './PageHead.js';

export function CertificatesView() {
  return (
    <section className="view" aria-labelledby="certificates-title">
      <PageHead id="certificates-title" eyebrow="Issue" title="Certificates" sub="Leaf certificates signed by your authorities." />
      <EmptyState icon="certificate" title="Issuing certificates comes next">
        <p>Here you will issue server, client and peer certificates from your certificate authorities, and whole mTLS pairs: a server and a client that trust each other through one CA.</p>
        <ul className="planned">
          <li>Server certificates with the SANs Go, Java and browsers require</li>
          <li>Client certificates for service identities, with optional SPIFFE URI</li>
          <li>Revocation and CRLs, and bundles ready for nginx, Envoy and curl</li>
        </ul>
      </EmptyState>
    </section>
  );
}
