import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { temporaryValidity } from '../../main/core/cabinet/temporary-validity';
import { TEMPORARY_PERIODS } from '../../preload/contract/domains/cabinet';

const DAY = 24 * 60 * 60 * 1000;

describe('temporary key validity', () => {
  const now = new Date('2026-11-22T10:00:00Z');

  it('gives the chosen period when the main certificate lasts longer', () => {
    const main = new Date(now.getTime() + 365 * DAY);
    expect(temporaryValidity('day', main, now)).toEqual({ notAfter: new Date(now.getTime() + DAY), capped: false });
    expect(temporaryValidity('week', main, now).notAfter).toEqual(new Date(now.getTime() + 7 * DAY));
    expect(temporaryValidity('untilMain', main, now)).toEqual({ notAfter: main, capped: false });
  });

  it('cuts the period at the main certificate end', () => {
    const main = new Date(now.getTime() + 3 * DAY);
    expect(temporaryValidity('month', main, now)).toEqual({ notAfter: main, capped: true });
  });

  it('refuses when the main certificate has ended', () => {
    expect(() => temporaryValidity('day', now, now)).toThrow(expect.objectContaining({ code: 'ERR_CERT_EXPIRED' }));
  });

  it('never goes past the main certificate, whatever the period and dates', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TEMPORARY_PERIODS), fc.integer({ min: 1, max: 400 * DAY }), (period, ahead) => {
        const main = new Date(now.getTime() + ahead);
        const { notAfter } = temporaryValidity(period, main, now);
        return notAfter.getTime() <= main.getTime() && notAfter.getTime() > now.getTime();
      }),
    );
  });
});
