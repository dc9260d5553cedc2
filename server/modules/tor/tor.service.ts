import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Locale } from '../../../contracts/route.js';
import { locales } from '../../../contracts/route.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/index.js';
import { conflict, notFound, AppError } from '../../platform/errors.js';
import { authorize, can, type Actor } from '../../platform/policy.js';
import { user } from '../../platform/auth/auth.table.js';
import { city } from '../cities/index.js';
import { membership } from '../people/index.js';
import { network, getTemplate, type Mandate } from '../network/index.js';
import { adoptionDecisions, adoptionIneligibility, decision } from '../meetings/index.js';
import { addCalendarMonths } from '../cases/index.js';
import { torAcknowledgement, torVersion, type TorSections } from './tor.table.js';
import { diffVersions } from './tor.diff.js';
import { torDocx, torPdf } from './tor.export.js';

/** Why a decision about another subject cannot adopt this version. */
const NOT_ABOUT_IT = 'the decision is not about adopting this version';

type VersionRow = typeof torVersion.$inferSelect;
const MANDATE_KEYS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
/** The people who acknowledge a ToR: the network's own roles. */
export const ACKNOWLEDGING_ROLES = ['chair', 'coordinator', 'member'] as const;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toSummary(row: VersionRow, acknowledged: boolean) {
  return {
    id: row.id,
    version: row.version,
    status: row.status as 'draft' | 'adopted' | 'superseded',
    title: row.title,
    language: row.language,
    basedOnVersion: row.basedOnVersion,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    adoptedAt: iso(row.adoptedAt),
    adoptedDecisionId: row.adoptedDecisionId,
    acknowledgedByMe: acknowledged,
  };
}

function toDetail(row: VersionRow, acknowledged: boolean) {
  return { ...toSummary(row, acknowledged), sections: row.sections, publicSummary: row.publicSummary };
}

async function myAcknowledgements(db: Db, cityId: string, userId: string): Promise<Set<string>> {
  const rows = await db
    .select({ id: torAcknowledgement.torVersionId })
    .from(torAcknowledgement)
    .where(and(eq(torAcknowledgement.cityId, cityId), eq(torAcknowledgement.userId, userId)));
  return new Set(rows.map((r) => r.id));
}

async function findVersion(db: Db, cityId: string, versionId: string): Promise<VersionRow> {
  const [row] = await db
    .select()
    .from(torVersion)
    .where(and(eq(torVersion.cityId, cityId), eq(torVersion.id, versionId)));
  if (!row) throw notFound();
  return row;
}

export async function findAdopted(db: Db, cityId: string): Promise<VersionRow | undefined> {
  const [row] = await db
    .select()
    .from(torVersion)
    .where(and(eq(torVersion.cityId, cityId), eq(torVersion.status, 'adopted')));
  return row;
}

/** The adopted ToR's mandate, or null while none is adopted (the network module switches modules on it). */
export async function getAdoptedMandate(db: Db, cityId: string): Promise<Mandate | null> {
  return (await findAdopted(db, cityId))?.sections.mandate ?? null;
}

/** The adopted ToR's decision rules, or null (meetings compute quorum from them). */
export async function getAdoptedDecisionRules(db: Db, cityId: string) {
  return (await findAdopted(db, cityId))?.sections.decisionRules ?? null;
}

export async function listVersions(db: Db, actor: Actor, cityId: string) {
  authorize(actor, 'tor.read');
  const rows = await db
    .select()
    .from(torVersion)
    .where(eq(torVersion.cityId, cityId))
    .orderBy(desc(torVersion.version));
  const acked = await myAcknowledgements(db, cityId, actor.userId);
  return { items: rows.map((r) => toSummary(r, acked.has(r.id))) };
}

export async function getVersion(db: Db, actor: Actor, cityId: string, versionId: string) {
  authorize(actor, 'tor.read');
  const row = await findVersion(db, cityId, versionId);
  return toDetail(row, (await myAcknowledgements(db, cityId, actor.userId)).has(row.id));
}

