import { protocol } from 'electron';
import { contentSecurityPolicy } from '../core/api/content-security-policy';
import { readRendererAsset } from '../core/api/renderer-asset';
import { APP_HOST, APP_SCHEME } from './app-origin';

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();


/** Must run before `app.ready`: our content is served from `app://signdesk/…`, never from `file://`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves the built renderer; paths outside its folder and unknown hosts get 404. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const asset = url.host === APP_HOST ? await readRendererAsset(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname, CONTENT_SECURITY_POLICY) : undefined;
    return asset ? new Response(asset.body, { headers: asset.headers }) : new Response('Not found', { status: 404 });
  });
}
