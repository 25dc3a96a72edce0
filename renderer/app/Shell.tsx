import { useMemo, useState } from 'react';
import { confirmLeave } from './unsaved.js';
import type { SecuritySettings } from '../../shared/domain/vault.js';
import { ErrorAlert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { Icon, Logo, type IconName } from '../components/Icon.js';
import { useT } from '../i18n/use-t.js';
import { call, type IpcError } from '../ipc/client.js';
import { AuditView } from '../views/AuditView.js';
import { AuthoritiesView } from '../views/AuthoritiesView.js';
import { CertificatesView } from '../views/CertificatesView.js';
import { DashboardView } from '../views/DashboardView.js';
import { InspectView } from '../views/InspectView.js';
import { SettingsView } from '../views/SettingsView.js';
import { ServicesView } from '../views/services/ServicesView.js';
import { EndpointsView } from '../views/endpoints/EndpointsView.js';
import { BulkIssueWizard } from '../wizards/bulk-issue/BulkIssueWizard.js';
import { ExportWizard } from '../wizards/export/ExportWizard.js';
import { IssueWizard } from '../wizards/issue/IssueWizard.js';
import { RevokeWizard } from '../wizards/revoke/RevokeWizard.js';
import { RenewWizard } from '../wizards/renew/RenewWizard.js';
import { MtlsPairWizard } from '../wizards/mtls-pair/MtlsPairWizard.js';
import { ImportCaWizard } from '../wizards/import-ca/ImportCaWizard.js';
import { NewIntermediateWizard } from '../wizards/new-intermediate/NewIntermediateWizard.js';
import { NewRootWizard } from '../wizards/new-root/NewRootWizard.js';
import { SignCsrWizard } from '../wizards/sign-csr/SignCsrWizard.js';
import { NavigationContext, sectionOf, type Navigation, type Screen, type ViewId } from './navigation.js';
import { useActivityPing } from './useActivityPing.js';
import { AppCommands } from './shortcuts/AppCommands.js';
import { rememberView, useLastView } from './last-view.js';

/** The sidebar, in order; each label is `app:nav.<id>`. */
const NAV: ReadonlyArray<{ id: ViewId; icon: IconName }> = [
  { id: 'dashboard', icon: 'clock' },
  { id: 'authorities', icon: 'shield' },
  { id: 'certificates', icon: 'certificate' },
  { id: 'services', icon: 'badge' },
  { id: 'endpoints', icon: 'eye' },
  { id: 'inspect', icon: 'search' },
  { id: 'audit', icon: 'audit' },
  { id: 'settings', icon: 'settings' },
];

/** The unlocked application: header, sidebar navigation and the current view or wizard. */
interface ShellProps {
  /** The user locked the vault. */
  readonly onLocked: () => void;
  /** Settings saved new security settings (the unlock screen names the idle time). */
  readonly onSecurityChanged: (security: SecuritySettings) => void;
}

export function Shell({ onLocked, onSecurityChanged }: ShellProps) {
  const t = useT();
  const [screen, setScreen] = useState<Screen>({ kind: 'view', view: 'dashboard' });
  // Each navigation mounts the target afresh, so it starts from its `select` and `flash`.
  const [visit, setVisit] = useState(0);
  const [locking, setLocking] = useState(false);
  const [lockError, setLockError] = useState<IpcError | null>(null);
  useActivityPing();

  const nav = useMemo<Navigation>(
    () => ({
      show: (view, options) => {
        if (!confirmLeave()) return;
        setScreen({ kind: 'view', view, select: options?.select, flash: options?.flash, filter: options?.filter, clipboard: options?.clipboard });
        setVisit((v) => v + 1);
        rememberView(view);
      },
      open: (wizard, options) => {
        if (!confirmLeave()) return;
        setScreen((current) => ({ kind: 'wizard', wizard, ...options, from: current.kind === 'view' ? current.view : current.from }));
        setVisit((v) => v + 1);
      },
    }),
    [],
  );
  useLastView(nav.show);

  async function lock() {
    setLocking(true);
    setLockError(null);
    const result = await call('vault.lock', {});
    setLocking(false);
    if (result.ok) onLocked();
    else setLockError(result.error);
  }

  const activeView = sectionOf(screen);
  // Cancel returns to where the wizard was opened, with the CA or certificate it was opened on still selected.
  const back = () =>
    screen.kind === 'wizard'
      ? nav.show(screen.from, { select: screen.from === 'authorities' ? screen.authorityId : screen.from === 'certificates' ? screen.certificateId : undefined })
      : nav.show(activeView);

  function content() {
    if (screen.kind === 'wizard') {
      const common = { onCancel: back };
      switch (screen.wizard) {
        case 'new-root':
          return (
            <NewRootWizard
              onCancel={back}
              onCreated={(authority) =>
                nav.show('authorities', { select: authority.id, flash: { message: t('app:shell.rootCreated', { name: authority.subject.commonName }) } })
              }
            />
          );
        case 'new-intermediate':
          return <NewIntermediateWizard {...common} parentId={screen.authorityId} />;
        case 'import-ca':
          return <ImportCaWizard {...common} />;
        case 'offline-intermediate':
          return <NewIntermediateWizard {...common} mode="offline" />;
        case 'issue':
          return <IssueWizard {...common} authorityId={screen.authorityId} />;
        case 'mtls-pair':
          return <MtlsPairWizard {...common} authorityId={screen.authorityId} />;
        case 'bulk-issue':
          return <BulkIssueWizard {...common} authorityId={screen.authorityId} />;
        case 'sign-csr':
          return <SignCsrWizard {...common} authorityId={screen.authorityId} />;
        case 'revoke':
          return <RevokeWizard {...common} certificateIds={screen.certificateIds ?? (screen.certificateId ? [screen.certificateId] : [])} authorityId={screen.authorityId} />;
        case 'export':
          return screen.certificateId ? <ExportWizard {...common} certificateId={screen.certificateId} serverId={screen.serverId} /> : null;
        case 'renew':
          return <RenewWizard {...common} certificateIds={screen.certificateIds ?? (screen.certificateId ? [screen.certificateId] : undefined)} expiringWithinDays={screen.expiringWithinDays} rekey={screen.rekey} />;
      }
    }
    switch (screen.view) {
      case 'dashboard':
        return <DashboardView />;
      case 'authorities':
        return <AuthoritiesView select={screen.select} flash={screen.flash} />;
      case 'certificates':
        return <CertificatesView select={screen.select} flash={screen.flash} filter={screen.filter} />;
      case 'services':
        return <ServicesView />;
      case 'endpoints':
        return <EndpointsView select={screen.select} flash={screen.flash} />;
      case 'inspect':
        return <InspectView clipboard={screen.clipboard} />;
      case 'audit':
        return <AuditView />;
      case 'settings':
        return <SettingsView onLock={() => void lock()} locking={locking} onSecurityChanged={onSecurityChanged} />;
    }
  }

  return (
    <NavigationContext.Provider value={nav}>
      <div className="shell">
        <a
          className="skip-link"
          href="#content"
          onClick={(e) => {
            e.preventDefault();
            document.getElementById('content')?.focus();
          }}
        >
          {t('a11y:skipToContent')}
        </a>
        <header className="topbar">
          <div className="brand">
            <Logo />
            <span className="brand-name">{t('app:shell.product')}</span>
          </div>
          <div className="topbar-end">
            <AppCommands onLock={() => void lock()} />
            <span className="vault-pill">
              <span className="vault-dot" aria-hidden="true" />
              {t('app:shell.vaultUnlocked')}
            </span>
            <Button variant="ghost" icon={<Icon name="lock" />} busy={locking} onClick={() => void lock()}>
              {t('app:shell.lockVault')}
            </Button>
          </div>
        </header>
        <nav className="sidebar" aria-label={t('app:shell.mainNav')}>
          <ul>
            {NAV.map((item) => (
              <li key={item.id}>
                <button
                  type="button"
                  className={activeView === item.id ? 'nav-item is-active' : 'nav-item'}
                  aria-current={activeView === item.id ? 'page' : undefined}
                  onClick={() => nav.show(item.id)}
                >
                  <Icon name={item.icon} />
                  <span>{t(`app:nav.${item.id}`)}</span>
                </button>
              </li>
            ))}
          </ul>
          <p className="sidebar-foot">{t('app:shell.keysStayHere')}</p>
        </nav>
        <main className="content" id="content" tabIndex={-1} key={visit}>
          {lockError ? <ErrorAlert error={lockError} title={t('app:shell.lockFailed')} /> : null}
          {content()}
        </main>
      </div>
    </NavigationContext.Provider>
  );
}
