import { describe, expect, it } from 'vitest';
import type { CabinetKey } from '../../preload/contract/domains/cabinet';
import { parseApplicationQr } from '../../renderer/src/sections/cabinet/application-qr';
import { PAGE_SIZE, visibleKeys } from '../../renderer/src/sections/cabinet/key-table-model';

function key(index: number, patch: Partial<CabinetKey> = {}): CabinetKey {
  return {
    id: `k${String(index).padStart(2, '0')}`,
    name: `key ${index}`,
    storage: 'file',
    storageLabel: `k${index}.key.pem`,
    keyRef: `file:/k${index}`,
    algorithm: 'ec-p256',
    organisation: index % 2 ? 'ТОВ Ромашка' : null,
    edrpou: index % 2 ? '12345678' : null,
    owner: `Owner ${String.fromCharCode(65 + index)}`,
    rnokpp: `${1000000000 + index}`,
    position: null,
    identifiers: {},
    status: 'active',
    created: new Date(Date.UTC(2026, 0, index + 1)).toISOString(),
    notBefore: null,
    notAfter: null,
    hasCertificate: false,
    hasRequest: true,
    parentId: null,
    validityLimit: null,
    caProfileId: null,
    caHold: false,
    statementPath: null,
    ...patch,
  };
}

describe('cabinet table model', () => {
  const keys = Array.from({ length: 23 }, (_, index) => key(index));

  it('pages by ten and clamps the page', () => {
    expect(visibleKeys(keys, '', { column: 'created', direction: 'ascending' }, 1).rows).toHaveLength(PAGE_SIZE);
    const last = visibleKeys(keys, '', { column: 'created', direction: 'ascending' }, 99);
    expect(last).toMatchObject({ page: 3, pageCount: 3, total: 23 });
    expect(last.rows).toHaveLength(3);
  });

  it('sorts both ways', () => {
    const ascending = visibleKeys(keys, '', { column: 'owner', direction: 'ascending' }, 1).rows.map((item) => item.owner);
    expect(ascending[0]).toBe('Owner A');
    expect(visibleKeys(keys, '', { column: 'owner', direction: 'descending' }, 1).rows[0]!.owner).toBe('Owner W');
  });

  it('searches owners, organisations and identifiers, case-insensitively', () => {
    expect(visibleKeys(keys, 'owner c', { column: 'owner', direction: 'ascending' }, 1).total).toBe(1);
    expect(visibleKeys(keys, 'ромашка', { column: 'owner', direction: 'ascending' }, 1).total).toBe(11);
    expect(visibleKeys(keys, '1000000005', { column: 'owner', direction: 'ascending' }, 1).rows[0]!.id).toBe('k05');
    expect(visibleKeys(keys, 'nothing like this', { column: 'owner', direction: 'ascending' }, 1)).toMatchObject({ total: 0, pageCount: 1 });
  });
});

describe('application form QR code', () => {
  it('reads JSON, URLs and bare references', () => {
    expect(parseApplicationQr('{"ca":"https://ca.example/cmp","ref":"UA-77"}')).toEqual({ reference: 'UA-77', caAddress: 'https://ca.example/cmp' });
    expect(parseApplicationQr('https://ca.example/enroll?ref=A-1&x=2')).toEqual({ reference: 'A-1', caAddress: 'https://ca.example/enroll' });
    expect(parseApplicationQr(' 2026/000123 ')).toEqual({ reference: '2026/000123' });
  });

  it('refuses what carries no reference', () => {
    expect(parseApplicationQr('')).toBeUndefined();
    expect(parseApplicationQr('{"ca":"https://ca.example"}')).toBeUndefined();
    expect(parseApplicationQr('https://ca.example/enroll')).toBeUndefined();
    expect(parseApplicationQr('{broken')).toBeUndefined();
    expect(parseApplicationQr('two words')).toBeUndefined();
  });
});
