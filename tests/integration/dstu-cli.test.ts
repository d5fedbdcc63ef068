import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as asn1js from 'asn1js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyCabinetRecord } from '../../main/core/cabinet';
import { dstuCurveByName, DstuPrivateKey, DstuPublicKey, dstuDigest, unwrapSignatureOctetString } from '../../main/core/crypto/dstu';
import { bcVerifyCms } from '../helpers/bouncy-castle';
import { dstuCertificate } from '../helpers/bouncy-castle/dstu-cms';
import { missingTools } from '../helpers/require-tools';
import { runSigndesk } from '../helpers/run-cli';

const missing = missingTools(['java', 'javac', 'openssl']);
const PASSWORD = 'Пароль-ДСТУ';
const SUBJECT = 'CN=Олена Коваль,O=ТОВ "Тест",EDRPOU=41234567,DRFO=1234567890,C=UA';
const VECTORS = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'vectors', 'dstu');

interface VerifyJson {
  valid: boolean;
  indication: string;
  signers: Array<{ subject: string; indication: string; errors: Array<{ code: string }> }>;
}

/** The SubjectPublicKeyInfo and the signature parts of a PKCS#10 request (PEM). */
function requestParts(pem: string): { info: Uint8Array; spki: Uint8Array; algorithm: string; signature: Uint8Array } {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const [info, algorithm, signature] = (asn1js.fromBER(der).result as asn1js.Sequence).valueBlock.value as [asn1js.Sequence, asn1js.Sequence, asn1js.BitString];
  const spki = (info.valueBlock.value as asn1js.AsnType[])[2]!;
  return {
    info: new Uint8Array(info.valueBeforeDecodeView),
    spki: new Uint8Array(spki.valueBeforeDecodeView),
    algorithm: (algorithm.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString(),
    signature: unwrapSignatureOctetString(new Uint8Array(signature.valueBlock.valueHexView)),
  };
}

describe.skipIf(missing)('DSTU 4145 file keys through the CLI, checked by Bouncy Castle', () => {
  let dir: string;
  let dataDir: string;
  let dstuCa: string;
  let ecCa: string;
  let ecKey: string;
  let dstuKeyId: string;
  const env = { SIGNDESK_PW: PASSWORD, SIGNDESK_EC: 'ec-password', SIGNDESK_WRONG: 'wrong' };
  const cli = (argv: string[]) => runSigndesk([...argv, '--data-dir', dataDir], env);
  const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const documents = (count: number, folder: string) => {
    fs.mkdirSync(folder, { recursive: true });
    return Array.from({ length: count }, (_, index) => {
      const file = path.join(folder, `акт-${index}.txt`);
      fs.writeFileSync(file, `Акт виконаних робіт № ${index}\n`.repeat(40 + index));
      return file;
    });
  };
  const verify = async (args: string[]) => {
    const run = await cli(['verify', ...args, '--trust', dstuCa, '--trust', ecCa, '--no-revocation', '--json']);
    return { code: run.code, report: run.json<VerifyJson>() };
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-dstu-cli-'));
    dataDir = path.join(dir, 'data');
    const caKey = DstuPrivateKey.generate(dstuCurveByName('M257'));
    dstuCa = path.join(dir, 'dstu-ca.cer');
    fs.writeFileSync(dstuCa, dstuCertificate({ issuerKey: caKey, issuer: 'Тестовий ЦСК ДСТУ', subject: 'Тестовий ЦСК ДСТУ', subjectSpki: caKey.publicKey.toSpki('le'), usage: 'ca', days: 30 }));
    (globalThis as { dstuCaKey?: DstuPrivateKey }).dstuCaKey = caKey;
    // An ECDSA key under its own CA, as a PKCS#12 (the co-signer from another CA).
    const ecCaKey = path.join(dir, 'ec-ca.key');
    ecCa = path.join(dir, 'ec-ca.pem');
    openssl(['req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', ecCaKey, '-subj', '/CN=EC Test CA', '-days', '2', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', ecCa]);
    const leafKey = path.join(dir, 'ec.key');
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', leafKey]);
    const csr = path.join(dir, 'ec.csr');
    openssl(['req', '-new', '-key', leafKey, '-subj', '/CN=Бухгалтер ECDSA', '-out', csr]);
    const extensions = path.join(dir, 'leaf.ext');
    fs.writeFileSync(extensions, 'keyUsage=critical,digitalSignature,nonRepudiation\n');
    const leafCert = path.join(dir, 'ec.pem');
    openssl(['x509', '-req', '-in', csr, '-CA', ecCa, '-CAkey', ecCaKey, '-CAcreateserial', '-days', '2', '-extfile', extensions, '-out', leafCert]);
    ecKey = path.join(dir, 'ec.p12');
    openssl(['pkcs12', '-export', '-inkey', leafKey, '-in', leafCert, '-certfile', ecCa, '-passout', 'pass:ec-password', '-out', ecKey]);
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('generates a DSTU-257 key, requests a certificate with it and binds the certificate', async () => {
    const keyFile = path.join(dir, 'olena.p12');
    const generated = await cli(['keygen', '--key', `file:${keyFile}`, '--alg', 'dstu4145-257', '--pass-env', 'SIGNDESK_PW', '--json']);
    expect(generated.code, generated.stderr).toBe(0);
    dstuKeyId = generated.json<KeyCabinetRecord>().id;

    const csrFile = path.join(dir, 'olena.csr');
    const csr = await cli(['csr', '--key', dstuKeyId, '--subject', SUBJECT, '--out', csrFile, '--pass-env', 'SIGNDESK_PW']);
    expect(csr.code, csr.stderr).toBe(0);
    const request = requestParts(fs.readFileSync(csrFile, 'utf8'));
    expect(request.algorithm).toBe('1.2.804.2.1.1.1.1.3.1.1');
    const publicKey = DstuPublicKey.fromSpki(request.spki);
    expect(publicKey.verify(dstuDigest('gost34311', request.info, publicKey.dke), request.signature, 'le')).toBe(true);

    const wrongPassword = await cli(['csr', '--key', dstuKeyId, '--subject', SUBJECT, '--pass-env', 'SIGNDESK_WRONG']);
    expect(wrongPassword.code).toBe(2);
    expect(wrongPassword.stderr).toContain('ERR_PASSWORD_INCORRECT');

    const caKey = (globalThis as { dstuCaKey?: DstuPrivateKey }).dstuCaKey!;
    const leaf = path.join(dir, 'olena.cer');
    fs.writeFileSync(leaf, dstuCertificate({ issuerKey: caKey, issuer: 'Тестовий ЦСК ДСТУ', subject: 'Олена Коваль', subjectSpki: request.spki, usage: 'signing', serial: 4145 }));
    const imported = await cli(['cert', 'import', '--key', dstuKeyId, leaf, '--pass-env', 'SIGNDESK_PW']);
    expect(imported.code, imported.stderr).toBe(0);
    const listed = (await cli(['keys', '--json'])).json<KeyCabinetRecord[]>().find((key) => key.id === dstuKeyId)!;
    expect(listed).toMatchObject({ status: 'active', owner: 'Олена Коваль' });
  });

  it('signs a batch with the DSTU key that Bouncy Castle and our verifier both accept, and refuse when changed', async () => {
    const files = documents(12, path.join(dir, 'batch'));
    const signed = await cli(['sign', '--key', dstuKeyId, '--pass-env', 'SIGNDESK_PW', '--json', ...files]);
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.json<{ done: number; failed: number }>()).toMatchObject({ done: 12, failed: 0 });
    const verdicts = bcVerifyCms(files.map((file) => ({ cms: new Uint8Array(fs.readFileSync(`${file}.p7s`)), content: new Uint8Array(fs.readFileSync(file)) })));
    verdicts.forEach((verdict, index) => expect(verdict.ok, `${files[index]}: ${verdict.message}`).toBe(true));

    const ours = await verify([`${files[0]}.p7s`, '--content', files[0]!]);
    expect(ours.code).toBe(0);
    expect(ours.report).toMatchObject({ valid: true, indication: 'TOTAL-PASSED', signers: [{ subject: expect.stringContaining('Олена Коваль') }] });
    const bulk = await cli(['verify', path.join(dir, 'batch'), '--trust', dstuCa, '--no-revocation', '--json']);
    expect(bulk.code, bulk.stderr).toBe(0);
    expect(bulk.json<{ summary: { total: number; passed: number } }>().summary).toEqual(expect.objectContaining({ total: 12, passed: 12 }));

    const changed = path.join(dir, 'changed.txt');
    fs.writeFileSync(changed, Buffer.concat([fs.readFileSync(files[0]!), Buffer.from('.')]));
    const refused = await verify([`${files[0]}.p7s`, '--content', changed]);
    expect(refused.code).toBe(1);
    expect(refused.report.valid).toBe(false);
    expect(bcVerifyCms([{ cms: new Uint8Array(fs.readFileSync(`${files[0]}.p7s`)), content: new Uint8Array(fs.readFileSync(changed)) }])[0]!.ok).toBe(false);
  });

  it('signs attached and with Kupyna-256 when asked', async () => {
    const [attachedDoc, kupynaDoc] = documents(2, path.join(dir, 'variants'));
    const attached = await cli(['sign', '--key', dstuKeyId, '--pass-env', 'SIGNDESK_PW', '--attached', attachedDoc!]);
    expect(attached.code, attached.stderr).toBe(0);
    const kupyna = await cli(['sign', '--key', dstuKeyId, '--pass-env', 'SIGNDESK_PW', '--hash', 'kupyna-256', kupynaDoc!]);
    expect(kupyna.code, kupyna.stderr).toBe(0);
    const [attachedVerdict, kupynaVerdict] = bcVerifyCms([
      { cms: new Uint8Array(fs.readFileSync(`${attachedDoc}.p7s`)) },
      { cms: new Uint8Array(fs.readFileSync(`${kupynaDoc}.p7s`)), content: new Uint8Array(fs.readFileSync(kupynaDoc!)) },
    ]);
    expect(attachedVerdict!.ok, attachedVerdict!.message).toBe(true);
    expect(kupynaVerdict!.ok, kupynaVerdict!.message).toBe(true);
    expect((await verify([`${attachedDoc}.p7s`])).report.indication).toBe('TOTAL-PASSED');
    expect((await verify([`${kupynaDoc}.p7s`, '--content', kupynaDoc!])).report.indication).toBe('TOTAL-PASSED');
  });

  it('co-signs a DSTU signature with an ECDSA key and an ECDSA signature with the DSTU key', async () => {
    const [ukrainian, international] = documents(2, path.join(dir, 'cosign'));
    expect((await cli(['sign', '--key', dstuKeyId, '--pass-env', 'SIGNDESK_PW', ukrainian!])).code).toBe(0);
    const ecCosign = await cli(['cosign', '--key', `file:${ecKey}`, '--pass-env', 'SIGNDESK_EC', `${ukrainian}.p7s`, '--content', ukrainian!]);
    expect(ecCosign.code, ecCosign.stderr).toBe(0);
    const mixed = await verify([`${ukrainian}.p7s`, '--content', ukrainian!]);
    expect(mixed.report.signers.map((signer) => signer.indication)).toEqual(['TOTAL-PASSED', 'TOTAL-PASSED']);
    const [dstuSigner] = bcVerifyCms([{ cms: new Uint8Array(fs.readFileSync(`${ukrainian}.p7s`)), content: new Uint8Array(fs.readFileSync(ukrainian!)) }]);
    expect(dstuSigner!.ok, dstuSigner!.message).toBe(true);

    expect((await cli(['sign', '--key', `file:${ecKey}`, '--pass-env', 'SIGNDESK_EC', international!])).code).toBe(0);
    const dstuCosign = await cli(['cosign', '--key', dstuKeyId, '--pass-env', 'SIGNDESK_PW', `${international}.p7s`, '--content', international!]);
    expect(dstuCosign.code, dstuCosign.stderr).toBe(0);
    const reverse = await verify([`${international}.p7s`, '--content', international!]);
    expect(reverse.code).toBe(0);
    expect(reverse.report.signers).toHaveLength(2);
    // OpenSSL checks the ECDSA signer it knows; the DSTU one is ours and Bouncy Castle's.
    expect(() => openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', `${international}.p7s`, '-content', international!, '-CAfile', ecCa, '-purpose', 'any', '-out', '/dev/null'])).toThrow();

    const wrongDocument = await cli(['cosign', '--key', `file:${ecKey}`, '--pass-env', 'SIGNDESK_EC', `${international}.p7s`, '--content', ukrainian!]);
    expect(wrongDocument.code).toBe(2);
    expect(wrongDocument.stderr).toContain('ERR_CONTENT_MISMATCH');
  });

  it('adds a key container a Ukrainian CA issues (PBES2 with GOST 28147) and requests with its key', async () => {
    const container = path.join(VECTORS, 'STORE_A040.dat');
    const wrong = await cli(['keys', 'add', `file:${container}`, '--pass-env', 'SIGNDESK_WRONG']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('ERR_PASSWORD_INCORRECT');
    const added = await runSigndesk(['keys', 'add', `file:${container}`, '--name', 'Ключ ЦСК', '--pass-env', 'STORE_PW', '--json', '--data-dir', dataDir], { STORE_PW: 'password' });
    expect(added.code, added.stderr).toBe(0);
    const record = added.json<KeyCabinetRecord>();
    expect(record).toMatchObject({ name: 'Ключ ЦСК', storage: 'file', status: 'awaiting-certificate' });
    const copy = record.keyRef.slice('file:'.length);
    expect(fs.readFileSync(copy).equals(fs.readFileSync(container))).toBe(true);
    const csrFile = path.join(dir, 'store.csr');
    const request = await runSigndesk(['csr', '--key', record.id, '--subject', 'CN=Test', '--out', csrFile, '--pass-env', 'STORE_PW', '--data-dir', dataDir], { STORE_PW: 'password' });
    expect(request.code, request.stderr).toBe(0);
    const parts = requestParts(fs.readFileSync(csrFile, 'utf8'));
    const publicKey = DstuPublicKey.fromSpki(parts.spki);
    expect(publicKey.verify(dstuDigest('gost34311', parts.info, publicKey.dke), parts.signature, 'le')).toBe(true);
  });

  it('shows a DSTU certificate of a real CA with its algorithm and identifiers', async () => {
    const shown = await cli(['cert', 'show', path.join(VECTORS, 'CA-Justice.cer'), '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    const info = shown.json<{ publicKey: { description: string }; signatureAlgorithm: string; subject: string }>();
    expect(info.publicKey.description).toMatch(/DSTU 4145/);
    expect(info.signatureAlgorithm).toMatch(/DSTU 4145/);
    const human = await cli(['cert', 'show', path.join(VECTORS, 'CA-Justice.cer')]);
    expect(human.stdout).toMatch(/EDRPOU: \d{8}/);
  });
});
