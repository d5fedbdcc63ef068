import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import type { AppInfo } from '../../preload/contract/domains/app';
import { openDatabase, type Db } from './storage/database';
import { SettingsStore, type SettingsBacking } from './storage/settings-store';
import { EventBus } from './events/event-bus';
import { PRODUCT_NAME } from './storage/data-dir';
import type { NativeDialogs } from './files/native-dialogs';
import { RevocationService } from './pki/revocation';
import { TokenService } from './token/index';

export interface ServicesConfig {
  /** Cabinet, database, settings, trust store and file keys live here; created if missing. */
  dataDir: string;
  runtime: AppInfo['runtime'] | 'cli';
  version?: string;
  /** The app passes electron-store here; the CLI and the bridge default to `conf` on the same file. */
  settingsBacking?: SettingsBacking;
  locale?: string;
  /** OS dialogs and file manager: the Electron shell gives them; the CLI and the bridge have none. */
  dialogs?: NativeDialogs;
  /** PKCS#11 libraries the user added, used besides the known ones found on this machine. */
  pkcs11Modules?: readonly string[];
}

export interface Services {
  readonly config: Readonly<ServicesConfig>;
  readonly dataDir: string;
  readonly db: Db;
  readonly events: EventBus;
  readonly settings: SettingsStore;
  /** OCSP / CRL status with the on-disk cache in `<dataDir>/cache/revocation`. */
  readonly revocation: RevocationService;
  /** PKCS#11 tokens. Built on first access; no library is loaded before a token operation needs it. */
  readonly tokens: TokenService;
  appInfo(): AppInfo;
  close(): Promise<void>;
}

/** The composition root: the Electron shell, the CLI and the bridge all build their services here. */
export function createServices(config: ServicesConfig): Services {
  const dataDir = path.resolve(config.dataDir);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = openDatabase(path.join(dataDir, 'signdesk.db'));
  const events = new EventBus();
  const settings = new SettingsStore(config.settingsBacking ?? new Conf({ cwd: dataDir, configName: 'settings', projectName: 'signdesk' }));
  settings.onChange((value) => events.emit('settingsChanged', value));
  const locale = config.locale ?? Intl.DateTimeFormat().resolvedOptions().locale;

  const closers: Array<() => Promise<void> | void> = [() => void db.close()];
  let tokens: TokenService | undefined;
  closers.push(() => tokens?.close());

  return {
    config,
    dataDir,
    db,
    events,
    settings,
    revocation: new RevocationService({ cacheDir: path.join(dataDir, 'cache', 'revocation') }),
    get tokens() {
      tokens ??= new TokenService({ modulePaths: config.pkcs11Modules });
      return tokens;
    },
    appInfo: () => ({
      name: PRODUCT_NAME,
      version: config.version ?? '0.0.0',
      platform: `${os.platform()}-${os.arch()}`,
      locale,
      dataDir,
      runtime: config.runtime === 'electron' ? 'electron' : 'bridge',
    }),
    async close() {
      for (const close of closers.reverse()) await close();
    },
  };
}
