import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';
import { OpensslCa } from '../helpers/openssl-ca';

const CLI = path.resolve('out/main/cli.js');

export interface SigningKey {
  hsm: SoftHsm;
  ca: OpensslCa;
  /** `pkcs11:` URI of the key on the SoftHSM2 token. */
  keyRef: string;
  pin: string;
  certFile: string;
  /** SOFTHSM2_CONF for the bridge process. */
  bridgeEnv: NodeJS.ProcessEnv;
  /** One more certified key on the same token (for co-signing); `owner` is a common name or a whole RFC 4514 subject. Returns its `pkcs11:` URI. */
  addKey(object: string, owner: string): string;
  cleanup(): void;
}

/**
 * A key ready to sign, made the way a user's would be with the CLI: `keygen` on a SoftHSM2 token, `csr`,
 * the certificate issued by a throw-away CA (`openssl x509 -req`), `cert import` — all in the test's data folder,
 * so the bridge sees the key in its cabinet.
 */
export function prepareSigningKey(dataDir: string, workDir: string, label = 'E2ESigner'): SigningKey {
  const hsm = createSoftHsm({ label });
  const env = { ...hsm.env, SIGNDESK_E2E_PIN: hsm.pin };
  const cli = (...args: string[]) => execFileSync(process.execPath, [CLI, ...args, '--data-dir', dataDir], { env, stdio: 'pipe' }).toString();
  const ca = new OpensslCa(path.join(workDir, 'ca'), 'Signdesk E2E CA');
  const extFile = path.join(workDir, 'e2e.ext');
  fs.writeFileSync(extFile, 'basicConstraints = CA:false\nkeyUsage = critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n');
  const addKey = (object: string, owner: string) => {
    const keyRef = `pkcs11:token=${label};object=${object}?module-path=${hsm.modulePath}`;
    const generated = cli('keygen', '--key', keyRef, '--alg', 'ec-p256', '--pin-env', 'SIGNDESK_E2E_PIN');
    const cabinetId = /key ([0-9a-f-]{36})/.exec(generated)?.[1];
    if (!cabinetId) throw new Error(`keygen printed no cabinet id: ${generated}`);
    const csrFile = path.join(workDir, `${object}.csr`);
    cli('csr', '--key', keyRef, '--subject', owner.includes('=') ? owner : `CN=${owner},O=Signdesk E2E`, '--out', csrFile, '--pin-env', 'SIGNDESK_E2E_PIN');
    const certFile = path.join(workDir, `${object}.pem`);
    ca.openssl(['x509', '-req', '-in', csrFile, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '30', '-sha256', '-extfile', extFile, '-out', certFile]);
    // By cabinet id, so the cabinet record becomes active with its certificate (and the key is offered for signing).
    cli('cert', 'import', '--key', cabinetId, certFile, '--pin-env', 'SIGNDESK_E2E_PIN');
    return keyRef;
  };
  const keyRef = addKey('e2e-key', 'Олена Підписувач');
  return {
    hsm,
    ca,
    keyRef,
    pin: hsm.pin,
    certFile: path.join(workDir, 'e2e-key.pem'),
    bridgeEnv: { SOFTHSM2_CONF: hsm.confPath },
    addKey,
    cleanup: () => hsm.cleanup(),
  };
}

/** OpenSSL's independent opinion of a detached CAdES signature (throws with its stderr when it disagrees). */
export function opensslVerifyDetached(signature: string, content: string, caFile: string): void {
  execFileSync('openssl', ['cms', '-verify', '-cades', '-binary', '-inform', 'DER', '-in', signature, '-content', content, '-CAfile', caFile, '-purpose', 'any', '-out', '/dev/null'], { stdio: 'pipe' });
}
