import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificatesFromBytes, describeCertificate, parseCertificate } from '../../main/core/pki';
import { isSigndeskError } from '../../preload/contract/errors';
import { missingTools } from '../helpers/require-tools';
import { runSigndesk as runCliCapture } from '../helpers/run-cli';
import { createTestPki, TEST_IDENTIFIERS, type TestPki } from '../helpers/test-pki';

const missing = missingTools(['openssl']);

describe.skipIf(missing)('certificate parsing (OpenSSL-made certificates)', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = createTestPki();
  });
  afterAll(() => pki?.cleanup());

  it('describes a leaf as OpenSSL sees it', () => {
    const info = describeCertificate(pki.ecLeaf.certDer);
    const serial = pki.openssl(['x509', '-in', pki.ecLeaf.certPath, '-noout', '-serial']).toString().trim().split('=')[1].toLowerCase();
    const fingerprint = pki.openssl(['x509', '-in', pki.ecLeaf.certPath, '-noout', '-fingerprint', '-sha256']).toString().trim().split('=')[1].replace(/:/g, '').toLowerCase();
    expect(info.serial).toBe(serial);
    expect(info.fingerprintSha256).toBe(fingerprint);
    expect(info.subject).toBe('CN=EC Leaf,O=Signdesk Test,C=UA');
    expect(info.issuer).toBe('CN=Signdesk Test Intermediate,O=Signdesk Test,C=UA');
    expect(info.keyUsage).toEqual(['digitalSignature', 'nonRepudiation']);
    expect(info.extendedKeyUsage).toEqual(['emailProtection', 'clientAuth']);
    expect(info.basicConstraints).toEqual({ ca: false, pathLength: null });
    expect(info.publicKey.description).toBe('EC P-256');
    expect(info.signatureAlgorithm).toBe('ecdsa-with-SHA256');
    expect(info.authorityKeyIdentifier).toBe(describeCertificate(pki.intermediate.certDer).subjectKeyIdentifier);
    expect(Date.parse(info.notAfter) - Date.parse(info.notBefore)).toBe(365 * 86400_000);
    expect(describeCertificate(pki.rsaLeaf.certDer).publicKey).toMatchObject({ algorithm: 'RSA', bits: 2048 });
    expect(describeCertificate(pki.pathLenZeroCa.certDer).basicConstraints).toEqual({ ca: true, pathLength: 0 });
    expect(describeCertificate(pki.root.certDer).selfIssued).toBe(true);
  });

  it('names the Ukrainian identifiers from legacy OIDs, ETSI semantics identifiers and subjectDirectoryAttributes', () => {
    const legacy = describeCertificate(pki.uaLeaf.certDer);
    expect(legacy.identifiers).toEqual({ EDRPOU: TEST_IDENTIFIERS.edrpou, RNOKPP: TEST_IDENTIFIERS.drfo });
    expect(legacy.owner).toBe('Петренко Іван Іванович');
    expect(legacy.organisation).toBe('ТОВ "Ромашка"');
    expect(legacy.title).toBe('Директор');
    expect(legacy.subject).toContain('EDRPOU=41234567');
    expect(describeCertificate(pki.uaEtsiLeaf.certDer).identifiers).toEqual({ EDRPOU: TEST_IDENTIFIERS.etsiEdrpou, RNOKPP: TEST_IDENTIFIERS.etsiRnokpp });
    expect(describeCertificate(pki.uaSdaLeaf.certDer).identifiers).toEqual({ RNOKPP: TEST_IDENTIFIERS.sdaRnokpp });
  });

  it('names the Russian identifiers', () => {
    const info = describeCertificate(pki.ruLeaf.certDer);
    expect(info.identifiers).toEqual({
      INN: TEST_IDENTIFIERS.inn,
      INNLE: TEST_IDENTIFIERS.innle,
      OGRN: TEST_IDENTIFIERS.ogrn,
      OGRNIP: TEST_IDENTIFIERS.ogrnip,
      SNILS: TEST_IDENTIFIERS.snils,
    });
    expect(info.owner).toBe('Иванов Иван');
  });

  it('keeps multi-valued RDNs of a real certificate together', () => {
    const keyPath = `${pki.dir}/mv.key`;
    const certPath = `${pki.dir}/mv.pem`;
    pki.openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyPath, '-out', certPath, '-multivalue-rdn', '-subj', '/C=UA/O=Multi/CN=Ivan+UID=ivan42', '-days', '1']);
    const info = describeCertificate(certificatesFromBytes(fs.readFileSync(certPath))[0]);
    expect(info.subject).toBe('CN=Ivan+UID=ivan42,O=Multi,C=UA');
    expect(info.owner).toBe('Ivan');
  });

  it('reads PEM, DER, PEM bundles and .p7b', () => {
    expect(certificatesFromBytes(Buffer.from(pki.ecLeaf.certPem))).toEqual([pki.ecLeaf.certDer]);
    expect(certificatesFromBytes(pki.ecLeaf.certDer)).toEqual([pki.ecLeaf.certDer]);
    const bundle = pki.ecLeaf.certPem + pki.intermediate.certPem;
    expect(certificatesFromBytes(Buffer.from(bundle))).toHaveLength(2);
    const chainPath = pki.file('chain.pem', bundle);
    const p7bDer = pki.openssl(['crl2pkcs7', '-nocrl', '-certfile', chainPath, '-outform', 'DER']);
    const fromP7b = certificatesFromBytes(new Uint8Array(p7bDer));
    expect(fromP7b.map((der) => parseCertificate(der).info.subject).sort()).toEqual(['CN=EC Leaf,O=Signdesk Test,C=UA', 'CN=Signdesk Test Intermediate,O=Signdesk Test,C=UA']);
    const p7bPem = pki.openssl(['crl2pkcs7', '-nocrl', '-certfile', chainPath]);
    expect(certificatesFromBytes(new Uint8Array(p7bPem))).toHaveLength(2);
  });

  it('rejects malformed certificates with ERR_CERT_MALFORMED', () => {
    const der = pki.ecLeaf.certDer;
    const flipped = Uint8Array.from(der);
    flipped[20] ^= 0xff;
    const samples = [der.subarray(0, der.length - 10), Uint8Array.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00]), new Uint8Array(0), Buffer.from('not a cert'), flipped, Uint8Array.from([...der, 0])];
    const deep = new Uint8Array(4000);
    for (let i = 0; i < 2000; i++) deep.set([0x30, 0x80], i * 2);
    samples.push(deep);
    for (const sample of samples) {
      let error: unknown;
      try {
        parseCertificate(certificatesFromBytes(sample)[0]);
      } catch (caught) {
        error = caught;
      }
      expect(isSigndeskError(error, 'ERR_CERT_MALFORMED'), `sample ${samples.indexOf(sample)}: ${String(error)}`).toBe(true);
    }
  });

  it('cert show prints identifiers by name and --json gives the model', async () => {
    const human = await runCliCapture(['cert', 'show', pki.uaLeaf.certPath]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`EDRPOU: ${TEST_IDENTIFIERS.edrpou}`);
    expect(human.stdout).toContain(`RNOKPP: ${TEST_IDENTIFIERS.drfo}`);
    expect(human.stdout).toContain('Owner: Петренко Іван Іванович');
    const ru = await runCliCapture(['cert', 'show', pki.ruLeaf.certPath]);
    expect(ru.stdout).toContain(`OGRN: ${TEST_IDENTIFIERS.ogrn}`);
    expect(ru.stdout).toContain(`SNILS: ${TEST_IDENTIFIERS.snils}`);
    const json = await runCliCapture(['cert', 'show', pki.uaEtsiLeaf.certPath, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).identifiers).toEqual({ EDRPOU: TEST_IDENTIFIERS.etsiEdrpou, RNOKPP: TEST_IDENTIFIERS.etsiRnokpp });
    const bad = await runCliCapture(['cert', 'show', pki.file('bad.der', Buffer.from([0x30, 0x03, 0x02, 0x01]))]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^signdesk: ERR_CERT_MALFORMED: /);
    const absent = await runCliCapture(['cert', 'show', `${pki.dir}/nope.pem`, '--json']);
    expect(absent.code).toBe(2);
    expect(JSON.parse(absent.stdout).error.code).toBe('ERR_FILE_NOT_FOUND');
    expect(fs.existsSync(pki.dir)).toBe(true);
  });
});
