import type { BackupResult } from '../../shared/domain/vault.js';
import { formatBytes, formatDateTime } from '../app/format.js';
import { useT } from '../i18n/use-t.js';
import { Notice } from './Alert.js';
import { Fact } from './Fact.js';

/** Where a backup was written, how big it is and its SHA-256 (to compare a copy against). */
export function BackupWritten({ backup }: { readonly backup: BackupResult }) {
  const t = useT();
  return (
    <Notice tone="success">
      <p className="alert-title">{backup.at ? t('app:backup.writtenAt', { at: formatDateTime(backup.at) }) : t('app:backup.written')}</p>
      <dl className="facts backup-facts" aria-label={t('app:backup.file')}>
        <Fact label={t('app:backup.fileLabel')} copy={backup.path ? { text: backup.path, label: t('app:backup.copyPath') } : undefined}>
          <code className="mono-wrap">{backup.path}</code>
        </Fact>
        <Fact label={t('app:backup.size')}>{formatBytes(backup.bytes)}</Fact>
        {backup.sha256 ? (
          <Fact label={t('app:backup.sha256')} copy={{ text: backup.sha256, label: t('app:backup.copySha256') }}>
            <code className="mono-wrap">{backup.sha256}</code>
          </Fact>
        ) : null}
      </dl>
      <p className="alert-note">{t('app:backup.keepApart')}</p>
    </Notice>
  );
}
