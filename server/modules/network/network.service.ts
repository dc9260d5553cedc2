import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  inArray,
  isNull,
  lt,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import type {
  CaseWorkflow,
  EnabledModules,
  MandateView,
  NetworkView,
  OrganisationView,
  RepresentativeView,
  SectorId,
} from '../../../contracts/network.contract.js';
import type { Db } from '../../platform/db/index.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import { authorize, can, type Actor } from '../../platform/policy.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import { user } from '../../platform/auth/auth.table.js';
import { membership } from '../people/index.js';
import { torAcknowledgement, torVersion } from '../tor/index.js';
import { actionItem, attendance, meeting } from '../meetings/index.js';
import { network, organisation, representative, type Mandate } from './network.table.js';
import { getTemplate, listTemplates, MANDATE_ITEMS } from './network.templates.js';

type NetworkRow = typeof network.$inferSelect;
type OrganisationRow = typeof organisation.$inferSelect;
type RepresentativeRow = typeof representative.$inferSelect;

const asDb = (tx: unknown) => tx as Db;
export const today = () => new Date().toISOString().slice(0, 10);

function validation(path: string, message: string): AppError {
  return new AppError('validation', 400, message, [{ path, code: 'invalid', message }]);
}

export function templates() {
  return listTemplates();
}

// ---------------------------------------------------------------------------------------------
// Mandate

/** The mandate in force: the adopted ToR version's, if there is one, else the network's own. */
export async function effectiveMandateOf(
  db: Db,
  cityId: string,
): Promise<{ mandate: Mandate; source: 'tor' | 'network' } | null> {
  const [adopted] = await db
    .select({ sections: torVersion.sections })
    .from(torVersion)
    .where(and(eq(torVersion.cityId, cityId), eq(torVersion.status, 'adopted')))
    .orderBy(desc(torVersion.version))
    .limit(1);
  if (adopted?.sections?.mandate) return { mandate: adopted.sections.mandate, source: 'tor' };
  const [row] = await db.select({ mandate: network.mandate }).from(network).where(eq(network.cityId, cityId));
  return row ? { mandate: row.mandate, source: 'network' } : null;
}

/** For other modules: the mandate in force, or null when the city has no network yet. */
export async function effectiveMandate(db: Db, cityId: string): Promise<Mandate | null> {
  return (await effectiveMandateOf(db, cityId))?.mandate ?? null;
}

/** For other modules: whether mandate item a–f is on in the mandate in force (false without a network). */
export async function isMandated(db: Db, cityId: string, item: keyof Mandate): Promise<boolean> {
  return Boolean((await effectiveMandate(db, cityId))?.[item]?.enabled);
}

export function modulesFor(mandate: Mandate): EnabledModules {
  const on = (item: keyof Mandate) => Boolean(mandate[item]?.enabled);
  return {
    riskMap: on('a'),
    actionPlan: on('b') || on('f'),
    stakeholders: on('c') || on('d'),
    cases: on('d'),
    nationalCoordination: on('e'),
  };
}

// ---------------------------------------------------------------------------------------------
// Network

async function findNetwork(db: Db, cityId: string): Promise<NetworkRow | undefined> {
  const [row] = await db.select().from(network).where(eq(network.cityId, cityId));
  return row;
}

async function toNetworkView(db: Db, row: NetworkRow): Promise<NetworkView> {
  const effective = (await effectiveMandateOf(db, row.cityId)) ?? {
    mandate: row.mandate,
    source: 'network' as const,
  };
  return {
    cityId: row.cityId,
    name: row.name,
    description: row.description,
    templateId: row.templateId,
    templateVersion: row.templateVersion,
    sectors: row.sectors,
    meetingCadence: row.meetingCadence,
    mandate: row.mandate as MandateView,
    caseWorkflow: row.caseWorkflow as CaseWorkflow,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    effectiveMandate: effective.mandate as MandateView,
    mandateSource: effective.source,
    enabledModules: modulesFor(effective.mandate),
  };
}

