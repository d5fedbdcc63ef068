import crypto from 'node:crypto';
import type { z } from 'zod';
import type { CabinetKey } from '../../../preload/contract/domains/cabinet';
import type { newKeyRequestSchema } from '../../../preload/contract/domains/cabinet';
import { SigndeskError } from '../../../preload/contract/errors';
import type { CabinetContext } from './cabinet-context';
import { buildCertificationRequest } from './certification-request';
import { closeKey, createKey, insertRequestedKey } from './key-creation';
import type { KeyViews } from './key-views';

export type NewKeyRequest = z.output<typeof newKeyRequestSchema>;

const MIN_ENTROPY_BYTES = 32;

function escapeRdn(value: string): string {
  return value.replace(/([,+"\\<>;=])/g, '\\$1').replace(/^([ #])/, '\\$1');
}

/** The new key wizard's "Sign the statement": key generated, request made, key awaiting its certificate. */
export async function requestNewKey(context: CabinetContext, views: KeyViews, input: NewKeyRequest): Promise<CabinetKey> {
  const entropy = Buffer.from(input.entropy, 'base64');
  if (entropy.length < MIN_ENTROPY_BYTES) throw new SigndeskError('ERR_INPUT_INVALID', `At least ${MIN_ENTROPY_BYTES} bytes of entropy are needed`);
  // Token keys: `password` is the PIN the token will have (set with C_SetPIN when `tokenPin`, the current one, differs).
  const secret = input.storage === 'file' ? input.password : (input.password ?? input.tokenPin);
  if (!secret) throw new SigndeskError(input.storage === 'file' ? 'ERR_PASSWORD_REQUIRED' : 'ERR_PIN_REQUIRED', 'The new key needs its password or PIN');
  const name = input.name?.trim() || `Key ${input.reference}`;
  const created = await createKey(context, { storage: input.storage, algorithm: input.keyType, name, secret, tokenLabel: input.tokenLabel, tokenPin: input.tokenPin, entropy });
  try {
    const request = await buildCertificationRequest(created.key, { subject: `CN=${escapeRdn(name)}`, reference: input.reference });
    insertRequestedKey(context, created, {
      name,
      storage: input.storage,
      tokenLabel: input.tokenLabel ?? null,
      algorithm: input.keyType,
      request,
      requestPurpose: 'new',
      reference: input.reference,
      phone: input.phone,
      caAddress: input.caAddress?.trim() || null,
      caProfileId: context.knownProfile(input.caProfileId ?? null),
      // node:crypto cannot take outside entropy for file keys; the pointer entropy is recorded (as a digest) all the same.
      entropySha256: crypto.createHash('sha256').update(entropy).digest('hex'),
    });
    return views.key(created.id);
  } finally {
    await closeKey(created.key);
  }
}
