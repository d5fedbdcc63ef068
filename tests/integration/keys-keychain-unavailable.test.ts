import { describe, expect, it } from 'vitest';
import { KeychainSecretStore } from '../../main/core/secrets';

// Its own file (so its own process): the keyring library keeps its D-Bus connection once made.
// The Secret Service is Linux's (D-Bus); macOS and Windows always have their keychain, so there is nothing to take away.
const notLinux = process.platform !== 'linux' && `the Secret Service exists only on Linux, not on ${process.platform}`;
if (notLinux) console.warn(`skipping: ${notLinux}`);
describe.skipIf(notLinux)('KeychainSecretStore without a Secret Service', () => {
  it('fails with ERR_SECRET_STORE_UNAVAILABLE instead of falling back to a keyring that forgets', async () => {
    process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/signdesk-test-bus';
    const store = new KeychainSecretStore();
    await expect(store.set('file-key:x', 'secret')).rejects.toMatchObject({ code: 'ERR_SECRET_STORE_UNAVAILABLE' });
    await expect(store.get('file-key:x')).rejects.toMatchObject({ code: 'ERR_SECRET_STORE_UNAVAILABLE' });
    delete process.env.DBUS_SESSION_BUS_ADDRESS;
    await expect(store.delete('file-key:x')).rejects.toMatchObject({ code: 'ERR_SECRET_STORE_UNAVAILABLE' });
  });
});
