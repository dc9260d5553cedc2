import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import {
  planSheetColumns,
  type PlanActionView,
  type PlanSheetColumn,
  type PlanVersionDetail,
} from '../../../contracts/action-plan.contract.js';
import type { Locale } from '../../../contracts/route.js';
import { translate } from '../../platform/i18n.js';
import { loadPdfmake } from '../../platform/pdf.js';

/** What the documents need besides the plan: organisation names by id. */
export interface PlanExportContext {
  plan: PlanVersionDetail;
  organisations: Map<string, string>;
  lang: Locale;
}

const t = (lang: Locale, key: string, values?: Record<string, unknown>) =>
  translate(lang, `action-plan.${key}`, values);

/** One row of the sheet per action: the values of `planSheetColumns`, as text or numbers. */
export function planRows(ctx: PlanExportContext): (string | number)[][] {
  const { plan, organisations, lang } = ctx;
  const objectives = new Map(plan.objectives.map((o) => [o.id, o]));
  const codes = new Map(plan.actions.map((a) => [a.id, a.code || a.title]));
  return plan.actions.map((a) => {
    const o = objectives.get(a.objectiveId);
    const value: Record<PlanSheetColumn, string | number> = {
      objectiveCode: o?.code ?? '',
      objectiveTitle: o?.title ?? '',
      code: a.code,
      title: a.title,
      description: a.description,
      owner: a.ownerOrganisationId ? (organisations.get(a.ownerOrganisationId) ?? '') : '',
      partners: a.partnerOrganisationIds.map((id) => organisations.get(id) ?? id).join('; '),
      targetGroup: a.targetGroup,
      startOn: a.startOn,
      endOn: a.endOn,
      status: t(lang, `actionStatus.${a.state.status}`),
      budgetPlanned: a.budgetPlanned,
      currency: a.currency,
      fundingSource: a.fundingSource,
      budgetCommitted: a.state.budgetCommitted,
      budgetSpent: a.state.budgetSpent,
      milestones: a.milestones.map((m) => `${m.title} (${m.dueOn})`).join('; '),
      dependsOn: a.dependsOn.map((id) => codes.get(id) ?? id).join('; '),
      progress: a.progress.percent ?? '',
    };
    return planSheetColumns.map((c) => value[c]);
  });
}

/** The column headings in the chosen language. */
export function planHeadings(lang: Locale): string[] {
  return planSheetColumns.map((c) => t(lang, `export.columns.${c}`));
}

/**
 * A spreadsheet program runs a cell that starts with = + - @ (or a tab/CR) as a formula: CSV text
 * cells get a leading apostrophe so an exported title can never run as one (OWASP CSV injection).
 */
