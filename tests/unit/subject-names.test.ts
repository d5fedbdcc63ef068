import { describe, expect, it } from 'vitest';
import { subjectNamesOfText } from '../../main/core/pki/subject-names';
import { identifiersOf } from '../../renderer/src/identity/identifiers';

describe('who a subject names', () => {
  it('reads the person, organisation and position from a stored RFC 4514 subject (identifiers first, as stored)', () => {
    expect(subjectNamesOfText('DRFO=1234567890,EDRPOU=12345678,CN=Олена Коваль,title=Бухгалтер,O=ТОВ Ромашка,C=UA')).toEqual({
      owner: 'Олена Коваль',
      organisation: 'ТОВ Ромашка',
      title: 'Бухгалтер',
    });
    expect(subjectNamesOfText('GN=Іван,SN=Бондар')).toMatchObject({ owner: 'Іван Бондар', organisation: null });
    expect(subjectNamesOfText('not a DN')).toEqual({ owner: null, organisation: null, title: null });
  });

  it('groups identifiers by whom they name: the organisation or the person', () => {
    const ids = { SNILS: '12345678901', OGRN: '1027700132195', INN: '770123456789', EDRPOU: '12345678', RNOKPP: '1234567890', X: '1' };
    expect(identifiersOf(ids, 'organisation').map((id) => id.name)).toEqual(['EDRPOU', 'OGRN']);
    expect(identifiersOf(ids, 'person').map((id) => id.name)).toEqual(['RNOKPP', 'INN', 'SNILS', 'X']);
  });
});
