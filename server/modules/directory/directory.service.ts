import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import {
  builtInServiceTypeCodes,
  builtInServiceTypes,
  datesInOrder,
  SERVICE_TYPE_VERSION,
  type DirectoryEntry,
  type entryInput,
  type entryPatchInput,
  type EntryQuery,
  type ServiceType,
  type serviceTypeInput,
} from '../../../contracts/directory.contract.js';
import { builtInRiskCategories } from '../../../contracts/risk-map.contract.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.js';
import { can, type Actor } from '../../platform/policy.js';
import { caseService } from '../cases/index.js';
import { effectiveMandate, organisation, representative, type Mandate } from '../network/index.js';
import { riskCategory, riskNeighbourhood } from '../risk-map/index.js';
import { directoryEntry, directoryEntryNeighbourhood, directoryServiceType } from './directory.table.js';

/*
 * The 3W directory (docs/DIRECTORY.md). The routes say who may try (server/platform/policy.ts); this
 * file checks the mandate (item c or d), the city of every id it is given, and who may see or edit
 * which entry: partners see entries shown to partners and their own organisation's; members and
 * partners edit only their own organisation's.
 */

export type EntryRow = typeof directoryEntry.$inferSelect;
export type EntryValues = z.infer<typeof entryInput>;
export type FieldError = { path: string; code: string; message: string };

export const inTx = <T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> =>
  db.transaction((txRaw) => work(txRaw as unknown as Db));
const validation = (errors: FieldError[]) =>
  new AppError('validation', 400, errors.map((e) => e.message).join('; '), errors);

/** Refuses everything of this module while neither mandate item (c) nor (d) is in force. */
export async function requireDirectory(db: Db, cityId: string): Promise<Mandate | null> {
  // One read of the mandate in force (the adopted ToR's, else the network's) for both items.
  const mandate = await effectiveMandate(db, cityId);
  if (!mandate?.c?.enabled && !mandate?.d?.enabled) {
    throw conflict('The directory is not part of the mandate in force (item c or d)');
  }
  return mandate;
}

/** A stable external id for an entry that came without one. */
export const newRef = (id: string) => `dir-${id.slice(0, 8)}`;

// ---------------------------------------------------------------------------------------------
// Service types

export async function listServiceTypes(
  db: Db,
  cityId: string,
): Promise<{ version: number; items: ServiceType[] }> {
  await requireDirectory(db, cityId);
  return { version: SERVICE_TYPE_VERSION, items: await serviceTypesOf(db, cityId) };
}

/** Built-in and the city's own service types with the categories each answers (no mandate check). */
export async function serviceTypesOf(db: Db, cityId: string): Promise<ServiceType[]> {
  const own = await db
    .select()
    .from(directoryServiceType)
    .where(eq(directoryServiceType.cityId, cityId))
    .orderBy(asc(directoryServiceType.code));
  return [
    ...builtInServiceTypeCodes.map((code) => ({
      code,
      builtIn: true,
      labels: {},
      answers: [...builtInServiceTypes[code]] as string[],
    })),
    ...own.map((t) => ({ code: t.code, builtIn: false, labels: t.labels, answers: t.answers })),
  ];
}

/** The risk categories the city has: built-in and its own. */
export async function riskCategoriesOf(db: Db, cityId: string): Promise<string[]> {
  const own = await db
    .select({ code: riskCategory.code })
    .from(riskCategory)
    .where(eq(riskCategory.cityId, cityId));
  return [...builtInRiskCategories, ...own.map((c) => c.code)];
}

export async function addServiceType(
  db: Db,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  input: z.infer<typeof serviceTypeInput>,
): Promise<ServiceType> {
  await requireDirectory(db, cityId);
  if ((builtInServiceTypeCodes as string[]).includes(input.code)) {
    throw validation([
      { path: 'body.code', code: 'duplicate', message: 'a built-in service type already has this code' },
    ]);
  }
  const known = new Set(await riskCategoriesOf(db, cityId));
  const answers = [...new Set(input.answers)];
  const unknown = answers.findIndex((a) => !known.has(a));
  if (unknown >= 0) {
    throw validation([
      { path: `body.answers[${unknown}]`, code: 'unknown-category', message: 'unknown risk category' },
    ]);
  }
  const labels = Object.fromEntries(Object.entries(input.labels).filter(([, v]) => v));
  return inTx(db, async (tx) => {
    const [row] = await tx
      .insert(directoryServiceType)
      .values({ cityId, code: input.code, labels, answers, createdBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      throw validation([
        {
          path: 'body.code',
          code: 'duplicate',
          message: 'the city already has a service type with this code',
        },
      ]);
    }
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'directory_service_type',
      recordId: null,
      fields: ['code', 'labels', 'answers'],
    });
    return { code: row.code, builtIn: false, labels: row.labels, answers: row.answers };
  });
}

