import { describe, expect, it } from 'vitest';
import { derReencode } from '../../main/core/cms/der-reencode';
import { signedDataLayout } from '../../main/core/cms/signed-data-layout';
import { memorySource } from '../../main/core/cms/byte-source';
import { readTlv, type Tlv } from '../../main/core/cms/tlv';
import { oid, sequence, tlv } from '../../main/core/crypto/der';
import { bulkCsv } from '../../main/core/verify/bulk-csv';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function view(item: Tlv): unknown {
  return { tag: [item.tagClass, item.tagNumber, item.constructed], content: item.constructed ? item.children().map(view) : hex(item.content) };
}

describe('one TLV view over DER and BER', () => {
  const der = sequence(tlv(0x31, Uint8Array.of(0x04, 0x01, 0x02), Uint8Array.of(0x04, 0x01, 0x01)), oid('1.2.840.113549.1.7.1'));
  // The same value in BER: indefinite lengths, a non-minimal length, the OCTET STRING SET unsorted as above.
  const ber = Uint8Array.from([0x30, 0x80, 0x31, 0x80, 0x04, 0x81, 0x01, 0x02, 0x04, 0x01, 0x01, 0x00, 0x00, ...oid('1.2.840.113549.1.7.1'), 0x00, 0x00]);

  it('reads DER with the DER module and BER with asn1js into the same structure', () => {
    const fromDer = readTlv(der, 'test');
    const fromBer = readTlv(ber, 'test');
    expect(fromDer.indefinite).toBe(false);
    expect(fromBer.indefinite).toBe(true);
    expect(view(fromBer)).toEqual(view(fromDer));
  });

  it('re-encodes to DER: definite minimal lengths, SET members sorted, chunked strings joined', () => {
    const sorted = sequence(tlv(0x31, Uint8Array.of(0x04, 0x01, 0x01), Uint8Array.of(0x04, 0x01, 0x02)), oid('1.2.840.113549.1.7.1'));
    expect(hex(derReencode(readTlv(ber, 'test')))).toBe(hex(sorted));
    expect(hex(derReencode(readTlv(der, 'test')))).toBe(hex(sorted));
    const chunked = Uint8Array.from([0x24, 0x80, 0x04, 0x01, 0x61, 0x04, 0x02, 0x62, 0x63, 0x00, 0x00]);
    expect(hex(derReencode(readTlv(chunked, 'test')))).toBe('0403616263');
    // An IMPLICIT-tagged SET OF (signed attributes) is sorted when asked.
    const implicit = tlv(0xa0, Uint8Array.of(0x04, 0x01, 0x02), Uint8Array.of(0x04, 0x01, 0x01));
    expect(hex(derReencode(readTlv(implicit, 'test'), { set: true }))).toBe('a006040101040102');
  });

  it('refuses broken encodings (truncated, beyond the end)', () => {
    expect(() => readTlv(Uint8Array.of(0x30, 0x05, 0x04, 0x01), 'test')).toThrow();
    expect(() => readTlv(Uint8Array.of(0x30, 0x80, 0x04, 0x01, 0x01), 'test')).toThrow();
  });
});

describe('the SignedData walk', () => {
  it('refuses a ContentInfo of another type and a wrong outer length; reports where the ContentInfo ends', () => {
    expect(() => signedDataLayout(memorySource(sequence(oid('1.2.840.113549.1.7.3'), tlv(0xa0, sequence()))))).toThrow(/not signed-data/);
    const minimal = sequence(oid('1.2.840.113549.1.7.2'), tlv(0xa0, sequence(Uint8Array.of(0x02, 0x01, 0x01), tlv(0x31), sequence(oid('1.2.840.113549.1.7.1')), tlv(0x31))));
    const layout = signedDataLayout(memorySource(Uint8Array.from([...minimal, 0xff, 0xff])));
    expect(layout.end).toBe(minimal.length);
    expect(layout.content).toBeUndefined();
    const short = Uint8Array.from(minimal);
    short[1] = short[1]! - 1;
    expect(() => signedDataLayout(memorySource(short))).toThrow(/ERR_SIGNATURE_MALFORMED|Malformed/);
  });
});

describe('verify --csv', () => {
  it('quotes commas and quotes, and defuses spreadsheet formulas', () => {
    const csv = bulkCsv([
      {
        signaturePath: '/in/=cmd.p7s',
        contentPath: null,
        indication: 'TOTAL-PASSED',
        valid: true,
        signers: [{ subject: 'CN=Ivan "Tax",O=Firm', indication: 'TOTAL-PASSED', level: 'B-LTA', signingTime: '2026-01-01T00:00:00Z' }],
        errors: [],
        error: null,
        report: null,
      },
    ]);
    expect(csv.split('\r\n')[1]).toBe('/in/=cmd.p7s,,TOTAL-PASSED,"CN=Ivan ""Tax"",O=Firm",B-LTA,2026-01-01T00:00:00Z,');
    expect(bulkCsv([{ signaturePath: '=HYPERLINK()', contentPath: null, indication: null, valid: false, signers: [], errors: [], error: { code: 'ERR_SIGNATURE_MALFORMED', message: 'x' }, report: null }]).split('\r\n')[1]).toMatch(/^'=HYPERLINK\(\),,ERROR/);
  });
});
