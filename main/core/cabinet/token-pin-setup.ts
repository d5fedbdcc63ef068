import type { TokenSlot } from '../../../preload/contract/domains/cabinet';
import { SigndeskError } from '../../../preload/contract/errors';
import type { CabinetTokenPort } from './token-port';

/** How a wizard unlocks the token for a new key (the contract's token PIN fields). */
export interface TokenPinInput {
  tokenPin?: string | undefined;
  newTokenPin?: string | undefined;
  soPin?: string | undefined;
}

/**
 * The PIN a new key on `tokenLabel` is made with. A token that has a PIN is only logged in with it: its PIN is
 * never changed as a side effect of making a key. A new PIN is set only where the token itself asks for one
 * (CKF_USER_PIN_TO_BE_CHANGED: C_SetPIN from the current PIN) or has none yet (C_InitPIN with the SO PIN).
 */
export async function tokenPinForNewKey(tokens: CabinetTokenPort, tokenLabel: string, input: TokenPinInput): Promise<string> {
  const slot = await findSlot(tokens, tokenLabel);
  if (slot.pinState === 'set') {
    if (input.newTokenPin !== undefined) {
      throw new SigndeskError('ERR_INPUT_INVALID', 'The token already has a PIN: a key is made with it; change the PIN with "Change token PIN"', { tokenLabel });
    }
    if (!input.tokenPin) throw new SigndeskError('ERR_PIN_REQUIRED', `Enter the PIN of the token "${tokenLabel}"`, { tokenLabel });
    return input.tokenPin;
  }
  if (!input.newTokenPin) throw new SigndeskError('ERR_PIN_REQUIRED', `The token "${tokenLabel}" needs a new PIN`, { tokenLabel, pinState: slot.pinState });
  if (slot.pinState === 'mustChange') {
    if (!input.tokenPin) throw new SigndeskError('ERR_PIN_REQUIRED', `Enter the current PIN of the token "${tokenLabel}"`, { tokenLabel });
    await tokens.changePin(tokenLabel, input.tokenPin, input.newTokenPin);
  } else {
    if (!input.soPin) throw new SigndeskError('ERR_PIN_REQUIRED', `The token "${tokenLabel}" has no PIN yet: the administrator (SO) PIN sets it`, { tokenLabel });
    await tokens.initPin(tokenLabel, input.soPin, input.newTokenPin);
  }
  return input.newTokenPin;
}

async function findSlot(tokens: CabinetTokenPort, tokenLabel: string): Promise<TokenSlot> {
  const slot = (await tokens.detect()).tokens.find((token) => token.label === tokenLabel);
  if (!slot) throw new SigndeskError('ERR_TOKEN_NOT_FOUND', `No token "${tokenLabel}" is connected`, { tokenLabel });
  return slot;
}
