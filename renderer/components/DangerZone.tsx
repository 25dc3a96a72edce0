import type { ReactNode } from 'react';
import { Button } from './Button.js';
import { Icon } from './Icon.js';

interface DangerZoneProps {
  /** Unique per page: labels the section. */
  readonly id: string;
  readonly title: string;
  /** What happens, in one or two sentences, before the button is pressed. */
  readonly children: ReactNode;
  readonly action: string;
  readonly onAction: () => void;
}

/**
 * An irreversible action (revoking a certificate or a CA), last on its page and apart from the
 * everyday actions, so it is never beside the primary button.
 */
export function DangerZone({ id, title, children, action, onAction }: DangerZoneProps) {
  return (
    <section className="danger-zone" aria-labelledby={id}>
      <div>
        <h3 id={id}>{title}</h3>
        <p className="field-hint">{children}</p>
      </div>
      <Button variant="danger" icon={<Icon name="alert" />} onClick={onAction}>
        {action}
      </Button>
    </section>
  );
}
