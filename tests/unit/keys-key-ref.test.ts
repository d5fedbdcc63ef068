import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CabinetKey } from '../../preload/contract/domains/cabinet';
import { keyCabinetRecord } from '../../main/core/cabinet';
import { parseKeyRef } from '../../main/core/keys';

describe('parseKeyRef', () => {
  it('tells pkcs11: URIs, file: paths and cabinet ids apart', () => {
    const token = parseKeyRef('pkcs11:token=Accountant;object=main?module-path=/usr/lib/softhsm/libsofthsm2.so');
    expect(token).toMatchObject({ kind: 'token', uri: { token: 'Accountant', object: 'main', modulePath: '/usr/lib/softhsm/libsofthsm2.so' } });
    expect(parseKeyRef('file:keys/a.p12')).toEqual({ kind: 'file', path: path.resolve('keys/a.p12') });
    expect(parseKeyRef('file:///tmp/x%20y.pem')).toEqual({ kind: 'file', path: '/tmp/x y.pem' });
    expect(parseKeyRef('4f9c1d7e-0000-4000-8000-000000000000')).toEqual({ kind: 'cabinet', id: '4f9c1d7e-0000-4000-8000-000000000000' });
  });

  it('takes a plain path (as pasted from a file manager, quoted or not) for a key file', () => {
    expect(parseKeyRef('/home/olena/Ключі/Key-6.dat')).toEqual({ kind: 'file', path: '/home/olena/Ключі/Key-6.dat' });
    expect(parseKeyRef('  "/home/olena/my key.pfx" ')).toEqual({ kind: 'file', path: '/home/olena/my key.pfx' });
    expect(parseKeyRef('keys/a.p12')).toEqual({ kind: 'file', path: path.resolve('keys/a.p12') });
    expect(parseKeyRef('https://example.org/a.p12')).toEqual({ kind: 'cabinet', id: 'https://example.org/a.p12' });
  });

  it('rejects empty references', () => {
    expect(() => parseKeyRef('file:')).toThrow(expect.objectContaining({ code: 'ERR_INPUT_INVALID' }));
    expect(() => parseKeyRef('')).toThrow(expect.objectContaining({ code: 'ERR_INPUT_INVALID' }));
  });
});

describe('keyCabinetRecord', () => {
  const base: CabinetKey = {
    id: 'k1',
    name: 'Main',
    storage: 'file',
    storageLabel: 'k1.p12',
    keyRef: 'file:/data/keys/k1.p12',
    algorithm: 'ec-p256',
    organisation: 'ТОВ "Тест"',
    edrpou: '41234567',
    owner: 'Іван Петренко',
    rnokpp: null,
    position: null,
    identifiers: { EDRPOU: '41234567' },
    status: 'active',
    created: '2026-11-01T00:00:00.000Z',
    notBefore: '2026-11-01T00:00:00.000Z',
    notAfter: '2027-11-01T00:00:00.000Z',
    hasCertificate: true,
    hasRequest: false,
    parentId: null,
    validityLimit: null,
    caProfileId: null,
    caHold: false,
    statementPath: null,
  };

  it('gives the CLI shape with kebab-case statuses', () => {
    const now = new Date('2026-11-22T00:00:00Z');
    expect(keyCabinetRecord(base, now)).toEqual({
      id: 'k1',
      name: 'Main',
      storage: 'file',
      owner: 'Іван Петренко',
      organisation: 'ТОВ "Тест"',
      identifiers: { EDRPOU: '41234567' },
      status: 'active',
      created: base.created,
      notBefore: base.notBefore,
      notAfter: base.notAfter,
      keyRef: base.keyRef,
    });
    expect(keyCabinetRecord({ ...base, status: 'awaitingCertificate' }, now).status).toBe('awaiting-certificate');
    expect(keyCabinetRecord({ ...base, status: 'tokenAbsent' }, now).status).toBe('token-absent');
  });

  it('reports a certificate whose validity has not begun as not-yet-valid', () => {
    expect(keyCabinetRecord(base, new Date('2026-10-31T00:00:00Z')).status).toBe('not-yet-valid');
    expect(keyCabinetRecord({ ...base, status: 'blocked' }, new Date('2026-10-31T00:00:00Z')).status).toBe('blocked');
  });
});