/** Starting sections from the city's network template (its ToR texts and mandate). */
export function sectionsFromTemplate(
  templateId: string,
  today = new Date(),
): { sections: TorSections; publicSummary: string } {
  const template = getTemplate(templateId) ?? getTemplate('custom');
  if (!template) throw new AppError('internal', 500, 'no structure template available');
  const textOf = (id: string) => template.torSections.find((s) => s.id === id)?.text ?? '';
  const rulesText = textOf('decision_rules').toLowerCase();
  return {
    publicSummary: textOf('mandate'),
    sections: {
      mandate: structuredClone(template.mandate),
      // The template's review text has no section of its own in the ToR: it goes with the structure.
      structure: [textOf('structure'), textOf('review')].filter(Boolean).join('\n\n'),
      roles: template.roles.map((r) => ({ role: r.title, responsibilities: r.responsibility })),
      communicationInternal: textOf('communication_internal'),
      communicationExternal: textOf('communication_external'),
      decisionRules: {
        quorum: { kind: 'share', value: 0.5 },
        method: rulesText.includes('majority') && !rulesText.includes('consensus') ? 'majority' : 'consensus',
        voters: 'formal-members',
      },
      legalFramework: textOf('legal_framework'),
      dataSharingBasis: template.dataSharingBasis ?? '',
      limits: textOf('mandate'),
      reviewDate: template.reviewCycleMonths ? addCalendarMonths(today, template.reviewCycleMonths) : null,
    },
  };
}

export async function createDraft(db: Db, actor: Actor, auditActor: AuditActor, cityId: string) {
  authorize(actor, 'tor.edit');
  const created = await db.transaction(async (tx) => {
    // Serialises draft creation per city (no key update: rows that reference the city are not blocked).
    const [cityRow] = await tx.select().from(city).where(eq(city.id, cityId)).for('no key update');
    if (!cityRow) throw notFound();
    const all = await tx
      .select()
      .from(torVersion)
      .where(eq(torVersion.cityId, cityId))
      .orderBy(desc(torVersion.version));
    if (all.some((v) => v.status === 'draft')) {
      throw conflict('There is already an open draft: edit or delete it first');
    }
    const adopted = all.find((v) => v.status === 'adopted');
    let start: { sections: TorSections; publicSummary: string; title: string; language: string };
    if (adopted) {
      start = {
        sections: structuredClone(adopted.sections),
        publicSummary: adopted.publicSummary,
        title: adopted.title,
        language: adopted.language,
      };
    } else {
      const [net] = await tx.select().from(network).where(eq(network.cityId, cityId));
      const language = (locales as readonly string[]).includes(cityRow.defaultLocale)
        ? cityRow.defaultLocale
        : 'en';
      start = {
        ...sectionsFromTemplate(net?.templateId ?? 'custom'),
        title: `${cityRow.name}`,
        language,
      };
      // A network's working mandate may already differ from its template: start from it.
      if (net) start.sections.mandate = structuredClone(net.mandate);
    }
    const [row] = await tx
      .insert(torVersion)
      .values({
        cityId,
        version: (all[0]?.version ?? 0) + 1,
        status: 'draft',
        title: start.title,
        language: start.language,
        sections: start.sections,
        publicSummary: start.publicSummary,
        basedOnVersion: adopted?.version ?? null,
        createdBy: actor.userId,
      })
      .returning();
    await appendAudit(tx as unknown as Db, cityId, auditActor, {
      action: 'create',
      recordType: 'tor_version',
      recordId: row.id,
      fields: ['title', 'sections', 'publicSummary'],
    });
    return row;
  });
  return toDetail(created, false);
}

export async function updateDraft(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  versionId: string,
  body: { title?: string; sections?: TorSections; publicSummary?: string },
) {
  authorize(actor, 'tor.edit');
  const updated = await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(torVersion)
      .where(and(eq(torVersion.cityId, cityId), eq(torVersion.id, versionId)))
      .for('update');
    if (!row) throw notFound();
    if (row.status !== 'draft')
      throw conflict('Only a draft can be edited: an adopted version never changes');
    const fields = (Object.keys(body) as (keyof typeof body)[]).filter((k) => body[k] !== undefined);
    const [next] = await tx
      .update(torVersion)
      .set({
        ...(body.title !== undefined ? { title: body.title } : {}),
        ...(body.sections !== undefined ? { sections: body.sections } : {}),
        ...(body.publicSummary !== undefined ? { publicSummary: body.publicSummary } : {}),
        updatedAt: new Date(),
      })
      .where(and(eq(torVersion.cityId, cityId), eq(torVersion.id, versionId)))
      .returning();
    await appendAudit(tx as unknown as Db, cityId, auditActor, {
      action: 'update',
      recordType: 'tor_version',
      recordId: versionId,
      fields,
    });
    return next;
  });
  return toDetail(updated, false);
}

