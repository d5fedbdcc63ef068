import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecretProvider } from '../../main/core/keys';
import { createServices, type Services } from '../../main/core/services';
import { MemorySecretStore } from '../../main/core/secrets';
import { codeOf } from '../helpers/outcome';

const PASSWORD = 'opener-password';
const refuse: SecretProvider = async () => {
  throw new Error('asked for a secret');
};

/** Every path to a cabinet key goes through the cabinet's one KeyOpener: the same records, block check and secrets. */
describe('one way to open a key', () => {
  let dir: string;
  let services: Services;
  let keyId: string;
  const secrets = new MemorySecretStore();

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-key-opener-'));
    services = createServices({ dataDir: path.join(dir, 'data'), runtime: 'cli', secrets });
    const key = await services.cabinet.newKeyRequest({ keyType: 'ec-p256', storage: 'file', name: 'Main', password: PASSWORD, entropy: crypto.randomBytes(48).toString('base64'), reference: 'REF-1', phone: '+380501234567' });
    keyId = key.id;
  });

  afterAll(async () => {
    await services?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a remembered password opens the key by id or by its file KeyRef without asking', async () => {
    await services.keys.rememberPassword(keyId, PASSWORD);
    const record = services.cabinet.records.get(keyId);
    for (const ref of [keyId, record.keyRef]) {
      const key = await services.keys.open(ref, refuse);
      expect(key.ref).toBe(record.keyRef);
      await key.close();
    }
  });

  it('a cabinet action proves the password the user gave, even when another one is remembered', async () => {
    expect(await codeOf(services.cabinet.testSign(keyId, 'not-the-password'))).toBe('ERR_PASSWORD_INCORRECT');
    expect(await services.cabinet.testSign(keyId, PASSWORD)).toEqual({ signed: true });
  });

  it('a blocked key is refused on every path: by id, by KeyRef, and for the cabinet’s own actions', async () => {
    const record = services.cabinet.records.get(keyId);
    await services.cabinet.block(keyId);
    try {
      expect(await codeOf(services.keys.open(keyId, refuse))).toBe('ERR_KEY_BLOCKED');
      expect(await codeOf(services.keys.open(record.keyRef, refuse))).toBe('ERR_KEY_BLOCKED');
      expect(await codeOf(services.cabinet.testSign(keyId, PASSWORD))).toBe('ERR_KEY_BLOCKED');
      expect(await codeOf(services.cabinet.renew(keyId, PASSWORD))).toBe('ERR_KEY_BLOCKED');
    } finally {
      await services.cabinet.setBlocked(keyId, false);
    }
    expect(await services.cabinet.testSign(keyId, PASSWORD)).toEqual({ signed: true });
  });
});
