import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { decodePkiMessage, encodeCertTemplate, newPasswordBasedMac, passwordBasedMac, verifyPasswordBasedMac } from '../../main/core/ca/cmp';
import { explicit } from '../../main/core/ca/cmp/asn1';
import { encodeHeader } from '../../main/core/ca/cmp/pki-header';

const spki = new Uint8Array(crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'der' }));

function pbmAlgorithm(salt: Uint8Array, iterations: number, owf = '2.16.840.1.101.3.4.2.1', mac = '1.2.840.113549.2.9') {
  return new pkijs.AlgorithmIdentifier({
    algorithmId: '1.2.840.113533.7.66.13',
    algorithmParams: new asn1js.Sequence({
      value: [
        new asn1js.OctetString({ valueHex: salt }),
        new pkijs.AlgorithmIdentifier({ algorithmId: owf }).toSchema(),
        new asn1js.Integer({ value: iterations }),
        new pkijs.AlgorithmIdentifier({ algorithmId: mac }).toSchema(),
      ],
    }),
  });
}

describe('PasswordBasedMac (RFC 4210 §5.1.3.1)', () => {
  it('derives the key by iterating the OWF over secret ‖ salt, then HMACs', () => {
    const salt = new Uint8Array([1, 2, 3, 4]);
    const data = new TextEncoder().encode('protected part');
    let key = crypto.createHash('sha256').update('secret').update(salt).digest();
    for (let i = 1; i < 3; i++) key = crypto.createHash('sha256').update(key).digest();
    const expected = crypto.createHmac('sha256', key).update(data).digest();
    expect(Buffer.from(passwordBasedMac(pbmAlgorithm(salt, 3), Buffer.from('secret'), data))).toEqual(expected);
    // HMAC-SHA1 as RFC 4210 names it.
    const sha1 = crypto.createHmac('sha1', key).update(data).digest();
    expect(Buffer.from(passwordBasedMac(pbmAlgorithm(salt, 3, '2.16.840.1.101.3.4.2.1', '1.3.6.1.5.5.8.1.2'), Buffer.from('secret'), data))).toEqual(sha1);
  });

  it('verifies its own MAC and refuses another secret, other data, or absurd iteration counts', () => {
    const algorithm = newPasswordBasedMac(100);
    const data = new TextEncoder().encode('x');
    const mac = passwordBasedMac(algorithm, Buffer.from('s'), data);
    expect(verifyPasswordBasedMac(algorithm, Buffer.from('s'), data, mac)).toBe(true);
    expect(verifyPasswordBasedMac(algorithm, Buffer.from('t'), data, mac)).toBe(false);
    expect(verifyPasswordBasedMac(algorithm, Buffer.from('s'), new TextEncoder().encode('y'), mac)).toBe(false);
    expect(() => passwordBasedMac(pbmAlgorithm(new Uint8Array(4), 10_000_000), Buffer.from('s'), data)).toThrow(/iteration count/);
  });
});

describe('CRMF CertTemplate', () => {
  it('carries validity [4] (explicit Time inside), subject [5] and publicKey [6] with implicit tags', () => {
    const notAfter = new Date('2027-01-31T12:00:00Z');
    const subject = new pkijs.RelativeDistinguishedNames({ typesAndValues: [new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: 'Temp' }) })] });
    const template = encodeCertTemplate({ publicKeySpki: spki, subject, validity: { notAfter } });
    const decoded = asn1js.fromBER(template.toBER()).result as asn1js.Sequence;
    const [validity, subjectField, publicKey] = decoded.valueBlock.value as asn1js.Constructed[];
    expect([validity!.idBlock.tagNumber, subjectField!.idBlock.tagNumber, publicKey!.idBlock.tagNumber]).toEqual([4, 5, 6]);
    const notAfterField = validity!.valueBlock.value[0] as asn1js.Constructed;
    expect(notAfterField.idBlock.tagNumber).toBe(1);
    expect((notAfterField.valueBlock.value[0] as asn1js.UTCTime).toDate().toISOString()).toBe(notAfter.toISOString());
    // [6] IMPLICIT SubjectPublicKeyInfo: the SPKI's own elements, re-tagged.
    const rebuilt = new asn1js.Sequence({ value: publicKey!.valueBlock.value });
    expect(Buffer.from(rebuilt.toBER())).toEqual(Buffer.from(spki));
  });
});

describe('PKIMessage decoding', () => {
  const header = () =>
    encodeHeader({
      pvno: 2,
      sender: new pkijs.RelativeDistinguishedNames(),
      recipient: new pkijs.RelativeDistinguishedNames(),
      transactionID: new Uint8Array([7, 7]),
      senderNonce: new Uint8Array([1]),
      recipNonce: new Uint8Array([2]),
      generalInfo: ['1.3.6.1.5.5.7.4.13'],
    });

  it('reads an error message: status, failInfo bits, text, and the protected part as sent', () => {
    const failInfo = new asn1js.BitString({ valueHex: new Uint8Array([0x40, 0x00, 0x01]), unusedBits: 0 });
    const statusInfo = new asn1js.Sequence({ value: [new asn1js.Integer({ value: 2 }), new asn1js.Sequence({ value: [new asn1js.Utf8String({ value: 'no' })] }), failInfo] });
    const body = explicit(23, new asn1js.Sequence({ value: [statusInfo, new asn1js.Integer({ value: 42 })] }));
    const der = new Uint8Array(new asn1js.Sequence({ value: [header(), body] }).toBER());
    const message = decodePkiMessage(der);
    expect(message.body).toMatchObject({ type: 'error', errorCode: 42, status: { status: 2, statusText: ['no'], failInfo: ['badMessageCheck', 'notAuthorized'] } });
    expect(message.header).toMatchObject({ pvno: 2, generalInfo: ['1.3.6.1.5.5.7.4.13'] });
    expect(Buffer.from(message.header.transactionID!)).toEqual(Buffer.from([7, 7]));
    expect(message.protection).toBeUndefined();
    expect(Buffer.from(message.protectedPart)).toEqual(Buffer.from(der));
  });

  it('reads pollRep and pkiconf; refuses garbage with ERR_CA_RESPONSE_INVALID', () => {
    const pollRep = explicit(26, new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.Integer({ value: 0 }), new asn1js.Integer({ value: 5 })] })] }));
    const poll = decodePkiMessage(new Uint8Array(new asn1js.Sequence({ value: [header(), pollRep] }).toBER()));
    expect(poll.body).toEqual({ type: 'pollRep', entries: [{ certReqId: 0, checkAfter: 5, reason: [] }] });
    const conf = decodePkiMessage(new Uint8Array(new asn1js.Sequence({ value: [header(), explicit(19, new asn1js.Null())] }).toBER()));
    expect(conf.body.type).toBe('pkiconf');
    expect(() => decodePkiMessage(new Uint8Array([0x30, 0x03, 0x02, 0x01]))).toThrow(expect.objectContaining({ code: 'ERR_CA_RESPONSE_INVALID' }));
  });
});
