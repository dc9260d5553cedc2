import crypto from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { AnnualReport, AnnualReportInput } from '../../../contracts/community.contract.js';
import { locales, type Locale } from '../../../contracts/route.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import { user } from '../../platform/auth/auth.table.js';
import type { Db } from '../../platform/db/index.js';
import { suppressCounts } from '../../platform/disclosure.js';
import { notFound } from '../../platform/errors.js';
import { translate } from '../../platform/i18n.js';
import { loadPdfmake } from '../../platform/pdf.js';
import { authorize, type Actor } from '../../platform/policy.js';
import { city } from '../cities/index.js';
import { riskConsultation, riskConsultationFinding } from '../risk-map/index.js';
import type { PageCache } from './community.cache.js';
import { publicActionPlan } from './community.blocks.js';
import { annualReportFile, publicEvent } from './community.table.js';
import { organisationsBlock } from './community.service.js';

/*
 * Annual reports (docs/COMMUNITY.md): when the chair publishes one, a PDF is generated from live
 * data in the city's default language and stored as published; it never changes afterwards (the
 * public gets exactly the document the chair published). Every count goes through the one
 * disclosure-control function, as on the public page.
 */

const t = (locale: Locale, key: string, values?: Record<string, unknown>) =>
  translate(locale, `community.report.${key}`, values);

