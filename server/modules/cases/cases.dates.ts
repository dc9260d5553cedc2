/*
 * Calendar arithmetic for case dates, in one place. Dates are ISO calendar days (YYYY-MM-DD, UTC):
 * a review "6 months after closure" falls on the same day of the month six months on, or on that
 * month's last day when it is shorter — 31 August + 6 months is 28 (or 29) February, never 3 March.
 */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Whether a year is a leap year in the Gregorian calendar. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Whether a string is a real calendar day as YYYY-MM-DD (no 30 February). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * The calendar day `months` after `from` (a Date, taken as its UTC day, or an ISO date), clamped to
 * the last day of the target month. Pure arithmetic: no Date rollover can move it into the next month.
 */
export function addCalendarMonths(from: Date | string, months: number): string {
  if (!Number.isInteger(months)) throw new RangeError('months must be a whole number');
  let year: number, month: number, day: number;
  if (typeof from === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(from.slice(0, 10));
    if (!m) throw new RangeError(`Not an ISO date: ${from}`);
    [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else {
    [year, month, day] = [from.getUTCFullYear(), from.getUTCMonth() + 1, from.getUTCDate()];
  }
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return `${pad(targetYear, 4)}-${pad(targetMonth)}-${pad(targetDay)}`;
}

/** The ISO calendar day `days` after `from` (UTC). */
export function addDays(from: Date | string, days: number): string {
  const base = typeof from === 'string' ? new Date(`${from.slice(0, 10)}T00:00:00Z`) : from;
  return new Date(base.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