// ---------------------------------------------------------------------------------------------
// Who may see and edit what

/** The organisations the person represents in this city now. */
export async function myOrganisations(db: Db, cityId: string, userId: string): Promise<string[]> {
  const rows = await db
    .select({ id: representative.organisationId })
    .from(representative)
    .where(
      and(
        eq(representative.cityId, cityId),
        eq(representative.userId, userId),
        isNull(representative.leftOn),
      ),
    );
  return rows.map((r) => r.id);
}

interface Viewer {
  manage: boolean;
  partner: boolean;
  mine: Set<string>;
}

async function viewerOf(db: Db, cityId: string, actor: Actor): Promise<Viewer> {
  return {
    manage: can(actor, 'directory.manage'),
    partner: actor.city?.role === 'partner',
    mine: new Set(await myOrganisations(db, cityId, actor.userId)),
  };
}

const own = (v: Viewer, row: Pick<EntryRow, 'organisationId'>) =>
  row.organisationId !== null && v.mine.has(row.organisationId);
const visible = (v: Viewer, row: EntryRow) => !v.partner || row.public || own(v, row);
const editable = (v: Viewer, row: Pick<EntryRow, 'organisationId'>) => v.manage || own(v, row);

// ---------------------------------------------------------------------------------------------
// Reading entries

interface Lookups {
  orgs: Map<string, { name: string; sector: string }>;
  neighbourhoods: Map<string, { name: string; current: boolean }>;
  links: Map<string, string[]>;
  services: Map<string, string>;
}

async function lookups(db: Db, cityId: string, entryIds: string[] | null): Promise<Lookups> {
  const orgs = await db
    .select({ id: organisation.id, name: organisation.name, sector: organisation.sector })
    .from(organisation)
    .where(eq(organisation.cityId, cityId));
  const nbs = await db
    .select({ id: riskNeighbourhood.id, name: riskNeighbourhood.name, setId: riskNeighbourhood.currentSetId })
    .from(riskNeighbourhood)
    .where(eq(riskNeighbourhood.cityId, cityId));
  const linkRows =
    entryIds === null
      ? await db
          .select()
          .from(directoryEntryNeighbourhood)
          .where(eq(directoryEntryNeighbourhood.cityId, cityId))
      : entryIds.length
        ? await db
            .select()
            .from(directoryEntryNeighbourhood)
            .where(inArray(directoryEntryNeighbourhood.entryId, entryIds))
        : [];
  const links = new Map<string, string[]>();
  for (const l of linkRows) {
    const list = links.get(l.entryId);
    if (list) list.push(l.neighbourhoodId);
    else links.set(l.entryId, [l.neighbourhoodId]);
  }
  const services = await db
    .select({ id: caseService.id, name: caseService.name })
    .from(caseService)
    .where(eq(caseService.cityId, cityId));
  return {
    orgs: new Map(orgs.map((o) => [o.id, { name: o.name, sector: o.sector }])),
    neighbourhoods: new Map(nbs.map((n) => [n.id, { name: n.name, current: n.setId !== null }])),
    links,
    services: new Map(services.map((s) => [s.id, s.name])),
  };
}

