import type { SignatureFormat } from '../signature-format';
import { asicePlan, createAsiceBatch } from './asice-batch';
import { cosignContainer } from './asice-cosign';
import { asiceOutputPath, isAsiceOutputName } from './asice-names';
import { verifyAsice } from './asice-verify';
import { ASIC_E_MEDIA_TYPE } from './container';

const LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** A first entry named `mimetype` (30-byte local header, 8-byte name) holding the ASiC-E media type. */
const MIMETYPE_AT_38 = Buffer.from(`mimetype${ASIC_E_MEDIA_TYPE}`, 'latin1');

/** ASiC-E with CAdES (ETSI EN 319 162-1): a ZIP with the documents, manifests and detached CAdES signatures. */
export const asiceFormat: SignatureFormat = {
  id: 'asice',
  outputPath: asiceOutputPath,
  isOutputName: isAsiceOutputName,
  plan: asicePlan,
  createBatch: createAsiceBatch,
  recognises(head, name) {
    const bytes = Buffer.from(head);
    if (!bytes.subarray(0, 4).equals(LOCAL_HEADER)) return false;
    return bytes.subarray(30, 30 + MIMETYPE_AT_38.length).equals(MIMETYPE_AT_38) || isAsiceOutputName(name);
  },
  companionOf: () => null,
  verify: verifyAsice,
  cosign: cosignContainer,
};
