import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SigndeskError } from '../../../preload/contract/errors';
import { isKeyAlgorithmName, keyAlgorithmFromName, type KeyAlgorithmName, type SigningKey } from '../crypto';
import { generateFileKey } from '../keys';
import type { CabinetContext } from './cabinet-context';
import { emptyKeyRecordFields, type KeyRecord } from './key-records';
import { tokenPinForNewKey, type TokenPinInput } from './token-pin-setup';

export interface CreatedKey {
  id: string;
  keyRef: string;
  key: SigningKey;
  /** The password or PIN the key opens with (token keys: the token's PIN). */
  secret: string;
}

/**
 * A new key pair in a file under the keys folder or on a token, opened for signing its request. A token key is
 * made with the token's own PIN; the PIN changes only where the token demands it (see tokenPinForNewKey).
 */
export async function createKey(
  context: CabinetContext,
  input: TokenPinInput & {
    storage: 'file' | 'token';
    algorithm: KeyAlgorithmName;
    name: string;
    /** File keys: the new key's password. */
    secret?: string | undefined;
    tokenLabel?: string | undefined;
    entropy?: Uint8Array;
  },
): Promise<CreatedKey> {
  const id = crypto.randomUUID();
  if (input.storage === 'file') {
    if (!input.secret) throw new SigndeskError('ERR_PASSWORD_REQUIRED', 'The new key file needs its password');
    await fs.mkdir(context.keysDir, { recursive: true, mode: 0o700 });
    const file = path.join(context.keysDir, `${id}.key.pem`);
    await generateFileKey(file, keyAlgorithmFromName(input.algorithm), input.secret, { friendlyName: input.name });
    const keyRef = `file:${file}`;
    return { id, keyRef, key: (await context.opener.open(keyRef, { given: input.secret })).key, secret: input.secret };
  }
  if (!input.tokenLabel) throw new SigndeskError('ERR_TOKEN_NOT_FOUND', 'Choose the token for the new key');
  const tokens = context.tokenPort();
  const pin = await tokenPinForNewKey(tokens, input.tokenLabel, input);
  const generated = await tokens.generateKey({
    tokenLabel: input.tokenLabel,
    pin,
    algorithm: input.algorithm,
    objectLabel: `signdesk-${id.slice(0, 8)}`,
    ...(input.entropy ? { entropy: input.entropy } : {}),
  });
  return { id, keyRef: generated.keyRef, key: (await context.opener.open(generated.keyRef, { given: pin })).key, secret: pin };
}

type RequestedKeyFields = Pick<KeyRecord, 'name' | 'storage' | 'tokenLabel' | 'algorithm' | 'request' | 'requestPurpose'> &
  Partial<Omit<KeyRecord, 'id' | 'keyRef' | 'created' | 'requestCreated'>>;

/** Records a just-created key with its certification request, both dated now. */
export function insertRequestedKey(context: CabinetContext, created: Pick<CreatedKey, 'id' | 'keyRef'>, fields: RequestedKeyFields): void {
  context.records.insert({
    ...emptyKeyRecordFields(),
    id: created.id,
    keyRef: created.keyRef,
    created: context.now().toISOString(),
    requestCreated: context.now().toISOString(),
    ...fields,
  });
}

/** A recorded algorithm as a name new keys can be made with (the same kind of key for renewals and temporary keys). */
export function algorithmNameOf(algorithm: string): KeyAlgorithmName {
  return isKeyAlgorithmName(algorithm) ? algorithm : 'ec-p256';
}