function toEntry(row: EntryRow, l: Lookups, v: Viewer): DirectoryEntry {
  const nbs = (l.links.get(row.id) ?? [])
    .map((id) => ({
      id,
      name: l.neighbourhoods.get(id)?.name ?? '',
      current: l.neighbourhoods.get(id)?.current ?? false,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  // A partner sees a contact point only where the provider agreed to it being listed.
  const showContact = !v.partner || row.contactConsent || own(v, row);
  return {
    id: row.id,
    ref: row.ref,
    title: row.title,
    organisationId: row.organisationId,
    providerName: row.organisationId ? (l.orgs.get(row.organisationId)?.name ?? '') : row.providerName,
    member: row.organisationId !== null,
    sector: row.sector as DirectoryEntry['sector'],
    serviceType: row.serviceType,
    targetGroup: row.targetGroup as DirectoryEntry['targetGroup'],
    cityWide: row.cityWide,
    neighbourhoods: nbs,
    description: row.description,
    contact: showContact ? row.contact : '',
    contactConsent: row.contactConsent,
    capacity: row.capacity,
    hours: row.hours,
    status: row.status as DirectoryEntry['status'],
    startOn: row.startOn,
    endOn: row.endOn,
    fundingSource: row.fundingSource,
    public: row.public,
    referralService:
      row.referralServiceId && !v.partner
        ? { id: row.referralServiceId, name: l.services.get(row.referralServiceId) ?? '' }
        : null,
    editable: editable(v, row),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Every entry of the city with its neighbourhood links (no mandate or visibility check: callers do). */
export async function allEntries(db: Db, cityId: string) {
  const rows = await db
    .select()
    .from(directoryEntry)
    .where(eq(directoryEntry.cityId, cityId))
    .orderBy(asc(directoryEntry.title), asc(directoryEntry.ref));
  return { rows, lookups: await lookups(db, cityId, null) };
}

/** The directory as the actor may see it, filtered. */
export async function listEntries(
  db: Db,
  cityId: string,
  actor: Actor,
  query: EntryQuery,
): Promise<{ items: DirectoryEntry[] }> {
  await requireDirectory(db, cityId);
  const v = await viewerOf(db, cityId, actor);
  const { rows, lookups: l } = await allEntries(db, cityId);
  const q = query.q?.toLocaleLowerCase();
  const items = rows
    .filter((r) => visible(v, r))
    .filter((r) => !query.serviceType || r.serviceType === query.serviceType)
    .filter((r) => !query.targetGroup || r.targetGroup === query.targetGroup)
    .filter((r) => !query.status || r.status === query.status)
    .filter((r) => !query.organisationId || r.organisationId === query.organisationId)
    .filter(
      (r) =>
        !query.neighbourhoodId || r.cityWide || (l.links.get(r.id) ?? []).includes(query.neighbourhoodId),
    )
    .map((r) => toEntry(r, l, v))
    .filter(
      (e) =>
        !q ||
        e.title.toLocaleLowerCase().includes(q) ||
        e.providerName.toLocaleLowerCase().includes(q) ||
        e.ref.toLocaleLowerCase().includes(q),
    );
  return { items };
}

async function loadEntry(db: Db, cityId: string, entryId: string): Promise<EntryRow> {
  const [row] = await db
    .select()
    .from(directoryEntry)
    .where(and(eq(directoryEntry.cityId, cityId), eq(directoryEntry.id, entryId)));
  if (!row) throw notFound();
  return row;
}

export async function getEntry(
  db: Db,
  cityId: string,
  actor: Actor,
  entryId: string,
): Promise<DirectoryEntry> {
  await requireDirectory(db, cityId);
  const v = await viewerOf(db, cityId, actor);
  const row = await loadEntry(db, cityId, entryId);
  // An entry a partner may not see does not exist for them.
  if (!visible(v, row)) throw notFound();
  return toEntry(row, await lookups(db, cityId, [row.id]), v);
}

// ---------------------------------------------------------------------------------------------
// Checking and writing entries

/** What the city's ids must be checked against, loaded once (an import checks thousands of rows). */
export interface CityRefs {
  orgs: Map<string, { name: string; sector: string }>;
  neighbourhoods: Set<string>;
  serviceTypes: Set<string>;
  referralServices: Set<string>;
  /** case_service id → the entry that links it. */
  linkedServices: Map<string, string>;
}

export async function cityRefs(db: Db, cityId: string): Promise<CityRefs> {
  const l = await lookups(db, cityId, []);
  const types = await serviceTypesOf(db, cityId);
  const linked = await db
    .select({ id: directoryEntry.id, serviceId: directoryEntry.referralServiceId })
    .from(directoryEntry)
    .where(and(eq(directoryEntry.cityId, cityId), isNotNull(directoryEntry.referralServiceId)));
  return {
    orgs: l.orgs,
    neighbourhoods: new Set(l.neighbourhoods.keys()),
    serviceTypes: new Set(types.map((t) => t.code)),
    referralServices: new Set(l.services.keys()),
    linkedServices: new Map(linked.map((r) => [r.serviceId!, r.id])),
  };
}

/**
 * Checks an entry's references and rules; returns every problem by field (an empty list: valid).
 * The API and the import share it, so a row is accepted exactly when the form would accept it.
 */
export function checkEntry(
  values: EntryValues,
  refs: CityRefs,
  self: string | null,
): { field: string; code: string; message: string }[] {
  const problems: { field: string; code: string; message: string }[] = [];
  const add = (field: string, code: string, message: string) => problems.push({ field, code, message });
  if (values.organisationId) {
    if (!refs.orgs.has(values.organisationId))
      add('organisationId', 'unknown-organisation', 'not an organisation of the network');
    else if (values.providerName)
      add('providerName', 'provider-both', 'a member organisation or an outside provider, not both');
  } else if (!values.providerName) {
    add('providerName', 'provider-required', 'name the organisation that offers the service');
  }
  if (!refs.serviceTypes.has(values.serviceType))
    add('serviceType', 'unknown-service-type', 'unknown service type');
  const places = [...new Set(values.neighbourhoodIds)];
  if (values.cityWide && places.length)
    add('neighbourhoodIds', 'city-wide', 'a city-wide service names no neighbourhoods');
  if (!values.cityWide && !places.length)
    add('neighbourhoodIds', 'place-required', 'choose at least one neighbourhood, or city-wide');
  const unknown = places.filter((id) => !refs.neighbourhoods.has(id));
  if (unknown.length)
    add('neighbourhoodIds', 'unknown-neighbourhood', `unknown neighbourhood ${unknown.join(', ')}`);
  if (!datesInOrder(values.startOn, values.endOn))
    add('endOn', 'end-before-start', 'the end is before the start');
  if (values.referralServiceId) {
    if (!refs.referralServices.has(values.referralServiceId))
      add('referralServiceId', 'unknown-referral-service', 'not a listed referral service of the city');
    else {
      const holder = refs.linkedServices.get(values.referralServiceId);
      if (holder && holder !== self)
        add(
          'referralServiceId',
          'referral-service-linked',
          'another directory entry already links this referral service',
        );
    }
  }
  return problems;
}

export function rowValues(values: EntryValues, cityId: string) {
  return {
    cityId,
    title: values.title,
    organisationId: values.organisationId,
    providerName: values.organisationId ? '' : values.providerName,
    sector: values.sector,
    serviceType: values.serviceType,
    targetGroup: values.targetGroup,
    cityWide: values.cityWide,
    description: values.description,
    contact: values.contact,
    contactConsent: values.contactConsent,
    capacity: values.capacity,
    hours: values.hours,
    status: values.status,
    startOn: values.startOn,
    endOn: values.endOn,
    fundingSource: values.fundingSource,
    public: values.public,
    referralServiceId: values.referralServiceId,
  };
}

export async function setLinks(tx: Db, cityId: string, entryId: string, ids: string[]) {
  await tx.delete(directoryEntryNeighbourhood).where(eq(directoryEntryNeighbourhood.entryId, entryId));
  const unique = [...new Set(ids)];
  if (unique.length) {
    await tx
      .insert(directoryEntryNeighbourhood)
      .values(unique.map((neighbourhoodId) => ({ entryId, neighbourhoodId, cityId })));
  }
}

function toValues(row: EntryRow, links: string[]): EntryValues {
  return {
    ref: row.ref,
    title: row.title,
    organisationId: row.organisationId,
    providerName: row.providerName,
    sector: row.sector as EntryValues['sector'],
    serviceType: row.serviceType,
    targetGroup: row.targetGroup as EntryValues['targetGroup'],
    cityWide: row.cityWide,
    neighbourhoodIds: links,
    description: row.description,
    contact: row.contact,
    contactConsent: row.contactConsent,
    capacity: row.capacity,
    hours: row.hours,
    status: row.status as EntryValues['status'],
    startOn: row.startOn,
    endOn: row.endOn,
    fundingSource: row.fundingSource,
    public: row.public,
    referralServiceId: row.referralServiceId,
  };
}

function rejectProblems(problems: ReturnType<typeof checkEntry>) {
  if (problems.length)
    throw validation(problems.map((p) => ({ path: `body.${p.field}`, code: p.code, message: p.message })));
}

export async function createEntry(
  db: Db,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  input: EntryValues,
  at?: Date,
): Promise<DirectoryEntry> {
  await requireDirectory(db, cityId);
  const v = await viewerOf(db, cityId, actor);
  if (!editable(v, input))
    throw forbidden('Members and partners list services of their own organisation only');
  rejectProblems(checkEntry(input, await cityRefs(db, cityId), null));
  const id = randomUUID();
  const ref = input.ref ?? newRef(id);
  await inTx(db, async (tx) => {
    const [row] = await tx
      .insert(directoryEntry)
      .values({
        id,
        ref,
        ...rowValues(input, cityId),
        createdBy: actor.userId,
        ...(at ? { createdAt: at, updatedAt: at } : {}),
      })
      .onConflictDoNothing()
      .returning({ id: directoryEntry.id });
    if (!row)
      throw validation([{ path: 'body.ref', code: 'duplicate-ref', message: 'another entry has this id' }]);
    await setLinks(tx, cityId, id, input.cityWide ? [] : input.neighbourhoodIds);
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'directory_entry',
      recordId: id,
      fields: Object.keys(rowValues(input, cityId)).filter((k) => k !== 'cityId'),
      ...(at ? { at } : {}),
    });
  });
  return getEntry(db, cityId, actor, id);
}

export async function updateEntry(
  db: Db,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  entryId: string,
  input: z.infer<typeof entryPatchInput>,
): Promise<DirectoryEntry> {
  await requireDirectory(db, cityId);
  const v = await viewerOf(db, cityId, actor);
  const row = await loadEntry(db, cityId, entryId);
  if (!visible(v, row)) throw notFound();
  if (!editable(v, row))
    throw forbidden('Members and partners change services of their own organisation only');
  const links = (await lookups(db, cityId, [row.id])).links.get(row.id) ?? [];
  const before = toValues(row, links);
  const merged: EntryValues = { ...before, ...input };
  // Switching between member and outside provider: the other side is cleared, not kept.
  if (input.organisationId) merged.providerName = input.providerName ?? '';
  if (input.providerName && input.organisationId === undefined) merged.organisationId = null;
  if (input.cityWide === true && input.neighbourhoodIds === undefined) merged.neighbourhoodIds = [];
  if (!editable(v, merged))
    throw forbidden('Members and partners list services of their own organisation only');
  rejectProblems(checkEntry(merged, await cityRefs(db, cityId), row.id));
  await inTx(db, async (tx) => {
    await tx
      .update(directoryEntry)
      .set({ ...rowValues(merged, cityId), updatedAt: new Date() })
      .where(eq(directoryEntry.id, entryId));
    if (input.neighbourhoodIds !== undefined || input.cityWide !== undefined)
      await setLinks(tx, cityId, entryId, merged.cityWide ? [] : merged.neighbourhoodIds);
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'directory_entry',
      recordId: entryId,
      fields: Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined),
    });
  });
  return getEntry(db, cityId, actor, entryId);
}

