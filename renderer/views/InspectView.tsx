import { EmptyState } from '../components/EmptyState.js';
import { PageHead } from './PageHead.js';

export function InspectView() {
  return (
    <section className="view" aria-labelledby="inspect-title">
      <PageHead id="inspect-title" eyebrow="Tools" title="Inspect" sub="Understand any certificate file you are handed." />
      <EmptyState icon="search" title="Inspecting files comes next">
        <p>Paste or open a file and Certwright will explain it, with a diagnosis of what would break a TLS handshake.</p>
        <ul className="planned">
          <li>PEM and DER certificates and chains</li>
          <li>PKCS#12 bundles, certificate signing requests and CRLs</li>
          <li>Diagnosis: expiry, missing SANs, wrong key usage, broken chains</li>
        </ul>
      </EmptyState>
    </section>
  );
}
