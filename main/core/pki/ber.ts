import * as asn1js from 'asn1js';

/**
 * Decodes BER with asn1js under limits that scale with the input: a node takes at least two bytes, so the node count
 * is bounded by the size; no element is longer than the input. OCTET STRING contents are not parsed as embedded
 * ASN.1 (attached documents and OCSP responses would count as thousands of nodes), and the input is not copied:
 * every element's `valueBeforeDecodeView` is a view into `bytes`.
 */
export function decodeBer(bytes: Uint8Array, maxDepth = 64): { offset: number; result: asn1js.AsnType; error?: string } {
  const parsed = asn1js.fromBER(bytes, {
    maxNodes: Math.max(10_000, Math.ceil(bytes.length / 2) + 16),
    maxContentLength: Math.max(1, bytes.length),
    maxDepth,
    parseEmbedded: false,
    copyInput: false,
  });
  return { offset: parsed.offset, result: parsed.result, ...(parsed.offset === -1 ? { error: parsed.result.error || 'not BER' } : {}) };
}
