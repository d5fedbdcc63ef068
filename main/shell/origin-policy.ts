import { originOf } from '../core/api/origin-of';

/**
 * Whether the session may fetch `url`: our renderer's origin exactly (a bare prefix would let
 * `http://localhost:5173.evil.example` or `app://signdesk.evil` through), and Chromium's devtools.
 */
export function isAllowedRequest(url: string, rendererOrigin: string): boolean {
  if (url.startsWith('devtools://')) return true;
  return originOf(url) === rendererOrigin;
}

/** Whether a frame may navigate or be redirected to `url`: only within the renderer's own origin. */
export function isAllowedNavigation(url: string, rendererOrigin: string): boolean {
  return originOf(url) === rendererOrigin;
}
