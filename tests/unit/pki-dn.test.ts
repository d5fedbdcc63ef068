import { describe, expect, it } from 'vitest';
import * as asn1js from 'asn1js';
import { decodeName, dnToName, encodeName, escapeDnValue, formatDn, nameDer, parseDn } from '../../main/core/pki';
import { OID_DRFO, OID_EDRPOU, OID_INN, OID_OGRN, OID_SNILS } from '../../main/core/pki';
import { isSigndeskError } from '../../preload/contract/errors';

function tagsOf(der: Uint8Array): number[][] {
  const name = asn1js.fromBER(der).result as asn1js.Sequence;
  return name.valueBlock.value.map((set) => (set as asn1js.Set).valueBlock.value.map((pair) => (pair as asn1js.Sequence).valueBlock.value[1].idBlock.tagNumber));
}

describe('RFC 4514 DN parsing', () => {
  it('reverses the string order into ASN.1 order', () => {
    const rdns = parseDn('CN=Leaf,O=Acme,C=UA');
    expect(rdns.map((rdn) => rdn[0].type)).toEqual(['2.5.4.6', '2.5.4.10', '2.5.4.3']);
    expect(rdns.map((rdn) => rdn[0].value)).toEqual(['UA', 'Acme', 'Leaf']);
  });

  it('handles escapes, hex pairs as UTF-8 and trailing spaces', () => {
    const [rdn] = parseDn('CN=Smith\\, John \\+ Co\\ ');
    expect(rdn[0].value).toBe('Smith, John + Co ');
    expect(parseDn('CN=\\D0\\9F\\D1\\80\\D0\\B8')[0][0].value).toBe('При');
    expect(parseDn('CN=\\#hash,O=a\\;b\\"c\\\\')[1][0].value).toBe('#hash');
    expect(parseDn('CN=\\#hash,O=a\\;b\\"c\\\\')[0][0].value).toBe('a;b"c\\');
    expect(parseDn('CN = spaced ,  O=x')[1][0].value).toBe('spaced');
    expect(parseDn('CN="quoted, value"')[0][0].value).toBe('quoted, value');
  });

  it('keeps multi-valued RDNs together and DER-sorts them', () => {
    const rdns = parseDn('CN=Ivan+SN=Petrenko,C=UA');
    expect(rdns).toHaveLength(2);
    expect(rdns[1].map((attribute) => attribute.type)).toEqual(['2.5.4.3', '2.5.4.4']);
    const der = encodeName(rdns);
    expect(decodeName(der)[1]).toHaveLength(2);
    expect(formatDn(der)).toBe('CN=Ivan+SN=Petrenko,C=UA');
  });

  it('accepts identifiers by name, aliases and dotted OIDs', () => {
    const rdns = parseDn(`EDRPOU=41234567,DRFO=1234567890,RNOKPP=1112223334,INN=007701234567,OGRN=1027700132195,SNILS=12345678901,OID.1.2.3.4=x,2.5.4.97=NTRUA-41234567`);
    const types = rdns.flat().map((attribute) => attribute.type);
    expect(types).toEqual(['2.5.4.97', '1.2.3.4', OID_SNILS, OID_OGRN, OID_INN, OID_DRFO, OID_DRFO, OID_EDRPOU]);
    expect(formatDn(encodeName(rdns))).toBe(
      'EDRPOU=41234567,DRFO=1234567890,DRFO=1112223334,INN=007701234567,OGRN=1027700132195,SNILS=12345678901,1.2.3.4=x,organizationIdentifier=NTRUA-41234567',
    );
  });

  it('encodes UTF8String by default, PrintableString for C and serialNumber, NumericString for RU numerics', () => {
    const der = encodeName(parseDn('CN=Тест,serialNumber=TINUA-1234567890,C=UA,INN=123456789012,O=ТОВ'));
    expect(tagsOf(der)).toEqual([[12], [18], [19], [19], [12]]);
  });

  it('takes #hex values as DER and formats unknown non-string values as #hex', () => {
    const der = encodeName(parseDn('1.2.3.4=#020105,CN=#0c03616263'));
    const rdns = decodeName(der);
    expect(rdns[0][0].value).toBe('abc');
    expect(rdns[1][0].value).toBe('#020105');
    expect(formatDn(der)).toBe('1.2.3.4=#020105,CN=abc');
  });

  it('rejects bad input with ERR_INPUT_INVALID', () => {
    for (const bad of ['CN', 'FOO=bar', 'CN=a\\', 'CN=\\q', 'CN=#0c', 'CN=#0c05ab', 'C=Україна', 'CN="open']) {
      let error: unknown;
      try {
        encodeName(parseDn(bad));
      } catch (caught) {
        error = caught;
      }
      expect(isSigndeskError(error, 'ERR_INPUT_INVALID'), bad).toBe(true);
    }
  });

  it('escapes per RFC 4514 and round-trips', () => {
    expect(escapeDnValue(' #a,b+c;d<e>f"g\\h ')).toBe('\\ #a\\,b\\+c\\;d\\<e\\>f\\"g\\\\h\\ ');
    for (const value of [' lead', 'trail ', '#x', 'a,b', 'Іван "Ромашка"', 'x\\y', 'a+b=c']) {
      const text = `CN=${escapeDnValue(value)},O=Org`;
      expect(parseDn(text)[1][0].value).toBe(value);
      expect(formatDn(encodeName(parseDn(text)))).toBe(text);
    }
  });

  it('builds a pkijs Name that keeps one RDN per attribute', () => {
    const name = dnToName('CN=Leaf,O=Acme,C=UA');
    expect(name.typesAndValues).toHaveLength(3);
    expect(decodeName(nameDer(name))).toHaveLength(3);
    expect(formatDn(name)).toBe('CN=Leaf,O=Acme,C=UA');
    expect(parseDn('')).toEqual([]);
  });
});
