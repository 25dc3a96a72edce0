import type { ReactNode } from 'react';
import { useNavigation } from '../app/navigation.js';
import { Button } from '../components/Button.js';
import { EmptyState } from '../components/EmptyState.js';
import { Icon } from '../components/Icon.js';
import { useT } from '../i18n/use-t.js';

/**
 * The front door of an empty vault, wherever it shows (dashboard, Authorities): start a root, or
 * bring the PKI the organization already runs.
 */
/**
 * The ways in for a CA: a new root, an existing CA imported with its key, an intermediate an outside
 * CA signs. In a page head the primary action comes last (at the right edge), in an empty state first.
 */
export function CaFrontDoorActions({ primaryLast = false }: { readonly primaryLast?: boolean }) {
  const t = useT();
  const nav = useNavigation();
  const newRoot = (
    <Button key="new-root" variant="primary" icon={<Icon name="plus" />} onClick={() => nav.open('new-root')}>
      {t('authorities:frontDoor.newRoot')}
    </Button>
  );
  const others = [
    <Button key="import" icon={<Icon name="key" />} onClick={() => nav.open('import-ca')}>
      {t('authorities:frontDoor.import')}
    </Button>,
    <Button key="outside" icon={<Icon name="clock" />} onClick={() => nav.open('offline-intermediate')}>
      {t('authorities:frontDoor.outside')}
    </Button>,
  ];
  return <div className="button-row">{primaryLast ? [...others, newRoot] : [newRoot, ...others]}</div>;
}

export function NoAuthorities({ children }: { readonly children: ReactNode }) {
  const t = useT();
  return (
    <EmptyState icon="shield" title={t('authorities:frontDoor.title')} action={<CaFrontDoorActions />}>
      {children}
    </EmptyState>
  );
}
