import * as asn1js from 'asn1js';
import type { EmbeddedValidationData } from '../pki/revocation/embedded-revocation';
import { decodeBer } from '../pki/ber';
import { OID_CERTIFICATE_VALUES, OID_REVOCATION_VALUES, OID_RI_OCSP_RESPONSE } from './oids';
import type { ParsedSignedData, ParsedSignerInfo } from './parse-signed-data';

/** A growing, de-duplicated set of validation data. */
export class ValidationDataSet implements EmbeddedValidationData {
  readonly certificates: Uint8Array[] = [];
  readonly crls: Uint8Array[] = [];
  readonly ocspResponses: Uint8Array[] = [];
  private readonly seen = new Set<string>();

  private add(list: Uint8Array[], item: Uint8Array): void {
    const key = Buffer.from(item).toString('base64');
    if (this.seen.has(key)) return;
    this.seen.add(key);
    list.push(item);
  }

  get size(): number {
    return this.certificates.length + this.crls.length + this.ocspResponses.length;
  }

  /** SignedData certificates and crls: CRLs, and RFC 5940 OCSP responses in otherRevInfo. */
  addSignedData(parsed: ParsedSignedData): void {
    for (const certificate of parsed.certificates) if (certificate[0] === 0x30) this.add(this.certificates, certificate);
    for (const choice of parsed.crls) {
      if (choice[0] === 0x30) this.add(this.crls, choice);
      else if (choice[0] === 0xa1) {
        const other = decode(choice);
        const [format, value] = other ? children(other) : [];
        if (format instanceof asn1js.ObjectIdentifier && format.getValue() === OID_RI_OCSP_RESPONSE && value) this.add(this.ocspResponses, bytesOf(value));
      }
    }
  }

  /** CAdES certificate-values and revocation-values (EN 319 122-1 §5.5.1–5.5.2, TS 101 733 §6.3.3–6.3.4) of a signer. */
  addSignerValues(signer: ParsedSignerInfo): void {
    for (const attribute of signer.unsignedAttributes) {
      if (attribute.type === OID_CERTIFICATE_VALUES) {
        for (const value of attribute.values) for (const item of children(decode(value))) this.add(this.certificates, bytesOf(item));
      } else if (attribute.type === OID_REVOCATION_VALUES) {
        for (const value of attribute.values) {
          for (const field of children(decode(value))) {
            if (field.idBlock.tagClass !== 3) continue;
            const list = children(field)[0];
            const items = field.idBlock.tagNumber <= 1 && list ? children(list) : [];
            for (const item of items) this.add(field.idBlock.tagNumber === 0 ? this.crls : this.ocspResponses, bytesOf(item));
          }
        }
      }
    }
  }
}

function decode(bytes: Uint8Array): asn1js.AsnType | undefined {
  const decoded = decodeBer(bytes);
  return decoded.offset === -1 ? undefined : decoded.result;
}

function children(item: asn1js.AsnType | undefined): asn1js.AsnType[] {
  if (!item || !item.idBlock.isConstructed) return [];
  const value = (item as asn1js.Constructed).valueBlock.value as asn1js.AsnType[] | undefined;
  return (value ?? []).filter((child) => !(child instanceof asn1js.EndOfContent));
}

function bytesOf(item: asn1js.AsnType): Uint8Array {
  return item.valueBeforeDecodeView;
}
