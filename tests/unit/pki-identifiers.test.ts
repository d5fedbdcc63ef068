import { describe, expect, it } from 'vitest';
import { extractIdentifiers, OID_DRFO, OID_EDRPOU, OID_INN, parseDn } from '../../main/core/pki';

describe('identifiers by name', () => {
  it('prefers the legacy subject OIDs, then subjectDirectoryAttributes, then ETSI semantics identifiers', () => {
    const subject = parseDn('serialNumber=TINUA-3333333333,organizationIdentifier=NTRUA-22222222,CN=Name');
    expect(extractIdentifiers(subject)).toEqual({ EDRPOU: '22222222', RNOKPP: '3333333333' });
    expect(extractIdentifiers(subject, [{ type: OID_DRFO, value: '4444444444' }])).toEqual({ EDRPOU: '22222222', RNOKPP: '4444444444' });
    const legacy = parseDn(`EDRPOU=11111111,DRFO=5555555555,organizationIdentifier=NTRUA-22222222`);
    expect(extractIdentifiers(legacy)).toEqual({ EDRPOU: '11111111', RNOKPP: '5555555555' });
  });

  it('ignores other semantics identifiers and empty or non-text values', () => {
    const subject = parseDn('organizationIdentifier=VATUA-12345678,serialNumber=PNOUA-AB123456,CN=x');
    expect(extractIdentifiers(subject)).toEqual({});
    expect(extractIdentifiers([[{ type: OID_EDRPOU, value: '#020101', der: Uint8Array.of(2, 1, 1) }]])).toEqual({});
    expect(extractIdentifiers([[{ type: OID_INN, value: ' 007701234567 ' }]])).toEqual({ INN: '007701234567' });
    expect(extractIdentifiers(parseDn('organizationIdentifier=ntrua-33333333'))).toEqual({ EDRPOU: '33333333' });
  });
});
