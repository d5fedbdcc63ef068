import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CabinetService } from '../../main/core/cabinet/index';
import { openDatabase, type Db } from '../../main/core/storage/database';
import { missingTools } from '../helpers/require-tools';
import { codeOf } from '../helpers/outcome';

const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });

/** "Add key" in the core: the secret proved first, the same key recognised, the user's file name kept. */
describe.skipIf(missingTools(['openssl']))('cabinet: adding a key the user already has', () => {
  let dir: string;
  let db: Db;
  let cabinet: CabinetService;
  let p12: string;
  let pkcs8: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-add-key-'));
    db = openDatabase(path.join(dir, 'signdesk.db'));
    cabinet = new CabinetService({ db, keysDir: path.join(dir, 'keys') });
    const key = path.join(dir, 'k.pem');
    const cert = path.join(dir, 'k.crt');
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', key]);
    openssl(['req', '-new', '-x509', '-key', key, '-subj', '/CN=Ірина Коваль/O=ТОВ Лілея', '-utf8', '-days', '30', '-out', cert]);
    p12 = path.join(dir, 'Коваль Ірина.pfx');
    openssl(['pkcs12', '-export', '-inkey', key, '-in', cert, '-passout', 'pass:p12-pass', '-out', p12]);
    const other = path.join(dir, 'other.pem');
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', other]);
    pkcs8 = path.join(dir, 'director.key');
    openssl(['pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-in', other, '-passout', 'pass:pk8-pass', '-out', pkcs8]);
  });

  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a wrong password with its code and adds nothing', async () => {
    expect(await codeOf(cabinet.addKey({ source: 'file', path: p12, password: 'wrong' }))).toBe('ERR_PASSWORD_INCORRECT');
    expect(await cabinet.list()).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'keys')) ? fs.readdirSync(path.join(dir, 'keys')) : []).toEqual([]);
  });

  it('adds a PKCS#12 file with its certificate; the storage shows the file name, the copy is named by the id', async () => {
    const key = await cabinet.addKey({ source: 'file', path: p12, password: 'p12-pass' });
    expect(key).toMatchObject({ name: 'Коваль Ірина.pfx', storage: 'file', storageLabel: 'Коваль Ірина.pfx', owner: 'Ірина Коваль', organisation: 'ТОВ Лілея', status: 'active' });
    expect(key.keyRef).toBe(`file:${path.join(dir, 'keys', `${key.id}.p12`)}`);
    expect(fs.readFileSync(path.join(dir, 'keys', `${key.id}.p12`))).toEqual(fs.readFileSync(p12));
  });

  it('recognises the same key again, from another path and by another name, and says under which name it is', async () => {
    const copy = path.join(dir, 'upload', 'copy.p12');
    fs.mkdirSync(path.dirname(copy));
    fs.copyFileSync(p12, copy);
    const error = await cabinet.addKey({ source: 'file', path: copy, fileName: 'Копія.p12', password: 'p12-pass' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_KEY_ALREADY_ADDED', details: { name: 'Коваль Ірина.pfx' } });
    expect(await cabinet.list()).toHaveLength(1);
    expect(fs.readdirSync(path.join(dir, 'keys'))).toHaveLength(1);
  });

  it('keeps the name the user gave an uploaded file (fileName) and the chosen cabinet name; a key without certificate waits for one', async () => {
    const upload = path.join(dir, 'upload', 'director (2).key');
    fs.copyFileSync(pkcs8, upload);
    const key = await cabinet.addKey({ source: 'file', path: upload, fileName: 'director.key', password: 'pk8-pass', name: '  Директор ' });
    expect(key).toMatchObject({ name: 'Директор', storageLabel: 'director.key', status: 'awaitingCertificate' });
    expect(await codeOf(cabinet.addKey({ source: 'file', path: pkcs8, password: 'pk8-pass' }))).toBe('ERR_KEY_ALREADY_ADDED');
  });

  it('a PKCS#12 without its MAC is refused until the user accepts it; accepted, the copy is re-sealed with a MAC and the original is untouched', async () => {
    const key = path.join(dir, 'nomac.pem');
    const cert = path.join(dir, 'nomac.crt');
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', key]);
    openssl(['req', '-new', '-x509', '-key', key, '-subj', '/CN=Петро Без MAC', '-utf8', '-days', '30', '-out', cert]);
    const nomac = path.join(dir, 'upload', 'nomac-upload.p12');
    openssl(['pkcs12', '-export', '-inkey', key, '-in', cert, '-passout', 'pass:nomac-pass', '-nomac', '-out', nomac]);
    const original = fs.readFileSync(nomac);
    const before = (await cabinet.list()).length;
    expect(await codeOf(cabinet.addKey({ source: 'file', path: nomac, fileName: 'Петро.p12', password: 'nomac-pass' }))).toBe('ERR_KEY_FILE_UNPROTECTED');
    expect(await cabinet.list()).toHaveLength(before);
    expect(await codeOf(cabinet.addKey({ source: 'file', path: nomac, fileName: 'Петро.p12', password: 'wrong-pass', acceptMissingMac: true }))).toBe('ERR_PASSWORD_INCORRECT');
    const added = await cabinet.addKey({ source: 'file', path: nomac, fileName: 'Петро.p12', password: 'nomac-pass', acceptMissingMac: true });
    expect(added).toMatchObject({ name: 'Петро.p12', storageLabel: 'Петро.p12', owner: 'Петро Без MAC', status: 'active' });
    expect(fs.readFileSync(nomac)).toEqual(original);
    const copy = added.keyRef.replace(/^file:/, '');
    const macInfo = (file: string) => spawnSync('openssl', ['pkcs12', '-in', file, '-info', '-noout', '-passin', 'pass:nomac-pass'], { encoding: 'utf8' }).stderr;
    expect(macInfo(nomac)).toContain('MAC is absent');
    expect(macInfo(copy)).toMatch(/^MAC: sha256/m);
    expect(fs.readdirSync(path.join(dir, 'keys')).filter((name) => name.startsWith('.reseal-'))).toEqual([]);
  });

  it('never shows the cabinet copy’s id-based file name: a key the wizard made has no file name to show', async () => {
    const made = await cabinet.newKeyRequest({ keyType: 'ec-p256', storage: 'file', name: 'Новий', password: 'new-pass-1', entropy: Buffer.alloc(48, 7).toString('base64'), reference: 'REF-1', phone: '+380501234567' });
    expect(made.keyRef).toMatch(/[0-9a-f-]{36}/);
    expect(made.storageLabel).toBe('');
    for (const key of await cabinet.list()) expect(key.storageLabel).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('opens a key given by its plain path (the sign panel’s "another key")', async () => {
    const signing = await cabinet.keys.open(`"${p12}"`, () => Promise.resolve('p12-pass'));
    try {
      expect(signing.certificate).toBeDefined();
    } finally {
      await signing.close();
    }
  });
});
