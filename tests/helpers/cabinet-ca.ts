import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { OpensslCa } from './openssl-ca';

/** The subject the cabinet tests give issued certificates: an organisation's employee with UA identifiers. */
export const EMPLOYEE_SUBJECT = '/CN=Олена Петренко/O=ТОВ Ромашка/title=Бухгалтер/organizationIdentifier=NTRUA-12345678/serialNumber=TINUA-1234567890';

/**
 * A test CA that issues certificates for the cabinet's own requests (PKCS#10 PEM), with the subject the
 * test chooses (a registration authority would take it from the application form).
 */
export class CabinetTestCa {
  readonly ca: OpensslCa;
  /** The PEM file of the last certificate issued (for `ca.revoke`). */
  lastIssuedFile = '';

  constructor(readonly dir: string) {
    this.ca = new OpensslCa(dir, 'Signdesk Cabinet Test CA');
    // `openssl ca` drops subject fields its policy does not name: let the identifier fields through.
    const config = path.join(dir, 'ca.cnf');
    const extra = ['title', 'organizationIdentifier', 'serialNumber', 'givenName', 'surname', 'countryName'].map((field) => `${field} = optional`).join('\n');
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('organizationName = optional', `organizationName = optional\n${extra}`));
  }

  /** Issues for `csrPem`; `days` may be fractional (hours are honoured via -enddate). Returns PEM (cert + CA). */
  issue(csrPem: string, options: { subject?: string; days?: number; endDate?: Date; ocspUrl?: string } = {}): string {
    const name = crypto.randomBytes(4).toString('hex');
    const csr = path.join(this.dir, `${name}.csr`);
    const out = path.join(this.dir, `${name}.pem`);
    const ext = path.join(this.dir, `${name}.ext`);
    fs.writeFileSync(csr, csrPem);
    fs.writeFileSync(ext, '[ext]\nbasicConstraints = CA:false\nkeyUsage = critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n' + (options.ocspUrl ? `authorityInfoAccess = OCSP;URI:${options.ocspUrl}\n` : ''));
    fs.writeFileSync(path.join(this.dir, 'serial'), `${crypto.randomBytes(8).toString('hex').toUpperCase()}\n`);
    const validity = options.endDate ? ['-enddate', asn1Time(options.endDate)] : ['-days', String(options.days ?? 30)];
    this.ca.openssl([
      'ca', '-batch', '-config', path.join(this.dir, 'ca.cnf'), '-utf8', '-subj', options.subject ?? EMPLOYEE_SUBJECT,
      '-in', csr, '-out', out, '-notext', '-extfile', ext, '-extensions', 'ext', ...validity,
    ]);
    this.lastIssuedFile = out;
    return fs.readFileSync(out, 'latin1') + fs.readFileSync(this.ca.cert, 'latin1');
  }
}

/**
 * A certificate for `csrPem` with the request's own subject and a chosen serial, outside the CA's index
 * (`openssl x509 -req`): OpenSSL's CMP mock server answers a kur only with a certificate whose issuer and
 * serial match the old certificate's. Returns the PEM file.
 */
export function issueWithSerial(testCa: CabinetTestCa, csrPem: string, serialHex: string, days: number): string {
  const name = crypto.randomBytes(4).toString('hex');
  const csr = path.join(testCa.dir, `${name}.csr`);
  const out = path.join(testCa.dir, `${name}.pem`);
  const ext = path.join(testCa.dir, `${name}.ext`);
  fs.writeFileSync(csr, csrPem);
  fs.writeFileSync(ext, 'basicConstraints = CA:false\nkeyUsage = critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n');
  testCa.ca.openssl(['x509', '-req', '-in', csr, '-CA', testCa.ca.cert, '-CAkey', testCa.ca.key, '-set_serial', `0x${serialHex}`, '-days', String(days), '-sha256', '-extfile', ext, '-out', out]);
  return out;
}

function asn1Time(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
}