export async function deleteDraft(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  versionId: string,
) {
  authorize(actor, 'tor.edit');
  await db.transaction(async (tx) => {
    const row = await findVersion(tx as unknown as Db, cityId, versionId);
    if (row.status !== 'draft') throw conflict('Only a draft can be deleted');
    await tx.delete(torVersion).where(and(eq(torVersion.cityId, cityId), eq(torVersion.id, versionId)));
    await appendAudit(tx as unknown as Db, cityId, auditActor, {
      action: 'delete',
      recordType: 'tor_version',
      recordId: versionId,
    });
  });
}

/** The decisions recorded about adopting this version (server/modules/meetings/meetings.adoption.ts). */
export async function listAdoptionDecisions(db: Db, actor: Actor, cityId: string, versionId: string) {
  authorize(actor, 'tor.read');
  await findVersion(db, cityId, versionId);
  return adoptionDecisions(db, cityId, 'tor-adoption', versionId, NOT_ABOUT_IT);
}

/**
 * Marks the version adopted on the decision and the previously adopted one superseded, audited.
 * Call inside the transaction that checked the decision (the demo seeder also uses it).
 */
export async function applyAdoption(
  tx: Db,
  cityId: string,
  auditActor: AuditActor,
  versionId: string,
  decisionId: string,
  at: Date,
): Promise<VersionRow> {
  const previous = await tx
    .update(torVersion)
    .set({ status: 'superseded', updatedAt: at })
    .where(and(eq(torVersion.cityId, cityId), eq(torVersion.status, 'adopted')))
    .returning({ id: torVersion.id });
  const [next] = await tx
    .update(torVersion)
    .set({ status: 'adopted', adoptedAt: at, adoptedDecisionId: decisionId, updatedAt: at })
    .where(and(eq(torVersion.cityId, cityId), eq(torVersion.id, versionId)))
    .returning();
  for (const p of previous) {
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'tor_version',
      recordId: p.id,
      fields: ['status'],
      reason: 'superseded',
    });
  }
  await appendAudit(tx, cityId, auditActor, {
    action: 'update',
    recordType: 'tor_version',
    recordId: versionId,
    fields: ['status', 'adoptedAt', 'adoptedDecisionId'],
    reason: 'adopted',
  });
  return next;
}

/** Adopts a draft on a passed decision of a meeting that had quorum; supersedes the adopted one. */
export async function adoptVersion(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  versionId: string,
  decisionId: string,
) {
  authorize(actor, 'tor.adopt');
  const adopted = await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(torVersion)
      .where(and(eq(torVersion.cityId, cityId), eq(torVersion.id, versionId)))
      .for('update');
    if (!row) throw notFound();
    if (row.status !== 'draft') throw conflict('Only a draft can be adopted');
    const [d] = await tx
      .select()
      .from(decision)
      .where(and(eq(decision.cityId, cityId), eq(decision.id, decisionId)));
    if (!d) throw conflict('No such decision was recorded in this city');
    const why = adoptionIneligibility(d, 'tor-adoption', versionId, NOT_ABOUT_IT);
    if (why) throw conflict(`This decision cannot adopt the version: ${why}`);
    return applyAdoption(tx as unknown as Db, cityId, auditActor, versionId, decisionId, new Date());
  });
  return toDetail(adopted, false);
}

export async function acknowledge(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  versionId: string,
) {
  authorize(actor, 'tor.acknowledge');
  return db.transaction(async (tx) => {
    const row = await findVersion(tx as unknown as Db, cityId, versionId);
    if (row.status === 'draft') throw conflict('Only an adopted version can be acknowledged');
    const [ack] = await tx
      .insert(torAcknowledgement)
      .values({ cityId, torVersionId: versionId, userId: actor.userId })
      .onConflictDoNothing()
      .returning();
    if (!ack) throw conflict('You have already acknowledged this version');
    await appendAudit(tx as unknown as Db, cityId, auditActor, {
      action: 'create',
      recordType: 'tor_acknowledgement',
      recordId: versionId,
    });
    return { acknowledgedAt: ack.acknowledgedAt.toISOString() };
  });
}

