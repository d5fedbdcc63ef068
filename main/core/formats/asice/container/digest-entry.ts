import { createHash, getHashes } from 'node:crypto';
import { SigndeskError } from '../../../../../preload/contract/errors';
import type { AsicContainer } from './asic-container';
import { sourceOf } from './container-sources';
import { asContainerError } from './zip-source';

/**
 * The digest of an entry's uncompressed bytes, streamed through node:crypto (bounded memory for any size);
 * the entry's size and CRC-32 are enforced on the way.
 */
export async function digestEntry(container: AsicContainer, name: string, nodeHashName: string): Promise<Uint8Array> {
  if (!getHashes().includes(nodeHashName)) throw new SigndeskError('ERR_INPUT_INVALID', `unknown hash ${nodeHashName}`, { hash: nodeHashName });
  const hash = createHash(nodeHashName);
  const stream = await sourceOf(container).openEntryStream(name);
  try {
    for await (const chunk of stream) hash.update(chunk as Buffer);
  } catch (error) {
    throw asContainerError(error, name);
  }
  return new Uint8Array(hash.digest());
}
