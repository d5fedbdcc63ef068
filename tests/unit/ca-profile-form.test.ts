import { describe, expect, it } from 'vitest';
import type { CaProfile } from '../../preload/contract/domains/ca';
import { certificateFileText, draftOf, emptyDraft, validateDraft } from '../../renderer/src/sections/settings/ca-profile-form';
import { defaultProfileId, effectiveProfile } from '../../renderer/src/sections/cabinet/ca-profile-choice';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

function profile(id: string, cmpUrl: string | null): CaProfile {
  return { id, name: id, cmpUrl, ocspUrl: null, crlUrls: [], tsaUrl: null, trustAnchors: [] };
}

describe('CA profile form', () => {
  it('turns a filled draft into a profile: empty addresses are null, CRLs one a line, PEM blocks split', () => {
    const { profile: out, errors } = validateDraft({
      name: ' Test CA ',
      cmpUrl: 'http://127.0.0.1:8080/pkix/',
      ocspUrl: '',
      crlUrls: 'http://ca.example/a.crl\n\nhttp://ca.example/b.crl',
      tsaUrl: ' ',
      trustAnchors: `${PEM}\nnoise\n${PEM}`,
    });
    expect(errors).toEqual({});
    expect(out).toEqual({ name: 'Test CA', cmpUrl: 'http://127.0.0.1:8080/pkix/', ocspUrl: null, crlUrls: ['http://ca.example/a.crl', 'http://ca.example/b.crl'], tsaUrl: null, trustAnchors: [PEM, PEM] });
  });

  it('reports each field by its zod issue code', () => {
    const { errors } = validateDraft({ ...emptyDraft(), cmpUrl: 'not a url', crlUrls: 'http://ok.example/x.crl also-bad', name: '', trustAnchors: 'hello' });
    expect(errors).toEqual({ name: 'too_small', cmpUrl: 'invalid_format', crlUrls: 'invalid_format', trustAnchors: 'notPem' });
    expect(validateDraft({ ...emptyDraft(), name: 'x'.repeat(201) }).errors).toEqual({ name: 'too_big' });
  });

  it('keeps the id when editing, and round-trips a saved profile', () => {
    const saved: CaProfile = { id: 'p1', name: 'A', cmpUrl: null, ocspUrl: 'http://ocsp.example/', crlUrls: ['http://c.example/1.crl'], tsaUrl: 'http://tsa.example/', trustAnchors: [PEM] };
    expect(validateDraft(draftOf(saved))).toEqual({ profile: saved, errors: {} });
  });

  it('turns a DER certificate file into PEM and passes PEM through', () => {
    expect(certificateFileText(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]))).toBe('-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----');
    expect(certificateFileText(new TextEncoder().encode(`${PEM}\n`))).toBe(PEM);
  });
});

describe('CA profile choice for a key', () => {
  const profiles = [profile('offline', null), profile('first-cmp', 'http://a/'), profile('second-cmp', 'http://b/')];

  it("uses the key's own profile, else the first with CMP (as main does)", () => {
    expect(effectiveProfile(profiles, 'second-cmp')?.id).toBe('second-cmp');
    expect(effectiveProfile(profiles, 'offline')?.id).toBe('offline');
    expect(effectiveProfile(profiles, null)?.id).toBe('first-cmp');
    expect(effectiveProfile(profiles, 'deleted')?.id).toBe('first-cmp');
  });

  it("preselects the main key's profile in wizards, else the first with CMP, else none", () => {
    expect(defaultProfileId(profiles, 'offline')).toBe('offline');
    expect(defaultProfileId(profiles, 'deleted')).toBe('first-cmp');
    expect(defaultProfileId(profiles, null)).toBe('first-cmp');
    expect(defaultProfileId([profile('offline', null)], undefined)).toBeNull();
  });
});