export async function getNetwork(db: Db, actor: Actor, cityId: string): Promise<NetworkView> {
  authorize(actor, 'network.read');
  const row = await findNetwork(db, cityId);
  if (!row) throw notFound();
  return toNetworkView(db, row);
}

function requireTemplate(templateId: string) {
  const template = getTemplate(templateId);
  if (!template) throw validation('body.templateId', 'unknown template');
  return template;
}

export async function createNetwork(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  input: { templateId: string; name?: string },
): Promise<NetworkView> {
  authorize(actor, 'network.manage');
  const template = requireTemplate(input.templateId);
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(network)
      .values({
        cityId,
        name: input.name ?? template.name,
        description: '',
        templateId: template.id,
        templateVersion: String(template.version),
        sectors: template.sectors,
        meetingCadence: template.meetingCadence.frequency,
        mandate: template.mandate,
        caseWorkflow: template.caseWorkflow,
      })
      .onConflictDoNothing()
      .returning();
    if (!created) throw conflict('This city already has a network');
    await appendAudit(asDb(tx), cityId, auditActor, {
      action: 'create',
      recordType: 'network',
      recordId: cityId,
      fields: [
        'name',
        'templateId',
        'templateVersion',
        'sectors',
        'meetingCadence',
        'mandate',
        'caseWorkflow',
      ],
    });
    return created;
  });
  return toNetworkView(db, row);
}

export async function updateNetwork(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  changes: {
    name?: string;
    description?: string;
    sectors?: SectorId[];
    meetingCadence?: string;
    mandate?: Mandate;
    caseWorkflow?: CaseWorkflow;
  },
): Promise<NetworkView> {
  authorize(actor, 'network.manage');
  const existing = await findNetwork(db, cityId);
  if (!existing) throw notFound();
  const set: Partial<typeof network.$inferInsert> = {};
  const fields: string[] = [];
  for (const key of [
    'name',
    'description',
    'sectors',
    'meetingCadence',
    'mandate',
    'caseWorkflow',
  ] as const) {
    const value = changes[key];
    if (value === undefined) continue;
    if (JSON.stringify(value) === JSON.stringify(existing[key])) continue;
    if (key === 'sectors') set.sectors = [...new Set(value as string[])];
    else (set as Record<string, unknown>)[key] = value;
    fields.push(key);
  }
  const mandate = (set.mandate ?? existing.mandate) as Mandate;
  const workflow = (set.caseWorkflow ?? existing.caseWorkflow) as CaseWorkflow;
  if (workflow.kind !== 'none' && !mandate.d.enabled && (set.mandate || set.caseWorkflow)) {
    throw validation('body.caseWorkflow.kind', 'case work needs mandate item d (referrals)');
  }
  if (!fields.length) return toNetworkView(db, existing);
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(network)
      .set({ ...set, updatedAt: new Date() })
      .where(eq(network.cityId, cityId))
      .returning();
    await appendAudit(asDb(tx), cityId, auditActor, {
      action: 'update',
      recordType: 'network',
      recordId: cityId,
      fields,
    });
    return updated;
  });
  return toNetworkView(db, row);
}

/**
 * Switches the template of a running network (docs/TEMPLATES.md): adds the new template's
 * sectors, switches on mandate items it enables, fills only empty text, never removes anything.
 */
