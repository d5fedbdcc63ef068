import crypto from 'node:crypto';
import { SigndeskError } from '../../../preload/contract/errors';
import { hashSpec, signatureAlgorithmFor, type SignatureAlgorithm, type SigningHashName, type SigningKey } from '../crypto';
import { time } from '../crypto/der';
import { digestAlgorithmIdentifier } from './oids';
import { cadesSignedAttributes } from './signed-attributes';
import { encodeSignedData } from './signed-data';
import { assertCertificateMatchesKey, signerCertificate, uniqueCertificates, type SignerCertificate } from './signer-certificate';
import { assertDigestLength, encodeSignerInfo } from './signer-info';

/** Where the per-signature bytes go in a layout: each offset is that of a whole TLV. */
interface Layout {
  bytes: Uint8Array;
  signedAttributesAt: number;
  signatureAt: number;
  /** Compared once with the general encoder before the layout is trusted. */
  checked: boolean;
}

/**
 * Many detached CAdES-BES signatures with one key, certificate and hash (a batch). From one signature to the
 * next only the messageDigest, the signingTime and the signature value change, and none changes a length (the
 * time's own encoding aside, and the signature's, which picks the layout): so the DER is built once by the
 * general encoders (signed attributes; SignerInfo and SignedData per signature length) and patched in place.
 * Each layout is compared once with the general encoding of a real signature before it is trusted; a time
 * that encodes differently, or any mismatch, takes the general way. The result is byte-identical either way.
 */
export class SignatureStamp {
  private readonly signer: SignerCertificate;
  private readonly certificates: Uint8Array[];
  private readonly attributes: { bytes: Uint8Array; digestAt: number; timeAt: number; timeLength: number } | null;
  private readonly layouts = new Map<number, Layout | null>();

  private readonly algorithm: SignatureAlgorithm & { hash: SigningHashName };

  constructor(
    private readonly key: SigningKey,
    private readonly hash: SigningHashName,
    padding?: 'pkcs1' | 'pss',
  ) {
    this.algorithm = { ...signatureAlgorithmFor(key.algorithm, hash, padding), hash };
    if (!key.certificate) throw new SigndeskError('ERR_INPUT_INVALID', 'The key has no certificate: import one before signing');
    this.signer = signerCertificate(key.certificate);
    assertCertificateMatchesKey(this.signer, key.publicKeySpki);
    this.certificates = uniqueCertificates([key.certificate, ...(key.chain ?? [])]);
    this.attributes = this.attributesTemplate();
  }

  /** The DER ContentInfo of a detached signature over `digest`. */
  async sign(digest: Uint8Array, signingTime = new Date()): Promise<Uint8Array> {
    assertDigestLength(digest, this.hash);
    const signedAttributes = this.signedAttributes(digest, signingTime);
    const signature = await this.key.sign(signedAttributes, this.algorithm);
    // Signed attributes of another length (a time encoded otherwise) fit no layout.
    const layout = signedAttributes.length === this.attributes?.bytes.length ? this.layoutFor(signature.length) : null;
    if (layout) {
      const der = Uint8Array.from(layout.bytes);
      der.set(signedAttributes, layout.signedAttributesAt);
      der[layout.signedAttributesAt] = 0xa0;
      der.set(signature, layout.signatureAt);
      if (layout.checked) return der;
      const general = this.encode(signedAttributes, signature);
      if (Buffer.from(general).equals(der)) layout.checked = true;
      else this.layouts.set(signature.length, null);
      return general;
    }
    return this.encode(signedAttributes, signature);
  }

  private signedAttributes(digest: Uint8Array, signingTime: Date): Uint8Array {
    const template = this.attributes;
    const encodedTime = time(signingTime);
    if (!template || encodedTime.length !== template.timeLength) {
      return cadesSignedAttributes({ messageDigest: digest, signingTime, signer: this.signer, hash: this.hash });
    }
    const bytes = Uint8Array.from(template.bytes);
    bytes.set(digest, template.digestAt);
    bytes.set(encodedTime, template.timeAt);
    return bytes;
  }

  private encode(signedAttributes: Uint8Array, signature: Uint8Array): Uint8Array {
    const signerInfo = encodeSignerInfo({ signer: this.signer, algorithm: this.algorithm, signedAttributes, signature });
    return encodeSignedData({ version: 1, digestAlgorithms: [digestAlgorithmIdentifier(this.hash)], certificates: this.certificates, signerInfos: [signerInfo] }).head;
  }

  /** The signed attributes with a random digest and the current time, and where those two sit in it. */
  private attributesTemplate(): SignatureStamp['attributes'] {
    const digest = crypto.randomBytes(hashSpec(this.hash).length);
    const now = new Date();
    const encodedTime = time(now);
    const bytes = cadesSignedAttributes({ messageDigest: digest, signingTime: now, signer: this.signer, hash: this.hash });
    const digestAt = uniqueOffset(bytes, digest);
    const timeAt = uniqueOffset(bytes, encodedTime);
    return digestAt < 0 || timeAt < 0 ? null : { bytes, digestAt, timeAt, timeLength: encodedTime.length };
  }

  /** The layout for signatures of this length: the general encoding of placeholder values, searched once. */
  private layoutFor(signatureLength: number): Layout | null {
    if (!this.attributes) return null;
    let layout = this.layouts.get(signatureLength);
    if (layout !== undefined) return layout;
    const signature = crypto.randomBytes(signatureLength);
    const bytes = this.encode(this.attributes.bytes, signature);
    const taggedAttributes = Uint8Array.from(this.attributes.bytes);
    taggedAttributes[0] = 0xa0;
    const signedAttributesAt = uniqueOffset(bytes, taggedAttributes);
    const signatureAt = uniqueOffset(bytes, signature);
    layout = signedAttributesAt < 0 || signatureAt < 0 ? null : { bytes, signedAttributesAt, signatureAt, checked: false };
    this.layouts.set(signatureLength, layout);
    return layout;
  }
}

/** The offset of `part` in `whole` when it occurs exactly once; -1 otherwise. */
function uniqueOffset(whole: Uint8Array, part: Uint8Array): number {
  const haystack = Buffer.from(whole.buffer, whole.byteOffset, whole.byteLength);
  const at = haystack.indexOf(part);
  return at >= 0 && haystack.indexOf(part, at + 1) < 0 ? at : -1;
}
