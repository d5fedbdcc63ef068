import path from 'node:path';
import { app, BrowserWindow } from 'electron';
import ElectronStore from 'electron-store';
import { createServices, type Services } from '../core/services';
import { resolveDataDir } from '../core/storage/data-dir';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { rendererSource } from './renderer-source';
import { registerIpc } from './ipc';
import { createMainWindow, hardenSession, lockDownContents } from './window';
import { createNativeDialogs } from './native-dialogs';
import { notifyWhenBatchesEnd } from './batch-notification';
import { agentPortFromEnv } from '../core/agent';

declare const __SIGNDESK_VERSION__: string;

const here = import.meta.dirname;
let mainWindow: BrowserWindow | undefined;
let services: Services | undefined;
// ELECTRON_RENDERER_URL (electron-vite's dev server) counts only in development; a packaged app always loads app://.
const renderer = rendererSource({ isPackaged: app.isPackaged, devUrl: process.env.ELECTRON_RENDERER_URL });
if (renderer.ignored) console.warn(`Signdesk: ${renderer.ignored}; loading the built renderer`);

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, renderer.origin));
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
  hardenSession(renderer.origin);
  serveRenderer(path.join(here, '../renderer'));
  registerIpc(services, () => mainWindow, renderer.origin);
  openWindow();
  // The local signing API for web pages and accounting software; pairing and consent come to the window.
  const agentPort = agentPortFromEnv();
  if (agentPort !== null) services.agent.listen({ port: agentPort }).catch((error: unknown) => process.emitWarning(`signing agent: ${(error as Error).message}`));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
}

function openWindow(): void {
  mainWindow = createMainWindow(path.join(here, '../preload'), renderer.origin);
  mainWindow.on('closed', () => (mainWindow = undefined));
  void mainWindow.loadURL(renderer.url);
}
