import { and, eq, gte, lte } from 'drizzle-orm';
import type { IndicatorSource } from '../../../contracts/indicators.contract.js';
import type { Db } from '../../platform/db/index.js';
import { suppressCounts } from '../../platform/disclosure.js';
import { rawTotals } from '../activities/index.js';
import { caseStatistics } from '../cases/index.js';
import { attendance, meeting } from '../meetings/index.js';
import { riskConsultation } from '../risk-map/index.js';

/*
 * Computed indicators: read from what the network already records, never typed (issue 11 §3).
 * Every count of people goes through the product's one disclosure-control module; counts of events
 * (sessions, meetings, consultations) and of organisations are shown as counted.
 */

export interface ComputedActual {
  actual: number | null;
  /** True when the figure counts people and is withheld as a small cell. */
  withheld: boolean;
}

type Range = { from: string; to: string };
type Compute = (db: Db, cityId: string, range: Range) => Promise<ComputedActual>;

const shown = (actual: number): ComputedActual => ({ actual, withheld: false });
/** A count of people: withheld under the small-cell minimum, as case statistics are. */
const people = (n: number): ComputedActual => {
  const total = suppressCounts([n]).total;
  return { actual: total.value, withheld: total.suppressed };
};

const dayStart = (d: string) => new Date(`${d}T00:00:00.000Z`);
const dayEnd = (d: string) => new Date(`${d}T23:59:59.999Z`);

async function heldMeetingIds(db: Db, cityId: string, range: Range): Promise<string[]> {
  const rows = await db
    .select({ id: meeting.id })
    .from(meeting)
    .where(
      and(
        eq(meeting.cityId, cityId),
        eq(meeting.status, 'held'),
        gte(meeting.startsAt, dayStart(range.from)),
        lte(meeting.startsAt, dayEnd(range.to)),
      ),
    );
  return rows.map((r) => r.id);
}

const COMPUTE: Record<Exclude<IndicatorSource, 'manual'>, Compute> = {
  'sessions-held': async (db, cityId, range) => shown((await rawTotals(db, cityId, range)).sessions),
  'people-reached': async (db, cityId, range) =>
    people((await rawTotals(db, cityId, range)).table.flat().reduce((s, v) => s + v, 0)),
  'meetings-held': async (db, cityId, range) => shown((await heldMeetingIds(db, cityId, range)).length),
  /** Organisations present ÷ organisations whose attendance was recorded, over the held meetings. */
  'meeting-attendance': async (db, cityId, range) => {
    const ids = new Set(await heldMeetingIds(db, cityId, range));
    if (!ids.size) return { actual: null, withheld: false };
    const rows = (await db.select().from(attendance).where(eq(attendance.cityId, cityId))).filter((r) =>
      ids.has(r.meetingId),
    );
    if (!rows.length) return { actual: null, withheld: false };
    const present = rows.filter((r) => r.present).length;
    return shown(Math.round((present / rows.length) * 1000) / 10);
  },
  /** Situations opened in the period (case statistics: whole months, small cells withheld). */
  'cases-opened': async (db, cityId, range) => {
    const stats = await caseStatistics(db, cityId, range);
    return { actual: stats.total.value, withheld: stats.total.suppressed };
  },
  /** Situations of the period closed with the risk lowered (either outcome code); withheld if either cell is. */
  'cases-risk-lowered': async (db, cityId, range) => {
    const stats = await caseStatistics(db, cityId, range);
    const cells = stats.byOutcome.cells.filter((c) => c.key.startsWith('risk-lowered'));
    if (cells.some((c) => c.suppressed)) return { actual: null, withheld: true };
    return shown(cells.reduce((s, c) => s + (c.value ?? 0), 0));
  },
  'consultations-held': async (db, cityId, range) => {
    const rows = await consultations(db, cityId, range);
    return shown(rows.length);
  },
  /** People who came to the consultations (counts by sex × age band, summed; a count of people). */
  'consultation-participants': async (db, cityId, range) => {
    const rows = await consultations(db, cityId, range);
    return people(rows.reduce((s, r) => s + r.attendance.flat().reduce((a, v) => a + v, 0), 0));
  },
};

function consultations(db: Db, cityId: string, range: Range) {
  return db
    .select({ attendance: riskConsultation.attendance })
    .from(riskConsultation)
    .where(
      and(
        eq(riskConsultation.cityId, cityId),
        gte(riskConsultation.heldOn, range.from),
        lte(riskConsultation.heldOn, range.to),
      ),
    );
}

/** The actual value of a computed indicator for a period's days. */
export function computeActual(
  db: Db,
  cityId: string,
  source: Exclude<IndicatorSource, 'manual'>,
  range: Range,
): Promise<ComputedActual> {
  return COMPUTE[source](db, cityId, range);
}

/** The type a computed source's figures have (an attendance rate is a percentage; the rest are counts). */
export function computedType(source: IndicatorSource): 'count' | 'percentage' | null {
  if (source === 'manual') return null;
  return source === 'meeting-attendance' ? 'percentage' : 'count';
}
