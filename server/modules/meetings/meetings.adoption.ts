import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.js';
import { decision } from './meetings.table.js';

/*
 * Adoption by decision, shared by every versioned document a network adopts (the Terms of
 * Reference, the action plan): only a passed decision of a quorate meeting whose subject is that
 * version binds. The documents keep their own versions and statuses; the rule lives here once.
 */

type DecisionRow = typeof decision.$inferSelect;

/** Why this decision cannot adopt the version, or null when it can. */
export function adoptionIneligibility(
  d: DecisionRow,
  subjectType: string,
  versionId: string,
  notAboutIt: string,
): string | null {
  if (d.subjectType !== subjectType || d.subjectId !== versionId) return notAboutIt;
  if (d.outcome !== 'passed') return 'the decision did not pass';
  if (!d.quorumMet) return 'the meeting did not have quorum';
  return null;
}

/** The decisions recorded about adopting this version, newest first, each saying whether it can adopt it. */
export async function adoptionDecisions(
  db: Db,
  cityId: string,
  subjectType: string,
  versionId: string,
  notAboutIt: string,
) {
  const rows = await db
    .select()
    .from(decision)
    .where(
      and(
        eq(decision.cityId, cityId),
        eq(decision.subjectType, subjectType),
        eq(decision.subjectId, versionId),
      ),
    )
    .orderBy(desc(decision.recordedAt));
  return {
    items: rows.map((d) => ({
      id: d.id,
      text: d.text,
      outcome: d.outcome,
      quorumMet: d.quorumMet,
      recordedAt: d.recordedAt.toISOString(),
      eligible: adoptionIneligibility(d, subjectType, versionId, notAboutIt) === null,
    })),
  };
}
