import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write';
import type { CertificateInfo } from '../pki/certificate';
import { subjectNamesOfText } from '../pki/subject-names';

/**
 * The statement a new key signs when its owner accepts the issued certificate ("Sign the statement"): what was
 * checked and accepted, in Ukrainian and English, as a plain-text document the owner can keep, print or send.
 */
export function acceptanceStatementText(certificate: CertificateInfo, signedAt: Date): string {
  const owner = subjectNamesOfText(certificate.subject).owner ?? certificate.subject;
  return [
    'Заява про прийняття сертифіката / Statement of certificate acceptance',
    '',
    `Я, ${owner}, перевірив(ла) дані сертифіката, вони правильні, і я приймаю сертифікат.`,
    `I, ${owner}, have checked the certificate's data, it is correct, and I accept the certificate.`,
    '',
    `Власник / Subject: ${certificate.subject}`,
    `Видавець / Issuer: ${certificate.issuer}`,
    `Серійний номер / Serial number: ${certificate.serial}`,
    `Чинний / Valid: ${certificate.notBefore} — ${certificate.notAfter}`,
    `SHA-256: ${certificate.fingerprintSha256}`,
    `Дата / Date: ${signedAt.toISOString()}`,
    '',
  ].join('\n');
}

/**
 * Writes the statement and its attached signature into `dir` as `Заява <key name> <date>.txt` and `….txt.p7s` (a
 * free name: ` (2)`, ` (3)`… when the key accepted a certificate before that day). Returns the signature's path.
 */
export async function saveAcceptanceStatement(dir: string, keyName: string, signedAt: Date, text: Uint8Array, signature: Uint8Array): Promise<string> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const safeName = [...keyName].map((char) => (char < ' ' || '\\/:*?"<>|'.includes(char) ? '_' : char)).join('').trim();
  const base = `Заява ${safeName} ${signedAt.toISOString().slice(0, 10)}`;
  let document = path.join(dir, `${base}.txt`);
  for (let n = 2; fs.existsSync(document) || fs.existsSync(`${document}.p7s`); n += 1) document = path.join(dir, `${base} (${n}).txt`);
  await writeFileAtomic(document, text);
  await writeFileAtomic(`${document}.p7s`, signature);
  return `${document}.p7s`;
}
