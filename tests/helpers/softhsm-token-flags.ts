import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const CKF_USER_PIN_INITIALIZED = 0x8;
export const CKF_USER_PIN_TO_BE_CHANGED = 0x80000;

/** SoftHSM2's vendor attribute holding CK_TOKEN_INFO.flags in token.object (CKA_VENDOR_DEFINED + 0x534B). */
const TOKEN_FLAGS_ATTRIBUTE = Buffer.from('000000008000534b0000000000000002', 'hex');

/**
 * Sets and clears CK_TOKEN_INFO flags of a SoftHSM2 token (file object store), as a card issuer does for a PIN
 * that must be changed (CKF_USER_PIN_TO_BE_CHANGED) or a token handed out without a user PIN. SoftHSM2 itself
 * never sets these; call before the module is loaded (C_Initialize reads the file).
 */
export function setSoftHsmTokenFlags(tokenDir: string, label: string, change: { set?: number; clear?: number }): number {
  const padded = Buffer.from(label.padEnd(32, ' '));
  for (const name of fs.readdirSync(tokenDir)) {
    const file = path.join(tokenDir, name, 'token.object');
    if (!fs.existsSync(file)) continue;
    const bytes = fs.readFileSync(file);
    if (bytes.indexOf(padded) < 0) continue;
    const at = bytes.indexOf(TOKEN_FLAGS_ATTRIBUTE);
    if (at < 0) throw new Error(`No token flags attribute in ${file}`);
    const offset = at + TOKEN_FLAGS_ATTRIBUTE.length;
    const flags = Number((BigInt(bytes.readBigUInt64BE(offset)) | BigInt(change.set ?? 0)) & ~BigInt(change.clear ?? 0));
    bytes.writeBigUInt64BE(BigInt(flags), offset);
    fs.writeFileSync(file, bytes);
    return flags;
  }
  throw new Error(`No SoftHSM2 token "${label}" in ${tokenDir}`);
}

/** A token initialised by its administrator with no user PIN yet (C_InitToken without C_InitPIN), in a free slot. */
export function initSoftHsmTokenWithoutUserPin(hsm: { modulePath: string; env: NodeJS.ProcessEnv }, label: string, soPin: string): void {
  const slots = execFileSync('pkcs11-tool', ['--module', hsm.modulePath, '-L'], { env: hsm.env, stdio: 'pipe' }).toString();
  const free = /Slot \d+ \((0x[0-9a-f]+)\)[^\n]*\n\s+token state:\s+uninitialized/.exec(slots);
  if (!free) throw new Error(`No free SoftHSM2 slot:\n${slots}`);
  execFileSync('pkcs11-tool', ['--module', hsm.modulePath, '--slot', free[1]!, '--init-token', '--label', label, '--so-pin', soPin], { env: hsm.env, stdio: 'pipe' });
}
