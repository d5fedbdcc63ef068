import { OID_DATA, OID_SIGNED_DATA } from './oids';
import { compareBytes, oid, smallInteger } from '../crypto/der';
import { layout, node, type LayoutNode } from './der-layout';

export interface SignedDataParts {
  version: number;
  /** DER AlgorithmIdentifiers (deduplicated here). */
  digestAlgorithms: Uint8Array[];
  /**
   * The encapsulated content: the DER of an existing EncapsulatedContentInfo kept as it was, or the
   * length of attached content to stream in, or nothing (detached, id-data).
   */
  encapContentInfo?: Uint8Array;
  attachedContentLength?: number;
  /** eContentType of attached content; default id-data. */
  eContentType?: string;
  /** DER certificates (CertificateChoices), kept byte-identical. */
  certificates: Uint8Array[];
  /** DER RevocationInfoChoices, kept byte-identical. */
  crls?: Uint8Array[];
  /** DER SignerInfos, kept byte-identical. */
  signerInfos: Uint8Array[];
}

/**
 * ContentInfo { signedData, [0] SignedData } as DER. With attached content the result splits into the
 * bytes before and after the content octets, so large content streams straight from the file.
 */
export function encodeSignedData(parts: SignedDataParts): { head: Uint8Array; tail: Uint8Array } {
  let encap: LayoutNode;
  if (parts.encapContentInfo) encap = parts.encapContentInfo;
  else if (parts.attachedContentLength !== undefined) {
    encap = node(0x30, oid(parts.eContentType ?? OID_DATA), node(0xa0, node(0x04, { hole: parts.attachedContentLength })));
  } else encap = node(0x30, oid(OID_DATA));
  const children: LayoutNode[] = [smallInteger(parts.version), node(0x31, ...sortedUnique(parts.digestAlgorithms)), encap];
  if (parts.certificates.length > 0) children.push(node(0xa0, ...sortedUnique(parts.certificates)));
  if (parts.crls && parts.crls.length > 0) children.push(node(0xa1, ...sortedUnique(parts.crls)));
  children.push(node(0x31, ...sortedUnique(parts.signerInfos)));
  const { head, tail } = layout(node(0x30, oid(OID_SIGNED_DATA), node(0xa0, node(0x30, ...children))));
  return { head, tail };
}

/** SET OF members in DER order; exact duplicates dropped. */
function sortedUnique(items: readonly Uint8Array[]): Uint8Array[] {
  const sorted = [...items].sort(compareBytes);
  return sorted.filter((item, index) => index === 0 || compareBytes(item, sorted[index - 1]) !== 0);
}
