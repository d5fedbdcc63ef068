import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRendererAsset } from '../../main/core/api/renderer-asset';
import { contentSecurityPolicy } from '../../main/core/api/content-security-policy';

const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-assets-'));
const root = path.join(parent, 'renderer');
fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'export {}');
fs.writeFileSync(path.join(parent, 'secret.txt'), 'outside');
afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));

describe('renderer assets', () => {
  it('serves files of the renderer with their type, the CSP and nosniff', async () => {
    const csp = contentSecurityPolicy(['ws://127.0.0.1:1234']);
    const asset = await readRendererAsset(root, '/assets/app.js', csp);
    expect(asset?.body.toString()).toBe('export {}');
    expect(asset?.headers).toEqual({ 'content-type': 'text/javascript; charset=utf-8', 'content-security-policy': csp, 'x-content-type-options': 'nosniff' });
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:1234");
    expect(csp).not.toContain('unsafe');
  });

  it('never serves a path outside the renderer folder', async () => {
    for (const pathname of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/%E0%A4%A', '/missing.js', '/']) {
      expect(await readRendererAsset(root, pathname, '')).toBeUndefined();
    }
  });
});