export async function switchTemplate(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  templateId: string,
) {
  authorize(actor, 'network.manage');
  const template = requireTemplate(templateId);
  const existing = await findNetwork(db, cityId);
  if (!existing) throw notFound();

  const addedSectors = template.sectors.filter((s) => !existing.sectors.includes(s));
  const mandate = structuredClone(existing.mandate);
  const mandateItemsEnabled: string[] = [];
  const mandateScopesFilled: string[] = [];
  for (const item of MANDATE_ITEMS) {
    const mine = mandate[item];
    const theirs = template.mandate[item];
    if (!mine.scope.trim() && theirs.scope.trim()) {
      mine.scope = theirs.scope;
      mandateScopesFilled.push(item);
    }
    if (!mine.enabled && theirs.enabled) {
      mine.enabled = true;
      mandateItemsEnabled.push(item);
    }
  }
  let caseWorkflow = existing.caseWorkflow as CaseWorkflow;
  let workflowChange: 'unchanged' | 'adopted-from-template' | 'settings-added' = 'unchanged';
  const caseWorkflowFieldsAdded: string[] = [];
  if (caseWorkflow.kind === 'none' && template.caseWorkflow.kind !== 'none') {
    caseWorkflow = structuredClone(template.caseWorkflow);
    workflowChange = 'adopted-from-template';
  } else if (caseWorkflow.kind !== 'none' && template.caseWorkflow.kind !== 'none') {
    const merged: Record<string, unknown> = { ...caseWorkflow };
    for (const [key, value] of Object.entries(template.caseWorkflow)) {
      if (key === 'kind' || merged[key] !== undefined) continue;
      merged[key] = value;
      caseWorkflowFieldsAdded.push(key);
    }
    if (caseWorkflowFieldsAdded.length) {
      caseWorkflow = merged as CaseWorkflow;
      workflowChange = 'settings-added';
    }
  }
  const descriptionFilled = !existing.description.trim();
  const changes = {
    fromTemplate: { id: existing.templateId, version: existing.templateVersion },
    toTemplate: { id: template.id, version: String(template.version) },
    addedSectors,
    mandateItemsEnabled,
    mandateScopesFilled,
    caseWorkflow: workflowChange,
    caseWorkflowFieldsAdded,
    descriptionFilled,
  };
  const fields = ['templateId', 'templateVersion'];
  if (addedSectors.length) fields.push('sectors');
  if (mandateItemsEnabled.length || mandateScopesFilled.length) fields.push('mandate');
  if (workflowChange !== 'unchanged') fields.push('caseWorkflow');
  if (descriptionFilled) fields.push('description');
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(network)
      .set({
        templateId: template.id,
        templateVersion: String(template.version),
        sectors: [...existing.sectors, ...addedSectors],
        mandate,
        caseWorkflow,
        description: descriptionFilled ? template.description : existing.description,
        updatedAt: new Date(),
      })
      .where(eq(network.cityId, cityId))
      .returning();
    await appendAudit(asDb(tx), cityId, auditActor, {
      action: 'switch-template',
      recordType: 'network',
      recordId: cityId,
      fields,
    });
    return updated;
  });
  return { network: await toNetworkView(db, row), changes };
}

// ---------------------------------------------------------------------------------------------
// Organisations and representatives

function isActive(row: { leftOn: string | null }, on = today()): boolean {
  return row.leftOn === null || row.leftOn > on;
}

function toRepresentative(row: RepresentativeRow): RepresentativeView {
  return {
    id: row.id,
    organisationId: row.organisationId,
    displayName: row.displayName,
    userId: row.userId,
    networkRole: row.networkRole as RepresentativeView['networkRole'],
    joinedOn: row.joinedOn,
    leftOn: row.leftOn,
  };
}

function toOrganisation(
  row: OrganisationRow & { recorderName?: string | null },
  reps: RepresentativeRow[] | null,
): OrganisationView {
  return {
    id: row.id,
    name: row.name,
    sector: row.sector as SectorId,
    membershipKind: row.membershipKind as OrganisationView['membershipKind'],
    publicListingConsent: row.publicListingConsent,
    consentRecordedAt: row.consentRecordedAt?.toISOString() ?? null,
    consentRecordedBy: row.consentRecordedBy
      ? { userId: row.consentRecordedBy, name: row.recorderName ?? null }
      : null,
    joinedOn: row.joinedOn,
    leftOn: row.leftOn,
    active: isActive(row),
    notes: reps ? row.notes : null,
    representatives: reps ? reps.map(toRepresentative) : null,
  };
}

const organisationColumns = { ...getTableColumns(organisation), recorderName: user.name };

