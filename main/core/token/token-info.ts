import type { PKCS11 } from 'pkcs11js';
import type { Pkcs11Module } from './pkcs11-module';
import { tokenFlagsFrom, type TokenFlags } from './token-flags';

/** A token as Signdesk shows it. Slot ids change (re-plugging, re-initialising): find tokens by label or serial. */
export interface TokenInfo {
  modulePath: string;
  moduleName: string;
  slotId: number;
  label: string;
  manufacturer: string;
  model: string;
  serial: string;
  flags: TokenFlags;
}

/** What identifies a token across slots and sessions: its library and serial number (label as a cross-check). */
export interface TokenRef {
  modulePath: string;
  serial: string;
  label?: string;
}

export interface PresentToken {
  slot: Buffer;
  info: TokenInfo;
  rawFlags: number;
}

export function tokenKey(ref: TokenRef): string {
  return `${ref.modulePath}\u0000${ref.serial}`;
}

export function matchesRef(info: TokenInfo, ref: TokenRef): boolean {
  return info.serial === ref.serial && (ref.label === undefined || info.label === ref.label);
}

/**
 * Call inside a module task. The tokens present now; a slot whose token cannot describe itself (SoftHSM2 after its
 * token directory vanished answers CKR_GENERAL_ERROR) counts as empty.
 */
export function scanTokens(module: Pkcs11Module, library: PKCS11, options: { rescan: boolean }): PresentToken[] {
  const fresh = module.takeFreshness();
  if (options.rescan && module.rescanByReinitialize && !fresh) module.reinitializeIfIdle(library);
  const present = readPresent(module, library);
  if (options.rescan && present.stale && !module.rescanByReinitialize && module.reinitializeIfIdle(library)) return readPresent(module, library).tokens;
  return present.tokens;
}

function readPresent(module: Pkcs11Module, library: PKCS11): { tokens: PresentToken[]; stale: boolean } {
  const tokens: PresentToken[] = [];
  let stale = false;
  for (const slot of library.C_GetSlotList(true)) {
    try {
      tokens.push(describe(module, slot, library.C_GetTokenInfo(slot)));
    } catch {
      stale = true;
    }
  }
  return { tokens, stale };
}

export function describe(module: Pkcs11Module, slot: Buffer, raw: ReturnType<PKCS11['C_GetTokenInfo']>): PresentToken {
  return {
    slot,
    rawFlags: raw.flags,
    info: {
      modulePath: module.path,
      moduleName: module.name,
      slotId: slotIdOf(slot),
      label: raw.label.trimEnd(),
      manufacturer: raw.manufacturerID.trimEnd(),
      model: raw.model.trimEnd(),
      serial: raw.serialNumber.trimEnd(),
      flags: tokenFlagsFrom(raw.flags),
    },
  };
}

export function slotIdOf(slot: Buffer): number {
  return slot.length >= 8 ? Number(slot.readBigUInt64LE(0)) : slot.readUInt32LE(0);
}
