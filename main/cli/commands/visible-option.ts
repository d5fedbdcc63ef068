import { SigndeskError } from '../../../preload/contract/errors';
import type { VisibleSignatureSpec } from '../../../preload/contract/domains/queue';
import { parseVisibleSpec, VISIBLE_SPEC_SYNTAX } from '../../core/formats';

export const VISIBLE_USAGE = VISIBLE_SPEC_SYNTAX;

/** `--visible page=1,corner=bottom-right,lang=uk`: a visible PDF signature (every key optional). */
export function parseVisibleOption(value: string): VisibleSignatureSpec {
  return parseVisibleSpec(value, (problem) => new SigndeskError('ERR_USAGE', `--visible ${VISIBLE_USAGE}: ${problem}`));
}
