/**
 * What the DSTU bench needs from TypeScript sources, bundled on the fly (rolldown): a throw-away DSTU CA that
 * certifies the key Signdesk made, and the raw cost of one DSTU 4145 signature and verification on this machine.
 */
import * as asn1js from 'asn1js';
import { dstuCurveByName, DstuPrivateKey } from '../../main/core/crypto/dstu';
import { dstuCertificate } from '../helpers/bouncy-castle/dstu-cms';

export function dstuCa(): { key: DstuPrivateKey; certificate: Uint8Array } {
  const key = DstuPrivateKey.generate(dstuCurveByName('M257'));
  return { key, certificate: dstuCertificate({ issuerKey: key, issuer: 'Bench DSTU CA', subject: 'Bench DSTU CA', subjectSpki: key.publicKey.toSpki('le'), usage: 'ca', days: 30 }) };
}

/** A certificate for the key of a PEM PKCS#10 request. */
export function certifyRequest(ca: { key: DstuPrivateKey }, requestPem: string, subject: string): Uint8Array {
  const der = Buffer.from(requestPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const info = (asn1js.fromBER(der).result as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
  const spki = new Uint8Array((info.valueBlock.value[2] as asn1js.Sequence).valueBeforeDecodeView);
  return dstuCertificate({ issuerKey: ca.key, issuer: 'Bench DSTU CA', subject, subjectSpki: spki, usage: 'signing', days: 30 });
}

/** Microseconds per raw DSTU 4145 (M257) signature and verification over a 32-byte hash, `count` of each. */
export function rawDstuCost(count: number): { signMicros: number; verifyMicros: number } {
  const key = DstuPrivateKey.generate(dstuCurveByName('M257'));
  const hash = new Uint8Array(32).fill(7);
  const signatures: Uint8Array[] = [];
  const t0 = process.hrtime.bigint();
  for (let index = 0; index < count; index++) signatures.push(key.sign(hash));
  const t1 = process.hrtime.bigint();
  for (const signature of signatures) if (!key.publicKey.verify(hash, signature)) throw new Error('DSTU self-check failed');
  const t2 = process.hrtime.bigint();
  return { signMicros: Number(t1 - t0) / 1000 / count, verifyMicros: Number(t2 - t1) / 1000 / count };
}
