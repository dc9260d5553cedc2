import { randomUUID } from 'node:crypto';
import {
  planActionSchema,
  planSheetColumns,
  type PlanAction,
  type PlanObjective,
  type PlanSheetColumn,
} from '../../../contracts/action-plan.contract.js';
import { locales, type Locale } from '../../../contracts/route.js';
import { hasMessage, translate } from '../../platform/i18n.js';

/** A problem placed in the sheet: the row number as the spreadsheet shows it and the column's heading. */
export interface SheetProblem {
  row: number | null;
  column: string | null;
  cell: string | null;
  message: string;
}

// The import fills the plan's own columns; status, money committed and spent, and progress are
// tracked or computed elsewhere, so those columns of an exported sheet are read past.

const normal = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** A column is recognised by its key (e.g. "endOn") or its heading in any of the six languages. */
function columnOf(heading: string): PlanSheetColumn | undefined {
  const h = normal(heading);
  if (!h) return undefined;
  return planSheetColumns.find(
    (c) =>
      normal(c) === h ||
      (locales as readonly Locale[]).some(
        (l) => normal(translate(l, `action-plan.export.columns.${c}`)) === h,
      ),
  );
}

function letter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A cell's value as text: exceljs gives strings, numbers, dates, rich text, formulas with results. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText))
      return (v.richText as { text?: string }[])
        .map((r) => r.text ?? '')
        .join('')
        .trim();
    if ('result' in v) return cellText(v.result);
    if (typeof v.text === 'string') return v.text.trim();
  }
  return '';
}

export interface SheetRow {
  /** The row number as the spreadsheet shows it (the headings are row 1). */
  row: number;
  values: Partial<Record<PlanSheetColumn, string>>;
}

/** Reads the first sheet of an XLSX file into rows keyed by column; problems with the file or headings. */
export async function readSheet(
  file: Buffer,
  lang: Locale,
  maxRows: number,
): Promise<{ rows: SheetRow[]; columns: Map<PlanSheetColumn, number>; problems: SheetProblem[] }> {
  const ExcelJS = ((await import('exceljs')) as unknown as { default: typeof import('exceljs') }).default;
  const tr = (key: string, values?: Record<string, unknown>) =>
    translate(lang, `action-plan.import.${key}`, values);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    return {
      rows: [],
      columns: new Map(),
      problems: [{ row: null, column: null, cell: null, message: tr('notXlsx') }],
    };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet)
    return {
      rows: [],
      columns: new Map(),
      problems: [{ row: null, column: null, cell: null, message: tr('noSheet') }],
    };
  const columns = new Map<PlanSheetColumn, number>();
  const problems: SheetProblem[] = [];
  const header = sheet.getRow(1);
  header.eachCell({ includeEmpty: false }, (cell, colNumber) => {
    const heading = cellText(cell.value);
    const key = columnOf(heading);
    if (!key) {
      if (heading)
        problems.push({
          row: 1,
          column: heading,
          cell: `${letter(colNumber - 1)}1`,
          message: tr('unknownColumn', { heading }),
        });
      return;
    }
    if (columns.has(key))
      problems.push({
        row: 1,
        column: heading,
        cell: `${letter(colNumber - 1)}1`,
        message: tr('duplicateColumn', { heading }),
      });
    else columns.set(key, colNumber);
  });
  for (const required of ['objectiveCode', 'title', 'startOn', 'endOn'] as const)
    if (!columns.has(required))
      problems.push({
        row: 1,
        column: translate(lang, `action-plan.export.columns.${required}`),
        cell: null,
        message: tr('missingColumn', { heading: translate(lang, `action-plan.export.columns.${required}`) }),
      });
  const rows: SheetRow[] = [];
  if (sheet.actualRowCount - 1 > maxRows) {
    problems.push({ row: null, column: null, cell: null, message: tr('tooManyRows', { max: maxRows }) });
    return { rows, columns, problems };
  }
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Partial<Record<PlanSheetColumn, string>> = {};
    for (const [key, col] of columns) values[key] = cellText(row.getCell(col).value);
    if (Object.values(values).some((v) => v)) rows.push({ row: rowNumber, values });
  });
  if (!rows.length && !problems.length)
    problems.push({ row: null, column: null, cell: null, message: tr('noRows') });
  return { rows, columns, problems };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MILESTONE = /^(.*\S)\s*\((\d{4}-\d{2}-\d{2})\)$/;

