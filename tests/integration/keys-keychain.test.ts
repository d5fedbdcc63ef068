import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileKeyPasswordAccount, KeychainSecretStore, MemorySecretStore, type SecretStore } from '../../main/core/secrets';
import { KEYRING_TOOLS, startKeyringSession, type KeyringSession } from '../helpers/keyring-session';
import { missingTools } from '../helpers/require-tools';

const missing = missingTools(KEYRING_TOOLS);

async function roundTrip(store: SecretStore): Promise<void> {
  const account = fileKeyPasswordAccount('k1');
  expect(await store.get(account)).toBeUndefined();
  await store.set(account, 'пароль з пробілами');
  expect(await store.get(account)).toBe('пароль з пробілами');
  await store.set(account, 'changed');
  expect(await store.get(account)).toBe('changed');
  expect(await store.get(fileKeyPasswordAccount('k2'))).toBeUndefined();
  expect(await store.delete(account)).toBe(true);
  expect(await store.delete(account)).toBe(false);
  expect(await store.get(account)).toBeUndefined();
}

describe('MemorySecretStore', () => {
  it('stores, replaces and deletes secrets by account', async () => {
    await roundTrip(new MemorySecretStore());
  });
});

describe.skipIf(missing)('KeychainSecretStore against gnome-keyring', () => {
  let session: KeyringSession;
  const savedAddress = process.env.DBUS_SESSION_BUS_ADDRESS;

  beforeAll(async () => {
    session = await startKeyringSession();
    process.env.DBUS_SESSION_BUS_ADDRESS = session.address;
  });

  afterAll(() => {
    if (savedAddress === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = savedAddress;
    session?.stop();
  });

  it('round-trips a secret through the Secret Service under the service "Signdesk"', async () => {
    await roundTrip(new KeychainSecretStore());
  });

  it('keeps services apart', async () => {
    const ours = new KeychainSecretStore();
    const other = new KeychainSecretStore('Signdesk-other');
    await ours.set('shared-account', 'ours');
    expect(await other.get('shared-account')).toBeUndefined();
    await ours.delete('shared-account');
  });
});
