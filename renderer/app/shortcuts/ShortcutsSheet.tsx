import { Fragment } from 'react';
import { APP_COMMANDS, SHORTCUTS, type AppCommand } from '../../../shared/domain/app-commands.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { useT } from '../../i18n/use-t.js';
import { keyCaps } from './keys.js';

/** Help → Keyboard shortcuts: every shortcut, with this platform's key names. */
export function ShortcutsSheet({ mac, onClose }: { readonly mac: boolean; readonly onClose: () => void }) {
  const t = useT();
  const label = (command: AppCommand): string => {
    switch (command) {
      case 'new-certificate':
        return t('shortcuts:command.newCertificate');
      case 'inspect-clipboard':
        return t('shortcuts:command.inspectClipboard');
      case 'search':
        return t('shortcuts:command.search');
      case 'lock-vault':
        return t('shortcuts:command.lockVault');
      case 'show-shortcuts':
        return t('shortcuts:command.showShortcuts');
    }
  };
  return (
    <Dialog title={t('shortcuts:sheet.title')} describedBy="shortcuts-intro" onClose={onClose} className="shortcuts-sheet">
      <p id="shortcuts-intro" className="muted">
        {t('shortcuts:sheet.intro')}
      </p>
      <table className="shortcuts-table">
        <thead>
          <tr>
            <th scope="col">{t('shortcuts:sheet.action')}</th>
            <th scope="col">{t('shortcuts:sheet.keys')}</th>
          </tr>
        </thead>
        <tbody>
          {APP_COMMANDS.map((command) => (
            <tr key={command}>
              <th scope="row">{label(command)}</th>
              <td>
                {SHORTCUTS[command].map((shortcut, i) => (
                  <Fragment key={shortcut.key}>
                    {i > 0 ? <span className="shortcut-or">{t('shortcuts:sheet.or')}</span> : null}
                    <kbd className="shortcut-keys">
                      {keyCaps(shortcut, mac).map((cap) => (
                        <kbd key={cap}>{cap}</kbd>
                      ))}
                    </kbd>
                  </Fragment>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <Button variant="primary" onClick={onClose} data-autofocus>
          {t('shortcuts:sheet.close')}
        </Button>
      </div>
    </Dialog>
  );
}
