import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One issued certificate with its key, as files (PEM) and DER bytes. */
export interface TestIdentity {
  name: string;
  certPath: string;
  keyPath: string;
  certPem: string;
  certDer: Uint8Array;
  keyPem: string;
}

/**
 * A test PKI built with OpenSSL (`openssl req`/`openssl ca`), in a temp folder:
 *
 *   root (EC) ─┬─ intermediate ─┬─ ecLeaf, rsaLeaf, revokedLeaf (in intermediateCrl), noSignLeaf (keyEncipherment only),
 *              │                ├─ uaLeaf (EDRPOU/DRFO subject OIDs), uaEtsiLeaf (NTRUA-/TINUA-), uaSdaLeaf (DRFO in subjectDirectoryAttributes),
 *              │                ├─ ruLeaf (INN, INNLE, OGRN, OGRNIP, SNILS), tsa (timeStamping)
 *              ├─ expiredIntermediate (2020–2021) ── leafUnderExpired
 *              ├─ pathLenZeroCa (pathlen:0) ── subCa ── leafUnderSubCa   (violates pathLen)
 *              ├─ noKeyCertSignCa (keyUsage without keyCertSign) ── leafUnderNoKeyCertSign
 *              ├─ nameConstrainedCa (permitted C=UA,O=Permitted Org) ── ncInsideLeaf, ncOutsideLeaf
 *              └─ policyCa (policy 1.2.3.4, requireExplicitPolicy:0) ── policyGoodLeaf (1.2.3.4), policyBadLeaf (1.2.3.99)
 *   otherRoot ── otherLeaf   (an unrelated hierarchy)
 */
export interface TestPki {
  dir: string;
  root: TestIdentity;
  intermediate: TestIdentity;
  ecLeaf: TestIdentity;
  rsaLeaf: TestIdentity;
  revokedLeaf: TestIdentity;
  noSignLeaf: TestIdentity;
  uaLeaf: TestIdentity;
  uaEtsiLeaf: TestIdentity;
  uaSdaLeaf: TestIdentity;
  ruLeaf: TestIdentity;
  tsa: TestIdentity;
  expiredIntermediate: TestIdentity;
  leafUnderExpired: TestIdentity;
  pathLenZeroCa: TestIdentity;
  subCa: TestIdentity;
  leafUnderSubCa: TestIdentity;
  noKeyCertSignCa: TestIdentity;
  leafUnderNoKeyCertSign: TestIdentity;
  nameConstrainedCa: TestIdentity;
  ncInsideLeaf: TestIdentity;
  ncOutsideLeaf: TestIdentity;
  policyCa: TestIdentity;
  policyGoodLeaf: TestIdentity;
  policyBadLeaf: TestIdentity;
  otherRoot: TestIdentity;
  otherLeaf: TestIdentity;
  /** CRL (PEM path) from the intermediate, revoking revokedLeaf. */
  intermediateCrlPath: string;
  /** CRL (PEM path) from the root, revoking nothing. */
  rootCrlPath: string;
  /** A leaf certificate from the intermediate for a public key held elsewhere (a token): keyPath/keyPem are empty. */
  issueForPublicKey(name: string, spki: Uint8Array, subject: string): TestIdentity;
  /** Writes a file in the PKI folder and returns its path. */
  file(name: string, data: string | Uint8Array): string;
  /** Runs openssl with the given arguments in the PKI folder; returns stdout. */
  openssl(args: string[], input?: string | Uint8Array): Buffer;
  cleanup(): void;
}

export const TEST_IDENTIFIERS = {
  edrpou: '41234567',
  drfo: '1234567890',
  etsiEdrpou: '40075815',
  etsiRnokpp: '3012345678',
  sdaRnokpp: '2233445566',
  inn: '007701234567',
  innle: '7701234567',
  ogrn: '1027700132195',
  ogrnip: '304500116000157',
  snils: '12345678901',
};

