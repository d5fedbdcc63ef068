import { extractDocuments, openAsicContainer } from './container';

/**
 * Writes the documents of an ASiC-E container into `targetDir` (created by the caller): never outside it, never
 * through a symbolic link, each file whole or not at all. The paths written, in the container's order.
 */
export async function extractAsicDocuments(containerPath: string, targetDir: string, options: { overwrite?: boolean } = {}): Promise<string[]> {
  const container = await openAsicContainer(containerPath);
  try {
    const extracted = await extractDocuments(container, targetDir, { overwrite: options.overwrite === true });
    return extracted.map((document) => document.path);
  } finally {
    container.close();
  }
}
