/**
 * The byte strings a password may have been turned into. Ukrainian software hashes the password's
 * bytes: UTF-8 in current tools, the Windows code page (cp1251) in IIT's older Windows software, so
 * a non-ASCII password is tried both ways.
 */
export function passwordCandidates(password: string): Uint8Array[] {
  const utf8 = new Uint8Array(Buffer.from(password, 'utf8'));
  if ([...password].every((char) => (char.codePointAt(0) as number) < 0x80)) return [utf8];
  const cp1251 = toCp1251(password);
  return cp1251 ? [utf8, cp1251] : [utf8];
}

let cp1251Table: Map<string, number> | undefined;

function toCp1251(text: string): Uint8Array | undefined {
  if (!cp1251Table) {
    cp1251Table = new Map();
    const decoder = new TextDecoder('windows-1251');
    for (let byte = 0x80; byte < 0x100; byte++) cp1251Table.set(decoder.decode(Uint8Array.of(byte)), byte);
  }
  const out: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code < 0x80) out.push(code);
    else {
      const byte = cp1251Table.get(char);
      if (byte === undefined) return undefined;
      out.push(byte);
    }
  }
  return Uint8Array.from(out);
}

/** UTF-16 big-endian code units (Java's char[] as JKS hashes it). */
export function utf16be(password: string): Uint8Array {
  const out = new Uint8Array(2 * password.length);
  for (let i = 0; i < password.length; i++) {
    const unit = password.charCodeAt(i);
    out[2 * i] = unit >>> 8;
    out[2 * i + 1] = unit & 255;
  }
  return out;
}

/** PKCS#12 BMPString password: UTF-16 big-endian with a two-byte zero terminator (RFC 7292 B.1). */
export function bmpPassword(password: string): Uint8Array {
  const units = utf16be(password);
  const out = new Uint8Array(units.length + 2);
  out.set(units);
  return out;
}
