import { caProfileSchema, type CaProfile } from '../../../../preload/contract/index';

/** The CA profile form as typed: CRL URLs one a line, trust anchors as pasted PEM. */
export interface CaProfileDraft {
  id?: string;
  name: string;
  cmpUrl: string;
  ocspUrl: string;
  crlUrls: string;
  tsaUrl: string;
  trustAnchors: string;
}

export type CaProfileField = 'name' | 'cmpUrl' | 'ocspUrl' | 'crlUrls' | 'tsaUrl' | 'trustAnchors';

/** A field's problem as a translation key under `caProfiles:invalid.*`, named after the zod issue code. */
export type FieldErrors = Partial<Record<CaProfileField, string>>;

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

export function emptyDraft(): CaProfileDraft {
  return { name: '', cmpUrl: '', ocspUrl: '', crlUrls: '', tsaUrl: '', trustAnchors: '' };
}

export function draftOf(profile: CaProfile): CaProfileDraft {
  return {
    id: profile.id,
    name: profile.name,
    cmpUrl: profile.cmpUrl ?? '',
    ocspUrl: profile.ocspUrl ?? '',
    crlUrls: profile.crlUrls.join('\n'),
    tsaUrl: profile.tsaUrl ?? '',
    trustAnchors: profile.trustAnchors.join('\n'),
  };
}

/** DER bytes of a picked certificate file as PEM; PEM text passes through. */
export function certificateFileText(bytes: Uint8Array): string {
  const text = new TextDecoder('latin1').decode(bytes);
  if (text.includes('-----BEGIN CERTIFICATE-----')) return text.trim();
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const base64 = btoa(binary).replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${base64}-----END CERTIFICATE-----`;
}

/**
 * Checks the draft against the contract's schema. Returns the profile to save, or per-field errors keyed
 * by zod issue code (`invalid_format` → a malformed URL, `too_small` → empty, `too_big` → too long).
 */
export function validateDraft(draft: CaProfileDraft): { profile: Omit<CaProfile, 'id'> & { id?: string }; errors: FieldErrors } {
  const optional = (value: string) => (value.trim() === '' ? null : value.trim());
  const anchors = draft.trustAnchors.match(PEM_BLOCK) ?? [];
  const profile = {
    ...(draft.id ? { id: draft.id } : {}),
    name: draft.name.trim(),
    cmpUrl: optional(draft.cmpUrl),
    ocspUrl: optional(draft.ocspUrl),
    crlUrls: draft.crlUrls.split(/\s+/).filter(Boolean),
    tsaUrl: optional(draft.tsaUrl),
    trustAnchors: anchors,
  };
  const errors: FieldErrors = {};
  if (draft.trustAnchors.trim() !== '' && anchors.length === 0) errors.trustAnchors = 'notPem';
  const result = caProfileSchema.safeParse({ ...profile, id: draft.id ?? 'new' });
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = issue.path[0] as CaProfileField | undefined;
      if (field && field !== ('id' as string) && !errors[field]) errors[field] = issue.code;
    }
  }
  return { profile, errors };
}
