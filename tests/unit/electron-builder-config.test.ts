import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): Record<string, unknown> };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

// electron-builder cannot package here (it downloads Electron), so its config is checked against its own schema.
describe('electron-builder.yml', () => {
  const config = yaml.load(fs.readFileSync('electron-builder.yml', 'utf8'));

  it('passes electron-builder validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('locks the Electron fuses down', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('targets nsis, dmg with hardened runtime, AppImage and deb, with native addons unpacked', () => {
    expect(config).toMatchObject({
      appId: expect.any(String),
      productName: 'Signdesk',
      win: { target: ['nsis'] },
      mac: { target: ['dmg'], hardenedRuntime: true },
      linux: { target: ['AppImage', 'deb'] },
      asarUnpack: expect.arrayContaining(['**/*.node']),
    });
  });
});

describe('the visible PDF signature font', () => {
  const config = yaml.load(fs.readFileSync('electron-builder.yml', 'utf8')) as { files: string[]; asarUnpack: string[] };
  it('is packaged and unpacked, where the file workers read it', () => {
    expect(fs.existsSync('resources/fonts/DejaVuSans.ttf')).toBe(true);
    expect(config.files).toContain('resources/fonts/**');
    expect(config.asarUnpack).toContain('resources/fonts/**');
  });
});
