import { SIGNATURE_CORNERS, VISIBLE_SIGNATURE_LANGUAGES, type SignatureCorner, type VisibleSignatureLanguage, type VisibleSignatureSpec } from '../../../../preload/contract/domains/queue';

/** How a visible PDF signature is written as text: `signdesk sign --visible …` and the agent's `visible=…`. */
export const VISIBLE_SPEC_SYNTAX = 'page=N,corner=top-left|top-right|bottom-left|bottom-right,lang=uk|ru|en';

/**
 * `page=1,corner=bottom-right,lang=uk`: where a visible PDF signature goes and the language of its text. Every key is
 * optional (page 1, bottom right, Ukrainian); `page=1` alone asks for the defaults. A problem is handed to
 * `refuse`, which gives the caller's error (a CLI usage error, an API input error).
 */
export function parseVisibleSpec(value: string, refuse: (problem: string) => Error): VisibleSignatureSpec {
  const spec: VisibleSignatureSpec = { page: 1, corner: 'bottom-right', language: 'uk' };
  for (const part of value.split(',').map((item) => item.trim()).filter(Boolean)) {
    const [key, raw, ...extra] = part.split('=').map((item) => item.trim());
    if (raw === undefined || extra.length > 0) throw refuse(`not key=value: ${part}`);
    if (key === 'page') {
      const page = Number(raw);
      if (!Number.isInteger(page) || page < 1 || page > 100_000) throw refuse(`page must be a whole number from 1, not ${raw}`);
      spec.page = page;
    } else if (key === 'corner') {
      if (!(SIGNATURE_CORNERS as readonly string[]).includes(raw)) throw refuse(`corner must be one of ${SIGNATURE_CORNERS.join(', ')}, not ${raw}`);
      spec.corner = raw as SignatureCorner;
    } else if (key === 'lang') {
      if (!(VISIBLE_SIGNATURE_LANGUAGES as readonly string[]).includes(raw)) throw refuse(`lang must be one of ${VISIBLE_SIGNATURE_LANGUAGES.join(', ')}, not ${raw}`);
      spec.language = raw as VisibleSignatureLanguage;
    } else {
      throw refuse(`unknown key ${key}`);
    }
  }
  return spec;
}