async function reportPdf(db: Db, cityId: string, input: { year: number; foreword: string }, now: Date) {
  const [c] = await db.select().from(city).where(eq(city.id, cityId));
  if (!c) throw notFound();
  const locale = (
    (locales as readonly string[]).includes(c.defaultLocale) ? c.defaultLocale : 'en'
  ) as Locale;
  const rtl = locale === 'ar';
  const txt = (value: string) => (rtl ? `${value} ` : value);
  const from = `${input.year}-01-01`;
  const to = `${input.year + 1}-01-01`;
  const withheld = translate(locale, 'community.public.withheld');
  const shown = (v: { value: number | null; suppressed: boolean }) =>
    v.suppressed ? withheld : String(v.value);

  const content: Content[] = [
    { text: txt(t(locale, 'title', { city: c.name, year: input.year })), style: 'h1' },
    { text: txt(t(locale, 'generated', { date: now.toISOString().slice(0, 10) })), style: 'meta' },
  ];
  if (input.foreword.trim()) {
    content.push({ text: txt(t(locale, 'foreword')), style: 'h2' });
    content.push({ text: txt(input.foreword.trim()) });
  }
  content.push({ text: txt(translate(locale, 'community.public.explainer.notTitle')), style: 'h2' });
  content.push({
    ul: ['not1', 'not2', 'not3', 'not4'].map((k) =>
      txt(translate(locale, `community.public.explainer.${k}`)),
    ),
  });

  const orgs = await organisationsBlock(db, cityId, now);
  content.push({ text: txt(translate(locale, 'community.public.organisations.title')), style: 'h2' });
  content.push({
    text: txt(
      orgs.total === null
        ? translate(locale, 'community.public.organisations.fewer')
        : translate(locale, 'community.public.organisations.count', { count: orgs.total }),
    ),
  });
  if (orgs.names.length) content.push({ ul: orgs.names.map(txt) });

  const plan = await publicActionPlan(db, cityId);
  content.push({ text: txt(translate(locale, 'community.public.actionPlan.title')), style: 'h2' });
  if (!plan) content.push({ text: txt(t(locale, 'noPlan')) });
  else {
    const pct = (v: number | null) => (v === null ? '–' : `${v}%`);
    content.push({ text: txt(`${plan.title} (${plan.periodStart} – ${plan.periodEnd})`), bold: true });
    content.push({
      text: txt(translate(locale, 'community.public.actionPlan.progress', { percent: pct(plan.progress) })),
    });
    content.push({
      ul: plan.objectives.map((o) => txt(`${o.code ? `${o.code} ` : ''}${o.title}: ${pct(o.progress)}`)),
    });
    content.push({
      text: txt(translate(locale, 'community.public.actionPlan.actions', { count: shown(plan.actionTotal) })),
      margin: [0, 6, 0, 0],
    });
    content.push({
      ul: plan.actions.map((s) =>
        txt(`${translate(locale, `community.public.actionPlan.status.${s.status}`)}: ${shown(s.count)}`),
      ),
    });
    if (plan.indicators.length) {
      content.push({ text: txt(translate(locale, 'community.public.actionPlan.indicators')), style: 'h3' });
      content.push({
        ul: plan.indicators.map((i) =>
          txt(
            `${i.name[locale] ?? i.name.en ?? ''}, ${i.period}: ${i.withheld ? withheld : `${i.value}${i.unit ? ` ${i.unit}` : ''}`}` +
              (i.target === null
                ? ''
                : ` (${translate(locale, 'community.public.actionPlan.target', { target: i.target })})`),
          ),
        ),
      });
    }
  }

  const held = await db
    .select()
    .from(riskConsultation)
    .where(
      and(
        eq(riskConsultation.cityId, cityId),
        gte(riskConsultation.heldOn, from),
        lt(riskConsultation.heldOn, to),
      ),
    )
    .orderBy(asc(riskConsultation.heldOn));
  content.push({ text: txt(translate(locale, 'community.public.consultations.title')), style: 'h2' });
  const attendance = suppressCounts(held.map((h) => h.attendance.flat().reduce((s, v) => s + v, 0)));
  content.push({
    text: txt(t(locale, 'consultations', { count: held.length, people: shown(attendance.total) })),
  });
  if (held.length) {
    const findings = await db
      .select()
      .from(riskConsultationFinding)
      .where(
        and(
          eq(riskConsultationFinding.cityId, cityId),
          inArray(
            riskConsultationFinding.consultationId,
            held.map((h) => h.id),
          ),
        ),
      )
      .orderBy(asc(riskConsultationFinding.position));
    for (const h of held) {
      content.push({ text: txt(`${h.title} (${h.heldOn})`), style: 'h3' });
      const answered = findings.filter((f) => f.consultationId === h.id && f.response);
      if (!answered.length)
        content.push({ text: txt(translate(locale, 'community.public.consultations.noAnswers')) });
      for (const f of answered)
        content.push({
          stack: [
            { text: txt(`${translate(locale, 'community.public.consultations.said')} ${f.statement}`) },
            {
              text: txt(`${translate(locale, 'community.public.consultations.did')} ${f.response}`),
              italics: true,
            },
          ],
          margin: [0, 2, 0, 4],
        });
    }
  }

  const events = await db
    .select({ id: publicEvent.id })
    .from(publicEvent)
    .where(
      and(
        eq(publicEvent.cityId, cityId),
        gte(publicEvent.startsAt, new Date(`${from}T00:00:00Z`)),
        lt(publicEvent.startsAt, new Date(`${to}T00:00:00Z`)),
      ),
    );
  content.push({ text: txt(translate(locale, 'community.public.events.title')), style: 'h2' });
  content.push({ text: txt(t(locale, 'events', { count: events.length })) });
  content.push({ text: txt(t(locale, 'smallCells')), style: 'meta', margin: [0, 16, 0, 0] });

  const definition: TDocumentDefinitions = {
    info: { title: t(locale, 'title', { city: c.name, year: input.year }) },
    pageSize: 'A4',
    pageMargins: [50, 50, 50, 50],
    content,
    defaultStyle: {
      font: rtl ? 'Naskh' : 'Roboto',
      fontSize: 10.5,
      lineHeight: 1.25,
      alignment: rtl ? 'right' : 'left',
    },
    styles: {
      h1: { fontSize: 18, bold: true, margin: [0, 0, 0, 6] },
      h2: { fontSize: 14, bold: true, margin: [0, 16, 0, 4] },
      h3: { fontSize: 11.5, bold: true, margin: [0, 8, 0, 3] },
      meta: { fontSize: 9, color: '#444444' },
    },
  };
  const pdfmake = await loadPdfmake();
  return Buffer.from(await pdfmake.createPdf(definition).getBuffer());
}