/** The referral module's listed services and which directory entry links each. */
export async function referralServices(db: Db, cityId: string) {
  await requireDirectory(db, cityId);
  const services = await db
    .select({ id: caseService.id, name: caseService.name, active: caseService.active })
    .from(caseService)
    .where(eq(caseService.cityId, cityId))
    .orderBy(asc(caseService.name));
  const refs = await cityRefs(db, cityId);
  return { items: services.map((s) => ({ ...s, entryId: refs.linkedServices.get(s.id) ?? null })) };
}

/** The organisations the actor may list services for, by name. */
export async function entryOrganisations(db: Db, cityId: string, actor: Actor) {
  await requireDirectory(db, cityId);
  const v = await viewerOf(db, cityId, actor);
  const rows = await db
    .select({ id: organisation.id, name: organisation.name, sector: organisation.sector })
    .from(organisation)
    .where(and(eq(organisation.cityId, cityId), isNull(organisation.leftOn)))
    .orderBy(asc(organisation.name));
  return {
    items: rows
      .filter((o) => v.manage || v.mine.has(o.id))
      .map((o) => ({ ...o, sector: o.sector as DirectoryEntry['sector'] })),
  };
}

/** The city's neighbourhoods by name (the risk map's list, which partners cannot read there). */
export async function neighbourhoods(db: Db, cityId: string) {
  await requireDirectory(db, cityId);
  const rows = await db
    .select({ id: riskNeighbourhood.id, name: riskNeighbourhood.name, setId: riskNeighbourhood.currentSetId })
    .from(riskNeighbourhood)
    .where(eq(riskNeighbourhood.cityId, cityId))
    .orderBy(asc(riskNeighbourhood.name));
  return { items: rows.map((r) => ({ id: r.id, name: r.name, current: r.setId !== null })) };
}
