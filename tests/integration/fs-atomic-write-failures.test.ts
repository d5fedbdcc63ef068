import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEMP_SUFFIX, writeFileAtomic } from '../../main/core/fs/atomic-write';
import { missingTools } from '../helpers/require-tools';
import { runSigndesk } from '../helpers/run-cli';
import { mountTinyFs, tinyFsUnavailable, type TinyFs } from '../helpers/tiny-fs';

const UNAVAILABLE = tinyFsUnavailable();

/** Everything in the folder but the filler: the temp files a failed write must not leave behind. */
function leftovers(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => name !== '.filler');
}

describe.skipIf(UNAVAILABLE)('writeFileAtomic on a real tiny filesystem', () => {
  let tiny: TinyFs;
  beforeAll(() => {
    tiny = mountTinyFs(256 * 1024);
  });
  afterAll(() => tiny?.unmount());
  beforeEach(() => {
    tiny.setReadOnly(false);
    for (const name of fs.readdirSync(tiny.dir)) fs.rmSync(path.join(tiny.dir, name), { recursive: true, force: true });
  });

  it('a write larger than the free space fails with ERR_STORAGE_FULL, leaves no temp file and keeps the old file', async () => {
    const target = path.join(tiny.dir, 'act.pdf.p7s');
    fs.writeFileSync(target, 'the good signature');
    const error = await writeFileAtomic(target, Buffer.alloc(1024 * 1024, 1)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_STORAGE_FULL', details: { path: target, bytesNeeded: 1024 * 1024 } });
    expect(leftovers(tiny.dir)).toEqual(['act.pdf.p7s']);
    expect(fs.readFileSync(target, 'utf8')).toBe('the good signature');
  });

  it('a disk already full: the same, with overwrite: false and for a new file', async () => {
    tiny.fill();
    for (const overwrite of [true, false]) {
      const target = path.join(tiny.dir, `new-${overwrite}.csr`);
      await expect(writeFileAtomic(target, 'x'.repeat(10_000), { overwrite })).rejects.toMatchObject({ code: 'ERR_STORAGE_FULL' });
      expect(leftovers(tiny.dir)).toEqual([]);
    }
    tiny.free();
    await writeFileAtomic(path.join(tiny.dir, 'after.csr'), 'x'.repeat(10_000));
    expect(leftovers(tiny.dir)).toEqual(['after.csr']);
  });

  it('a streamed write that runs out of space mid-way leaves nothing behind', async () => {
    const target = path.join(tiny.dir, 'upload.bin');
    async function* chunks() {
      for (let i = 0; i < 64; i++) yield Buffer.alloc(16 * 1024, i);
    }
    await expect(writeFileAtomic(target, chunks())).rejects.toMatchObject({ code: 'ERR_STORAGE_FULL' });
    expect(leftovers(tiny.dir)).toEqual([]);
  });

  it('a streamed write past maxBytes is refused and leaves nothing behind', async () => {
    const target = path.join(tiny.dir, 'upload.bin');
    async function* chunks() {
      for (let i = 0; i < 8; i++) yield Buffer.alloc(1024, i);
    }
    await expect(writeFileAtomic(target, chunks(), { maxBytes: 4096 })).rejects.toMatchObject({ code: 'ERR_INPUT_INVALID', details: { limit: 4096 } });
    expect(leftovers(tiny.dir)).toEqual([]);
    await writeFileAtomic(target, chunks(), { maxBytes: 8192 });
    expect(fs.statSync(target).size).toBe(8192);
  });

  it('a source that fails mid-stream leaves nothing behind and rethrows its error', async () => {
    async function* broken() {
      yield Buffer.from('first part');
      throw new Error('the client went away');
    }
    await expect(writeFileAtomic(path.join(tiny.dir, 'x.bin'), broken())).rejects.toThrow('the client went away');
    expect(leftovers(tiny.dir)).toEqual([]);
  });

  it('a read-only folder: the error, no temp file, the old file intact', async () => {
    const target = path.join(tiny.dir, 'key.p12');
    fs.writeFileSync(target, 'old key');
    tiny.setReadOnly(true);
    await expect(writeFileAtomic(target, 'new key')).rejects.toMatchObject({ code: 'EROFS' });
    tiny.setReadOnly(false);
    expect(leftovers(tiny.dir)).toEqual(['key.p12']);
    expect(fs.readFileSync(target, 'utf8')).toBe('old key');
  });

  it('a target that is a folder: the rename fails, no temp file', async () => {
    fs.mkdirSync(path.join(tiny.dir, 'out.p7s'));
    fs.writeFileSync(path.join(tiny.dir, 'out.p7s', 'inside'), 'x');
    await expect(writeFileAtomic(path.join(tiny.dir, 'out.p7s'), 'sig')).rejects.toHaveProperty('code');
    expect(leftovers(tiny.dir).filter((name) => name.endsWith(TEMP_SUFFIX))).toEqual([]);
  });
});

const NO_OPENSSL = UNAVAILABLE || missingTools(['openssl']);

describe.skipIf(NO_OPENSSL)('commands writing onto a full disk: keygen, csr --out, cosign', () => {
  let tiny: TinyFs;
  let work: string;
  const PASSWORD = 'full-disk-pw';
  const cli = (...argv: string[]) => runSigndesk([...argv, '--data-dir', path.join(work, 'data')], { KEY_PW: PASSWORD });
  beforeAll(() => {
    tiny = mountTinyFs(512 * 1024);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-full-commands-'));
  });
  afterAll(() => {
    tiny?.unmount();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('each fails with ERR_STORAGE_FULL (exit 3), leaves no temp file and keeps what was there', async () => {
    const key = path.join(work, 'signer.key');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-subj', '/CN=Full Disk', '-days', '2', '-out', `${key}.pem`], { stdio: 'pipe' });
    const p12 = path.join(work, 'signer.p12');
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', key, '-in', `${key}.pem`, '-passout', `pass:${PASSWORD}`, '-out', p12]);
    const document = path.join(tiny.dir, 'act.txt');
    fs.writeFileSync(document, 'an act\n');
    const signed = await cli('sign', '--key', `file:${p12}`, '--pass-env', 'KEY_PW', document);
    expect(signed.code, signed.stderr).toBe(0);
    const signature = fs.readFileSync(`${document}.p7s`);

    tiny.fill();
    try {
      const keygen = await cli('keygen', '--key', `file:${path.join(tiny.dir, 'new.p12')}`, '--alg', 'ec-p256', '--pass-env', 'KEY_PW');
      expect(keygen.stderr).toMatch(/^signdesk: ERR_STORAGE_FULL: /);
      expect(keygen.code).toBe(3);
      const csr = await cli('csr', '--key', `file:${p12}`, '--pass-env', 'KEY_PW', '--subject', 'CN=Full Disk', '--out', path.join(tiny.dir, 'request.csr'));
      expect(csr.stderr).toMatch(/^signdesk: ERR_STORAGE_FULL: /);
      expect(csr.code).toBe(3);
      const cosign = await cli('cosign', '--key', `file:${p12}`, '--pass-env', 'KEY_PW', `${document}.p7s`, '--content', document);
      expect(cosign.stderr).toMatch(/^signdesk: ERR_STORAGE_FULL: /);
      expect(cosign.code).toBe(3);
    } finally {
      tiny.free();
    }
    expect(leftovers(tiny.dir).sort()).toEqual(['act.txt', 'act.txt.p7s']);
    expect(fs.readFileSync(`${document}.p7s`).equals(signature)).toBe(true);
  });
});
