import { SigndeskError } from '../../../preload/contract/errors';
import { parseCertificate, readCertificatesFile, IDENTIFIER_NAMES, type CertificateInfo } from '../../core/pki';
import { defineCommand } from '../command';
import { EXIT_OK } from '../exit-codes';

export const certShowCommand = defineCommand({
  name: 'cert show',
  summary: 'Show a certificate: subject, issuer, serial, validity, usages, identifiers by name',
  usage: 'signdesk cert show CERTFILE [--json]',
  options: {},
  async run(ctx, args) {
    const [file, ...extra] = args.positionals;
    if (!file || extra.length > 0) throw new SigndeskError('ERR_USAGE', 'Usage: signdesk cert show CERTFILE [--json]');
    const infos = (await readCertificatesFile(file)).map((der) => parseCertificate(der).info);
    // One certificate → one object; a bundle → an array in file order.
    ctx.emitJson(infos.length === 1 ? infos[0] : infos);
    ctx.print(infos.map(formatCertificate).join('\n\n'));
    return EXIT_OK;
  },
});

export function formatCertificate(info: CertificateInfo): string {
  const lines = [
    `Subject: ${info.subject}`,
    `Issuer: ${info.issuer}`,
    `Serial: ${info.serial}`,
    `Valid from: ${info.notBefore}`,
    `Valid to: ${info.notAfter}`,
  ];
  if (info.owner) lines.push(`Owner: ${info.owner}`);
  if (info.organisation) lines.push(`Organisation: ${info.organisation}`);
  if (info.title) lines.push(`Title: ${info.title}`);
  for (const name of IDENTIFIER_NAMES) {
    const value = info.identifiers[name];
    if (value !== undefined) lines.push(`${name}: ${value}`);
  }
  lines.push(`Public key: ${info.publicKey.description}`);
  lines.push(`Signature algorithm: ${info.signatureAlgorithm}`);
  if (info.keyUsage) lines.push(`Key usage: ${info.keyUsage.join(', ')}`);
  if (info.extendedKeyUsage) lines.push(`Extended key usage: ${info.extendedKeyUsage.join(', ')}`);
  if (info.basicConstraints) {
    const { ca, pathLength } = info.basicConstraints;
    lines.push(`Basic constraints: CA:${ca ? 'TRUE' : 'FALSE'}${pathLength === null ? '' : `, pathlen:${pathLength}`}`);
  }
  if (info.subjectKeyIdentifier) lines.push(`Subject key identifier: ${info.subjectKeyIdentifier}`);
  if (info.authorityKeyIdentifier) lines.push(`Authority key identifier: ${info.authorityKeyIdentifier}`);
  lines.push(`SHA-256 fingerprint: ${info.fingerprintSha256}`);
  return lines.join('\n');
}
