const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/**
 * `D:YYYYMMDDHHmmSS+HH'mm'` (ISO 32000-1 §7.9.4) for `date` in the zone `offsetMinutes` east of UTC
 * (default: this machine's zone at that date).
 */
export function formatPdfDate(date: Date, offsetMinutes = -date.getTimezoneOffset()): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `D:${pad(local.getUTCFullYear(), 4)}${pad(local.getUTCMonth() + 1)}${pad(local.getUTCDate())}` +
    `${pad(local.getUTCHours())}${pad(local.getUTCMinutes())}${pad(local.getUTCSeconds())}${sign}${pad(Math.floor(abs / 60))}'${pad(abs % 60)}'`
  );
}

/** Parses a PDF date (every part after the year optional; `Z`, `+HH'mm'`, `-HH'mm` accepted); undefined if it is not one. */
export function parsePdfDate(text: string): Date | undefined {
  const match = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Z+-])(?:(\d{2})'?(?:(\d{2})'?)?)?)?$/.exec(text.trim());
  if (match === null) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', zone, zh = '00', zm = '00'] = match;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = zone === '+' || zone === '-' ? (Number(zh) * 60 + Number(zm)) * (zone === '-' ? -1 : 1) : 0;
  const result = new Date(utc - offset * 60_000);
  return Number.isNaN(result.getTime()) ? undefined : result;
}
