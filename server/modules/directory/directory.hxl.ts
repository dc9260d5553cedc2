import { randomUUID } from 'node:crypto';
import type ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import {
  entryStatuses,
  hxlColumns,
  IMPORT_LIMITS,
  REF_PATTERN,
  targetGroups,
  type HxlField,
  type ImportResult,
} from '../../../contracts/directory.contract.js';
import { sectors } from '../../../contracts/network.contract.js';
import { LIMITS } from '../../../contracts/primitives.js';
import { appendAuditBatch, type AuditActor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { translate } from '../../platform/i18n.js';
import { locales } from '../../../contracts/route.js';
import { nameKeyOf, riskNeighbourhood } from '../risk-map/index.js';
import {
  allEntries,
  checkEntry,
  cityRefs,
  inTx,
  newRef,
  requireDirectory,
  rowValues,
  serviceTypesOf,
  setLinks,
  type EntryRow,
  type EntryValues,
} from './directory.service.js';
import { directoryEntry } from './directory.table.js';

/*
 * HXL-tagged spreadsheets of the directory (docs/DIRECTORY.md): the export and its template carry a
 * header row and an HXL hashtag row; the import reads either, checks every row against the same rules
 * as the form and writes nothing unless every row is valid. Rows carry the stable id (#meta+id): a
 * known id updates its entry, a new or empty one creates an entry.
 */

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_ERRORS = 500;

// ---------------------------------------------------------------------------------------------
// Export

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/**
 * exceljs, loaded on the first XLSX import or export (about 30 MB once imported): a server that
 * never exchanges a spreadsheet should not carry it, as with pdfmake and docx.
 */
async function loadExcel(): Promise<typeof ExcelJS> {
  return ((await import('exceljs')) as unknown as { default: typeof ExcelJS }).default;
}

/** One spreadsheet row per entry, in the order of `hxlColumns`. */
async function exportRows(db: Db, cityId: string): Promise<string[][]> {
  const { rows, lookups } = await allEntries(db, cityId);
  return rows.map((r) => {
    const places = (lookups.links.get(r.id) ?? [])
      .map((id) => ({ id, name: lookups.neighbourhoods.get(id)?.name ?? '' }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const value: Record<HxlField, string> = {
      ref: r.ref,
      provider: r.organisationId ? (lookups.orgs.get(r.organisationId)?.name ?? '') : r.providerName,
      member: yesNo(r.organisationId !== null),
      sector: r.sector,
      title: r.title,
      serviceType: r.serviceType,
      targetGroup: r.targetGroup,
      cityWide: yesNo(r.cityWide),
      neighbourhoodNames: places.map((p) => p.name).join('; '),
      neighbourhoodCodes: places.map((p) => p.id).join('; '),
      status: r.status,
      startOn: r.startOn ?? '',
      endOn: r.endOn ?? '',
      capacity: r.capacity,
      hours: r.hours,
      contact: r.contact,
      contactConsent: yesNo(r.contactConsent),
      fundingSource: r.fundingSource,
      public: yesNo(r.public),
      description: r.description,
    };
    return hxlColumns.map((c) => value[c.field]);
  });
}

/** A cell a spreadsheet would run as a formula is written as text (CSV injection). */
const defuse = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
const csvCell = (v: string) => {
  const safe = defuse(v);
  return /[",\r\n;]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The directory (or, with `template`, only its two heading rows) as CSV or XLSX. */
export async function exportDirectory(
  db: Db,
  cityId: string,
  format: 'csv' | 'xlsx',
  template: boolean,
): Promise<{ body: Buffer; contentType: string; filename: string }> {
  await requireDirectory(db, cityId);
  const rows = template ? [] : await exportRows(db, cityId);
  const headers = hxlColumns.map((c) => c.header);
  const tags = hxlColumns.map((c) => c.hxl);
  const day = new Date().toISOString().slice(0, 10);
  const name = template ? 'directory-template' : `directory-${day}`;
  if (format === 'csv') {
    const lines = [headers, tags, ...rows].map((r) => r.map(csvCell).join(','));
    // A byte-order mark, so spreadsheet programs read the names in their own scripts as UTF-8.
    return {
      body: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8'),
      contentType: 'text/csv; charset=utf-8',
      filename: `${name}.csv`,
    };
  }
  const workbook = new (await loadExcel()).Workbook();
  const sheet = workbook.addWorksheet('Directory');
  sheet.addRow(headers).font = { bold: true };
  sheet.addRow(tags).font = { italic: true };
  // Strings stay strings (never formulas) in XLSX, so nothing needs defusing here.
  for (const r of rows) sheet.addRow(r);
  sheet.columns.forEach((col, i) => {
    col.width = Math.min(40, Math.max(12, headers[i].length + 2));
  });
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  // The codes the columns take, for whoever fills the template in.
  const lists = workbook.addWorksheet('Codes');
  lists.addRow([
    'Sector',
    'Service type',
    'Target group',
    'Status',
    'Neighbourhood',
    'Neighbourhood id',
  ]).font = {
    bold: true,
  };
  const types = (await serviceTypesOf(db, cityId)).map((t) => t.code);
  const nbs = await db
    .select({ id: riskNeighbourhood.id, name: riskNeighbourhood.name })
    .from(riskNeighbourhood)
    .where(eq(riskNeighbourhood.cityId, cityId))
    .orderBy(riskNeighbourhood.name);
  const longest = Math.max(
    sectors.length,
    types.length,
    targetGroups.length,
    entryStatuses.length,
    nbs.length,
  );
  for (let i = 0; i < longest; i++)
    lists.addRow([
      sectors[i] ?? '',
      types[i] ?? '',
      targetGroups[i] ?? '',
      entryStatuses[i] ?? '',
      nbs[i]?.name ?? '',
      nbs[i]?.id ?? '',
    ]);
  const body = Buffer.from(await workbook.xlsx.writeBuffer());
  return { body, contentType: XLSX_TYPE, filename: `${name}.xlsx` };
}

// ---------------------------------------------------------------------------------------------
// Reading a file into rows of strings

/** RFC 4180 CSV, with the delimiter (comma, semicolon or tab) taken from the first line. */
export function parseCsv(text: string): string[][] {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.split(/\r?\n/, 1)[0] ?? '';
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const delimiter = [',', ';', '\t'].reduce((best, ch) => (count(ch) > count(best) ? ch : best), ',');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

async function parseXlsx(base64: string): Promise<string[][] | null> {
  const workbook = new (await loadExcel()).Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(base64, 'base64') as unknown as ExcelJS.Buffer);
  } catch {
    return null;
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (r, n) => {
    const cells: string[] = [];
    r.eachCell({ includeEmpty: true }, (c, col) => {
      cells[col - 1] = cellText(c.value);
    });
    rows[n - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(rows, (r) => r ?? []);
}

// ---------------------------------------------------------------------------------------------
// Import

/** A hashtag compared without case, spaces or the order of its attributes. */
function tagKey(tag: string): string {
  const [name, ...attrs] = tag.trim().toLowerCase().replace(/\s+/g, '').split('+');
  return [name, ...attrs.filter(Boolean).sort()].join('+');
}
const byTag = new Map(hxlColumns.map((c) => [tagKey(c.hxl), c.field as HxlField]));

/**
 * The column a hashtag names: the same hashtag and attributes; else the one column of that hashtag
 * whose attributes contain, or are contained in, the given ones (`#sector` is `#sector+code`); among
 * several, the one with `+name` (`#org` is `#org+name`, `#adm2` is `#adm2+name`).
 */
function fieldOfTag(tag: string): HxlField | null {
  const key = tagKey(tag);
  const exact = byTag.get(key);
  if (exact) return exact;
  const [name, ...attrs] = key.split('+');
  const candidates = hxlColumns.filter((c) => {
    const [n, ...a] = tagKey(c.hxl).split('+');
    return n === name && (a.every((x) => attrs.includes(x)) || attrs.every((x) => a.includes(x)));
  });
  if (candidates.length === 1) return candidates[0].field;
  const named = candidates.filter((c) => tagKey(c.hxl).split('+').includes('name'));
  return named.length === 1 ? named[0].field : null;
}
const byHeader = new Map<string, HxlField>(
  hxlColumns.flatMap((c) => [
    [c.header.toLowerCase(), c.field],
    [c.field.toLowerCase(), c.field],
  ]),
);

const unquote = (v: string) => v.replace(/^'(?=[=+\-@\t\r])/, '').trim();
const problem = (row: number, field: string, header: string, code: string, message: string) => ({
  path: `file.row[${row}].${field}`,
  code,
  message: `Row ${row}, column "${header}": ${message}`,
});

/** Codes, or their labels in any of the app's languages, to codes. */
function labelMap(
  prefix: string,
  codes: readonly string[],
  own: { code: string; labels: Record<string, string> }[] = [],
) {
  const map = new Map<string, string>();
  for (const code of codes) {
    map.set(code.toLowerCase(), code);
    map.set(code.toLowerCase().replace(/[-_]/g, ' '), code);
    for (const lang of locales) map.set(translate(lang, `${prefix}.${code}`).toLowerCase(), code);
  }
  for (const t of own) for (const label of Object.values(t.labels)) map.set(label.toLowerCase(), t.code);
  return map;
}

const YES = new Set(['yes', 'y', 'true', '1', 'x', 'oui', 'да', 'po', 'ndiyo', 'نعم']);
const NO = new Set(['no', 'n', 'false', '0', '', 'non', 'не', 'jo', 'hapana', 'لا']);

const fieldMax: Partial<Record<HxlField, number>> = {
  title: LIMITS.title,
  provider: LIMITS.organisation,
  capacity: LIMITS.label,
  hours: LIMITS.label,
  contact: LIMITS.contact,
  fundingSource: LIMITS.organisation,
  description: LIMITS.summary,
};

/**
 * Checks a CSV/XLSX file of the directory and, unless it is a dry run and only if every row is valid,
 * writes it in one transaction: rows with a known id update that entry, others create one.
 */
export async function importDirectory(
  db: Db,
  cityId: string,
  actorUserId: string,
  auditActor: AuditActor,
  input: { format: 'csv' | 'xlsx'; content: string; dryRun: boolean },
): Promise<ImportResult> {
  await requireDirectory(db, cityId);
  const fileError = (code: string, message: string): never => {
    throw new AppError('validation', 400, message, [{ path: 'file', code, message }]);
  };
  const table = input.format === 'csv' ? parseCsv(input.content) : await parseXlsx(input.content);
  if (!table) return fileError('unreadable', 'The file is not an XLSX workbook');

  // The hashtag row: among the first five, the first whose filled cells are mostly hashtags.
  let tagRow = -1;
  for (let i = 0; i < Math.min(5, table.length); i++) {
    const filled = table[i].map((c) => c.trim()).filter(Boolean);
    if (filled.length && filled.filter((c) => c.startsWith('#')).length * 2 >= filled.length) {
      tagRow = i;
      break;
    }
  }
  const headerRow = tagRow >= 0 ? (table[tagRow - 1] ?? []) : (table[0] ?? []);
  const keyRow = tagRow >= 0 ? table[tagRow] : (table[0] ?? []);
  const firstData = tagRow >= 0 ? tagRow + 1 : 1;
  const columns = keyRow.map((cell, i) => {
    const header = (headerRow[i] ?? '').trim() || cell.trim();
    const field =
      tagRow >= 0
        ? (fieldOfTag(cell) ?? byHeader.get(header.toLowerCase()) ?? null)
        : (byHeader.get(cell.trim().toLowerCase()) ?? null);
    return { header, field };
  });
  const colOf = new Map<HxlField, number>();
  columns.forEach((c, i) => {
    if (c.field && !colOf.has(c.field)) colOf.set(c.field, i);
  });
  const missing = (['title', 'provider', 'serviceType', 'targetGroup'] as HxlField[]).filter(
    (f) => !colOf.has(f),
  );
  if (missing.length) {
    const names = missing.map((f) => {
      const c = hxlColumns.find((h) => h.field === f)!;
      return `"${c.header}" (${c.hxl})`;
    });
    throw new AppError(
      'validation',
      400,
      `Missing column(s): ${names.join(', ')}`,
      missing.map((f) => ({
        path: `file.column.${f}`,
        code: 'missing-column',
        message: `Missing column ${names[missing.indexOf(f)]}`,
      })),
    );
  }
  const dataRows = table
    .map((cells, i) => ({ cells, row: i + 1 }))
    .slice(firstData)
    .filter(({ cells }) => cells.some((c) => c.trim() !== ''));
  if (dataRows.length > IMPORT_LIMITS.rows) fileError('too-many-rows', `At most ${IMPORT_LIMITS.rows} rows`);

  const refs = await cityRefs(db, cityId);
  const types = await serviceTypesOf(db, cityId);
  const typeOf = labelMap(
    'directory.serviceType',
    types.map((t) => t.code),
    types.filter((t) => !t.builtIn),
  );
  const groupOf = labelMap('directory.targetGroup', targetGroups);
  const statusOf = labelMap('directory.status', entryStatuses);
  const sectorOf = labelMap('network.sectors', sectors);
  const orgByName = new Map([...refs.orgs].map(([id, o]) => [nameKeyOf(o.name), id]));
  const nbRows = await db
    .select({ id: riskNeighbourhood.id, nameKey: riskNeighbourhood.nameKey })
    .from(riskNeighbourhood)
    .where(eq(riskNeighbourhood.cityId, cityId));
  const nbByName = new Map(nbRows.map((n) => [n.nameKey, n.id]));
  const { rows: existingRows, lookups } = await allEntries(db, cityId);
  const existing = new Map(existingRows.map((r) => [r.ref.toLowerCase(), r]));

  const errors: { path: string; code: string; message: string }[] = [];
  const seen = new Map<string, number>();
  const planned: { row: number; values: EntryValues; current: EntryRow | null; ref: string; id: string }[] =
    [];
  for (const { cells, row } of dataRows) {
    if (errors.length >= MAX_ERRORS) break;
    const get = (f: HxlField) => (colOf.has(f) ? unquote(cells[colOf.get(f)!] ?? '') : '');
    const header = (f: HxlField) => {
      const c = hxlColumns.find((h) => h.field === f)!;
      const i = colOf.get(f);
      return `${i === undefined ? c.header : columns[i].header || c.header} ${c.hxl}`;
    };
    const fail = (f: HxlField, code: string, message: string) =>
      errors.push(problem(row, f, header(f), code, message));
    const before = errors.length;

    for (const [f, max] of Object.entries(fieldMax) as [HxlField, number][])
      if (get(f).length > max) fail(f, 'too-long', `at most ${max} characters`);
    const ref = get('ref');
    if (ref && !REF_PATTERN.test(ref))
      fail('ref', 'bad-ref', 'an id is letters, digits and . _ : - (at most 60)');
    if (ref) {
      const dup = seen.get(ref.toLowerCase());
      if (dup) fail('ref', 'duplicate-ref', `the same id as row ${dup}`);
      else seen.set(ref.toLowerCase(), row);
    }
    const current = ref ? (existing.get(ref.toLowerCase()) ?? null) : null;
    const title = get('title');
    if (title.length < 3) fail('title', 'required', 'name the service (at least 3 characters)');
    const provider = get('provider');
    const orgId = provider ? (orgByName.get(nameKeyOf(provider)) ?? null) : null;
    if (!provider) fail('provider', 'required', 'name the organisation');
    const memberCell = get('member').toLowerCase();
    const saysMember = YES.has(memberCell);
    if (memberCell && !YES.has(memberCell) && !NO.has(memberCell))
      fail('member', 'bad-yes-no', 'write yes or no');
    else if (saysMember && provider && !orgId)
      fail('provider', 'unknown-organisation', `"${provider}" is not an organisation of the network`);
    const sectorCell = get('sector');
    const sector = sectorCell
      ? (sectorOf.get(sectorCell.toLowerCase().replace(/_/g, ' ')) ?? sectorOf.get(sectorCell.toLowerCase()))
      : orgId
        ? refs.orgs.get(orgId)!.sector
        : undefined;
    if (!sector)
      fail(
        'sector',
        sectorCell ? 'unknown-sector' : 'required',
        sectorCell ? `unknown sector "${sectorCell}"` : 'give the sector',
      );
    const typeCell = get('serviceType');
    const serviceType = typeOf.get(typeCell.toLowerCase());
    if (!serviceType)
      fail(
        'serviceType',
        typeCell ? 'unknown-service-type' : 'required',
        typeCell ? `unknown service type "${typeCell}"` : 'give the service type',
      );
    const groupCell = get('targetGroup');
    const targetGroup = groupOf.get(groupCell.toLowerCase());
    if (!targetGroup)
      fail(
        'targetGroup',
        groupCell ? 'unknown-target-group' : 'required',
        groupCell ? `unknown target group "${groupCell}"` : 'give the target group',
      );
    const statusCell = get('status');
    const status = statusCell ? statusOf.get(statusCell.toLowerCase()) : 'active';
    if (!status) fail('status', 'unknown-status', `unknown status "${statusCell}"`);
    const bool = (f: HxlField) => {
      const v = get(f).toLowerCase();
      if (YES.has(v)) return true;
      if (!NO.has(v)) fail(f, 'bad-yes-no', 'write yes or no');
      return false;
    };
    const cityWide = bool('cityWide');
    const contactConsent = bool('contactConsent');
    const isPublic = bool('public');
    const date = (f: HxlField) => {
      const v = get(f);
      if (!v) return null;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
        fail(f, 'bad-date', `"${v}" is not a date as YYYY-MM-DD`);
        return null;
      }
      return v;
    };
    const startOn = date('startOn');
    const endOn = date('endOn');
    const split = (v: string) =>
      v
        .split(/[;\n]/)
        .map((s) => s.trim())
        .filter(Boolean);
    const codes = split(get('neighbourhoodCodes'));
    const names = split(get('neighbourhoodNames'));
    let neighbourhoodIds: string[];
    if (codes.length) {
      const unknown = codes.filter((c) => !refs.neighbourhoods.has(c.toLowerCase()));
      if (unknown.length)
        fail(
          'neighbourhoodCodes',
          'unknown-neighbourhood',
          `unknown neighbourhood id(s): ${unknown.join(', ')}`,
        );
      neighbourhoodIds = codes.map((c) => c.toLowerCase());
    } else {
      const unknown = names.filter((n) => !nbByName.has(nameKeyOf(n)));
      if (unknown.length)
        fail(
          'neighbourhoodNames',
          'unknown-neighbourhood',
          `unknown neighbourhood(s): ${unknown.join(', ')}`,
        );
      neighbourhoodIds = names.map((n) => nbByName.get(nameKeyOf(n))!).filter(Boolean);
    }
    if (errors.length > before) continue;

    const values: EntryValues = {
      title,
      organisationId: orgId,
      providerName: orgId ? '' : provider,
      sector: sector as EntryValues['sector'],
      serviceType: serviceType!,
      targetGroup: targetGroup as EntryValues['targetGroup'],
      cityWide,
      neighbourhoodIds: cityWide ? [] : [...new Set(neighbourhoodIds)],
      description: get('description'),
      contact: get('contact'),
      contactConsent,
      capacity: get('capacity'),
      hours: get('hours'),
      status: status as EntryValues['status'],
      startOn,
      endOn,
      fundingSource: get('fundingSource'),
      public: isPublic,
      // Not a column: an update keeps the entry's link to the referral service.
      referralServiceId: current?.referralServiceId ?? null,
    };
    const fieldOf: Record<string, HxlField> = {
      organisationId: 'provider',
      providerName: 'provider',
      serviceType: 'serviceType',
      neighbourhoodIds: codes.length ? 'neighbourhoodCodes' : 'neighbourhoodNames',
      endOn: 'endOn',
      referralServiceId: 'ref',
    };
    for (const p of checkEntry(values, refs, current?.id ?? null))
      fail(
        p.field === 'neighbourhoodIds' && p.code !== 'unknown-neighbourhood'
          ? 'cityWide'
          : (fieldOf[p.field] ?? 'title'),
        p.code,
        p.message,
      );
    if (errors.length > before) continue;
    const id = current?.id ?? randomUUID();
    planned.push({ row, values, current, ref: current?.ref ?? (ref || newRef(id)), id });
  }
  if (errors.length) {
    throw new AppError(
      'validation',
      400,
      `${errors.length}${errors.length >= MAX_ERRORS ? '+' : ''} problem(s) in the file; nothing was imported`,
      errors,
    );
  }

  const same = (p: (typeof planned)[number]) => {
    if (!p.current) return false;
    const a = rowValues(p.values, cityId);
    const b = rowValues(
      { ...p.values, ...currentValues(p.current, lookups.links.get(p.current.id) ?? []) },
      cityId,
    );
    const placesA = [...p.values.neighbourhoodIds].sort().join();
    const placesB = [...(lookups.links.get(p.current.id) ?? [])].sort().join();
    return JSON.stringify(a) === JSON.stringify(b) && placesA === placesB;
  };
  const rows = planned.map((p) => ({
    row: p.row,
    ref: p.ref,
    action: (p.current
      ? same(p)
        ? 'unchanged'
        : 'update'
      : 'create') as ImportResult['rows'][number]['action'],
    title: p.values.title,
    providerName: p.values.organisationId
      ? refs.orgs.get(p.values.organisationId)!.name
      : p.values.providerName,
    member: p.values.organisationId !== null,
  }));
  const result: ImportResult = {
    dryRun: input.dryRun,
    created: rows.filter((r) => r.action === 'create').length,
    updated: rows.filter((r) => r.action === 'update').length,
    unchanged: rows.filter((r) => r.action === 'unchanged').length,
    columns: columns.map((c) => ({ header: c.header, field: c.field })),
    rows,
  };
  if (input.dryRun) return result;

  await inTx(db, async (tx) => {
    const audits: Parameters<typeof appendAuditBatch>[2] = [];
    const at = new Date();
    for (const [i, p] of planned.entries()) {
      const action = rows[i].action;
      if (action === 'unchanged') continue;
      if (action === 'create') {
        await tx
          .insert(directoryEntry)
          .values({ id: p.id, ref: p.ref, ...rowValues(p.values, cityId), createdBy: actorUserId });
      } else {
        await tx
          .update(directoryEntry)
          .set({ ...rowValues(p.values, cityId), updatedAt: new Date() })
          .where(eq(directoryEntry.id, p.id));
      }
      await setLinks(tx, cityId, p.id, p.values.neighbourhoodIds);
      audits.push({
        actor: auditActor,
        entry: { action, recordType: 'directory_entry', recordId: p.id, fields: ['import'], at },
      });
    }
    await appendAuditBatch(tx, cityId, audits);
  });
  return result;
}

function currentValues(row: EntryRow, links: string[]): Partial<EntryValues> {
  return {
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
