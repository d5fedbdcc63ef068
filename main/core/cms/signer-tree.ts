import type { TimestampReport } from '../../../preload/contract/domains/verify';
import { SigndeskError } from '../../../preload/contract/errors';
import type { HashSpec } from '../crypto';
import { OID_ARCHIVE_TIMESTAMP_V2, OID_ARCHIVE_TIMESTAMP_V3, OID_CONTENT_TIMESTAMP, OID_COUNTER_SIGNATURE, OID_SIGNATURE_TIMESTAMP_TOKEN } from './oids';
import { parseSignedData, type ParsedSignerInfo } from './parse-signed-data';
import { parseSignerInfoBytes } from './parse-signer-info';
import { tstInfo, type TstInfo } from './timestamp-check';

export interface TimestampToken {
  kind: TimestampReport['kind'];
  der: Uint8Array;
  /** The token's TSTInfo when it could be read ahead (its hash decides what the content pass computes). */
  info?: TstInfo;
}

/** A signer with its counter-signers (RFC 5652 §11.4), to any depth, and the time-stamps it carries. */
export interface SignerNode {
  signer: ParsedSignerInfo;
  counterSigners: SignerNode[];
  /** Counter-signature values that are not SignerInfos. */
  malformedCounterSignatures: string[];
  timestampTokens: TimestampToken[];
}

const MAX_COUNTER_SIGNATURE_DEPTH = 32;

export function signerTree(signer: ParsedSignerInfo, depth = 0): SignerNode {
  if (depth > MAX_COUNTER_SIGNATURE_DEPTH) throw new SigndeskError('ERR_SIGNATURE_MALFORMED', 'Malformed signature: counter-signatures nested too deep');
  const node: SignerNode = { signer, counterSigners: [], malformedCounterSignatures: [], timestampTokens: [] };
  for (const attribute of signer.unsignedAttributes) {
    if (attribute.type === OID_COUNTER_SIGNATURE) {
      for (const [index, value] of attribute.values.entries()) {
        try {
          node.counterSigners.push(signerTree(parseSignerInfoBytes(value, index), depth + 1));
        } catch (error) {
          if (error instanceof SigndeskError && error.message.includes('nested too deep')) throw error;
          node.malformedCounterSignatures.push((error as Error).message);
        }
      }
    }
    const kind = attribute.type === OID_SIGNATURE_TIMESTAMP_TOKEN ? 'signature' : attribute.type === OID_ARCHIVE_TIMESTAMP_V3 ? 'archive-v3' : attribute.type === OID_ARCHIVE_TIMESTAMP_V2 ? 'archive-v2' : undefined;
    if (kind) for (const value of attribute.values) node.timestampTokens.push(token(kind, value));
  }
  for (const attribute of signer.signedAttributes ?? []) {
    if (attribute.type === OID_CONTENT_TIMESTAMP) for (const value of attribute.values) node.timestampTokens.push(token('content', value));
  }
  return node;
}

function token(kind: TimestampToken['kind'], der: Uint8Array): TimestampToken {
  try {
    return { kind, der, info: tstInfo(parseSignedData(der)) };
  } catch {
    return { kind, der };
  }
}

/** The hashes of the content that a signer's content and archive time-stamps need. */
export function timestampHashes(node: SignerNode): Array<{ hash: HashSpec; archiveV2: boolean }> {
  const uses: Array<{ hash: HashSpec; archiveV2: boolean }> = [];
  for (const item of node.timestampTokens) {
    if (item.kind === 'signature' || !item.info?.hash) continue;
    uses.push({ hash: item.info.hash, archiveV2: item.kind === 'archive-v2' });
  }
  return uses;
}
