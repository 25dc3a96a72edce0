import { Notice } from '../../components/Alert.js';
import { useT } from '../../i18n/use-t.js';
import type { ClipboardHandoff } from './clipboard.js';

/** Why Inspect clipboard brought no text; nothing when it did. */
export function ClipboardNotice({ handoff }: { readonly handoff: ClipboardHandoff | undefined }) {
  const t = useT();
  if (!handoff || !('problem' in handoff)) return null;
  return <Notice tone="warning">{handoff.problem === 'empty' ? t('shortcuts:clipboard.empty') : t('shortcuts:clipboard.refused')}</Notice>;
}
