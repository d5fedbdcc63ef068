import fs from 'node:fs/promises';
import { SigndeskError } from '../../../../../preload/contract/errors';

/**
 * Writes the CMS as hex into the /Contents placeholder prepared by preparePdfSignature (positioned writes, the
 * rest stays zero padding), then fsyncs. Refuses a CMS larger than the placeholder or a placeholder that is not one.
 */
export async function embedSignature(outputTempPath: string, contentsOffset: number, contentsLength: number, cmsDer: Uint8Array): Promise<void> {
  if (cmsDer.length > contentsLength) {
    throw new SigndeskError('ERR_PDF_SIGNATURE_TOO_LARGE', `the signature (${cmsDer.length} bytes) does not fit into the ${contentsLength} bytes reserved for it`, {
      size: cmsDer.length,
      reserved: contentsLength,
    });
  }
  const handle = await fs.open(outputTempPath, 'r+');
  try {
    const around = Buffer.alloc(contentsLength * 2 + 2);
    const { bytesRead } = await handle.read(around, 0, around.length, contentsOffset - 1);
    const placeholder = bytesRead === around.length && around[0] === 0x3c && around[around.length - 1] === 0x3e && around.subarray(1, -1).every((b) => b === 0x30);
    if (!placeholder) throw new SigndeskError('ERR_INPUT_INVALID', `no empty /Contents placeholder of ${contentsLength} bytes at offset ${contentsOffset}`);
    const hex = Buffer.from(Buffer.from(cmsDer).toString('hex').toUpperCase(), 'latin1');
    let written = 0;
    while (written < hex.length) {
      const { bytesWritten } = await handle.write(hex, written, hex.length - written, contentsOffset + written);
      written += bytesWritten;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}
