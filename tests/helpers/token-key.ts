import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { SoftHsm } from './softhsm';

/**
 * A key pair generated on the SoftHSM2 token (pkcs11-tool) and a certificate for it issued by the OpenSSL CA
 * `caPem`/`caKey` through the pkcs11 engine (digitalSignature, nonRepudiation), stored on the token with the
 * key's CKA_ID. Returns the token key's KEYREF.
 */
export function tokenKeyWithCertificate(hsm: SoftHsm, work: string, ca: { pem: string; key: string }, object: string, keyType: string, id: string, subject: string): string {
  const pkcs11 = ['--module', hsm.modulePath, '--token-label', hsm.label, '--login', '--pin', hsm.pin];
  execFileSync('pkcs11-tool', [...pkcs11, '--keypairgen', '--key-type', keyType, '--id', id, '--label', object], { env: hsm.env, stdio: 'ignore' });
  const engineConf = path.join(work, `openssl-engine-${object}.cnf`);
  const enginesDir = execFileSync('openssl', ['version', '-e'], { encoding: 'utf8' }).match(/"(.*)"/)![1];
  fs.writeFileSync(
    engineConf,
    `openssl_conf = init\n[init]\nengines = engines\n[engines]\npkcs11 = pkcs11\n[pkcs11]\nengine_id = pkcs11\ndynamic_path = ${enginesDir}/pkcs11.so\nMODULE_PATH = ${hsm.modulePath}\ninit = 0\n[req]\ndistinguished_name = dn\n[dn]\n[leaf]\nkeyUsage = critical, digitalSignature, nonRepudiation\n`,
  );
  const csr = path.join(work, `${object}.csr`);
  const engineEnv = { ...hsm.env, OPENSSL_CONF: engineConf };
  execFileSync('openssl', ['req', '-new', '-engine', 'pkcs11', '-keyform', 'engine', '-key', `pkcs11:token=${hsm.label};object=${object};type=private;pin-value=${hsm.pin}`, '-subj', subject, '-out', csr], { env: engineEnv, stdio: 'pipe' });
  const certDer = path.join(work, `${object}.cer`);
  execFileSync('openssl', ['x509', '-req', '-in', csr, '-CA', ca.pem, '-CAkey', ca.key, '-CAcreateserial', '-days', '30', '-extfile', engineConf, '-extensions', 'leaf', '-outform', 'DER', '-out', certDer], { stdio: 'pipe' });
  execFileSync('pkcs11-tool', [...pkcs11, '--write-object', certDer, '--type', 'cert', '--id', id, '--label', object], { env: hsm.env, stdio: 'ignore' });
  return `pkcs11:token=${hsm.label};object=${object}?module-path=${hsm.modulePath}`;
}
