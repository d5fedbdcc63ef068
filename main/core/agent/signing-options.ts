import { z } from 'zod';
import { SigndeskError } from '../../../preload/contract/errors';
import { packetName, type SignatureFormatId, type VisibleSignatureSpec } from '../../../preload/contract/domains/queue';
import { parseHashName, type SigningHashName } from '../crypto';
import { parseVisibleSpec, VISIBLE_SPEC_SYNTAX } from '../formats';
import type { AgentContext } from './agent-context';
import type { AgentKey } from './agent-keys';
import type { Packaging } from './agent-signing';
import type { Caller } from './caller';

/** The options of `signdesk sign` a caller may give: `--format`, `--attached`, `--hash`, `--packet`, `--visible`, `--tsa`. */
export interface SigningOptions {
  keyId?: string | undefined;
  format: SignatureFormatId;
  /** CAdES: detached (default) or attached; null for PAdES and ASiC-E, which carry their documents. */
  packaging: Packaging | null;
  /** null: the key's own hash. */
  hash: SigningHashName | null;
  /** ASiC-E: all the documents in one container of this name. */
  packet: string | null;
  /** PAdES: a visible signature (`visible=page=1,corner=bottom-right,lang=uk`); null: invisible. */
  visible: VisibleSignatureSpec | null;
  /** `timestamp=true`: a signature time-stamp from the service set in Signdesk (never a URL from the caller). */
  timestamp: boolean;
}

const optionsSchema = z
  .object({
    keyId: z.string().min(1).max(100).optional(),
    format: z.string().min(1).max(40).default('cades'),
    packaging: z.enum(['detached', 'attached']).optional(),
    hash: z.string().min(1).max(40).optional(),
    packet: packetName.optional(),
    visible: z.string().min(1).max(200).optional(),
    timestamp: z.enum(['true', 'false']).optional(),
  })
  .strict();

/**
 * The signing options from the query string and, for multipart bodies, the form fields (one place per option).
 * Each is checked against the format before the user is asked: an option the format does not take is refused
 * (ERR_FORMAT_UNSUPPORTED), never ignored.
 */
export function signingOptions(context: AgentContext, query: URLSearchParams, fields: Record<string, string> = {}): SigningOptions {
  const merged: Record<string, string> = {};
  for (const [name, value] of query) merged[name] = value;
  for (const [name, value] of Object.entries(fields)) {
    if (name in merged && merged[name] !== value) throw new SigndeskError('ERR_INPUT_INVALID', `${name} is given twice with different values`);
    merged[name] = value;
  }
  const parsed = optionsSchema.safeParse(merged);
  if (!parsed.success) {
    throw new SigndeskError('ERR_INPUT_INVALID', 'The signing options are not valid', {
      issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    });
  }
  const wanted = parsed.data.format.toLowerCase();
  const format = context.signing.formats().find((known) => known.id === wanted);
  if (!format) {
    throw new SigndeskError('ERR_FORMAT_UNSUPPORTED', `Unknown signature format ${parsed.data.format}`, { supported: context.signing.formats().map((known) => known.id) });
  }
  const packaging = parsed.data.packaging ?? format.packagings[0] ?? null;
  if (packaging !== null && !format.packagings.includes(packaging)) {
    throw new SigndeskError(
      'ERR_FORMAT_UNSUPPORTED',
      format.packagings.length === 0 ? `${format.id} carries its documents: packaging is a CAdES option` : `${format.id} has no ${packaging} packaging`,
      { format: format.id, supported: [...format.packagings] },
    );
  }
  if (parsed.data.packet !== undefined && !format.packets) {
    throw new SigndeskError('ERR_FORMAT_UNSUPPORTED', 'A packet of documents is an ASiC-E container: use format=asice', { format: format.id });
  }
  if (parsed.data.visible !== undefined && !format.visibleSignatures) {
    throw new SigndeskError('ERR_FORMAT_UNSUPPORTED', 'A visible signature is drawn on a PDF page: use format=pades', { format: format.id });
  }
  return {
    ...(parsed.data.keyId !== undefined ? { keyId: parsed.data.keyId } : {}),
    format: format.id,
    packaging,
    hash: parsed.data.hash === undefined ? null : parseHashName(parsed.data.hash),
    packet: parsed.data.packet ?? null,
    visible: parsed.data.visible === undefined ? null : parseVisibleSpec(parsed.data.visible, (problem) => new SigndeskError('ERR_INPUT_INVALID', `visible=${VISIBLE_SPEC_SYNTAX}: ${problem}`)),
    timestamp: parsed.data.timestamp === 'true',
  };
}

/** The key a request signs with: a token grants its own key only; a web page names one from `GET /v1/keys`. */
export async function requestedKey(context: AgentContext, caller: Caller, keyId: string | undefined): Promise<AgentKey> {
  if (caller.kind === 'token') {
    if (keyId !== undefined && keyId !== caller.keyId) throw new SigndeskError('ERR_KEY_NOT_ALLOWED', 'This access token grants another key', { keyId });
    return context.keys.get(caller.keyId);
  }
  if (keyId === undefined) throw new SigndeskError('ERR_INPUT_INVALID', 'Name the key: keyId (see GET /v1/keys)');
  return context.keys.get(keyId);
}

/** `timestamp=true`: the time-stamp service set in Signdesk; refused before the user is asked when none is set. */
export async function timestampServiceFor(context: AgentContext, options: SigningOptions): Promise<string | null> {
  if (!options.timestamp) return null;
  const url = await context.signing.timestampService();
  if (url === null) {
    throw new SigndeskError('ERR_TSA', 'timestamp=true, but no time-stamp service is set in Signdesk (Settings → Signing)', { context: 'notConfigured' });
  }
  return url;
}
