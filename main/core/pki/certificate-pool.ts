import { childNodes, encodingOf, readNode } from '../crypto/der';
import { parseCertificate, type ParsedCertificate } from './certificate';
import { nameDer, namesEqual } from './dn';

/**
 * Candidate certificates indexed by subject without decoding them: the subject's DER is read with the DER module, and
 * a certificate is decoded (pkijs) only when it is a candidate issuer. A long-term signature carrying hundreds of
 * certificates then costs a few decodes per chain, not hundreds. Malformed certificates are never candidates.
 */
export class CertificatePool {
  private readonly bySubject = new Map<string, Uint8Array[]>();
  private readonly unindexed: Uint8Array[] = [];
  private readonly seen = new Set<string>();

  constructor(ders: readonly Uint8Array[] = []) {
    for (const der of ders) this.add(der);
  }

  add(der: Uint8Array): void {
    const key = Buffer.from(der).toString('base64');
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const subject = subjectDerOf(der);
    if (!subject) {
      this.unindexed.push(der);
      return;
    }
    const hex = Buffer.from(subject).toString('hex');
    const list = this.bySubject.get(hex);
    if (list) list.push(der);
    else this.bySubject.set(hex, [der]);
  }

  /** Certificates whose subject is `name` (byte for byte; else, only when none is, by RFC 5280 §7.1 comparison). */
  withSubject(name: Parameters<typeof nameDer>[0]): ParsedCertificate[] {
    const exact = this.bySubject.get(Buffer.from(nameDer(name)).toString('hex'));
    if (exact) return parseEach(exact);
    return this.all().filter((candidate) => namesEqual(candidate.certificate.subject, name));
  }

  /** Every certificate, decoded (the slow path: names that differ only in encoding). */
  all(): ParsedCertificate[] {
    return parseEach([...[...this.bySubject.values()].flat(), ...this.unindexed]);
  }
}

function parseEach(ders: readonly Uint8Array[]): ParsedCertificate[] {
  const parsed: ParsedCertificate[] = [];
  for (const der of ders) {
    try {
      parsed.push(parseCertificate(der));
    } catch {
      continue;
    }
  }
  return parsed;
}

/** The subject Name's DER inside a certificate, or undefined when the bytes are not a certificate. */
export function subjectDerOf(der: Uint8Array): Uint8Array | undefined {
  try {
    const tbs = childNodes(der, readNode(der))[0];
    if (!tbs) return undefined;
    const fields = childNodes(der, tbs);
    const subject = fields[fields[0]?.tag === 0xa0 ? 5 : 4];
    return subject && subject.tag === 0x30 ? encodingOf(der, subject) : undefined;
  } catch {
    return undefined;
  }
}