/**
 * Turns the rows into actions of the draft: a row whose code is an action of the draft updates it
 * (keeping its id and its milestones' ids), any other row adds an action. Every problem is reported
 * with its row and column; the caller writes nothing unless there are none.
 */
export function rowsToActions(
  rows: SheetRow[],
  columns: Map<PlanSheetColumn, number>,
  draft: { objectives: PlanObjective[]; actions: PlanAction[] },
  organisations: { id: string; name: string }[],
  lang: Locale,
): {
  actions: PlanAction[];
  created: string[];
  updated: string[];
  problems: SheetProblem[];
  rowOf: Map<string, number>;
} {
  const problems: SheetProblem[] = [];
  const tr = (key: string, values?: Record<string, unknown>) =>
    translate(lang, `action-plan.import.${key}`, values);
  const heading = (c: PlanSheetColumn) => translate(lang, `action-plan.export.columns.${c}`);
  const place = (row: number, c: PlanSheetColumn | null, message: string) =>
    problems.push({
      row,
      column: c ? heading(c) : null,
      cell: c && columns.has(c) ? `${letter(columns.get(c)! - 1)}${row}` : null,
      message,
    });
  const objectiveByCode = new Map(draft.objectives.map((o) => [normal(o.code), o]));
  const existingByCode = new Map(draft.actions.filter((a) => a.code).map((a) => [normal(a.code), a]));
  const orgByName = new Map(organisations.map((o) => [normal(o.name), o.id]));
  const seenCodes = new Map<string, number>();
  // First pass: ids for every row, so that dependencies may name actions further down the sheet.
  const idOfRow = new Map<number, string>();
  for (const r of rows) {
    const code = normal(r.values.code ?? '');
    const existing = code ? existingByCode.get(code) : undefined;
    idOfRow.set(r.row, existing?.id ?? randomUUID());
    if (code) {
      if (seenCodes.has(code))
        place(r.row, 'code', tr('duplicateCode', { code: r.values.code, row: seenCodes.get(code) }));
      else seenCodes.set(code, r.row);
    }
  }
  const idByCode = new Map(draft.actions.filter((a) => a.code).map((a) => [normal(a.code), a.id]));
  for (const r of rows) if (r.values.code) idByCode.set(normal(r.values.code), idOfRow.get(r.row)!);

  const imported = new Map<string, PlanAction>();
  const created: string[] = [];
  const updated: string[] = [];
  const rowOf = new Map<string, number>();
  for (const r of rows) {
    const v = r.values;
    const id = idOfRow.get(r.row)!;
    const existing = draft.actions.find((a) => a.id === id);
    const objective = objectiveByCode.get(normal(v.objectiveCode ?? ''));
    if (!v.objectiveCode) place(r.row, 'objectiveCode', tr('required'));
    else if (!objective) place(r.row, 'objectiveCode', tr('noObjective', { code: v.objectiveCode }));
    for (const c of ['startOn', 'endOn'] as const) {
      if (!v[c]) place(r.row, c, tr('required'));
      else if (!ISO_DATE.test(v[c]!)) place(r.row, c, tr('date', { value: v[c] }));
    }
    let owner: string | null = existing?.ownerOrganisationId ?? null;
    if (columns.has('owner')) {
      owner = null;
      if (v.owner) {
        owner = orgByName.get(normal(v.owner)) ?? null;
        if (!owner) place(r.row, 'owner', tr('noOrganisation', { name: v.owner }));
      }
    }
    const split = (s: string | undefined) =>
      (s ?? '')
        .split(/[;\n]/)
        .map((x) => x.trim())
        .filter(Boolean);
    const partners: string[] = [];
    for (const name of split(v.partners)) {
      const orgId = orgByName.get(normal(name));
      if (!orgId) place(r.row, 'partners', tr('noOrganisation', { name }));
      else partners.push(orgId);
    }
    const milestones: PlanAction['milestones'] = [];
    for (const text of split(v.milestones)) {
      const m = MILESTONE.exec(text);
      if (!m) {
        place(r.row, 'milestones', tr('milestone', { value: text }));
        continue;
      }
      const kept = existing?.milestones.find((x) => normal(x.title) === normal(m[1]));
      milestones.push({ id: kept?.id ?? randomUUID(), title: m[1], dueOn: m[2] });
    }
    const dependsOn: string[] = [];
    for (const code of split(v.dependsOn)) {
      const depId = idByCode.get(normal(code));
      if (!depId) place(r.row, 'dependsOn', tr('noAction', { code }));
      else dependsOn.push(depId);
    }
    let budget: number | undefined = existing?.budgetPlanned ?? 0;
    if (columns.has('budgetPlanned')) {
      const raw = (v.budgetPlanned ?? '').replace(/[\s\u00a0]/g, '');
      budget = raw === '' ? 0 : Number(raw);
      if (!Number.isFinite(budget)) place(r.row, 'budgetPlanned', tr('number', { value: v.budgetPlanned }));
    }
    const pick = (c: 'description' | 'targetGroup' | 'fundingSource' | 'currency', fallback: string) =>
      columns.has(c) ? (v[c] ?? '') : fallback;
    const candidate = {
      id,
      objectiveId: objective?.id ?? existing?.objectiveId ?? randomUUID(),
      code: v.code ?? '',
      title: v.title ?? '',
      description: pick('description', existing?.description ?? ''),
      ownerOrganisationId: owner,
      partnerOrganisationIds: partners,
      neighbourhoodIds: existing?.neighbourhoodIds ?? [],
      targetGroup: pick('targetGroup', existing?.targetGroup ?? ''),
      startOn: v.startOn ?? '',
      endOn: v.endOn ?? '',
      milestones,
      budgetPlanned: budget,
      currency: pick('currency', existing?.currency ?? 'EUR').toUpperCase() || 'EUR',
      fundingSource: pick('fundingSource', existing?.fundingSource ?? ''),
      dependsOn,
    };
    const parsed = planActionSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        const column = (
          {
            title: 'title',
            code: 'code',
            description: 'description',
            targetGroup: 'targetGroup',
            budgetPlanned: 'budgetPlanned',
            currency: 'currency',
            fundingSource: 'fundingSource',
            milestones: 'milestones',
            partnerOrganisationIds: 'partners',
            dependsOn: 'dependsOn',
          } as Record<string, PlanSheetColumn>
        )[field];
        // Dates and the objective are reported above in the reader's words.
        if (!column) continue;
        const raw = issue as unknown as { minimum?: unknown; maximum?: unknown };
        const message =
          issue.message.startsWith('validation.') && hasMessage(issue.message)
            ? translate(lang, issue.message, { minimum: raw.minimum, maximum: raw.maximum })
            : translate(lang, 'validation.invalid');
        if (!problems.some((p) => p.row === r.row && p.column === heading(column)))
          place(r.row, column, message);
      }
      continue;
    }
    imported.set(id, parsed.data);
    rowOf.set(id, r.row);
    (existing ? updated : created).push(parsed.data.code || parsed.data.title);
  }
  const actions = [
    ...draft.actions.map((a) => imported.get(a.id) ?? a),
    ...[...imported.values()].filter((a) => !draft.actions.some((x) => x.id === a.id)),
  ];
  return { actions, created, updated, problems, rowOf };
}

/** Which sheet column a plan-level problem path (body.actions.3.endOn) belongs to. */
export function columnOfPath(field: string): PlanSheetColumn | null {
  const map: Record<string, PlanSheetColumn> = {
    objectiveId: 'objectiveCode',
    startOn: 'startOn',
    endOn: 'endOn',
    ownerOrganisationId: 'owner',
    partnerOrganisationIds: 'partners',
    milestones: 'milestones',
    dependsOn: 'dependsOn',
    id: 'code',
  };
  return map[field] ?? null;
}

export { letter as columnLetter };
