import type { VisibleSignatureLanguage, VisibleSignatureSpec } from '../../../../preload/contract/domains/queue';
import { describeCertificate } from '../../pki/certificate';
import type { VisibleSignatureOptions } from './pdf';

interface StampWords {
  heading: string;
  signer: string;
  organisation: string;
  edrpou: string;
  date: string;
}

/** The words of a visible signature, in the languages Signdesk speaks. */
const WORDS: Readonly<Record<VisibleSignatureLanguage, StampWords>> = {
  uk: { heading: 'Підписано електронним підписом', signer: 'Підписувач', organisation: 'Організація', edrpou: 'ЄДРПОУ', date: 'Дата' },
  ru: { heading: 'Подписано электронной подписью', signer: 'Подписант', organisation: 'Организация', edrpou: 'ЕГРПОУ', date: 'Дата' },
  en: { heading: 'Signed electronically', signer: 'Signer', organisation: 'Organisation', edrpou: 'EDRPOU', date: 'Date' },
};

const pad = (value: number): string => String(value).padStart(2, '0');

/** `22.11.2026 10:05 (UTC+02:00)` (uk, ru) or `2026-11-22 10:05 (UTC+02:00)` (en), in this machine's zone. */
export function stampDate(at: Date, language: VisibleSignatureLanguage): string {
  const offset = -at.getTimezoneOffset();
  const zone = `UTC${offset < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  const day = language === 'en' ? `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}` : `${pad(at.getDate())}.${pad(at.getMonth() + 1)}.${at.getFullYear()}`;
  return `${day} ${pad(at.getHours())}:${pad(at.getMinutes())} (${zone})`;
}

/** The lines of a visible signature from the signer's certificate: who, which organisation, its EDRPOU, when. */
export function visibleSignatureLines(certificate: Uint8Array, language: VisibleSignatureLanguage, at: Date): string[] {
  const info = describeCertificate(certificate);
  const words = WORDS[language];
  const lines = [words.heading, `${words.signer}: ${info.owner ?? info.subject}`];
  if (info.organisation) lines.push(`${words.organisation}: ${info.organisation}`);
  if (info.identifiers.EDRPOU) lines.push(`${words.edrpou}: ${info.identifiers.EDRPOU}`);
  lines.push(`${words.date}: ${stampDate(at, language)}`);
  return lines;
}

/** The engine's options for a visible signature by `spec`, signed by `certificate` at `at`. */
export function visibleSignatureOptions(spec: VisibleSignatureSpec, certificate: Uint8Array, at: Date, fontPath: string | undefined): VisibleSignatureOptions {
  const lines = visibleSignatureLines(certificate, spec.language, at);
  return {
    page: spec.page,
    // Room for five lines of the heading's length at a readable size.
    position: { corner: spec.corner, width: 260, height: 78 },
    lines,
    ...(fontPath ? { fontPath } : {}),
  };
}