const CONFIG = (dir: string): string => `
oid_section = signdesk_oids
[signdesk_oids]
uaEdrpou = 1.2.804.2.1.1.1.11.1.4.2.1
uaDrfo = 1.2.804.2.1.1.1.11.1.4.1.1
ruInnle = 1.2.643.100.4

[ca]
default_ca = ca_default
[ca_default]
dir = ${dir}
database = $dir/index.txt
new_certs_dir = $dir/newcerts
serial = $dir/serial
crlnumber = $dir/crlnumber
default_md = sha256
default_days = 365
default_crl_days = 30
policy = policy_any
unique_subject = no
email_in_dn = yes
[policy_any]
commonName = optional

[req]
distinguished_name = req_dn
string_mask = utf8only
[req_dn]

[ext_root]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ext_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ext_ca_pathlen0]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ext_ca_no_keycertsign]
basicConstraints = critical,CA:TRUE
keyUsage = critical,digitalSignature,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ext_ca_nc]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
nameConstraints = critical,permitted;dirName:nc_permitted
[nc_permitted]
C = UA
O = Permitted Org
[ext_ca_policy]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
certificatePolicies = 1.2.3.4
policyConstraints = critical,requireExplicitPolicy:0
[ext_leaf_policy_good]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
certificatePolicies = 1.2.3.4
[ext_leaf_policy_bad]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
certificatePolicies = 1.2.3.99
[ext_leaf]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = emailProtection,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ext_leaf_nosign]
basicConstraints = CA:FALSE
keyUsage = critical,keyEncipherment
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ext_leaf_sda]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
2.5.29.9 = ASN1:SEQUENCE:sda
[sda]
drfo = SEQUENCE:sda_drfo
[sda_drfo]
type = OID:1.2.804.2.1.1.1.11.1.4.1.1
values = SET:sda_drfo_values
[sda_drfo_values]
value = PRINTABLESTRING:${TEST_IDENTIFIERS.sdaRnokpp}
[ext_tsa]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[tsa]
default_tsa = tsa_default
[tsa_default]
serial = ${dir}/tsaserial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.5
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;

type KeyKind = 'ec' | 'rsa';

export function createTestPki(): TestPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-pki-'));
  const openssl = (args: string[], input?: string | Uint8Array): Buffer =>
    execFileSync('openssl', args, { cwd: dir, input, stdio: ['pipe', 'pipe', 'pipe'] });

  const newKey = (name: string, kind: KeyKind): string => {
    const keyPath = path.join(dir, `${name}.key`);
    const algorithm = kind === 'ec' ? ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'];
    openssl(['genpkey', ...algorithm, '-out', keyPath]);
    return keyPath;
  };

  const caDirs = new Map<string, string>();
  const caDirOf = (ca: TestIdentity): string => {
    let caDir = caDirs.get(ca.name);
    if (!caDir) {
      caDir = path.join(dir, `ca-${ca.name}`);
      fs.mkdirSync(path.join(caDir, 'newcerts'), { recursive: true });
      fs.writeFileSync(path.join(caDir, 'index.txt'), '');
      fs.writeFileSync(path.join(caDir, 'serial'), `${(caDirs.size + 1).toString(16).padStart(2, '0')}1000\n`);
      fs.writeFileSync(path.join(caDir, 'crlnumber'), '01\n');
      fs.writeFileSync(path.join(caDir, 'tsaserial'), '01\n');
      fs.writeFileSync(path.join(caDir, 'openssl.cnf'), CONFIG(caDir));
      caDirs.set(ca.name, caDir);
    }
    return caDir;
  };

  const identity = (name: string, certPath: string, keyPath: string): TestIdentity => {
    const certPem = fs.readFileSync(certPath, 'utf8');
    const base64 = certPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    return { name, certPath, keyPath, certPem, certDer: new Uint8Array(Buffer.from(base64, 'base64')), keyPem: fs.readFileSync(keyPath, 'utf8') };
  };

  const selfSigned = (name: string, subject: string): TestIdentity => {
    const keyPath = newKey(name, 'ec');
    const certPath = path.join(dir, `${name}.pem`);
    const configPath = path.join(dir, 'root.cnf');
    fs.writeFileSync(configPath, CONFIG(dir));
    openssl(['req', '-x509', '-new', '-key', keyPath, '-subj', subject, '-utf8', '-config', configPath, '-extensions', 'ext_root', '-days', '3650', '-sha256', '-set_serial', '1', '-out', certPath]);
    return identity(name, certPath, keyPath);
  };

  const issue = (
    ca: TestIdentity,
    name: string,
    subject: string,
    extensions: string,
    options: { kind?: KeyKind; startDate?: string; endDate?: string } = {},
  ): TestIdentity => {
    const caDir = caDirOf(ca);
    const keyPath = newKey(name, options.kind ?? 'ec');
    const csrPath = path.join(dir, `${name}.csr`);
    const certPath = path.join(dir, `${name}.pem`);
    const config = path.join(caDir, 'openssl.cnf');
    openssl(['req', '-new', '-key', keyPath, '-subj', subject, '-utf8', '-config', config, '-out', csrPath]);
    const validity = options.startDate ? ['-startdate', options.startDate, '-enddate', options.endDate ?? '20300101000000Z'] : ['-days', '365'];
    openssl(['ca', '-batch', '-config', config, '-cert', ca.certPath, '-keyfile', ca.keyPath, '-in', csrPath, '-out', certPath, '-extensions', extensions, '-notext', '-preserveDN', '-utf8', ...validity]);
    return identity(name, certPath, keyPath);
  };

  const crl = (ca: TestIdentity, name: string, revoke: TestIdentity[]): string => {
    const caDir = caDirOf(ca);
    const config = path.join(caDir, 'openssl.cnf');
    for (const victim of revoke) openssl(['ca', '-config', config, '-cert', ca.certPath, '-keyfile', ca.keyPath, '-revoke', victim.certPath, '-crl_reason', 'keyCompromise']);
    const crlPath = path.join(dir, `${name}.crl.pem`);
    openssl(['ca', '-gencrl', '-config', config, '-cert', ca.certPath, '-keyfile', ca.keyPath, '-out', crlPath]);
    return crlPath;
  };

  const root = selfSigned('root', '/C=UA/O=Signdesk Test/CN=Signdesk Test Root');
  const intermediate = issue(root, 'intermediate', '/C=UA/O=Signdesk Test/CN=Signdesk Test Intermediate', 'ext_ca');
  const ecLeaf = issue(intermediate, 'ec-leaf', '/C=UA/O=Signdesk Test/CN=EC Leaf', 'ext_leaf');
  const rsaLeaf = issue(intermediate, 'rsa-leaf', '/C=UA/O=Signdesk Test/CN=RSA Leaf', 'ext_leaf', { kind: 'rsa' });
  const revokedLeaf = issue(intermediate, 'revoked-leaf', '/C=UA/O=Signdesk Test/CN=Revoked Leaf', 'ext_leaf');
  const noSignLeaf = issue(intermediate, 'nosign-leaf', '/C=UA/O=Signdesk Test/CN=Encryption Only', 'ext_leaf_nosign');
  const uaLeaf = issue(
    intermediate,
    'ua-leaf',
    `/C=UA/L=Київ/O=ТОВ "Ромашка"/title=Директор/CN=Петренко Іван Іванович/SN=Петренко/GN=Іван Іванович/uaEdrpou=${TEST_IDENTIFIERS.edrpou}/uaDrfo=${TEST_IDENTIFIERS.drfo}`,
    'ext_leaf',
  );
  const uaEtsiLeaf = issue(
    intermediate,
    'ua-etsi-leaf',
    `/C=UA/O=ПрАТ Тест/organizationIdentifier=NTRUA-${TEST_IDENTIFIERS.etsiEdrpou}/CN=Коваленко Олена/serialNumber=TINUA-${TEST_IDENTIFIERS.etsiRnokpp}`,
    'ext_leaf',
  );
  const uaSdaLeaf = issue(intermediate, 'ua-sda-leaf', '/C=UA/O=ФОП/CN=Шевченко Тарас', 'ext_leaf_sda');
  const ruLeaf = issue(
    intermediate,
    'ru-leaf',
    `/C=RU/O=ООО Ромашка/CN=Иванов Иван/INN=${TEST_IDENTIFIERS.inn}/ruInnle=${TEST_IDENTIFIERS.innle}/OGRN=${TEST_IDENTIFIERS.ogrn}/OGRNIP=${TEST_IDENTIFIERS.ogrnip}/SNILS=${TEST_IDENTIFIERS.snils}`,
    'ext_leaf',
  );
  const tsa = issue(intermediate, 'tsa', '/C=UA/O=Signdesk Test/CN=Test TSA', 'ext_tsa');
  const expiredIntermediate = issue(root, 'expired-intermediate', '/C=UA/O=Signdesk Test/CN=Expired Intermediate', 'ext_ca', {
    startDate: '20200101000000Z',
    endDate: '20210101000000Z',
  });
  const leafUnderExpired = issue(expiredIntermediate, 'leaf-under-expired', '/C=UA/O=Signdesk Test/CN=Leaf Under Expired', 'ext_leaf', {
    startDate: '20200601000000Z',
    endDate: '20350101000000Z',
  });
  const pathLenZeroCa = issue(root, 'pathlen0-ca', '/C=UA/O=Signdesk Test/CN=PathLen Zero CA', 'ext_ca_pathlen0');
  const subCa = issue(pathLenZeroCa, 'sub-ca', '/C=UA/O=Signdesk Test/CN=Sub CA', 'ext_ca');
  const leafUnderSubCa = issue(subCa, 'leaf-under-sub-ca', '/C=UA/O=Signdesk Test/CN=Leaf Under Sub CA', 'ext_leaf');
  const noKeyCertSignCa = issue(root, 'no-keycertsign-ca', '/C=UA/O=Signdesk Test/CN=No KeyCertSign CA', 'ext_ca_no_keycertsign');
  const leafUnderNoKeyCertSign = issue(noKeyCertSignCa, 'leaf-under-no-keycertsign', '/C=UA/O=Signdesk Test/CN=Leaf Under No KeyCertSign', 'ext_leaf');
  const nameConstrainedCa = issue(root, 'nc-ca', '/C=UA/O=Permitted Org/CN=Name Constrained CA', 'ext_ca_nc');
  const ncInsideLeaf = issue(nameConstrainedCa, 'nc-inside', '/C=UA/O=Permitted Org/CN=Inside', 'ext_leaf');
  const ncOutsideLeaf = issue(nameConstrainedCa, 'nc-outside', '/C=UA/O=Other Org/CN=Outside', 'ext_leaf');
  const policyCa = issue(root, 'policy-ca', '/C=UA/O=Signdesk Test/CN=Policy CA', 'ext_ca_policy');
  const policyGoodLeaf = issue(policyCa, 'policy-good', '/C=UA/O=Signdesk Test/CN=Policy Good', 'ext_leaf_policy_good');
  const policyBadLeaf = issue(policyCa, 'policy-bad', '/C=UA/O=Signdesk Test/CN=Policy Bad', 'ext_leaf_policy_bad');
  const otherRoot = selfSigned('other-root', '/C=UA/O=Elsewhere/CN=Other Root');
  const otherLeaf = issue(otherRoot, 'other-leaf', '/C=UA/O=Elsewhere/CN=Other Leaf', 'ext_leaf');
  const intermediateCrlPath = crl(intermediate, 'intermediate', [revokedLeaf]);
  const rootCrlPath = crl(root, 'root', []);

  return {
    dir,
    root,
    intermediate,
    ecLeaf,
    rsaLeaf,
    revokedLeaf,
    noSignLeaf,
    uaLeaf,
    uaEtsiLeaf,
    uaSdaLeaf,
    ruLeaf,
    tsa,
    expiredIntermediate,
    leafUnderExpired,
    pathLenZeroCa,
    subCa,
    leafUnderSubCa,
    noKeyCertSignCa,
    leafUnderNoKeyCertSign,
    nameConstrainedCa,
    ncInsideLeaf,
    ncOutsideLeaf,
    policyCa,
    policyGoodLeaf,
    policyBadLeaf,
    otherRoot,
    otherLeaf,
    intermediateCrlPath,
    rootCrlPath,
    issueForPublicKey(name, spki, subject) {
      const publicPath = path.join(dir, `${name}.pub.pem`);
      fs.writeFileSync(publicPath, `-----BEGIN PUBLIC KEY-----\n${Buffer.from(spki).toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PUBLIC KEY-----\n`);
      const throwaway = newKey(`${name}-throwaway`, 'ec');
      const config = path.join(caDirOf(intermediate), 'openssl.cnf');
      const csrPath = path.join(dir, `${name}.csr`);
      const certPath = path.join(dir, `${name}.pem`);
      openssl(['req', '-new', '-key', throwaway, '-subj', subject, '-utf8', '-config', config, '-out', csrPath]);
      openssl(['x509', '-req', '-in', csrPath, '-CA', intermediate.certPath, '-CAkey', intermediate.keyPath, '-force_pubkey', publicPath, '-extfile', config, '-extensions', 'ext_leaf', '-days', '365', '-set_serial', `0x${crypto.randomBytes(8).toString('hex')}`, '-out', certPath]);
      const certPem = fs.readFileSync(certPath, 'utf8');
      const base64 = certPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
      return { name, certPath, keyPath: '', certPem, certDer: new Uint8Array(Buffer.from(base64, 'base64')), keyPem: '' };
    },
    file(name, data) {
      const target = path.join(dir, name);
      fs.writeFileSync(target, data);
      return target;
    },
    openssl,
    cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Path of the openssl config that carries the `[tsa]` section (for `openssl ts -reply -config`). */
export function tsaConfigPath(pki: TestPki): string {
  return path.join(pki.dir, `ca-${pki.intermediate.name}`, 'openssl.cnf');
}
