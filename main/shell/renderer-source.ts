import { originOf } from '../core/api/origin-of';
import { APP_ORIGIN } from './app-origin';

export interface RendererSource {
  /** The page the window loads. */
  url: string;
  /** The only origin whose main frame may call the contract, and whose requests and navigations are let through. */
  origin: string;
  /** Why a given ELECTRON_RENDERER_URL was not used (development only; a packaged build never reads it). */
  ignored?: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The built renderer on app://, or — in development only (`!app.isPackaged`) — electron-vite's dev server from
 * ELECTRON_RENDERER_URL, which must be http on a loopback host. A packaged build ignores the variable: whoever sets
 * it must not get a page of theirs trusted with the contract.
 */
export function rendererSource(options: { isPackaged: boolean; devUrl: string | undefined }): RendererSource {
  const packaged: RendererSource = { url: `${APP_ORIGIN}/index.html`, origin: APP_ORIGIN };
  const devUrl = options.devUrl;
  if (options.isPackaged || devUrl === undefined || devUrl === '') return packaged;
  const origin = originOf(devUrl);
  if (origin === null || !origin.startsWith('http://') || !LOOPBACK_HOSTS.has(new URL(devUrl).hostname)) {
    return { ...packaged, ignored: `ELECTRON_RENDERER_URL must be an http:// URL on localhost, not ${JSON.stringify(devUrl)}` };
  }
  return { url: devUrl, origin };
}