function csvSafe(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet programs read the accents). */
export function planCsv(ctx: PlanExportContext): Buffer {
  const lines = [planHeadings(ctx.lang), ...planRows(ctx)].map((row) => row.map(csvSafe).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** XLSX with exceljs: one sheet of actions, the same columns the import reads; right to left in Arabic. */
export async function planXlsx(ctx: PlanExportContext): Promise<Buffer> {
  // Loaded on the first export: most servers never make one.
  const ExcelJS = ((await import('exceljs')) as unknown as { default: typeof import('exceljs') }).default;
  const workbook = new ExcelJS.Workbook();
  workbook.title = ctx.plan.title;
  const sheet = workbook.addWorksheet(t(ctx.lang, 'export.sheet'), {
    views: [{ state: 'frozen', ySplit: 1, rightToLeft: ctx.lang === 'ar' }],
  });
  sheet.addRow(planHeadings(ctx.lang)).font = { bold: true };
  for (const row of planRows(ctx)) sheet.addRow(row);
  sheet.columns.forEach((column, i) => {
    column.width = ['title', 'description', 'milestones', 'objectiveTitle'].includes(planSheetColumns[i])
      ? 40
      : 16;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The document's blocks, the same for PDF and DOCX. */
function planBlocks(ctx: PlanExportContext) {
  const { plan, organisations, lang } = ctx;
  const none = t(lang, 'export.none');
  const org = (id: string) => organisations.get(id) ?? none;
  const meta = [
    `${t(lang, 'version')}: ${plan.version} — ${t(lang, `status.${plan.status}`)}`,
    t(lang, 'period', { start: plan.periodStart, end: plan.periodEnd }),
    `${t(lang, 'export.adoptedAt')}: ${plan.adoptedAt ? plan.adoptedAt.slice(0, 10) : none}`,
    `${t(lang, 'export.progress')}: ${plan.progress.percent ?? '–'} %`,
  ];
  const actionLines = (a: PlanActionView) => [
    `${t(lang, 'fields.owner')}: ${a.ownerOrganisationId ? org(a.ownerOrganisationId) : none}`,
    `${t(lang, 'export.columns.partners')}: ${a.partnerOrganisationIds.map(org).join(', ') || none}`,
    `${t(lang, 'fields.targetGroup')}: ${a.targetGroup || none}`,
    `${t(lang, 'export.dates')}: ${a.startOn} – ${a.endOn}`,
    `${t(lang, 'export.columns.status')}: ${t(lang, `actionStatus.${a.state.status}`)}${a.overdue ? ` (${t(lang, 'overdue')})` : ''}`,
    `${t(lang, 'fields.budgetPlanned')}: ${a.budgetPlanned} ${a.currency}; ${t(lang, 'budget.committed')}: ${a.state.budgetCommitted}; ${t(lang, 'budget.spent')}: ${a.state.budgetSpent}${a.fundingSource ? ` (${a.fundingSource})` : ''}`,
    `${t(lang, 'export.columns.milestones')}: ${
      a.milestones
        .map((m) => `${m.title} (${m.dueOn})${a.state.milestonesDone.some((d) => d.id === m.id) ? ' ✓' : ''}`)
        .join('; ') || none
    }`,
    `${t(lang, 'export.progress')}: ${a.progress.percent ?? '–'} %`,
  ];
  const objectives = plan.objectives.map((o) => ({
    heading: o.code ? `${o.code} ${o.title}` : o.title,
    description: o.description,
    actions: plan.actions
      .filter((a) => a.objectiveId === o.id)
      .map((a) => ({
        heading: a.code ? `${a.code} ${a.title}` : a.title,
        description: a.description,
        lines: actionLines(a),
      })),
  }));
  return { title: plan.title, meta, objectives, noActions: t(lang, 'noActions') };
}

/** A PDF through the shared pdfmake set-up (Noto Naskh Arabic, right to left, for Arabic). */
export async function planPdf(ctx: PlanExportContext): Promise<Buffer> {
  const doc = planBlocks(ctx);
  const rtl = ctx.lang === 'ar';
  const alignment = rtl ? 'right' : 'left';
  // As in the ToR export: pdfmake drops the space after the last right-to-left word of a line.
  const txt = (value: string) => (rtl ? `${value} ` : value);
  const line = (text: string, style?: string): Content => ({ text: txt(text), style, alignment });
  const content: Content[] = [
    line(doc.title, 'title'),
    ...doc.meta.map((m) => line(m, 'meta')),
    ...doc.objectives.flatMap((o): Content[] => [
      line(o.heading, 'objective'),
      ...(o.description ? [line(o.description)] : []),
      ...(o.actions.length ? [] : [line(doc.noActions, 'meta')]),
      ...o.actions.flatMap((a): Content[] => [
        line(a.heading, 'action'),
        ...(a.description ? [line(a.description)] : []),
        ...a.lines.map((l) => line(l, 'detail')),
      ]),
    ]),
  ];
  const definition: TDocumentDefinitions = {
    info: { title: doc.title },
    content,
    defaultStyle: { font: rtl ? 'Naskh' : 'Roboto', fontSize: 10.5, lineHeight: 1.25 },
    styles: {
      title: { fontSize: 20, bold: true, margin: [0, 0, 0, 8] },
      meta: { fontSize: 9, color: '#444444' },
      objective: { fontSize: 14, bold: true, margin: [0, 14, 0, 4] },
      action: { fontSize: 11.5, bold: true, margin: [0, 8, 0, 2] },
      detail: { fontSize: 9.5 },
    },
  };
  const pdfmake = await loadPdfmake();
  return Buffer.from(await pdfmake.createPdf(definition).getBuffer());
}

/** A Word document with the docx package (bidirectional paragraphs in Arabic). */
export async function planDocx(ctx: PlanExportContext): Promise<Buffer> {
  const { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } = await import('docx');
  const doc = planBlocks(ctx);
  const bidi = ctx.lang === 'ar';
  const alignment = bidi ? AlignmentType.RIGHT : AlignmentType.LEFT;
  const para = (text: string, heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
    new Paragraph({
      heading,
      bidirectional: bidi,
      alignment,
      children: [new TextRun({ text, rightToLeft: bidi })],
    });
  const document = new Document({
    title: doc.title,
    sections: [
      {
        children: [
          para(doc.title, HeadingLevel.TITLE),
          ...doc.meta.map((m) => para(m)),
          ...doc.objectives.flatMap((o) => [
            para(o.heading, HeadingLevel.HEADING_1),
            ...(o.description ? [para(o.description)] : []),
            ...(o.actions.length ? [] : [para(doc.noActions)]),
            ...o.actions.flatMap((a) => [
              para(a.heading, HeadingLevel.HEADING_2),
              ...(a.description ? [para(a.description)] : []),
              ...a.lines.map((l) => para(l)),
            ]),
          ]),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
