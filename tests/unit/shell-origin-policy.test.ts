import { describe, expect, it } from 'vitest';
import { rendererSource } from '../../main/shell/renderer-source';
import { isAllowedNavigation, isAllowedRequest } from '../../main/shell/origin-policy';
import { senderFromOrigin } from '../../main/core/api/guard';

const APP = 'app://signdesk';
const DEV = 'http://localhost:5173';

describe('which renderer the window loads (ELECTRON_RENDERER_URL)', () => {
  it('a packaged app loads app:// whatever the environment says', () => {
    for (const devUrl of [undefined, '', `${DEV}/`, 'https://attacker.example/', 'http://127.0.0.1:9999/']) {
      expect(rendererSource({ isPackaged: true, devUrl })).toEqual({ url: `${APP}/index.html`, origin: APP });
    }
  });
  it('in development the dev server is used, trusted by its exact origin', () => {
    expect(rendererSource({ isPackaged: false, devUrl: `${DEV}/` })).toEqual({ url: `${DEV}/`, origin: DEV });
    expect(rendererSource({ isPackaged: false, devUrl: 'http://127.0.0.1:5173' })).toEqual({ url: 'http://127.0.0.1:5173', origin: 'http://127.0.0.1:5173' });
    expect(rendererSource({ isPackaged: false, devUrl: undefined })).toEqual({ url: `${APP}/index.html`, origin: APP });
  });
  it('in development a dev URL that is not http on loopback is ignored, with the reason', () => {
    for (const devUrl of ['https://attacker.example/', 'http://attacker.example:5173/', 'file:///tmp/index.html', 'not a url', 'http://localhost.attacker.example:5173/']) {
      const source = rendererSource({ isPackaged: false, devUrl });
      expect(source, devUrl).toMatchObject({ url: `${APP}/index.html`, origin: APP, ignored: expect.stringContaining('ELECTRON_RENDERER_URL') });
    }
  });
});

describe('which requests and navigations the session lets through', () => {
  it('our origin exactly, and devtools', () => {
    expect(isAllowedRequest(`${APP}/index.html`, APP)).toBe(true);
    expect(isAllowedRequest(`${APP}/assets/main.js?v=1`, APP)).toBe(true);
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html', APP)).toBe(true);
    expect(isAllowedRequest(`${DEV}/src/main.tsx`, DEV)).toBe(true);
  });
  it('never a prefix look-alike, another port, scheme or host (the old bare prefix rule let these through)', () => {
    for (const url of [`${DEV}0/x.js`, 'http://localhost:5173.attacker.example/x.js', 'http://localhost:5173@attacker.example/x.js', 'https://localhost:5173/x.js', 'http://127.0.0.1:5173/x.js']) {
      expect(isAllowedRequest(url, DEV), url).toBe(false);
    }
    for (const url of ['app://signdesk.attacker/x.js', 'app://signdeskx/', 'https://signdesk/', 'http://localhost:5173/', 'data:text/html,<script>', 'blob:app://signdesk/0f0f', 'file:///etc/passwd', 'garbage']) {
      expect(isAllowedRequest(url, APP), url).toBe(false);
      expect(isAllowedNavigation(url, APP), url).toBe(false);
    }
    expect(isAllowedNavigation('devtools://devtools/bundled/inspector.html', APP)).toBe(false);
    expect(isAllowedNavigation(`${APP}/index.html#/verify`, APP)).toBe(true);
  });
  it('the IPC sender check uses the same exact origin', () => {
    const trusted = senderFromOrigin(DEV);
    expect(trusted({ url: `${DEV}/index.html`, isMainFrame: true })).toBe(true);
    expect(trusted({ url: 'http://localhost:5173.attacker.example/', isMainFrame: true })).toBe(false);
    expect(trusted({ url: `${DEV}/index.html`, isMainFrame: false })).toBe(false);
  });
});