async function selectOrganisations(db: Db, cityId: string, extra: SQL[] = []) {
  return db
    .select(organisationColumns)
    .from(organisation)
    .leftJoin(user, eq(user.id, organisation.consentRecordedBy))
    .where(and(eq(organisation.cityId, cityId), ...extra))
    .orderBy(asc(sql`lower(${organisation.name})`), asc(organisation.id));
}

async function representativesOf(db: Db, cityId: string, organisationIds: string[]) {
  if (!organisationIds.length) return new Map<string, RepresentativeRow[]>();
  const rows = await db
    .select()
    .from(representative)
    .where(and(eq(representative.cityId, cityId), inArray(representative.organisationId, organisationIds)))
    .orderBy(asc(representative.joinedOn), asc(representative.displayName));
  const byOrg = new Map<string, RepresentativeRow[]>();
  for (const row of rows) byOrg.set(row.organisationId, [...(byOrg.get(row.organisationId) ?? []), row]);
  return byOrg;
}

export async function listOrganisations(
  db: Db,
  actor: Actor,
  cityId: string,
  query: { sector?: string; kind?: string; active?: 'true' | 'false' },
): Promise<{ items: OrganisationView[] }> {
  authorize(actor, 'organisations.read');
  const full = can(actor, 'organisations.read-unlisted');
  const conditions: SQL[] = [];
  if (query.sector) conditions.push(eq(organisation.sector, query.sector));
  if (query.kind) conditions.push(eq(organisation.membershipKind, query.kind));
  const on = today();
  if (query.active === 'true') conditions.push(or(isNull(organisation.leftOn), gt(organisation.leftOn, on))!);
  if (query.active === 'false') conditions.push(sql`${organisation.leftOn} <= ${on}`);
  if (!full) conditions.push(eq(organisation.publicListingConsent, true));
  const rows = await selectOrganisations(db, cityId, conditions);
  const reps = full
    ? await representativesOf(
        db,
        cityId,
        rows.map((r) => r.id),
      )
    : null;
  return {
    items: rows.map((row) =>
      full
        ? toOrganisation(row, reps!.get(row.id) ?? [])
        : toOrganisation({ ...row, recorderName: null, consentRecordedBy: null }, null),
    ),
  };
}

async function organisationView(db: Db, cityId: string, organisationId: string): Promise<OrganisationView> {
  const [row] = await selectOrganisations(db, cityId, [eq(organisation.id, organisationId)]);
  if (!row) throw notFound();
  const reps = await representativesOf(db, cityId, [organisationId]);
  return toOrganisation(row, reps.get(organisationId) ?? []);
}

async function requireOrganisation(db: Db, cityId: string, organisationId: string) {
  const [row] = await db
    .select()
    .from(organisation)
    .where(and(eq(organisation.cityId, cityId), eq(organisation.id, organisationId)));
  if (!row) throw notFound();
  return row;
}

export async function createOrganisation(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  input: {
    name: string;
    sector: string;
    membershipKind: string;
    joinedOn?: string;
    notes?: string;
    publicListingConsent?: boolean;
  },
): Promise<OrganisationView> {
  authorize(actor, 'organisations.manage');
  const id = await db.transaction(async (tx) => {
    const consent = input.publicListingConsent === true;
    const [created] = await tx
      .insert(organisation)
      .values({
        cityId,
        name: input.name,
        sector: input.sector,
        membershipKind: input.membershipKind,
        joinedOn: input.joinedOn ?? today(),
        notes: input.notes ?? '',
        publicListingConsent: consent,
        consentRecordedAt: consent ? new Date() : null,
        consentRecordedBy: consent ? actor.userId || null : null,
      })
      .returning({ id: organisation.id });
    const fields = ['name', 'sector', 'membershipKind', 'joinedOn'];
    if (input.notes) fields.push('notes');
    if (consent) fields.push('publicListingConsent');
    await appendAudit(asDb(tx), cityId, auditActor, {
      action: 'create',
      recordType: 'organisation',
      recordId: created.id,
      fields,
    });
    return created.id;
  });
  return organisationView(db, cityId, id);
}

