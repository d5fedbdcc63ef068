import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { revocationSourceFor, withRevocationSources, type RevocationSourceRule } from '../../main/core/pki/revocation';
import type { CheckRevocationOptions, RevocationResult } from '../../main/core/pki/revocation';
import { bulkSettleReasons, settleReasons } from '../../renderer/src/sections/verify/settle-reasons';
import { formatFingerprint } from '../../renderer/src/sections/settings/trust-display';
import type { SignerReport, VerifyReport } from '../../preload/contract/domains/verify';

// Opaque byte strings stand for certificates where only identity (SHA-256 of the bytes) is compared.
const bytes = (label: string) => new Uint8Array(crypto.createHash('sha256').update(label).digest());
const leaf = bytes('leaf');
const issuer = bytes('issuer');
const rule = (overrides: Partial<RevocationSourceRule>): RevocationSourceRule => ({ name: 'CA', certificates: [], issuers: [], ocspUrl: null, crlUrls: [], ...overrides });

describe('revocation sources from CA profiles', () => {
  it('a rule naming the certificate wins over one naming its issuer; a rule without sources never applies', () => {
    const byIssuer = rule({ name: 'by issuer', issuers: [issuer], ocspUrl: 'http://ocsp.issuer/' });
    const byKey = rule({ name: 'cabinet key', certificates: [leaf], crlUrls: ['http://crl.key/ca.crl'] });
    const empty = rule({ name: 'nothing to ask', certificates: [leaf], issuers: [issuer] });
    expect(revocationSourceFor(leaf, issuer, [empty, byIssuer, byKey])?.name).toBe('cabinet key');
    expect(revocationSourceFor(leaf, issuer, [empty, byIssuer])?.name).toBe('by issuer');
    expect(revocationSourceFor(leaf, bytes('another CA'), [empty, byIssuer])).toBeUndefined();
  });

  it('the checker gets the profile’s OCSP / CRL addresses; explicit options of the caller stay', async () => {
    const asked: CheckRevocationOptions[] = [];
    const checker = async (_certificate: Uint8Array, _issuer: Uint8Array, options: CheckRevocationOptions = {}): Promise<RevocationResult> => {
      asked.push(options);
      return { status: 'good', source: 'ocsp', fromCache: false, revokedAt: null, reason: null, thisUpdate: null, nextUpdate: null, problems: [] };
    };
    const wrapped = withRevocationSources(checker, [rule({ issuers: [issuer], ocspUrl: 'http://ocsp.profile/', crlUrls: ['http://crl.profile/'] })]);
    await wrapped(leaf, issuer, { at: new Date(0), ocspUrl: undefined });
    await wrapped(leaf, issuer, { ocspUrl: 'http://given/' });
    await wrapped(leaf, bytes('other'), {});
    expect(asked[0]).toMatchObject({ ocspUrl: 'http://ocsp.profile/', crlUrls: ['http://crl.profile/'], at: new Date(0) });
    expect(asked[1]!.ocspUrl).toBe('http://given/');
    expect(asked[2]).toEqual({});
  });
});

describe('what would settle an indeterminate verdict', () => {
  const signer = (codes: string[], counter: SignerReport[] = []): SignerReport =>
    ({ errors: codes.map((code) => ({ code, message: code })), counterSigners: counter }) as unknown as SignerReport;
  const report = (indication: VerifyReport['indication'], signers: SignerReport[]): VerifyReport => ({ indication, signers }) as unknown as VerifyReport;

  it('names the untrusted issuer first, then revocation, also for counter-signers; nothing for a firm verdict', () => {
    expect(settleReasons(report('INDETERMINATE', [signer(['ERR_REVOCATION_UNKNOWN'], [signer(['ERR_CERT_UNTRUSTED'])])]))).toEqual(['untrusted', 'revocation']);
    expect(settleReasons(report('INDETERMINATE', [signer(['ERR_SOMETHING_ELSE'])]))).toEqual(['other']);
    expect(settleReasons(report('TOTAL-FAILED', [signer(['ERR_CERT_UNTRUSTED'])]))).toEqual([]);
  });

  it('a packet: the reasons of its indeterminate files only', () => {
    const item = (indication: 'INDETERMINATE' | 'TOTAL-FAILED', errors: string[]) => ({ indication, errors }) as never;
    expect(bulkSettleReasons([item('TOTAL-FAILED', ['ERR_CERT_UNTRUSTED']), item('INDETERMINATE', ['ERR_REVOCATION_UNKNOWN'])])).toEqual(['revocation']);
    expect(bulkSettleReasons([item('INDETERMINATE', ['ERR_X'])])).toEqual([]);
  });

  it('shows a fingerprint in groups of four', () => {
    expect(formatFingerprint('ab'.repeat(32))).toBe(Array(16).fill('ABAB').join(' '));
  });
});
