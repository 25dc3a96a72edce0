/** Where the desktop app keeps its vault on each OS, so the CLI finds the same one by default. */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Electron's app.getPath('userData') for an app named "certwright", plus "vault". */
export function defaultVaultDirectory(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const appData =
    platform === 'win32' ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
    : platform === 'darwin' ? join(home, 'Library', 'Application Support')
    : (env.XDG_CONFIG_HOME ?? join(home, '.config'));
  return join(appData, 'certwright', 'vault');
}
