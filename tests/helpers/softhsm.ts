import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SOFTHSM_MODULE } from './require-tools';

/**
 * A private SoftHSM2 for one test file. Usage:
 *
 *   const missing = missingTools(['softhsm2-util', SOFTHSM_MODULE]);
 *   describe.skipIf(missing)('…', () => {
 *     let hsm: SoftHsm;
 *     beforeAll(() => { hsm = createSoftHsm({ label: 'Accountant' }); });
 *     afterAll(() => hsm.cleanup());
 *     // new TokenService({ modulePaths: [hsm.modulePath], includeKnownModules: false })
 *     // key URI: `pkcs11:token=${hsm.label};object=K?module-path=${hsm.modulePath}`
 *   });
 *
 * It writes `softhsm2.conf` (tokendir inside `dir`, file object store, log level ERROR), points
 * `process.env.SOFTHSM2_CONF` at it (SoftHSM2 reads it in C_Initialize: one SoftHSM per test process, which is
 * how vitest runs test files) and initialises the first token with `softhsm2-util --init-token --free`.
 */
export interface SoftHsm {
  /** The conf file; also in `env.SOFTHSM2_CONF` and `process.env.SOFTHSM2_CONF`. */
  confPath: string;
  /** Temp folder holding the conf and the tokens; removed by cleanup. */
  dir: string;
  tokenDir: string;
  modulePath: string;
  /** The first token's label, user PIN and SO PIN. */
  label: string;
  pin: string;
  soPin: string;
  /** process.env plus SOFTHSM2_CONF: pass to child processes (pkcs11-tool, openssl, the CLI). */
  env: NodeJS.ProcessEnv;
  /** Initialises one more token in a free slot. */
  initToken(label: string, pins?: { pin?: string; soPin?: string }): void;
  /**
   * Makes a token disappear, as if unplugged (its directory is moved out of the tokendir); call the returned
   * function to plug it back. SoftHSM2 notices in C_GetTokenInfo (CKR_GENERAL_ERROR) and only sees it again after
   * re-initialisation, which the token layer does when the module is idle.
   */
  removeToken(label?: string): () => void;
  cleanup(): void;
}

export interface SoftHsmOptions {
  label?: string;
  pin?: string;
  soPin?: string;
}

export function createSoftHsm(options: SoftHsmOptions = {}): SoftHsm {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-softhsm-'));
  const tokenDir = path.join(dir, 'tokens');
  fs.mkdirSync(tokenDir);
  const confPath = path.join(dir, 'softhsm2.conf');
  fs.writeFileSync(confPath, `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = true\n`);
  const previousConf = process.env.SOFTHSM2_CONF;
  process.env.SOFTHSM2_CONF = confPath;
  const env = { ...process.env, SOFTHSM2_CONF: confPath };
  const directories = new Map<string, string>();

  const initToken = (label: string, pins: { pin?: string; soPin?: string } = {}) => {
    const before = new Set(fs.readdirSync(tokenDir));
    execFileSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', pins.soPin ?? soPin, '--pin', pins.pin ?? pin], { env, stdio: 'pipe' });
    const created = fs.readdirSync(tokenDir).find((name) => !before.has(name));
    if (created) directories.set(label, created);
  };

  const label = options.label ?? 'Signdesk Test';
  const pin = options.pin ?? '123456';
  const soPin = options.soPin ?? '87654321';
  initToken(label);

  return {
    confPath,
    dir,
    tokenDir,
    modulePath: SOFTHSM_MODULE,
    label,
    pin,
    soPin,
    env,
    initToken,
    removeToken(which = label) {
      const name = directories.get(which);
      if (!name) throw new Error(`No token "${which}" in this SoftHSM`);
      const inside = path.join(tokenDir, name);
      const outside = path.join(dir, `removed-${name}`);
      fs.renameSync(inside, outside);
      return () => fs.renameSync(outside, inside);
    },
    cleanup() {
      if (previousConf === undefined) delete process.env.SOFTHSM2_CONF;
      else process.env.SOFTHSM2_CONF = previousConf;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