export async function updateOrganisation(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  organisationId: string,
  changes: { name?: string; sector?: string; membershipKind?: string; joinedOn?: string; notes?: string },
): Promise<OrganisationView> {
  authorize(actor, 'organisations.manage');
  const existing = await requireOrganisation(db, cityId, organisationId);
  const set: Partial<typeof organisation.$inferInsert> = {};
  const fields: string[] = [];
  for (const key of ['name', 'sector', 'membershipKind', 'joinedOn', 'notes'] as const) {
    const value = changes[key];
    if (value === undefined || value === existing[key]) continue;
    set[key] = value;
    fields.push(key);
  }
  const joinedOn = set.joinedOn ?? existing.joinedOn;
  if (existing.leftOn && joinedOn > existing.leftOn) {
    throw validation('body.joinedOn', 'joinedOn must not be after leftOn');
  }
  if (fields.length) {
    await db.transaction(async (tx) => {
      await tx
        .update(organisation)
        .set(set)
        .where(and(eq(organisation.cityId, cityId), eq(organisation.id, organisationId)));
      await appendAudit(asDb(tx), cityId, auditActor, {
        action: 'update',
        recordType: 'organisation',
        recordId: organisationId,
        fields,
      });
    });
  }
  return organisationView(db, cityId, organisationId);
}

/** An organisation leaves: leftOn is set, everything it took part in stays. */
export async function leaveOrganisation(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  organisationId: string,
  leftOn = today(),
): Promise<OrganisationView> {
  authorize(actor, 'organisations.manage');
  const existing = await requireOrganisation(db, cityId, organisationId);
  if (existing.leftOn) throw conflict('This organisation has already left the network');
  if (leftOn < existing.joinedOn) throw validation('body.leftOn', 'leftOn must not be before joinedOn');
  await db.transaction(async (tx) => {
    await tx
      .update(organisation)
      .set({ leftOn })
      .where(and(eq(organisation.cityId, cityId), eq(organisation.id, organisationId)));
    // Its representatives leave with it (their history stays).
    await tx
      .update(representative)
      .set({ leftOn })
      .where(
        and(
          eq(representative.cityId, cityId),
          eq(representative.organisationId, organisationId),
          isNull(representative.leftOn),
        ),
      );
    await appendAudit(asDb(tx), cityId, auditActor, {
      action: 'leave',
      recordType: 'organisation',
      recordId: organisationId,
      fields: ['leftOn'],
    });
  });
  return organisationView(db, cityId, organisationId);
}

/** Records (or withdraws) consent to public listing, with who recorded it and when. */
export async function setConsent(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  organisationId: string,
  consent: boolean,
): Promise<OrganisationView> {
  authorize(actor, 'organisations.manage');
  await requireOrganisation(db, cityId, organisationId);
  await db.transaction(async (tx) => {
    await tx
      .update(organisation)
      .set({
        publicListingConsent: consent,
        consentRecordedAt: new Date(),
        consentRecordedBy: actor.userId || null,
      })
      .where(and(eq(organisation.cityId, cityId), eq(organisation.id, organisationId)));
    await appendAudit(asDb(tx), cityId, auditActor, {
      action: consent ? 'consent-recorded' : 'consent-withdrawn',
      recordType: 'organisation',
      recordId: organisationId,
      fields: ['publicListingConsent'],
    });
  });
  return organisationView(db, cityId, organisationId);
}

async function requireCityMember(db: Db, cityId: string, userId: string) {
  const [row] = await db
    .select({ userId: membership.userId })
    .from(membership)
    .where(and(eq(membership.cityId, cityId), eq(membership.userId, userId)));
  if (!row) throw validation('body.userId', 'not a member of this city');
}