/** Who has and who has not acknowledged; without the right to see everyone, only oneself. */
export async function listAcknowledgements(db: Db, actor: Actor, cityId: string, versionId: string) {
  authorize(actor, 'tor.read');
  await findVersion(db, cityId, versionId);
  const seeAll = can(actor, 'tor.acknowledgements');
  const people = await db
    .select({ userId: membership.userId, name: user.name, role: membership.role })
    .from(membership)
    .innerJoin(user, eq(user.id, membership.userId))
    .where(
      and(
        eq(membership.cityId, cityId),
        inArray(membership.role, [...ACKNOWLEDGING_ROLES]),
        ...(seeAll ? [] : [eq(membership.userId, actor.userId)]),
      ),
    )
    .orderBy(asc(user.name));
  const acks = await db
    .select()
    .from(torAcknowledgement)
    .where(and(eq(torAcknowledgement.cityId, cityId), eq(torAcknowledgement.torVersionId, versionId)));
  const at = new Map(acks.map((a) => [a.userId, a.acknowledgedAt]));
  const items = people.map((p) => ({
    userId: p.userId,
    name: p.name,
    role: p.role,
    acknowledgedAt: iso(at.get(p.userId) ?? null),
  }));
  return { items, complete: items.every((i) => i.acknowledgedAt !== null) };
}

async function resolveVersion(db: Db, cityId: string, ref: string): Promise<VersionRow> {
  const where = /^\d+$/.test(ref)
    ? eq(torVersion.version, Number(ref))
    : /^[0-9a-f-]{36}$/i.test(ref)
      ? eq(torVersion.id, ref)
      : null;
  if (!where) throw notFound();
  const [row] = await db
    .select()
    .from(torVersion)
    .where(and(eq(torVersion.cityId, cityId), where));
  if (!row) throw notFound();
  return row;
}

export async function diff(db: Db, actor: Actor, cityId: string, fromRef: string, toRef: string) {
  authorize(actor, 'tor.read');
  const from = await resolveVersion(db, cityId, fromRef);
  const to = await resolveVersion(db, cityId, toRef);
  return { from: from.version, to: to.version, hunks: diffVersions(from, to) };
}

function summaryOf(cityName: string, row: VersionRow | undefined) {
  return {
    city: cityName,
    tor: row
      ? {
          title: row.title,
          version: row.version,
          adoptedAt: iso(row.adoptedAt),
          publicSummary: row.publicSummary,
          mandate: MANDATE_KEYS.filter((k) => row.sections.mandate[k].enabled).map((k) => ({
            item: k,
            scope: row.sections.mandate[k].scope,
          })),
        }
      : null,
  };
}

export async function citySummary(db: Db, actor: Actor, cityId: string) {
  authorize(actor, 'tor.read-summary');
  const [cityRow] = await db.select({ name: city.name }).from(city).where(eq(city.id, cityId));
  if (!cityRow) throw notFound();
  return summaryOf(cityRow.name, await findAdopted(db, cityId));
}

/** Public: no session; only the adopted version's summary and enabled mandate items. */
export async function publicSummary(db: Db, slug: string) {
  const [cityRow] = await db.select({ id: city.id, name: city.name }).from(city).where(eq(city.slug, slug));
  if (!cityRow) throw notFound();
  return summaryOf(cityRow.name, await findAdopted(db, cityRow.id));
}

export async function exportVersion(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  versionId: string,
  format: 'pdf' | 'docx',
  lang: Locale | undefined,
) {
  authorize(actor, 'tor.read');
  const row = await findVersion(db, cityId, versionId);
  let locale = lang;
  if (!locale) {
    const [cityRow] = await db
      .select({ defaultLocale: city.defaultLocale })
      .from(city)
      .where(eq(city.id, cityId));
    locale = (locales as readonly string[]).includes(cityRow?.defaultLocale ?? '')
      ? (cityRow.defaultLocale as Locale)
      : 'en';
  }
  const file = format === 'pdf' ? await torPdf(row, locale) : await torDocx(row, locale);
  await appendAudit(db, cityId, auditActor, {
    action: 'export',
    recordType: 'tor_version',
    recordId: versionId,
    reason: format,
  });
  return { file, filename: `tor-v${row.version}-${locale}.${format}` };
}
