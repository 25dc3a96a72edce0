import { EmptyState } from '../components/EmptyState.js';
import { CrlViewer } from './CrlViewer.js';
import { PageHead } from './PageHead.js';

export function InspectView() {
  return (
    <section className="view" aria-labelledby="inspect-title">
      <PageHead id="inspect-title" eyebrow="Tools" title="Inspect" sub="Understand any certificate or CRL you are handed." />
      <CrlViewer />
      <EmptyState icon="search" title="Inspecting certificates and bundles comes next">
        <p>Paste or open a file and Certwright will explain it, with a diagnosis of what would break a TLS handshake.</p>
        <ul className="planned">
          <li>PEM and DER certificates and chains</li>
          <li>PKCS#12 bundles and certificate signing requests</li>
          <li>Diagnosis: expiry, missing SANs, wrong key usage, broken chains</li>
        </ul>
      </EmptyState>
    </section>
  );
}