type ReportRow = typeof annualReportFile.$inferSelect;

async function view(db: Db, rows: ReportRow[]): Promise<AnnualReport[]> {
  const ids = [...new Set(rows.map((r) => r.publishedBy).filter((x): x is string => Boolean(x)))];
  const names = ids.length
    ? new Map(
        (await db.select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, ids))).map(
          (u) => [u.id, u.name],
        ),
      )
    : new Map<string, string>();
  return rows.map((r) => ({
    id: r.id,
    year: r.year,
    source: 'generated' as const,
    bytes: r.bytes,
    sha256: r.sha256,
    publishedAt: r.publishedAt.toISOString(),
    publishedByName: r.publishedBy ? (names.get(r.publishedBy) ?? null) : null,
    withdrawnAt: r.withdrawnAt ? r.withdrawnAt.toISOString() : null,
  }));
}

export async function listReports(db: Db, actor: Actor, cityId: string) {
  authorize(actor, 'community.manage');
  const rows = await db
    .select()
    .from(annualReportFile)
    .where(eq(annualReportFile.cityId, cityId))
    .orderBy(desc(annualReportFile.year), desc(annualReportFile.publishedAt));
  return { items: await view(db, rows) };
}

export async function publishReport(
  db: Db,
  cache: PageCache,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  input: Required<AnnualReportInput>,
  now = new Date(),
): Promise<AnnualReport> {
  authorize(actor, 'community.manage');
  const pdf = await reportPdf(db, cityId, input, now);
  const [c] = await db.select({ slug: city.slug }).from(city).where(eq(city.id, cityId));
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(annualReportFile)
      .values({
        cityId,
        year: input.year,
        pdfBase64: pdf.toString('base64'),
        bytes: pdf.length,
        sha256: crypto.createHash('sha256').update(pdf).digest('hex'),
        publishedBy: actor.userId,
        publishedAt: now,
      })
      .returning();
    await appendAudit(tx as unknown as Db, cityId, auditActor, {
      action: 'publish',
      recordType: 'community_annual_report',
      recordId: created.id,
      reason: String(input.year),
    });
    return created;
  });
  cache.invalidate(c.slug);
  return (await view(db, [row]))[0];
}

export async function withdrawReport(
  db: Db,
  cache: PageCache,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  reportId: string,
): Promise<AnnualReport> {
  authorize(actor, 'community.manage');
  const [c] = await db.select({ slug: city.slug }).from(city).where(eq(city.id, cityId));
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(annualReportFile)
      .set({ withdrawnAt: new Date() })
      .where(and(eq(annualReportFile.cityId, cityId), eq(annualReportFile.id, reportId)))
      .returning();
    if (!updated) throw notFound();
    await appendAudit(tx as unknown as Db, cityId, auditActor, {
      action: 'withdraw',
      recordType: 'community_annual_report',
      recordId: reportId,
    });
    return updated;
  });
  cache.invalidate(c.slug);
  return (await view(db, [row]))[0];
}

/** The published file for the public download, or null (unknown, withdrawn, another city's). */
export async function reportFile(db: Db, cityId: string, reportId: string) {
  const [row] = await db
    .select({
      pdf: annualReportFile.pdfBase64,
      year: annualReportFile.year,
      withdrawnAt: annualReportFile.withdrawnAt,
    })
    .from(annualReportFile)
    .where(and(eq(annualReportFile.cityId, cityId), eq(annualReportFile.id, reportId)));
  if (!row || row.withdrawnAt) return null;
  return { pdf: Buffer.from(row.pdf, 'base64'), year: row.year };
}
