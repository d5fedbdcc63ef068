import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { TrustAddResult, TrustedCertificate } from '../../../preload/contract/domains/trust';
import { SigndeskError } from '../../../preload/contract/errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { describeCertificate } from './certificate';
import { certificatePem, certificatesFromBytes } from './certificate-input';

/** The app's trust anchors live in `<dataDir>/trust/` as PEM, DER or `.p7b` files. */
export function trustStoreDir(dataDir: string): string {
  return path.join(dataDir, 'trust');
}

interface StoredFile {
  file: string;
  certificates: Uint8Array[];
}

async function readStore(dir: string): Promise<StoredFile[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new SigndeskError('ERR_FILE_UNREADABLE', `Cannot read the trust store ${dir}: ${(error as Error).message}`);
  }
  const files: StoredFile[] = [];
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue;
    const file = path.join(dir, name);
    const stat = await fs.stat(file);
    if (!stat.isFile()) continue;
    try {
      files.push({ file, certificates: certificatesFromBytes(new Uint8Array(await fs.readFile(file))) });
    } catch (error) {
      throw new SigndeskError('ERR_CERT_MALFORMED', `Trust store file ${file}: ${(error as Error).message}`, { path: file });
    }
  }
  return files;
}

/** Every certificate in the trust store folder (missing folder: none). A corrupt file is an error naming it. */
export async function loadTrustStore(dataDir: string): Promise<Uint8Array[]> {
  return new TrustStore(dataDir).anchors();
}

export function fingerprintOf(der: Uint8Array): string {
  return crypto.createHash('sha256').update(der).digest('hex');
}

/** What Settings → Trusted certificates shows of a certificate. */
export function describeTrusted(der: Uint8Array): TrustedCertificate {
  const info = describeCertificate(der);
  return {
    fingerprint: info.fingerprintSha256,
    subject: info.subject,
    owner: info.owner,
    organisation: info.organisation,
    issuer: info.issuer,
    serial: info.serial,
    notBefore: info.notBefore,
    notAfter: info.notAfter,
    isCa: info.basicConstraints?.ca === true,
    selfSigned: info.selfIssued,
  };
}

/**
 * The trust anchors the user chose (Settings → Trusted certificates, or files an administrator put in the folder):
 * one certificate per `<sha256>.pem` file when added here; removing one rewrites a bundle file without it.
 */
export class TrustStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = trustStoreDir(dataDir);
  }

  async anchors(): Promise<Uint8Array[]> {
    const seen = new Set<string>();
    const anchors: Uint8Array[] = [];
    for (const { certificates } of await readStore(this.dir)) {
      for (const der of certificates) {
        const fingerprint = fingerprintOf(der);
        if (seen.has(fingerprint)) continue;
        seen.add(fingerprint);
        anchors.push(der);
      }
    }
    return anchors;
  }

  async list(): Promise<TrustedCertificate[]> {
    return (await this.anchors()).map(describeTrusted).sort((a, b) => (a.owner ?? a.subject).localeCompare(b.owner ?? b.subject));
  }

  async has(fingerprint: string): Promise<boolean> {
    return (await this.anchors()).some((der) => fingerprintOf(der) === fingerprint);
  }

  /** Adds every certificate of a PEM / DER / `.p7b` input; those already trusted are reported, not written twice. */
  async add(bytes: Uint8Array): Promise<TrustAddResult> {
    const incoming = certificatesFromBytes(bytes);
    const known = new Set((await this.anchors()).map(fingerprintOf));
    const result: TrustAddResult = { added: [], already: [] };
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    for (const der of incoming) {
      const described = describeTrusted(der);
      if (known.has(described.fingerprint)) {
        if (!result.already.some((item) => item.fingerprint === described.fingerprint)) result.already.push(described);
        continue;
      }
      await writeFileAtomic(path.join(this.dir, `${described.fingerprint}.pem`), certificatePem(der), { mode: 0o644 });
      known.add(described.fingerprint);
      result.added.push(described);
    }
    return result;
  }

  /** Removes the certificate from every file holding it; false when it was not trusted. */
  async remove(fingerprint: string): Promise<boolean> {
    let removed = false;
    for (const { file, certificates } of await readStore(this.dir)) {
      const rest = certificates.filter((der) => fingerprintOf(der) !== fingerprint);
      if (rest.length === certificates.length) continue;
      removed = true;
      if (rest.length === 0) await fs.rm(file, { force: true });
      else await writeFileAtomic(file, rest.map(certificatePem).join(''), { mode: 0o644 });
    }
    return removed;
  }
}
