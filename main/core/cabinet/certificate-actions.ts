import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CabinetKey, StatusCheck } from '../../../preload/contract/domains/cabinet';
import { SigndeskError, isSigndeskError } from '../../../preload/contract/errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { storeFileKeyCertificate } from '../keys/file-key';
import { pemEncode } from '../keys/file-key/pem';
import { describeCertificate } from '../pki/certificate';
import { certificatesFromBytes } from '../pki/certificate-input';
import { filePathOf, type CabinetContext, type RevocationCheck } from './cabinet-context';
import { certificateBundle } from './certificate-bundle';
import { describeCertificationRequest } from './certification-request';
import type { KeyRecord } from './key-records';
import type { KeyViews } from './key-views';

/** A minute of slack between the cap we computed and what a CA writes (it rounds to seconds). */
const VALIDITY_SLACK_MS = 60_000;

function spkiOfCertificate(der: Uint8Array): Buffer {
  return crypto.createPublicKey({ key: new crypto.X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' }), format: 'der', type: 'spki' }).export({ type: 'spki', format: 'der' });
}

function publicKeyOf(record: KeyRecord): Buffer {
  if (record.request) return Buffer.from(describeCertificationRequest(record.request).publicKeySpki);
  if (record.certificate) return spkiOfCertificate(record.certificate);
  throw new SigndeskError('ERR_CERT_KEY_MISMATCH', 'The key has neither a request nor a certificate to match against', { context: 'unknownKey' });
}

function safeFileName(name: string): string {
  return name.replace(/[^\p{L}\p{N}._ -]+/gu, '_').trim().slice(0, 80) || 'certificate';
}

async function readInput(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await fs.readFile(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'ERR_FILE_NOT_FOUND' : 'ERR_FILE_UNREADABLE';
    throw new SigndeskError(code, `Cannot read ${file}`);
  }
}

/** A key's certificate: exported to files, checked for revocation, or bound to the key once issued. */
export class CertificateActions {
  constructor(
    private readonly context: CabinetContext,
    private readonly views: KeyViews,
  ) {}

  async exportCertificates(keyId: string, folder: string, formats: ReadonlyArray<'pem' | 'der' | 'p7b'>): Promise<{ files: string[] }> {
    const record = this.context.records.get(keyId);
    if (!record.certificate) throw new SigndeskError('ERR_NOT_FOUND', 'This key has no certificate yet', { keyId, context: 'noCertificate' });
    const stat = await fs.stat(folder).catch(() => undefined);
    if (!stat?.isDirectory()) throw new SigndeskError('ERR_FILE_NOT_FOUND', `${folder} is not a folder`);
    const base = safeFileName(record.name || record.id);
    const all = [record.certificate, ...record.chain];
    const files: string[] = [];
    for (const format of formats) {
      const target = path.join(folder, `${base}.${format === 'der' ? 'cer' : format}`);
      const data = format === 'pem' ? all.map((der) => pemEncode('CERTIFICATE', der)).join('') : format === 'der' ? record.certificate : certificateBundle(all);
      await writeFileAtomic(target, data, { mode: 0o644 });
      files.push(target);
    }
    return { files };
  }

  async checkStatus(keyId: string): Promise<StatusCheck> {
    const record = this.context.records.get(keyId);
    const checkedAt = this.context.now().toISOString();
    const unavailable = (reason: StatusCheck['reason']): StatusCheck => ({ status: 'unavailable', reason, source: null, checkedAt, revokedAt: null });
    if (!record.certificate) return unavailable('noCertificate');
    if (!this.context.checkRevocation) return unavailable('noService');
    let result: Awaited<ReturnType<RevocationCheck>>;
    try {
      result = await this.context.checkRevocation(record.certificate, record.chain, record.caProfileId);
    } catch (error) {
      if (isSigndeskError(error, 'ERR_CERT_CHAIN_INVALID')) return unavailable('noIssuer');
      throw error;
    }
    // No OCSP/CRL address anywhere: nothing was asked, so the network is not to blame; say what to configure.
    if (result.noSources) return unavailable('noSources');
    this.context.records.update(keyId, { lastStatus: result.status, lastStatusAt: checkedAt });
    const revokedAt = result.revokedAt === null ? null : new Date(result.revokedAt).toISOString();
    return { status: result.status, reason: null, source: result.source, checkedAt, revokedAt };
  }

  /** Binds an issued certificate (PEM, DER or P7B; the rest of a bundle becomes the chain) to the key. */
  async bindCertificate(input: { keyId: string; path?: string; pem?: string; secret?: string }): Promise<CabinetKey> {
    const record = this.context.records.get(input.keyId);
    let bytes: Uint8Array;
    if (input.pem !== undefined) bytes = new Uint8Array(Buffer.from(input.pem, 'latin1'));
    else if (input.path !== undefined) bytes = await readInput(input.path);
    else throw new SigndeskError('ERR_INPUT_INVALID', 'Give the certificate as a file path or PEM text');
    const certificates = certificatesFromBytes(bytes);
    const keySpki = publicKeyOf(record);
    const own = certificates.find((der) => spkiOfCertificate(der).equals(keySpki));
    if (!own) throw new SigndeskError('ERR_CERT_KEY_MISMATCH', 'The certificate is not for this key');
    const chain = certificates.filter((der) => der !== own);
    const info = describeCertificate(own);
    if (record.validityLimit && new Date(info.notAfter).getTime() > new Date(record.validityLimit).getTime() + VALIDITY_SLACK_MS) {
      throw new SigndeskError('ERR_VALIDITY_EXCEEDS_MAIN', 'The certificate lasts longer than the main certificate allows', { notAfter: info.notAfter, limit: record.validityLimit });
    }
    if (record.storage === 'file') {
      await storeFileKeyCertificate(filePathOf(record), own, chain, input.secret);
    } else {
      if (!input.secret) throw new SigndeskError('ERR_PIN_REQUIRED', 'The token PIN is needed to write the certificate');
      await this.context.tokenPort().bindCertificate(record.keyRef, input.secret, own);
    }
    this.context.records.update(record.id, { certificate: own, chain: chain.length > 0 ? chain : record.chain, lastStatus: null, lastStatusAt: null });
    return this.views.key(record.id);
  }
}
