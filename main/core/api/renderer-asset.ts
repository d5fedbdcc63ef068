import fs from 'node:fs/promises';
import path from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface RendererAsset {
  body: Buffer;
  headers: Record<string, string>;
}

/**
 * A file of the built renderer for the app:// protocol and the bridge alike, with its content type, our CSP
 * and nosniff; undefined when the path leaves the renderer folder or names no file.
 */
export async function readRendererAsset(root: string, pathname: string, csp: string): Promise<RendererAsset | undefined> {
  const base = path.resolve(root);
  let file: string;
  try {
    file = path.resolve(base, `.${decodeURIComponent(pathname)}`);
  } catch {
    return undefined;
  }
  if (!file.startsWith(base + path.sep)) return undefined;
  try {
    const body = await fs.readFile(file);
    return {
      body,
      headers: { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream', 'content-security-policy': csp, 'x-content-type-options': 'nosniff' },
    };
  } catch {
    return undefined;
  }
}
