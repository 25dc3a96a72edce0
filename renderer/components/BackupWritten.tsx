import type { BackupResult } from '../../shared/domain/vault.js';
import { formatBytes, formatDateTime } from '../app/format.js';
import { Notice } from './Alert.js';
import { Fact } from './Fact.js';

/** Where a backup was written, how big it is and its SHA-256 (to compare a copy against). */
export function BackupWritten({ backup }: { readonly backup: BackupResult }) {
  return (
    <Notice tone="success">
      <p className="alert-title">Backup written{backup.at ? ` ${formatDateTime(backup.at)}` : ''}</p>
      <dl className="facts backup-facts" aria-label="Backup file">
        <Fact label="File" copy={backup.path ? { text: backup.path, label: 'Copy the backup path' } : undefined}>
          <code className="mono-wrap">{backup.path}</code>
        </Fact>
        <Fact label="Size">{formatBytes(backup.bytes)}</Fact>
        {backup.sha256 ? (
          <Fact label="SHA-256" copy={{ text: backup.sha256, label: 'Copy the SHA-256' }}>
            <code className="mono-wrap">{backup.sha256}</code>
          </Fact>
        ) : null}
      </dl>
      <p className="alert-note">It is encrypted under the vault's passphrase: keep the file and the passphrase apart, and copy the file somewhere off this computer.</p>
    </Notice>
  );
}
