import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UploadStore, expandPaths, createFilesHandlers } from '../../main/core/files/index';
import { MAX_UPLOAD_BYTES } from '../../preload/contract/domains/files';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-files-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('UploadStore', () => {
  it('writes uploads whole into inbox/ and never replaces a file with the same name', async () => {
    const store = new UploadStore(dir);
    const first = await store.save('sign', 'act.pdf', Buffer.from('one'));
    const second = await store.save('sign', 'act.pdf', Buffer.from('two'));
    expect(first).toBe(path.join(dir, 'inbox', 'act.pdf'));
    expect(second).toBe(path.join(dir, 'inbox', 'act (2).pdf'));
    expect(fs.readFileSync(first, 'utf8')).toBe('one');
    expect(fs.readFileSync(second, 'utf8')).toBe('two');
    expect(fs.readdirSync(path.join(dir, 'inbox')).sort()).toEqual(['act (2).pdf', 'act.pdf']);
  });
  it('keeps verify uploads apart and sanitises names that try to leave the folder', async () => {
    const store = new UploadStore(dir);
    const saved = await store.save('verify', '../../evil.p7s', Buffer.from('x'), { session: '../../s1' });
    expect(saved).toBe(path.join(store.folder('verify', '../../s1'), 'evil.p7s'));
    expect(path.relative(path.join(dir, 'verify-uploads'), saved).split(path.sep)).toHaveLength(3);
    await store.close();
  });
  it('refuses a file over the limit', async () => {
    await expect(new UploadStore(dir).save('sign', 'big.bin', new Uint8Array(MAX_UPLOAD_BYTES + 1))).rejects.toMatchObject({ code: 'ERR_INPUT_INVALID' });
    expect(fs.existsSync(path.join(dir, 'inbox', 'big.bin'))).toBe(false);
  });
});

describe('expandPaths', () => {
  it('walks folders recursively, skips hidden entries and keeps plain files', async () => {
    fs.mkdirSync(path.join(dir, 'in', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'in', 'b.txt'), 'b');
    fs.writeFileSync(path.join(dir, 'in', 'sub', 'a.txt'), 'a');
    fs.writeFileSync(path.join(dir, 'in', '.hidden'), 'h');
    fs.writeFileSync(path.join(dir, 'single.pdf'), 's');
    const result = await expandPaths([path.join(dir, 'in'), path.join(dir, 'single.pdf')]);
    expect(result.files).toEqual([path.join(dir, 'in', 'b.txt'), path.join(dir, 'in', 'sub', 'a.txt'), path.join(dir, 'single.pdf')]);
    expect(result.skipped).toBe(1);
  });
  it('reports a missing path with its code', async () => {
    await expect(expandPaths([path.join(dir, 'nope')])).rejects.toMatchObject({ code: 'ERR_FILE_NOT_FOUND' });
  });
});

describe('files handlers without native dialogs (the bridge)', () => {
  it('answers native: false and shown: false', async () => {
    const handlers = createFilesHandlers(undefined);
    expect(await handlers['files:openDialog']({ kind: 'files' })).toEqual({ native: false });
    expect(await handlers['files:saveDialog']({ defaultName: 'x.p7s' })).toEqual({ native: false });
    expect(await handlers['files:saveTextAs']({ defaultName: 'h.csv', content: 'a,b' })).toEqual({ native: false });
    expect(await handlers['files:showInFolder']({ path: dir })).toEqual({ shown: false });
    expect(await handlers['files:openPath']({ path: dir })).toEqual({ opened: false });
  });
  it('uses the dialogs it is given', async () => {
    const shown: string[] = [];
    const opened: string[] = [];
    const handlers = createFilesHandlers({
      openFiles: async () => ['/x/a.pdf'],
      chooseFolder: async () => null,
      saveFile: async (name) => (name.endsWith('.csv') ? path.join(dir, name) : `/out/${name}`),
      showInFolder: (file) => void shown.push(file),
      openPath: async (file) => void opened.push(file),
    });
    expect(await handlers['files:openDialog']({ kind: 'files' })).toEqual({ native: true, paths: ['/x/a.pdf'] });
    expect(await handlers['files:openDialog']({ kind: 'folder' })).toEqual({ native: true, paths: [] });
    expect(await handlers['files:saveDialog']({ defaultName: 'x.p7s' })).toEqual({ native: true, paths: ['/out/x.p7s'] });
    expect(await handlers['files:showInFolder']({ path: '/x/a.pdf' })).toEqual({ shown: true });
    expect(shown).toEqual(['/x/a.pdf']);
    fs.writeFileSync(path.join(dir, 'signed.pdf'), '%PDF-1.7');
    expect(await handlers['files:openPath']({ path: path.join(dir, 'signed.pdf') })).toEqual({ opened: true });
    expect(opened).toEqual([path.join(dir, 'signed.pdf')]);
    await expect(handlers['files:openPath']({ path: path.join(dir, 'gone.pdf') })).rejects.toMatchObject({ code: 'ERR_FILE_NOT_FOUND' });
    expect(await handlers['files:saveTextAs']({ defaultName: 'h.csv', content: 'a,b\n' })).toEqual({ native: true, paths: [path.join(dir, 'h.csv')] });
    expect(fs.readFileSync(path.join(dir, 'h.csv'), 'utf8')).toBe('a,b\n');
  });
});
