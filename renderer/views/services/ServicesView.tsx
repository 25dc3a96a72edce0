import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { Icon, type IconName } from '../../components/Icon.js';
import { useT } from '../../i18n/use-t.js';
import { LoadStatus } from '../LoadStatus.js';
import { PageHead } from '../PageHead.js';
import { IssuersPanel } from './IssuersPanel.js';
import type { VerifySeed } from './MintPanel.js';
import { endpointTargets } from './model.js';
import { PolicyPanel } from './PolicyPanel.js';
import { ServicesPanel } from './ServicesPanel.js';
import { useServiceData } from './useServiceData.js';
import { VerifyPanel } from './VerifyPanel.js';

type Tab = 'issuers' | 'services' | 'verify' | 'policy';

/** The tabs, in order; each one's words are services:tab.<id>. */
const TABS: ReadonlyArray<{ readonly id: Tab; readonly icon: IconName }> = [
  { id: 'issuers', icon: 'key' },
  { id: 'services', icon: 'badge' },
  { id: 'verify', icon: 'search' },
  { id: 'policy', icon: 'audit' },
];

/**
 * Service identity: token issuers that sign short-lived JWTs bound to client certificates, the
 * services the vault and the policy know, a token's diagnosis, and the policy itself.
 */
export function ServicesView() {
  const t = useT();
  const data = useServiceData();
  const [tab, setTab] = useState<Tab>('issuers');
  const [seed, setSeed] = useState<{ readonly value: VerifySeed | null; readonly n: number }>({ value: null, n: 0 });
  const base = useId();
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);

  const issuers = data.issuers.value ?? [];
  const rows = data.services.value ?? [];
  const authorities = data.authorities.value ?? [];
  const policy = data.policy.value;

  function onTabKey(e: KeyboardEvent, index: number) {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    const next = (index + step + TABS.length) % TABS.length;
    const nextTab = TABS[next];
    if (!nextTab) return;
    setTab(nextTab.id);
    tabs.current[next]?.focus();
  }

  function verify(value: VerifySeed) {
    setSeed((s) => ({ value, n: s.n + 1 }));
    setTab('verify');
  }

  const failed = [
    { load: data.issuers.load, title: t('services:view.issuersFailed'), retry: data.issuers.refresh },
    { load: data.services.load, title: t('services:view.servicesFailed'), retry: data.services.refresh },
    { load: data.policy.load, title: t('services:view.policyFailed'), retry: data.policy.refresh },
    { load: data.authorities.load, title: t('services:view.authoritiesFailed'), retry: data.authorities.refresh },
  ];
  const loading = failed.some((f) => f.load.state === 'loading');

  return (
    <section className="view view-wide svc-view" aria-labelledby="services-title">
      <PageHead id="services-title" eyebrow={t('services:view.eyebrow')} title={t('services:view.title')} sub={t('services:view.sub')} />

      <div className="tabs inspect-tabs" role="tablist" aria-label={t('services:view.tabsLabel')}>
        {TABS.map((entry, i) => (
          <button
            key={entry.id}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-${entry.id}-tab`}
            aria-selected={tab === entry.id}
            aria-controls={`${base}-${entry.id}-panel`}
            tabIndex={tab === entry.id ? 0 : -1}
            className={tab === entry.id ? 'tab is-selected' : 'tab'}
            onClick={() => setTab(entry.id)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            <Icon name={entry.icon} size={16} />
            <span>{t(`services:tab.${entry.id}`)}</span>
          </button>
        ))}
      </div>

      {failed
        .filter((f) => f.load.state === 'failed')
        .map((f) => (
          <LoadStatus key={f.title} load={f.load} failedTitle={f.title} onRetry={() => void f.retry()} />
        ))}
      {loading ? (
        <p className="muted" role="status">
          {t('services:view.loading')}
        </p>
      ) : null}

      <div id={`${base}-issuers-panel`} role="tabpanel" aria-labelledby={`${base}-issuers-tab`} hidden={tab !== 'issuers'}>
        {data.issuers.value ? <IssuersPanel issuers={issuers} authorities={authorities} targets={endpointTargets(rows)} onChanged={() => void data.issuers.refresh()} /> : null}
      </div>
      <div id={`${base}-services-panel`} role="tabpanel" aria-labelledby={`${base}-services-tab`} hidden={tab !== 'services'}>
        {data.services.value && data.issuers.value ? (
          <ServicesPanel rows={rows} issuers={issuers} onMinted={() => void data.issuers.refresh()} onVerify={verify} onOpenPolicy={() => setTab('policy')} onOpenIssuers={() => setTab('issuers')} />
        ) : null}
      </div>
      <div id={`${base}-verify-panel`} role="tabpanel" aria-labelledby={`${base}-verify-tab`} hidden={tab !== 'verify'}>
        {data.issuers.value && data.services.value ? <VerifyPanel key={seed.n} issuers={issuers} rows={rows} seed={seed.value} /> : null}
      </div>
      <div id={`${base}-policy-panel`} role="tabpanel" aria-labelledby={`${base}-policy-tab`} hidden={tab !== 'policy'}>
        {policy && data.services.value ? (
          <PolicyPanel
            view={policy}
            rows={rows}
            onStored={(view) => {
              data.policy.replace(view);
              void data.services.refresh();
            }}
          />
        ) : null}
      </div>
    </section>
  );
}
