import { SigndeskError } from '../../../preload/contract/errors';
import { SIGNATURE_CORNERS, VISIBLE_SIGNATURE_LANGUAGES, type SignatureCorner, type VisibleSignatureLanguage, type VisibleSignatureSpec } from '../../../preload/contract/domains/queue';

export const VISIBLE_USAGE = 'page=N,corner=top-left|top-right|bottom-left|bottom-right,lang=uk|ru|en';

/**
 * `--visible page=1,corner=bottom-right,lang=uk`: a visible PDF signature. Every key is optional (page 1, bottom
 * right, Ukrainian); `--visible page=1` asks for the defaults.
 */
export function parseVisibleOption(value: string): VisibleSignatureSpec {
  const spec: VisibleSignatureSpec = { page: 1, corner: 'bottom-right', language: 'uk' };
  for (const part of value.split(',').map((item) => item.trim()).filter(Boolean)) {
    const [key, raw, ...extra] = part.split('=').map((item) => item.trim());
    if (raw === undefined || extra.length > 0) throw usage(`not key=value: ${part}`);
    if (key === 'page') {
      const page = Number(raw);
      if (!Number.isInteger(page) || page < 1 || page > 100_000) throw usage(`page must be a whole number from 1, not ${raw}`);
      spec.page = page;
    } else if (key === 'corner') {
      if (!(SIGNATURE_CORNERS as readonly string[]).includes(raw)) throw usage(`corner must be one of ${SIGNATURE_CORNERS.join(', ')}, not ${raw}`);
      spec.corner = raw as SignatureCorner;
    } else if (key === 'lang') {
      if (!(VISIBLE_SIGNATURE_LANGUAGES as readonly string[]).includes(raw)) throw usage(`lang must be one of ${VISIBLE_SIGNATURE_LANGUAGES.join(', ')}, not ${raw}`);
      spec.language = raw as VisibleSignatureLanguage;
    } else {
      throw usage(`unknown key ${key}`);
    }
  }
  return spec;
}

function usage(problem: string): SigndeskError {
  return new SigndeskError('ERR_USAGE', `--visible ${VISIBLE_USAGE}: ${problem}`);
}
