/** Time zone arithmetic without a library: Intl gives the offset of a zone at an instant. */

function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant of a local wall-clock date and "HH:MM" in a time zone. */
export function zonedToUtc(isoDate: string, hhmm: string, timeZone: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number);
  const [h, min] = hhmm.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, d, h, min);
  let instant = guess - offsetMs(guess, timeZone);
  // Second pass: the offset at the result may differ around a DST change.
  instant = guess - offsetMs(instant, timeZone);
  return new Date(instant);
}

export function toIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return toIsoDate(new Date(Date.UTC(y, m - 1, d + days)));
}

/** Same day of month `months` later, clamped to the month's last day (31 Jan → 28/29 Feb). */
function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return toIsoDate(new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay))));
}

/** The local dates of a series from startsOn up to and including `until` (ISO dates). */
export function occurrenceDates(
  cadence: 'weekly' | 'fortnightly' | 'monthly',
  startsOn: string,
  until: string,
): string[] {
  const dates: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const date =
      cadence === 'monthly' ? addMonths(startsOn, i) : addDays(startsOn, i * (cadence === 'weekly' ? 7 : 14));
    if (date > until) break;
    dates.push(date);
  }
  return dates;
}
