import type { TemporaryPeriod } from '../../../preload/contract/domains/cabinet';
import { SigndeskError } from '../../../preload/contract/errors';

const DAY_MS = 24 * 60 * 60 * 1000;
const PERIOD_DAYS: Record<Exclude<TemporaryPeriod, 'untilMain'>, number> = { day: 1, week: 7, month: 30 };

/**
 * When a temporary key's certificate must end: the chosen period from now, never past the main
 * certificate's notAfter. A main certificate that has already ended cannot vouch for anything.
 */
export function temporaryValidity(period: TemporaryPeriod, mainNotAfter: Date, now: Date): { notAfter: Date; capped: boolean } {
  if (mainNotAfter.getTime() <= now.getTime()) {
    throw new SigndeskError('ERR_CERT_EXPIRED', 'The main certificate has ended: it cannot authorise a temporary key', { context: 'temporary' });
  }
  if (period === 'untilMain') return { notAfter: mainNotAfter, capped: false };
  const wanted = new Date(now.getTime() + PERIOD_DAYS[period] * DAY_MS);
  return wanted.getTime() > mainNotAfter.getTime() ? { notAfter: mainNotAfter, capped: true } : { notAfter: wanted, capped: false };
}
