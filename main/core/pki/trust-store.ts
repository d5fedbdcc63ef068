import fs from 'node:fs/promises';
import path from 'node:path';
import { SigndeskError } from '../../../preload/contract/errors';
import { certificatesFromBytes } from './certificate-input';

/** The app's trust anchors live in `<dataDir>/trust/` as PEM, DER or `.p7b` files. */
export function trustStoreDir(dataDir: string): string {
  return path.join(dataDir, 'trust');
}

/** Every certificate in the trust store folder (missing folder: none). A corrupt file is an error naming it. */
export async function loadTrustStore(dataDir: string): Promise<Uint8Array[]> {
  const dir = trustStoreDir(dataDir);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new SigndeskError('ERR_FILE_UNREADABLE', `Cannot read the trust store ${dir}: ${(error as Error).message}`);
  }
  const anchors: Uint8Array[] = [];
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue;
    const file = path.join(dir, name);
    const stat = await fs.stat(file);
    if (!stat.isFile()) continue;
    try {
      anchors.push(...certificatesFromBytes(new Uint8Array(await fs.readFile(file))));
    } catch (error) {
      throw new SigndeskError('ERR_CERT_MALFORMED', `Trust store file ${file}: ${(error as Error).message}`);
    }
  }
  return anchors;
}
