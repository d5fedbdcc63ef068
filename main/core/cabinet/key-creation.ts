import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SigndeskError } from '../../../preload/contract/errors';
import { generateFileKey, openFileKey } from '../keys/file-key';
import { keyAlgorithmFromName, type KeyAlgorithmName, type SigningKey } from '../keys/signing-key';
import type { CabinetContext } from './cabinet-context';
import { emptyKeyRecordFields, type KeyRecord } from './key-records';

export interface CreatedKey {
  id: string;
  keyRef: string;
  key: SigningKey;
}

/** A new key pair in a file under the keys folder or on a token, opened for signing its request. */
export async function createKey(
  context: CabinetContext,
  input: {
    storage: 'file' | 'token';
    algorithm: KeyAlgorithmName;
    name: string;
    secret: string;
    tokenLabel?: string | undefined;
    tokenPin?: string | undefined;
    entropy?: Uint8Array;
  },
): Promise<CreatedKey> {
  const id = crypto.randomUUID();
  if (input.storage === 'file') {
    await fs.mkdir(context.keysDir, { recursive: true, mode: 0o700 });
    const file = path.join(context.keysDir, `${id}.key.pem`);
    await generateFileKey(file, keyAlgorithmFromName(input.algorithm), input.secret, { friendlyName: input.name });
    return { id, keyRef: `file:${file}`, key: await openFileKey(file, input.secret) };
  }
  if (!input.tokenLabel) throw new SigndeskError('ERR_TOKEN_NOT_FOUND', 'Choose the token for the new key');
  const tokens = context.tokenPort();
  if (input.tokenPin && input.tokenPin !== input.secret) await tokens.changePin(input.tokenLabel, input.tokenPin, input.secret);
  const generated = await tokens.generateKey({
    tokenLabel: input.tokenLabel,
    pin: input.secret,
    algorithm: input.algorithm,
    objectLabel: `signdesk-${id.slice(0, 8)}`,
    ...(input.entropy ? { entropy: input.entropy } : {}),
  });
  return { id, keyRef: generated.keyRef, key: await tokens.openSigningKey(generated.keyRef, input.secret) };
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

export function algorithmNameOf(algorithm: string): KeyAlgorithmName {
  return (['ec-p256', 'ec-p384', 'rsa-2048', 'rsa-3072'] as const).find((name) => name === algorithm) ?? 'ec-p256';
}

export async function closeKey(key: SigningKey & { close?(): Promise<void> | void }): Promise<void> {
  await key.close?.();
}
