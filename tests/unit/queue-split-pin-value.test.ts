import { describe, expect, it } from 'vitest';
import { splitPinValue } from '../../main/core/queue/split-pin-value';

describe('splitPinValue', () => {
  it('takes pin-value out of a pkcs11: URI and keeps everything else, pin-source included', () => {
    expect(splitPinValue('pkcs11:token=Acc;object=k?module-path=/m.so&pin-value=12%2034')).toEqual({ keyRef: 'pkcs11:token=Acc;object=k?module-path=/m.so', pin: '12 34' });
    expect(splitPinValue('pkcs11:token=Acc;object=k?pin-source=file:/run/pin.txt')).toEqual({ keyRef: 'pkcs11:token=Acc;object=k?pin-source=file:/run/pin.txt' });
  });
  it('leaves other KeyRefs exactly as given', () => {
    for (const keyRef of ['file:/keys/a.p12', '0f1e2d3c-key-id', 'pkcs11:token=Acc;object=k']) expect(splitPinValue(keyRef)).toEqual({ keyRef });
  });
  it('refuses a malformed URI with a coded error that does not echo it', () => {
    expect(() => splitPinValue('pkcs11:token=a;token=b?pin-value=secret')).toThrow(expect.objectContaining({ code: 'ERR_INPUT_INVALID', message: expect.not.stringContaining('secret') }));
  });
});
