import { useState } from 'react';
import { ErrorAlert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { Icon, Logo, type IconName } from '../components/Icon.js';
import { call, type IpcError } from '../ipc/client.js';
import { AuthoritiesView } from '../views/AuthoritiesView.js';
import { CertificatesView } from '../views/CertificatesView.js';
import { InspectView } from '../views/InspectView.js';
import { SettingsView } from '../views/SettingsView.js';

type ViewId = 'authorities' | 'certificates' | 'inspect' | 'settings';

const NAV: ReadonlyArray<{ id: ViewId; label: string; icon: IconName }> = [
  { id: 'authorities', label: 'Authorities', icon: 'shield' },
  { id: 'certificates', label: 'Certificates', icon: 'certificate' },
  { id: 'inspect', label: 'Inspect', icon: 'search' },
  { id: 'settings', label: 'Settings', icon: 'settings' },
];

/** The unlocked application: header, sidebar navigation and the current view. */
export function Shell({ onLocked }: { readonly onLocked: () => void }) {
  const [view, setView] = useState<ViewId>('authorities');
  const [locking, setLocking] = useState(false);
  const [lockError, setLockError] = useState<IpcError | null>(null);

  async function lock() {
    setLocking(true);
    setLockError(null);
    const result = await call('vault.lock', {});
    setLocking(false);
    if (result.ok) onLocked();
    else setLockError(result.error);
  }

  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          <Logo />
          <span className="brand-name">Certwright</span>
        </div>
        <div className="topbar-end">
          <span className="vault-pill">
            <span className="vault-dot" aria-hidden="true" />
            Vault unlocked
          </span>
          <Button variant="ghost" icon={<Icon name="lock" />} busy={locking} onClick={() => void lock()}>
            Lock vault
          </Button>
        </div>
      </header>
      <nav className="sidebar" aria-label="Main">
        <ul>
          {NAV.map((item) => (
            <li key={item.id}>
              <button type="button" className={view === item.id ? 'nav-item is-active' : 'nav-item'} aria-current={view === item.id ? 'page' : undefined} onClick={() => setView(item.id)}>
                <Icon name={item.icon} />
                <span>{item.label}</span>
              </button>
            </li>
          ))}
        </ul>
        <p className="sidebar-foot">Keys stay on this computer</p>
      </nav>
      <main className="content">
        {lockError ? <ErrorAlert error={lockError} title="The vault could not be locked" /> : null}
        {view === 'authorities' ? <AuthoritiesView onVaultLocked={onLocked} /> : null}
        {view === 'certificates' ? <CertificatesView /> : null}
        {view === 'inspect' ? <InspectView /> : null}
        {view === 'settings' ? <SettingsView onLock={() => void lock()} locking={locking} /> : null}
      </main>
    </div>
  );
}
