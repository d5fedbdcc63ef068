import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServices } from '../../main/core/services';
import { defaultDataDir, resolveDataDir } from '../../main/core/storage/data-dir';
import { migrate, openDatabase } from '../../main/core/storage/database';
import { writeFileAtomic } from '../../main/core/fs/atomic-write';
import { SigndeskError } from '../../preload/contract/index';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-storage-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('data folder', () => {
  it('prefers --data-dir, then SIGNDESK_DATA_DIR, then the OS default', () => {
    expect(resolveDataDir('/x/explicit', { SIGNDESK_DATA_DIR: '/y/env' })).toBe('/x/explicit');
    expect(resolveDataDir(undefined, { SIGNDESK_DATA_DIR: '/y/env' })).toBe('/y/env');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/home/u/.config' })).toBe('/home/u/.config/Signdesk');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' })).toContain('Signdesk');
    expect(defaultDataDir('darwin', {})).toMatch(/Library\/Application Support\/Signdesk$/);
  });
});

describe('settings', () => {
  it('persists in settings.json, validates updates and emits changes', async () => {
    const dir = tempDir();
    const services = createServices({ dataDir: dir, runtime: 'cli' });
    const seen: unknown[] = [];
    services.events.on('settingsChanged', (settings) => seen.push(settings.language));
    expect((await services.settings.get()).language).toBeNull();
    await services.settings.update({ language: 'uk', watchedFolders: ['/inbox'] });
    await expect(services.settings.update({ digestAlgorithm: 'MD5' as never })).rejects.toThrow(SigndeskError);
    await services.close();
    expect(seen).toEqual(['uk']);
    const reopened = createServices({ dataDir: dir, runtime: 'cli' });
    expect(await reopened.settings.get()).toMatchObject({ language: 'uk', watchedFolders: ['/inbox'], digestAlgorithm: 'SHA-256' });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8'))).toMatchObject({ language: 'uk' });
    await reopened.close();
  });
});

describe('database migrations', () => {
  it('applies each step once, in order, per domain', () => {
    const db = openDatabase(path.join(tempDir(), 'x.db'));
    migrate(db, 'demo', ['CREATE TABLE a (id INTEGER)']);
    migrate(db, 'demo', ['CREATE TABLE a (id INTEGER)', 'ALTER TABLE a ADD COLUMN name TEXT']);
    migrate(db, 'other', ['CREATE TABLE b (id INTEGER)']);
    const columns = (db.prepare('PRAGMA table_info(a)').all() as Array<{ name: string }>).map((column) => column.name);
    expect(columns).toEqual(['id', 'name']);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});

describe('atomic write', () => {
  it('replaces a file whole and leaves no temp files', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'a.p7s');
    fs.writeFileSync(target, 'old');
    await writeFileAtomic(target, 'new content');
    expect(fs.readFileSync(target, 'utf8')).toBe('new content');
    expect(fs.readdirSync(dir)).toEqual(['a.p7s']);
  });

  it('refuses to replace an existing file when overwrite is false, keeping it byte-identical', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'a.p7s');
    fs.writeFileSync(target, 'good');
    await expect(writeFileAtomic(target, 'other', { overwrite: false })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(fs.readFileSync(target, 'utf8')).toBe('good');
    expect(fs.readdirSync(dir)).toEqual(['a.p7s']);
  });
});
