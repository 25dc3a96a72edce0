import type { ReactNode } from 'react';
import { useNavigation } from '../app/navigation.js';
import { Button } from '../components/Button.js';
import { EmptyState } from '../components/EmptyState.js';
import { Icon } from '../components/Icon.js';

/**
 * The front door of an empty vault, wherever it shows (dashboard, Authorities): start a root, or
 * bring the PKI the organization already runs.
 */
export function NoAuthorities({ children }: { readonly children: ReactNode }) {
  const nav = useNavigation();
  return (
    <EmptyState
      icon="shield"
      title="No certificate authorities yet"
      action={
        <div className="button-row">
          <Button variant="primary" icon={<Icon name="plus" />} onClick={() => nav.open('new-root')}>
            New root CA
          </Button>
          <Button icon={<Icon name="key" />} onClick={() => nav.open('import-ca')}>
            Import an existing CA
          </Button>
          <Button icon={<Icon name="clock" />} onClick={() => nav.open('offline-intermediate')}>
            Intermediate for an outside CA
          </Button>
        </div>
      }
    >
      {children}
    </EmptyState>
  );
}