export async function addRepresentative(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  organisationId: string,
  input: { displayName: string; userId?: string | null; networkRole: string; joinedOn?: string },
): Promise<RepresentativeView> {
  authorize(actor, 'organisations.manage');
  await requireOrganisation(db, cityId, organisationId);
  if (input.userId) await requireCityMember(db, cityId, input.userId);
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(representative)
      .values({
        cityId,
        organisationId,
        displayName: input.displayName,
        userId: input.userId ?? null,
        networkRole: input.networkRole,
        joinedOn: input.joinedOn ?? today(),
      })
      .returning();
    await appendAudit(asDb(tx), cityId, auditActor, {
      action: 'create',
      recordType: 'representative',
      recordId: created.id,
      fields: [
        'organisationId',
        'displayName',
        'networkRole',
        'joinedOn',
        ...(input.userId ? ['userId'] : []),
      ],
    });
    return toRepresentative(created);
  });
}

export async function updateRepresentative(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  organisationId: string,
  representativeId: string,
  changes: {
    displayName?: string;
    userId?: string | null;
    networkRole?: string;
    joinedOn?: string;
    leftOn?: string | null;
  },
): Promise<RepresentativeView> {
  authorize(actor, 'organisations.manage');
  const [existing] = await db
    .select()
    .from(representative)
    .where(
      and(
        eq(representative.cityId, cityId),
        eq(representative.organisationId, organisationId),
        eq(representative.id, representativeId),
      ),
    );
  if (!existing) throw notFound();
  if (changes.userId) await requireCityMember(db, cityId, changes.userId);
  const set: Partial<typeof representative.$inferInsert> = {};
  const fields: string[] = [];
  for (const key of ['displayName', 'userId', 'networkRole', 'joinedOn', 'leftOn'] as const) {
    const value = changes[key];
    if (value === undefined || value === existing[key]) continue;
    (set as Record<string, unknown>)[key] = value;
    fields.push(key);
  }
  const joinedOn = set.joinedOn ?? existing.joinedOn;
  const leftOn = set.leftOn !== undefined ? set.leftOn : existing.leftOn;
  if (leftOn && leftOn < joinedOn) throw validation('body.leftOn', 'leftOn must not be before joinedOn');
  if (!fields.length) return toRepresentative(existing);
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(representative)
      .set(set)
      .where(and(eq(representative.cityId, cityId), eq(representative.id, representativeId)))
      .returning();
    await appendAudit(asDb(tx), cityId, auditActor, {
      action: 'update',
      recordType: 'representative',
      recordId: representativeId,
      fields,
    });
    return toRepresentative(updated);
  });
}

// ---------------------------------------------------------------------------------------------
// Chair's dashboard

function monthsBack(now: Date, count: number): string[] {
  const months: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    months.push(d.toISOString().slice(0, 7));
  }
  return months;
}

