import path from 'node:path';
import { BrowserWindow, session, type WebContents } from 'electron';
import { openExternalIfAllowed } from './external-links';
import { isAllowedNavigation, isAllowedRequest } from './origin-policy';

/** Camera for QR scanning is the only permission the renderer may get. */
function isAllowedPermission(permission: string, details: { mediaTypes?: string[] } | undefined): boolean {
  if (permission !== 'media') return false;
  const types = details?.mediaTypes ?? [];
  return types.length > 0 && types.every((type) => type === 'video');
}

export function hardenSession(rendererOrigin: string): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isAllowedPermission(permission, details as { mediaTypes?: string[] }));
  });
  ses.setPermissionCheckHandler((_contents, permission, _origin, details) => isAllowedPermission(permission, details as { mediaTypes?: string[] }));
  // No remote content: every request must be our renderer's origin exactly (app://, or the dev server in development).
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url, rendererOrigin) }));
}

/** Every web contents: no navigation away, no new windows (allow-listed links open in the browser), no webviews. */
export function lockDownContents(contents: WebContents, rendererOrigin: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, rendererOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, rendererOrigin)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function createMainWindow(preloadDir: string, rendererOrigin: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Signdesk',
    webPreferences: {
      preload: path.join(preloadDir, 'index.cjs'), // eng-disable PRELOAD_JS_CHECK -- our own bundled preload: contextBridge only, one function per channel
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  lockDownContents(window.webContents, rendererOrigin);
  window.once('ready-to-show', () => window.show());
  return window;
}
