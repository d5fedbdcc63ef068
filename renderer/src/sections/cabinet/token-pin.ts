import type { TokenSlot } from '../../../../preload/contract/index';

/** What the token PIN step collected; only the fields the token's PIN state asks for are sent. */
export interface TokenPinEntry {
  tokenPin: string;
  newTokenPin: string;
  confirm: string;
  soPin: string;
}

export const EMPTY_TOKEN_PIN: TokenPinEntry = { tokenPin: '', newTokenPin: '', confirm: '', soPin: '' };

export const NEW_TOKEN_PIN = /^\d{6,12}$/;

/** Whether the step may continue: the token's PIN; a new PIN twice only where the token needs one. */
export function tokenPinReady(slot: TokenSlot | undefined, entry: TokenPinEntry): boolean {
  if (!slot || slot.pinLocked) return false;
  if (slot.pinState === 'set') return slot.pinPad || entry.tokenPin !== '';
  const newPinOk = NEW_TOKEN_PIN.test(entry.newTokenPin) && entry.confirm === entry.newTokenPin;
  return newPinOk && (slot.pinState === 'mustChange' ? entry.tokenPin !== '' : entry.soPin !== '');
}

/** The contract's token PIN fields for the token's state. */
export function tokenPinFields(slot: TokenSlot | undefined, entry: TokenPinEntry): { tokenPin?: string; newTokenPin?: string; soPin?: string } {
  if (!slot) return {};
  if (slot.pinState === 'set') return entry.tokenPin ? { tokenPin: entry.tokenPin } : {};
  if (slot.pinState === 'mustChange') return { tokenPin: entry.tokenPin, newTokenPin: entry.newTokenPin };
  return { soPin: entry.soPin, newTokenPin: entry.newTokenPin };
}

/** The PIN the new key opens with afterwards (sending its request, signing). */
export function keyPinOf(slot: TokenSlot | undefined, entry: TokenPinEntry): string {
  return slot && slot.pinState !== 'set' ? entry.newTokenPin : entry.tokenPin;
}
