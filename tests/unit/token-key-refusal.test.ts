import type { PKCS11, Template } from 'pkcs11js';
import { describe, expect, it } from 'vitest';
import { generateKeyPairOnToken } from '../../main/core/token/key-generation';
import { CKA_ALWAYS_SENSITIVE, CKA_EXTRACTABLE, CKA_NEVER_EXTRACTABLE, CKA_SENSITIVE } from '../../main/core/token/pkcs11-constants';

/**
 * A token that ignores the protection asked for (as some cheap tokens do). Only the calls key generation makes;
 * real tokens are covered by tests/integration/token-keys.test.ts.
 */
function carelessToken(protection: Record<number, boolean>) {
  const destroyed: string[] = [];
  const privateKey = Buffer.from('01', 'hex');
  const publicKey = Buffer.from('02', 'hex');
  const library = {
    C_GenerateKeyPairAsync: async () => ({ privateKey, publicKey }),
    C_GetAttributeValue: (_session: Buffer, _handle: Buffer, template: Template) =>
      template.map(({ type }) => ({ type, value: Buffer.from([protection[type] ? 1 : 0]) })),
    C_DestroyObject: (_session: Buffer, handle: Buffer) => void destroyed.push(handle.toString('hex')),
  };
  return { library: library as unknown as PKCS11, destroyed };
}

describe('key generation refuses keys the token does not protect', () => {
  const secure = { [CKA_ALWAYS_SENSITIVE]: true, [CKA_NEVER_EXTRACTABLE]: true, [CKA_SENSITIVE]: true, [CKA_EXTRACTABLE]: false };

  it.each([
    ['not always sensitive', { ...secure, [CKA_ALWAYS_SENSITIVE]: false }],
    ['once extractable', { ...secure, [CKA_NEVER_EXTRACTABLE]: false }],
    ['extractable now', { ...secure, [CKA_EXTRACTABLE]: true }],
  ])('destroys both halves of a key that is %s and says ERR_KEY_NOT_SECURE', async (_name, protection) => {
    const { library, destroyed } = carelessToken(protection);
    await expect(generateKeyPairOnToken(library, Buffer.alloc(8), { algorithm: { kind: 'EC', namedCurve: 'P-256' }, label: 'k' })).rejects.toMatchObject({
      code: 'ERR_KEY_NOT_SECURE',
    });
    expect(destroyed.sort()).toEqual(['01', '02']);
  });
});
