import * as asn1js from 'asn1js';
import { SigndeskError } from '../../../preload/contract/errors';
import { assertSaneDer } from '../crypto';
import { childNodes, oidText, readNode, type DerNode } from '../crypto/der';
import { decodeBer } from '../pki/ber';

/**
 * One decoded element, whatever read it: DER input is walked by the DER module's reader (no object per node, the
 * hot path of bulk verification), BER input by asn1js. The CMS parser is written once against this view.
 */
export interface Tlv {
  /** 0 universal, 1 application, 2 context, 3 private. */
  tagClass: number;
  tagNumber: number;
  constructed: boolean;
  /** The element as received. */
  raw: Uint8Array;
  /** The content octets (a constructed BER string's chunks are not joined here). */
  content: Uint8Array;
  /** Whether the element arrived with an indefinite length. */
  indefinite: boolean;
  children(): Tlv[];
}

/** The element in `bytes` (which must hold exactly one). Throws (a plain Error) on broken encodings. */
export function readTlv(bytes: Uint8Array, what: string, maxDepth = 64): Tlv {
  let definite = true;
  try {
    assertSaneDer(bytes, { code: 'ERR_SIGNATURE_MALFORMED', what, maxDepth });
  } catch {
    definite = false;
  }
  if (definite) return derTlv(bytes, readNode(bytes));
  const decoded = decodeBer(bytes, maxDepth + 4);
  if (decoded.offset === -1) throw new Error(decoded.error ?? 'not BER');
  if (decoded.offset !== bytes.length) throw new Error('data after the element');
  return berTlv(decoded.result);
}

function derTlv(bytes: Uint8Array, node: DerNode): Tlv {
  const tag = node.tag;
  return {
    tagClass: tag >> 6,
    tagNumber: tag & 0x1f,
    constructed: (tag & 0x20) !== 0,
    raw: bytes.subarray(node.start, node.end),
    content: bytes.subarray(node.contentStart, node.end),
    indefinite: false,
    children: () => ((tag & 0x20) !== 0 ? childNodes(bytes, node).map((child) => derTlv(bytes, child)) : []),
  };
}

function berTlv(element: asn1js.AsnType): Tlv {
  const raw = element.valueBeforeDecodeView;
  const headerLength = element.idBlock.blockLength + element.lenBlock.blockLength;
  const indefinite = element.lenBlock.isIndefiniteForm;
  return {
    tagClass: element.idBlock.tagClass - 1,
    tagNumber: element.idBlock.tagNumber,
    constructed: element.idBlock.isConstructed,
    raw,
    content: raw.subarray(headerLength, indefinite ? raw.length - 2 : raw.length),
    indefinite,
    children: () => {
      if (!element.idBlock.isConstructed) return [];
      const value = (element as asn1js.Constructed).valueBlock.value as asn1js.AsnType[] | undefined;
      return (value ?? []).filter((child) => !(child instanceof asn1js.EndOfContent)).map(berTlv);
    },
  };
}

export function isUniversal(tlv: Tlv, tagNumber: number): boolean {
  return tlv.tagClass === 0 && tlv.tagNumber === tagNumber;
}

export function isContext(tlv: Tlv, tagNumber: number): boolean {
  return tlv.tagClass === 2 && tlv.tagNumber === tagNumber;
}

/** An OBJECT IDENTIFIER's dotted text; a truncated or empty one makes the signature malformed (not an input error). */
export function signatureOidText(content: Uint8Array): string {
  try {
    return oidText(content);
  } catch (error) {
    throw new SigndeskError('ERR_SIGNATURE_MALFORMED', `Malformed signature: ${(error as Error).message}`, undefined, { cause: error });
  }
}
