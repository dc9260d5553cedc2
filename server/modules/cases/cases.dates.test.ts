import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarMonths, addDays, daysInMonth, isCalendarDate, isLeapYear } from './cases.dates.js';

describe('addCalendarMonths', () => {
  it('clamps to the end of a shorter month instead of rolling into the next one', () => {
    expect(addCalendarMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addCalendarMonths('2027-08-31', 6)).toBe('2028-02-29'); // leap year
    expect(addCalendarMonths('2026-03-31', 6)).toBe('2026-09-30');
    expect(addCalendarMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addCalendarMonths('2024-02-29', 48)).toBe('2028-02-29');
    expect(addCalendarMonths('2025-08-31', 12)).toBe('2026-08-31');
    expect(addCalendarMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addCalendarMonths('2099-08-31', 6)).toBe('2100-02-28'); // 2100 is not a leap year
    expect(addCalendarMonths('2399-08-31', 6)).toBe('2400-02-29'); // 2400 is
  });

  it('takes a Date as its UTC day', () => {
    expect(addCalendarMonths(new Date('2025-08-31T23:59:00Z'), 6)).toBe('2026-02-28');
    expect(addCalendarMonths(new Date('2025-08-31T00:00:00Z'), 6)).toBe('2026-02-28');
  });

  it('crosses years both ways and keeps short days as they are', () => {
    expect(addCalendarMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addCalendarMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addCalendarMonths('2026-01-10', -13)).toBe('2024-12-10');
  });

  it('refuses what is not a date or a whole number of months', () => {
    expect(() => addCalendarMonths('31/08/2025', 6)).toThrow(RangeError);
    expect(() => addCalendarMonths('2025-08-31', 1.5)).toThrow(RangeError);
  });

  it('always lands in the target month, on the same day or that month’s last day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2500 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: -120, max: 120 }),
        (year, month, rawDay, months) => {
          const day = Math.min(rawDay, daysInMonth(year, month));
          const from = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const [y, m, d] = addCalendarMonths(from, months).split('-').map(Number);
          const index = year * 12 + month - 1 + months;
          expect(y * 12 + m - 1).toBe(index);
          expect(d).toBe(Math.min(day, daysInMonth(y, m)));
          // A real calendar day: Date agrees.
          expect(new Date(Date.UTC(y, m - 1, d)).getUTCDate()).toBe(d);
        },
      ),
    );
  });
});

describe('calendar helpers', () => {
  it('knows leap years and month lengths', () => {
    expect([1900, 2000, 2024, 2026, 2100].map(isLeapYear)).toEqual([false, true, true, false, false]);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2026, 9)).toBe(30);
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(['2028-02-29', '2026-02-29', '2026-04-31', '2026-13-01', '2026-1-01'].map(isCalendarDate)).toEqual(
      [true, false, false, false, false],
    );
  });
});
