import { SigndeskError } from '../../../preload/contract/errors';
import { parseSignedData, parseSignedDataFile } from '../cms/parse-signed-data';
import { openAsicContainer } from './asice/container';
import { readPdfSignatures } from './pades/pdf/read-pdf-signatures';
import { detectFormat } from './registry';

/** A CertificateChoices member that is an X.509 certificate (a SEQUENCE), not an attribute or other certificate. */
const isX509 = (choice: Uint8Array): boolean => choice[0] === 0x30;

/** Every X.509 certificate the signatures of a signed file carry (a `.p7s`, each PDF signature, each ASiC-E signature). */
export async function signatureCertificates(file: string): Promise<Uint8Array[]> {
  const format = detectFormat(file);
  let sets: Uint8Array[][];
  if (format.id === 'pades') {
    sets = (await readPdfSignatures(file)).filter((info) => info.cms.length > 0).map((info) => parseSignedData(info.cms).certificates);
  } else if (format.id === 'asice') {
    const container = await openAsicContainer(file);
    try {
      sets = container.signatures.map((signature) => parseSignedData(signature.der).certificates);
    } finally {
      container.close();
    }
  } else {
    sets = [parseSignedDataFile(file).certificates];
  }
  const certificates = sets.flat().filter(isX509);
  if (certificates.length === 0) throw new SigndeskError('ERR_NOT_FOUND', `${file} carries no certificates`, { path: file });
  return certificates;
}
