import { describe, expect, it } from 'vitest';
import { ERROR_CODES, SigndeskError, WARNING_CODES } from '../../preload/contract/errors';
import { errorMessages } from '../../renderer/src/i18n/error-messages';
import { leftoverEnglish } from '../helpers/leftover-english';

const CODES = [...Object.keys(ERROR_CODES), ...WARNING_CODES];
const LANGUAGES = ['en', 'uk', 'ru'] as const;

function bundle(language: (typeof LANGUAGES)[number]): Record<string, unknown> {
  return errorMessages[language] as Record<string, unknown>;
}

describe('every error code in the user’s language', () => {
  for (const language of LANGUAGES) {
    it(`${language}: each code and warning has a message`, () => {
      const missing = CODES.filter((code) => typeof bundle(language)[code] !== 'string' || (bundle(language)[code] as string).trim() === '');
      expect(missing).toEqual([]);
    });
  }

  for (const language of ['uk', 'ru'] as const) {
    it(`${language}: no message is English`, () => {
      const english = Object.entries(bundle(language))
        .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
        .map(([code, text]) => [code, leftoverEnglish(text)] as const)
        .filter(([, words]) => words.length > 0);
      expect(english).toEqual([]);
    });
  }

  it('no message shows the developer message ({{message}})', () => {
    const leaking = LANGUAGES.flatMap((language) => Object.entries(bundle(language)).filter(([, text]) => typeof text === 'string' && text.includes('{{message}}')).map(([code]) => `${language}:${code}`));
    expect(leaking).toEqual([]);
  });

  it('every language has the same keys (contexts included)', () => {
    const keys = (language: (typeof LANGUAGES)[number]) => Object.keys(bundle(language)).sort();
    expect(keys('uk')).toEqual(keys('en'));
    expect(keys('ru')).toEqual(keys('en'));
  });

  it('a context wording belongs to a known code', () => {
    const orphans = Object.keys(bundle('en')).filter((key) => key.includes('_') && !CODES.includes(key) && !CODES.some((code) => key.startsWith(`${code}_`)) && !['tries', 'technical'].includes(key));
    expect(orphans).toEqual([]);
  });
});

describe('leftoverEnglish', () => {
  it('flags English words and keeps product names, acronyms and file names', () => {
    expect(leftoverEnglish('Підпис ECDSA з SHA-256 у файлі act.pdf (Signdesk, PKCS#11)')).toEqual([]);
    expect(leftoverEnglish('Ключ · temporary, digitalSignature')).toEqual(['temporary', 'digitalSignature']);
  });
});

describe('details typed per code', () => {
  it('a code takes only its own details (checked by tsc over the tests)', () => {
    const ok = new SigndeskError('ERR_VALIDITY_EXCEEDS_MAIN', 'too long', { notAfter: '2030-01-01T00:00:00Z', limit: '2029-01-01T00:00:00Z' });
    // @ts-expect-error triesLeft is a hint ('final' | 'low' | 'unknown'), never a number
    const wrong = new SigndeskError('ERR_PIN_INCORRECT', 'wrong', { triesLeft: 2 });
    // @ts-expect-error ERR_CANCELLED carries no details
    const none = new SigndeskError('ERR_CANCELLED', 'cancelled', { reason: 'x' });
    const payload = ok.toPayload();
    expect(payload.code === 'ERR_VALIDITY_EXCEEDS_MAIN' ? payload.details?.limit : undefined).toBe('2029-01-01T00:00:00Z');
    expect([wrong.code, none.code]).toEqual(['ERR_PIN_INCORRECT', 'ERR_CANCELLED']);
  });
});
