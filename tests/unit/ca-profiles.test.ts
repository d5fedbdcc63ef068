import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { caChannels } from '../../preload/contract/domains/ca';
import { CaProfileStore } from '../../main/core/ca';

const dirs: string[] = [];
const store = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-ca-profiles-'));
  dirs.push(dir);
  return new CaProfileStore(path.join(dir, 'ca-profiles.json'));
};
const profile = { name: 'Test CA', cmpUrl: 'http://ca.example/pkix/', ocspUrl: null, crlUrls: [], tsaUrl: null, trustAnchors: [] };

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('CA profiles', () => {
  it('saves (new id), replaces by id, lists, gets and deletes', async () => {
    const profiles = store();
    expect(profiles.list()).toEqual([]);
    const saved = await profiles.save(profile);
    expect(saved.id).toMatch(/^[0-9a-f-]{36}$/);
    await profiles.save({ ...saved, ocspUrl: 'http://ocsp.example/' });
    expect(profiles.list()).toHaveLength(1);
    expect(profiles.get(saved.id).ocspUrl).toBe('http://ocsp.example/');
    expect(await profiles.delete(saved.id)).toBe(true);
    expect(await profiles.delete(saved.id)).toBe(false);
    expect(() => profiles.get(saved.id)).toThrow(expect.objectContaining({ code: 'ERR_NOT_FOUND' }));
  });

  it('refuses an invalid URL and keeps the file unchanged', async () => {
    const profiles = store();
    await profiles.save(profile);
    await expect(profiles.save({ ...profile, cmpUrl: 'not a url' })).rejects.toThrow();
    expect(profiles.list()).toHaveLength(1);
  });

  it('ca:checkStatus takes a certificate or a keyId, not both or neither', () => {
    const schema = caChannels['ca:checkStatus'].input;
    expect(schema.safeParse({ keyId: 'k1' }).success).toBe(true);
    expect(schema.safeParse({ certificate: '-----BEGIN CERTIFICATE-----…' }).success).toBe(true);
    expect(schema.safeParse({}).success).toBe(false);
    expect(schema.safeParse({ keyId: 'k1', certificate: 'x' }).success).toBe(false);
    expect(caChannels['ca:saveProfile'].input.safeParse({ profile }).success).toBe(true);
  });
});
