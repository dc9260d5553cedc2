import { and, asc, eq, gte, isNull, or, gt } from 'drizzle-orm';
import {
  communityBlocks,
  type CommunityBlock,
  type CommunitySettings,
  type CommunitySettingsInput,
  type PublicEvent,
} from '../../../contracts/community.contract.js';
import type { AuditActor } from '../../platform/audit/audit.js';
import { appendAudit } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/index.js';
import { suppressCounts } from '../../platform/disclosure.js';
import { notFound } from '../../platform/errors.js';
import { authorize, type Actor } from '../../platform/policy.js';
import { city } from '../cities/index.js';
import { organisation } from '../network/index.js';
import { torVersion } from '../tor/index.js';
import { communitySettings, publicEvent } from './community.table.js';
import type { PageCache } from './community.cache.js';
import { publicActionPlan, publicConsultations, publicReports } from './community.blocks.js';
import { publicRisks } from './community.blocks.js';

type SettingsRow = typeof communitySettings.$inferSelect;

const nothingPublished = Object.fromEntries(communityBlocks.map((b) => [b, false])) as Record<
  CommunityBlock,
  boolean
>;

export interface PublicSettings {
  published: Record<CommunityBlock, boolean>;
  explainerExtra: string;
  contact: string;
  emergencyNumbers: string;
  neighbourhoods: string[];
  updatedAt: Date | null;
}

function toSettings(row: SettingsRow | undefined): PublicSettings {
  if (!row)
    return {
      published: { ...nothingPublished },
      explainerExtra: '',
      contact: '',
      emergencyNumbers: '',
      neighbourhoods: [],
      updatedAt: null,
    };
  return {
    published: Object.fromEntries(communityBlocks.map((b) => [b, row.published[b] === true])) as Record<
      CommunityBlock,
      boolean
    >,
    explainerExtra: row.explainerExtra,
    contact: row.contact,
    emergencyNumbers: row.emergencyNumbers,
    neighbourhoods: row.neighbourhoods,
    updatedAt: row.updatedAt,
  };
}

/** A city's public-page settings (defaults: nothing published). Used by the safe space too. */
export async function loadSettings(db: Db, cityId: string): Promise<PublicSettings> {
  const [row] = await db.select().from(communitySettings).where(eq(communitySettings.cityId, cityId));
  return toSettings(row);
}

export async function cityBySlug(db: Db, slug: string) {
  const [row] = await db
    .select({ id: city.id, name: city.name, slug: city.slug, defaultLocale: city.defaultLocale })
    .from(city)
    .where(eq(city.slug, slug));
  return row ?? null;
}

async function slugOf(db: Db, cityId: string): Promise<string> {
  const [row] = await db.select({ slug: city.slug }).from(city).where(eq(city.id, cityId));
  if (!row) throw notFound();
  return row.slug;
}

function view(slug: string, s: PublicSettings): CommunitySettings {
  return {
    slug,
    published: s.published,
    explainerExtra: s.explainerExtra,
    contact: s.contact,
    emergencyNumbers: s.emergencyNumbers,
    neighbourhoods: s.neighbourhoods,
    updatedAt: s.updatedAt ? s.updatedAt.toISOString() : null,
  };
}

export async function getSettings(db: Db, actor: Actor, cityId: string): Promise<CommunitySettings> {
  authorize(actor, 'community.manage');
  return view(await slugOf(db, cityId), await loadSettings(db, cityId));
}

export async function updateSettings(
  db: Db,
  cache: PageCache,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  input: CommunitySettingsInput,
): Promise<CommunitySettings> {
  authorize(actor, 'community.manage');
  const slug = await slugOf(db, cityId);
  const neighbourhoods = [...new Set(input.neighbourhoods)];
  const values = {
    published: input.published,
    explainerExtra: input.explainerExtra,
    contact: input.contact,
    emergencyNumbers: input.emergencyNumbers,
    neighbourhoods,
    updatedAt: new Date(),
  };
  await db.transaction(async (tx) => {
    const before = await loadSettings(tx as unknown as Db, cityId);
    await tx
      .insert(communitySettings)
      .values({ cityId, ...values })
      .onConflictDoUpdate({ target: communitySettings.cityId, set: values });
    const changed = [
      ...communityBlocks
        .filter((b) => before.published[b] !== input.published[b])
        .map((b) => `published.${b}`),
      ...(['explainerExtra', 'contact', 'emergencyNumbers'] as const).filter((f) => before[f] !== input[f]),
      ...(JSON.stringify(before.neighbourhoods) !== JSON.stringify(neighbourhoods) ? ['neighbourhoods'] : []),
    ];
    await appendAudit(tx as unknown as Db, cityId, auditActor, {
      action: 'update',
      recordType: 'community_settings',
      recordId: cityId,
      fields: changed,
    });
  });
  cache.invalidate(slug);
  return view(slug, await loadSettings(db, cityId));
}

