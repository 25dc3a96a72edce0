import type { AcmePanel } from '../../../shared/domain/acme.js';
import { Fact } from '../../components/Fact.js';
import { NoticeList } from '../../components/Alert.js';
import { SnippetTabs } from '../../components/SnippetTabs.js';
import { CopyTextButton } from '../services/CopyTextButton.js';
import { AcmeAccountsTable, AcmeOrdersTable } from './AcmeTables.js';
import { acmeSnippets, CA_FILE, plural } from './model.js';

interface AcmeRunningProps {
  readonly panel: AcmePanel;
  readonly caName: string;
  readonly caBundle: { readonly pem: string; readonly complete: boolean };
}

const SNIPPET_HINTS = {
  complete: `Ready to use. The command lines read the CA chain from ${CA_FILE} where they run (Copy ${CA_FILE} above); the YAML carries it inside.`,
  fragment: 'A fragment: put it into your own configuration.',
};

/** A running server: its warnings, EAB key, counts, settings, client snippets, accounts and orders. */
export function AcmeRunning({ panel, caName, caBundle }: AcmeRunningProps) {
  const { status, accounts, orders, certificatesIssued } = panel;
  const options = status.options;
  const url = status.directoryUrl ?? '';
  const snippets = options ? acmeSnippets({ directoryUrl: url, caPem: caBundle.pem, eab: status.eab, options, caName }) : [];
  return (
    <div className="acme-running">
      <NoticeList items={status.warnings} tone="warning" title={status.warnings.length === 1 ? 'Warning' : 'Warnings'} />

      <dl className="counts" aria-label="ACME server counts">
        <div className="count">
          <dt>Issued over ACME</dt>
          <dd>{certificatesIssued.toLocaleString()}</dd>
        </div>
        <div className="count">
          <dt>Accounts</dt>
          <dd>{accounts.length.toLocaleString()}</dd>
        </div>
        <div className="count">
          <dt>Orders since it started</dt>
          <dd>{orders.length.toLocaleString()}</dd>
        </div>
      </dl>

      {status.eab ? (
        <div className="acme-eab" role="group" aria-label="External account binding">
          <h4 className="section-title">External account binding</h4>
          <dl className="facts">
            <Fact label="Key id" copy={{ text: status.eab.keyId, label: 'Copy the EAB key id' }}>
              <code className="mono-wrap">{status.eab.keyId}</code>
            </Fact>
            <Fact label="HMAC key" copy={{ text: status.eab.hmacKey, label: 'Copy the EAB HMAC key' }}>
              <code className="mono-wrap">{status.eab.hmacKey}</code>
            </Fact>
          </dl>
          <p className="field-hint">Give both to each client (they are in the snippets below). Accounts created without them are refused.</p>
        </div>
      ) : null}

      {options ? (
        <dl className="facts" aria-label="ACME server settings">
          <Fact label="Challenges">{options.labMode ? <strong className="acme-lab-fact">None checked: lab mode approves every order</strong> : options.dnsResolver ? `http-01 on port ${options.http01Port}; dns-01 via ${options.dnsResolver}` : `http-01 on port ${options.http01Port}`}</Fact>
          <Fact label="Lab names">{options.resolve.length === 0 ? <span className="muted">None: names are looked up in DNS</span> : <span className="mono-wrap">{options.resolve.map((r) => `${r.name} → ${r.address}`).join(', ')}</span>}</Fact>
          <Fact label="Longest lifetime">{plural(options.maxValidityDays, 'day')}</Fact>
          <Fact label="External account binding">{options.eab ? 'Required' : 'Not required'}</Fact>
        </dl>
      ) : null}

      {snippets.length > 0 ? (
        <section className="acme-snippets">
          <div className="proof-head">
            <div>
              <h4 className="section-title">Ready for your clients</h4>
              <p className="field-hint">
                {caBundle.complete ? `${CA_FILE} is this CA’s chain: clients trust the server’s HTTPS certificate with it.` : `${CA_FILE} holds the CAs of this chain that are in the vault: add the root above them yourself.`}
              </p>
            </div>
            <CopyTextButton text={caBundle.pem}>{`Copy ${CA_FILE}`}</CopyTextButton>
          </div>
          <SnippetTabs snippets={snippets} label="ACME client snippets" folder="" hints={SNIPPET_HINTS} />
        </section>
      ) : null}

      <section className="acme-list">
        <h4 className="section-title">Recent orders</h4>
        <AcmeOrdersTable orders={orders} />
      </section>
      <section className="acme-list">
        <h4 className="section-title">Accounts</h4>
        <AcmeAccountsTable accounts={accounts} />
      </section>
    </div>
  );
}
