import path from 'node:path';
import { app, BrowserWindow } from 'electron';
import ElectronStore from 'electron-store';
import { createServices, type Services } from '../core/services';
import { resolveDataDir } from '../core/storage/data-dir';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import { registerIpc } from './ipc';
import { createMainWindow, hardenSession, lockDownContents } from './window';
import { createNativeDialogs } from './native-dialogs';
import { notifyWhenBatchesEnd } from './batch-notification';

declare const __SIGNDESK_VERSION__: string;

const here = import.meta.dirname;
let mainWindow: BrowserWindow | undefined;
let services: Services | undefined;

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    void services?.close();
  });
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  // The desktop app, the CLI and the bridge share one cabinet: SIGNDESK_DATA_DIR, else the per-user folder
  // Electron's userData would be for "Signdesk" — computed the same way the CLI does, so the two never differ.
  const dataDir = resolveDataDir();
  app.setPath('userData', dataDir);
  services = createServices({
    dataDir,
    runtime: 'electron',
    version: __SIGNDESK_VERSION__,
    locale: app.getLocale(),
    settingsBacking: new ElectronStore({ cwd: dataDir, name: 'settings' }),
    dialogs: createNativeDialogs(() => mainWindow),
  });
  notifyWhenBatchesEnd(services);
  hardenSession();
  serveRenderer(path.join(here, '../renderer'));
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  registerIpc(services, () => mainWindow, devUrl ? new URL(devUrl).origin : APP_ORIGIN);
  openWindow(devUrl);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow(devUrl);
  });
}

function openWindow(devUrl: string | undefined): void {
  mainWindow = createMainWindow(path.join(here, '../preload'));
  mainWindow.on('closed', () => (mainWindow = undefined));
  void mainWindow.loadURL(devUrl ?? `${APP_ORIGIN}/index.html`);
}
