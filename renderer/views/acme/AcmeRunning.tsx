import { Trans } from 'react-i18next';
import type { AcmePanel } from '../../../shared/domain/acme.js';
import { Fact } from '../../components/Fact.js';
import { NoticeList } from '../../components/Alert.js';
import { SnippetTabs } from '../../components/SnippetTabs.js';
import { wordOf } from '../../i18n/instance.js';
import { useT } from '../../i18n/use-t.js';
import { CopyTextButton } from '../services/CopyTextButton.js';
import { AcmeAccountsTable, AcmeOrdersTable } from './AcmeTables.js';
import { acmeSnippets, CA_FILE } from './model.js';

interface AcmeRunningProps {
  readonly panel: AcmePanel;
  readonly caName: string;
  readonly caBundle: { readonly pem: string; readonly complete: boolean };
}

/** A running server: its warnings, EAB key, counts, settings, client snippets, accounts and orders. */
export function AcmeRunning({ panel, caName, caBundle }: AcmeRunningProps) {
  const t = useT();
  const { status, accounts, orders, certificatesIssued } = panel;
  const snippetHints = { complete: t('acme:running.snippetComplete', { file: CA_FILE }), fragment: t('acme:running.snippetFragment') };
  const options = status.options;
  const url = status.directoryUrl ?? '';
  const snippets = options ? acmeSnippets({ directoryUrl: url, caPem: caBundle.pem, eab: status.eab, options, caName }) : [];
  return (
    <div className="acme-running">
      <NoticeList items={status.warnings.map((w) => wordOf(w))} tone="warning" title={t('acme:running.warnings', { count: status.warnings.length })} />

      <dl className="counts" aria-label={t('acme:running.countsLabel')}>
        <div className="count">
          <dt>{t('acme:running.issued')}</dt>
          <dd>{t('acme:running.number', { value: certificatesIssued })}</dd>
        </div>
        <div className="count">
          <dt>{t('acme:running.accounts')}</dt>
          <dd>{t('acme:running.number', { value: accounts.length })}</dd>
        </div>
        <div className="count">
          <dt>{t('acme:running.orders')}</dt>
          <dd>{t('acme:running.number', { value: orders.length })}</dd>
        </div>
      </dl>

      {status.eab ? (
        <div className="acme-eab" role="group" aria-label={t('acme:running.eab')}>
          <h4 className="section-title">{t('acme:running.eab')}</h4>
          <dl className="facts">
            <Fact label={t('acme:running.keyId')} copy={{ text: status.eab.keyId, label: t('acme:running.copyKeyId') }}>
              <code className="mono-wrap">{status.eab.keyId}</code>
            </Fact>
            <Fact label={t('acme:running.hmacKey')} copy={{ text: status.eab.hmacKey, label: t('acme:running.copyHmacKey') }}>
              <code className="mono-wrap">{status.eab.hmacKey}</code>
            </Fact>
          </dl>
          <p className="field-hint">{t('acme:running.eabHint')}</p>
        </div>
      ) : null}

      {options ? (
        <dl className="facts" aria-label={t('acme:running.settingsLabel')}>
          <Fact label={t('acme:running.challenges')}>
            {options.labMode ? <strong className="acme-lab-fact">{t('acme:running.labModeFact')}</strong> : options.dnsResolver ? t('acme:running.http01Dns01', { port: options.http01Port, resolver: options.dnsResolver }) : t('acme:running.http01', { port: options.http01Port })}
          </Fact>
          <Fact label={t('acme:running.labNames')}>{options.resolve.length === 0 ? <span className="muted">{t('acme:running.labNamesNone')}</span> : <span className="mono-wrap">{options.resolve.map((r) => `${r.name} → ${r.address}`).join(', ')}</span>}</Fact>
          <Fact label={t('acme:running.longestLifetime')}>{t('acme:running.days', { count: options.maxValidityDays })}</Fact>
          <Fact label={t('acme:running.eab')}>{options.eab ? t('acme:running.eabRequired') : t('acme:running.eabNotRequired')}</Fact>
        </dl>
      ) : null}

      {snippets.length > 0 ? (
        <section className="acme-snippets">
          <div className="proof-head">
            <div>
              <h4 className="section-title">{t('acme:running.ready')}</h4>
              <p className="field-hint">
                <Trans t={t} i18nKey={caBundle.complete ? 'acme:running.chainComplete' : 'acme:running.chainPartial'} values={{ file: CA_FILE }} components={{ 1: <code /> }} />
              </p>
            </div>
            <CopyTextButton text={caBundle.pem}>{t('acme:running.copyFile', { file: CA_FILE })}</CopyTextButton>
          </div>
          <SnippetTabs snippets={snippets} label={t('acme:running.snippetsLabel')} folder="" hints={snippetHints} />
        </section>
      ) : null}

      <section className="acme-list">
        <h4 className="section-title">{t('acme:running.recentOrders')}</h4>
        <AcmeOrdersTable orders={orders} />
      </section>
      <section className="acme-list">
        <h4 className="section-title">{t('acme:running.accountsTitle')}</h4>
        <AcmeAccountsTable accounts={accounts} />
      </section>
    </div>
  );
}