const eventView = (e: typeof publicEvent.$inferSelect): PublicEvent => ({
  id: e.id,
  title: e.title,
  startsAt: e.startsAt.toISOString(),
  endsAt: e.endsAt ? e.endsAt.toISOString() : null,
  place: e.place,
});

export async function listEvents(db: Db, actor: Actor, cityId: string) {
  authorize(actor, 'community.manage');
  const rows = await db
    .select()
    .from(publicEvent)
    .where(eq(publicEvent.cityId, cityId))
    .orderBy(asc(publicEvent.startsAt));
  return { items: rows.map(eventView) };
}

export async function createEvent(
  db: Db,
  cache: PageCache,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  input: { title: string; startsAt: string; endsAt: string | null; place: string },
): Promise<PublicEvent> {
  authorize(actor, 'community.manage');
  const slug = await slugOf(db, cityId);
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(publicEvent)
      .values({
        cityId,
        title: input.title,
        startsAt: new Date(input.startsAt),
        endsAt: input.endsAt ? new Date(input.endsAt) : null,
        place: input.place,
      })
      .returning();
    await appendAudit(tx as unknown as Db, cityId, auditActor, {
      action: 'create',
      recordType: 'public_event',
      recordId: created.id,
    });
    return created;
  });
  cache.invalidate(slug);
  return eventView(row);
}

export async function deleteEvent(
  db: Db,
  cache: PageCache,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  eventId: string,
): Promise<void> {
  authorize(actor, 'community.manage');
  const slug = await slugOf(db, cityId);
  await db.transaction(async (tx) => {
    const deleted = await tx
      .delete(publicEvent)
      .where(and(eq(publicEvent.cityId, cityId), eq(publicEvent.id, eventId)))
      .returning({ id: publicEvent.id });
    if (!deleted.length) throw notFound();
    await appendAudit(tx as unknown as Db, cityId, auditActor, {
      action: 'delete',
      recordType: 'public_event',
      recordId: eventId,
    });
  });
  cache.invalidate(slug);
}

/** Formal member organisations still in: the names of those that consented, and a suppressed count. */
export async function organisationsBlock(db: Db, cityId: string, now: Date) {
  const today = now.toISOString().slice(0, 10);
  const rows = await db
    .select({ name: organisation.name, consent: organisation.publicListingConsent })
    .from(organisation)
    .where(
      and(
        eq(organisation.cityId, cityId),
        eq(organisation.membershipKind, 'formal'),
        or(isNull(organisation.leftOn), gt(organisation.leftOn, today)),
      ),
    )
    .orderBy(asc(organisation.name));
  const listed = rows.filter((r) => r.consent).map((r) => r.name);
  // The count of member organisations goes through the product's one disclosure control.
  const total = suppressCounts([listed.length, rows.length - listed.length]).total.value;
  return { names: listed, total };
}

/** Everything the public page may show, each block only when published. Null when no such city. */
export async function publicPageData(db: Db, slug: string, now = new Date()) {
  const cityRow = await cityBySlug(db, slug);
  if (!cityRow) return null;
  const settings = await loadSettings(db, cityRow.id);
  const p = settings.published;
  const [tor] =
    p.mandate || p.decisions
      ? await db
          .select()
          .from(torVersion)
          .where(and(eq(torVersion.cityId, cityRow.id), eq(torVersion.status, 'adopted')))
      : [];
  const organisations = p.organisations ? await organisationsBlock(db, cityRow.id, now) : null;
  const events = p.events
    ? (
        await db
          .select()
          .from(publicEvent)
          .where(and(eq(publicEvent.cityId, cityRow.id), gte(publicEvent.startsAt, now)))
          .orderBy(asc(publicEvent.startsAt))
          .limit(20)
      ).map(eventView)
    : [];
  return {
    city: cityRow,
    settings,
    mandate:
      p.mandate && tor
        ? {
            publicSummary: tor.publicSummary,
            items: (['a', 'b', 'c', 'd', 'e', 'f'] as const)
              .filter((k) => tor.sections.mandate[k].enabled)
              .map((k) => ({ item: k, scope: tor.sections.mandate[k].scope })),
            adoptedAt: tor.adoptedAt,
          }
        : null,
    decisions: p.decisions && tor ? tor.sections.decisionRules : null,
    organisations,
    events,
    actionPlan: p.actionPlan ? await publicActionPlan(db, cityRow.id) : null,
    consultations: p.consultations ? await publicConsultations(db, cityRow.id) : null,
    reports: p.reports ? await publicReports(db, cityRow.id) : null,
    risks: p.risks ? await publicRisks(db, cityRow.id) : null,
  };
}
export type PublicPageData = NonNullable<Awaited<ReturnType<typeof publicPageData>>>;
