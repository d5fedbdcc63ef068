import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import { concat, lengthBytes, oid, setOf, time } from '../../main/core/crypto/der';
import { layout, node } from '../../main/core/cms/der-layout';

describe('DER writer', () => {
  it('encodes lengths, OIDs and times as asn1js reads them', () => {
    expect([...lengthBytes(5)]).toEqual([5]);
    expect([...lengthBytes(200)]).toEqual([0x81, 200]);
    expect([...lengthBytes(70_000)]).toEqual([0x83, 0x01, 0x11, 0x70]);
    expect([...lengthBytes(5 * 2 ** 30)]).toEqual([0x85, 0x01, 0x40, 0x00, 0x00, 0x00]);
    for (const dotted of ['1.2.840.113549.1.9.16.2.47', '2.5.4.3', '1.2.804.2.1.1.1.11.1.4.2.1', '2.999.1']) {
      expect((asn1js.fromBER(oid(dotted)).result as asn1js.ObjectIdentifier).getValue()).toBe(dotted);
    }
    expect(Buffer.from(time(new Date('2026-11-22T10:00:00.700Z'))).toString('latin1')).toBe('\x17\x0d261122100000Z');
    expect(Buffer.from(time(new Date('2051-01-02T03:04:05Z'))).toString('latin1')).toBe('\x18\x0f20510102030405Z');
  });

  it('sorts SET OF members', () => {
    const set = setOf([Uint8Array.of(0x04, 0x01, 0x02), Uint8Array.of(0x04, 0x01, 0x01), Uint8Array.of(0x02, 0x01, 0x09)]);
    expect([...set]).toEqual([0x31, 9, 0x02, 0x01, 0x09, 0x04, 0x01, 0x01, 0x04, 0x01, 0x02]);
  });

  it('splits around a content hole with the lengths the hole implies', () => {
    const content = new Uint8Array(300).fill(7);
    const { head, tail } = layout(node(0x30, Uint8Array.of(0x02, 0x01, 0x01), node(0xa0, node(0x04, { hole: content.length })), Uint8Array.of(0x05, 0x00)));
    const whole = concat([head, content, tail]);
    const parsed = asn1js.fromBER(whole);
    expect(parsed.offset).toBe(whole.length);
    const octets = ((parsed.result as asn1js.Sequence).valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.OctetString;
    expect(Buffer.from(octets.valueBlock.valueHexView).equals(Buffer.from(content))).toBe(true);
    expect([...tail]).toEqual([0x05, 0x00]);
  });
});
