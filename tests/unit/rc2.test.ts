import { describe, expect, it } from 'vitest';
import { rc2DecryptBlock, rc2ExpandKey } from '../../main/core/keys/file-key/rc2';

describe('RC2 (RFC 2268)', () => {
  it('decrypts the RFC 2268 section 5 test vectors', () => {
    const vectors = [
      { key: '0000000000000000', bits: 63, plain: '0000000000000000', cipher: 'ebb773f993278eff' },
      { key: 'ffffffffffffffff', bits: 64, plain: 'ffffffffffffffff', cipher: '278b27e42e2f0d49' },
      { key: '3000000000000000', bits: 64, plain: '1000000000000001', cipher: '30649edf9be7d2c2' },
      { key: '88', bits: 64, plain: '0000000000000000', cipher: '61a8a244adacccf0' },
      { key: '88bca90e90875a', bits: 64, plain: '0000000000000000', cipher: '6ccf4308974c267f' },
      { key: '88bca90e90875a7f0f79c384627bafb2', bits: 64, plain: '0000000000000000', cipher: '1a807d272bbe5db1' },
      { key: '88bca90e90875a7f0f79c384627bafb2', bits: 128, plain: '0000000000000000', cipher: '2269552ab0f85ca6' },
    ];
    for (const vector of vectors) {
      const expanded = rc2ExpandKey(Buffer.from(vector.key, 'hex'), vector.bits);
      const plain = rc2DecryptBlock(expanded, Buffer.from(vector.cipher, 'hex'));
      expect(Buffer.from(plain).toString('hex')).toBe(vector.plain);
    }
  });
});