export async function getDashboard(db: Db, actor: Actor, cityId: string, now = new Date()) {
  authorize(actor, 'dashboard.read');
  const on = now.toISOString().slice(0, 10);
  const orgs = await db
    .select({
      id: organisation.id,
      sector: organisation.sector,
      membershipKind: organisation.membershipKind,
      joinedOn: organisation.joinedOn,
      leftOn: organisation.leftOn,
    })
    .from(organisation)
    .where(eq(organisation.cityId, cityId));

  // Active members by sector.
  const bySector = new Map<string, { formal: number; external: number }>();
  const activeTotals = { formal: 0, external: 0 };
  for (const org of orgs) {
    if (!isActive(org, on)) continue;
    const kind = org.membershipKind === 'formal' ? 'formal' : 'external';
    const entry = bySector.get(org.sector) ?? { formal: 0, external: 0 };
    entry[kind]++;
    activeTotals[kind]++;
    bySector.set(org.sector, entry);
  }
  const activeBySector = [...bySector]
    .map(([sector, counts]) => ({ sector: sector as SectorId, ...counts }))
    .sort((a, b) => b.formal + b.external - (a.formal + a.external) || a.sector.localeCompare(b.sector));

  // Attendance trend: per month, present formal organisations / formal organisations active on the day.
  const months = monthsBack(now, 12);
  const from = new Date(`${months[0]}-01T00:00:00Z`);
  const held = await db
    .select({ id: meeting.id, startsAt: meeting.startsAt })
    .from(meeting)
    .where(
      and(
        eq(meeting.cityId, cityId),
        eq(meeting.status, 'held'),
        gte(meeting.startsAt, from),
        lt(meeting.startsAt, now),
      ),
    );
  const present = held.length
    ? await db
        .select({ meetingId: attendance.meetingId, organisationId: attendance.organisationId })
        .from(attendance)
        .where(
          and(
            eq(attendance.cityId, cityId),
            eq(attendance.present, true),
            inArray(
              attendance.meetingId,
              held.map((m) => m.id),
            ),
          ),
        )
    : [];
  const presentByMeeting = new Map<string, Set<string>>();
  for (const row of present) {
    presentByMeeting.set(
      row.meetingId,
      (presentByMeeting.get(row.meetingId) ?? new Set()).add(row.organisationId),
    );
  }
  const perMonth = new Map(months.map((m) => [m, { meetings: 0, present: 0, expected: 0 }]));
  for (const m of held) {
    const day = m.startsAt.toISOString().slice(0, 10);
    const bucket = perMonth.get(day.slice(0, 7));
    if (!bucket) continue;
    const formal = orgs.filter((o) => o.membershipKind === 'formal' && o.joinedOn <= day && isActive(o, day));
    const here = presentByMeeting.get(m.id) ?? new Set();
    bucket.meetings++;
    bucket.expected += formal.length;
    bucket.present += formal.filter((o) => here.has(o.id)).length;
  }
  const attendanceTrend = months.map((month) => {
    const b = perMonth.get(month)!;
    return {
      month,
      meetings: b.meetings,
      rate: b.meetings && b.expected ? Math.round((b.present / b.expected) * 1000) / 1000 : null,
    };
  });

  // ToR acknowledgement of the adopted version.
  const [adopted] = await db
    .select({ id: torVersion.id, version: torVersion.version })
    .from(torVersion)
    .where(and(eq(torVersion.cityId, cityId), eq(torVersion.status, 'adopted')))
    .orderBy(desc(torVersion.version))
    .limit(1);
  const expectedPeople = await db
    .select({ userId: membership.userId })
    .from(membership)
    .where(and(eq(membership.cityId, cityId), inArray(membership.role, ['chair', 'coordinator', 'member'])));
  let acknowledged = 0;
  if (adopted && expectedPeople.length) {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(torAcknowledgement)
      .where(
        and(
          eq(torAcknowledgement.cityId, cityId),
          eq(torAcknowledgement.torVersionId, adopted.id),
          inArray(
            torAcknowledgement.userId,
            expectedPeople.map((p) => p.userId),
          ),
        ),
      );
    acknowledged = Number(row?.n ?? 0);
  }
  const expected = adopted ? expectedPeople.length : 0;
  const torAck = {
    version: adopted?.version ?? null,
    acknowledged,
    expected,
    rate: adopted && expected ? Math.round((acknowledged / expected) * 1000) / 1000 : null,
  };

  // Overdue action items: open, due before today.
  const overdueWhere = and(
    eq(actionItem.cityId, cityId),
    eq(actionItem.status, 'open'),
    lt(actionItem.dueOn, on),
  );
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(actionItem)
    .where(overdueWhere);
  const overdue = await db
    .select({ id: actionItem.id, title: actionItem.title, ownerName: user.name, dueOn: actionItem.dueOn })
    .from(actionItem)
    .leftJoin(user, eq(user.id, actionItem.ownerUserId))
    .where(overdueWhere)
    .orderBy(asc(actionItem.dueOn), asc(actionItem.id))
    .limit(20);

  return {
    today: on,
    activeBySector,
    activeOrganisations: activeTotals,
    attendanceTrend,
    torAcknowledgement: torAck,
    overdueActions: { count: Number(count?.n ?? 0), items: overdue },
  };
}
