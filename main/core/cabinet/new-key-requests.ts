import crypto from 'node:crypto';
import type { z } from 'zod';
import type { CabinetKey } from '../../../preload/contract/domains/cabinet';
import type { newKeyRequestSchema } from '../../../preload/contract/domains/cabinet';
import { SigndeskError } from '../../../preload/contract/errors';
import { escapeDnValue } from '../pki/dn';
import type { CabinetContext } from './cabinet-context';
import { buildCertificationRequest } from './certification-request';
import { createKey, insertRequestedKey } from './key-creation';
import type { KeyViews } from './key-views';

export type NewKeyRequest = z.output<typeof newKeyRequestSchema>;

const MIN_ENTROPY_BYTES = 32;

/**
 * The applicant's subject for the request: CN is the full name, SN/GN the surname and given names (Ukrainian
 * order: surname first), serialNumber the РНОКПП in ETSI form (TINUA-…), then e-mail and country.
 */
export function applicantSubject(input: { fullName: string; rnokpp?: string | undefined; email?: string | undefined }): string {
  const words = input.fullName.trim().split(/\s+/);
  const parts = [`CN=${escapeDnValue(words.join(' '))}`];
  if (words.length > 1) parts.push(`SN=${escapeDnValue(words[0]!)}`, `GN=${escapeDnValue(words.slice(1).join(' '))}`);
  if (input.rnokpp) parts.push(`serialNumber=TINUA-${input.rnokpp}`);
  if (input.email) parts.push(`emailAddress=${escapeDnValue(input.email)}`);
  parts.push('C=UA');
  return parts.join(',');
}

/** The new key wizard's key and request: generated, the request made for the applicant, awaiting its certificate. */
export async function requestNewKey(context: CabinetContext, views: KeyViews, input: NewKeyRequest): Promise<CabinetKey> {
  const entropy = Buffer.from(input.entropy, 'base64');
  if (entropy.length < MIN_ENTROPY_BYTES) throw new SigndeskError('ERR_INPUT_INVALID', `At least ${MIN_ENTROPY_BYTES} bytes of entropy are needed`);
  if (input.storage === 'file' && !input.password) throw new SigndeskError('ERR_PASSWORD_REQUIRED', 'The new key needs its password');
  // The renderer names the key in the user's language; without a name the applicant's own name is used.
  const fullName = input.fullName?.trim() || input.name?.trim();
  if (!fullName) throw new SigndeskError('ERR_INPUT_INVALID', 'The request needs the applicant\'s full name');
  const name = input.name?.trim() || fullName;
  const created = await createKey(context, {
    storage: input.storage,
    algorithm: input.keyType,
    name,
    secret: input.password,
    tokenLabel: input.tokenLabel,
    tokenPin: input.tokenPin,
    newTokenPin: input.newTokenPin,
    soPin: input.soPin,
    entropy,
  });
  try {
    // Without the applicant (callers of the contract other than the wizard) the key's name is all there is.
    const subject = input.fullName ? applicantSubject({ ...input, fullName }) : `CN=${escapeDnValue(fullName)}`;
    const request = await buildCertificationRequest(created.key, { subject, reference: input.reference });
    insertRequestedKey(context, created, {
      name,
      storage: input.storage,
      tokenLabel: input.tokenLabel ?? null,
      algorithm: input.keyType,
      request,
      requestPurpose: 'new',
      reference: input.reference,
      phone: input.phone,
      caAddress: input.caAddress?.trim() || null,
      caProfileId: context.knownProfile(input.caProfileId ?? null),
      // node:crypto cannot take outside entropy for file keys; the pointer entropy is recorded (as a digest) all the same.
      entropySha256: crypto.createHash('sha256').update(entropy).digest('hex'),
    });
    return views.key(created.id);
  } finally {
    await created.key.close();
  }
}
