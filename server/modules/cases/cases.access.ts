import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Role } from '../../../contracts/route.js';
import type { Db } from '../../platform/db/index.js';
import type { Actor } from '../../platform/policy.js';
import { AppError } from '../../platform/errors.js';
import { organisation, representative } from '../network/index.js';
import { caseAssignment, caseConsent } from './cases.table.js';

/*
 * Need-to-know, in one place. The policy table says which roles may try a case action at all; this
 * file says whether THIS person may open THIS situation's restricted content. There is no override
 * ("break the glass"): not the chair, not a platform admin. Every read path for identities, plans
 * and notes calls `identityVisible` through `caseAccess`.
 */

/** Roles that may ever open a situation's restricted content (and only when assigned). */
export const IDENTITY_ROLES: readonly Role[] = ['chair', 'coordinator', 'member'];

export type AssignmentRole = 'originating' | 'lead' | 'assisting';

export interface IdentityFacts {
  role: Role | undefined;
  /** Roles of the person's organisations on the situation (active assignments only). */
  myRoles: readonly AssignmentRole[];
  /** A disclosure consent or legal basis is recorded and not withdrawn. */
  disclosureBasisRecorded: boolean;
  stage: string;
}

/**
 * The rule, as a pure function (the property test drives it against the real service):
 * a table role, an active assignment of one's organisation, a situation that was not rejected, and —
 * for agencies other than the one that brought the situation — a recorded basis for disclosure.
 */
export function identityVisible(f: IdentityFacts): boolean {
  if (!f.role || !IDENTITY_ROLES.includes(f.role)) return false;
  if (f.stage === 'rejected') return false;
  if (f.myRoles.includes('originating')) return true;
  return f.myRoles.length > 0 && f.disclosureBasisRecorded;
}

/** May record work on the situation (persons, plan, follow-ups, consents, closure). */
export function canWorkOn(f: IdentityFacts): boolean {
  if (!f.role || !IDENTITY_ROLES.includes(f.role)) return false;
  return f.myRoles.length > 0 && f.stage !== 'rejected';
}

/** The person's organisations in the city: active representative records of active organisations. */
export async function myOrganisationIds(db: Db, cityId: string, userId: string): Promise<string[]> {
  const today = new Date().toISOString().slice(0, 10);
  const rows = await db
    .selectDistinct({ id: representative.organisationId })
    .from(representative)
    .innerJoin(
      organisation,
      and(eq(organisation.cityId, representative.cityId), eq(organisation.id, representative.organisationId)),
    )
    .where(
      and(
        eq(representative.cityId, cityId),
        eq(representative.userId, userId),
        or(isNull(representative.leftOn), gt(representative.leftOn, today)),
        or(isNull(organisation.leftOn), gt(organisation.leftOn, today)),
      ),
    );
  return rows.map((r) => r.id);
}

export async function myAssignmentRoles(
  db: Db,
  cityId: string,
  situationId: string,
  organisationIds: string[],
): Promise<AssignmentRole[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ role: caseAssignment.role })
    .from(caseAssignment)
    .where(
      and(
        eq(caseAssignment.cityId, cityId),
        eq(caseAssignment.situationId, situationId),
        isNull(caseAssignment.endedAt),
        sql`${caseAssignment.organisationId} in ${organisationIds}`,
      ),
    );
  return rows.map((r) => r.role as AssignmentRole);
}

export async function hasDisclosureBasis(db: Db, cityId: string, situationId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: caseConsent.id })
    .from(caseConsent)
    .where(
      and(
        eq(caseConsent.cityId, cityId),
        eq(caseConsent.situationId, situationId),
        eq(caseConsent.purpose, 'disclosure'),
        isNull(caseConsent.withdrawnAt),
      ),
    )
    .limit(1);
  return Boolean(row);
}

export interface CaseAccess extends IdentityFacts {
  organisationIds: string[];
  canOpenIdentity: boolean;
  canWork: boolean;
}

/** Everything the service needs to decide what this actor may see and do on one situation. */
export async function caseAccess(
  db: Db,
  actor: Actor,
  situation: { cityId: string; id: string; stage: string },
): Promise<CaseAccess> {
  const organisationIds = await myOrganisationIds(db, situation.cityId, actor.userId);
  const [myRoles, disclosureBasisRecorded] = await Promise.all([
    myAssignmentRoles(db, situation.cityId, situation.id, organisationIds),
    hasDisclosureBasis(db, situation.cityId, situation.id),
  ]);
  const facts: IdentityFacts = {
    role: actor.city?.role,
    myRoles,
    disclosureBasisRecorded,
    stage: situation.stage,
  };
  return {
    ...facts,
    organisationIds,
    canOpenIdentity: identityVisible(facts),
    canWork: canWorkOn(facts),
  };
}

/**
 * Identities open only to people who signed in with a second factor, whatever the city's 2FA
 * setting for their role: a stolen password alone must never show who is at risk. Checked on every
 * route that returns identity or restricted texts (reveal, persons, duplicate check, referral
 * opening, subject access).
 */
export function requireTwoFactorForIdentity(signedIn: { twoFactorEnabled: boolean } | null): void {
  if (!signedIn?.twoFactorEnabled) {
    throw new AppError('two-factor-required', 403, 'Opening identities needs two-factor sign-in');
  }
}
