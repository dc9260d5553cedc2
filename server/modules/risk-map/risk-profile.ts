import { eq } from 'drizzle-orm';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import {
  riskLevels,
  type MapData,
  type MatrixScale,
  type RiskDetail,
  type RiskLevel,
  type RiskSummary,
} from '../../../contracts/risk-map.contract.js';
import { locales, type Locale } from '../../../contracts/route.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/index.js';
import { translate } from '../../platform/i18n.js';
import { loadPdfmake } from '../../platform/pdf.js';
import { city } from '../cities/index.js';
import { getRisk, listCategories, listRisks, mapData } from './risk-map.service.js';
import { matrixVersions } from './risk-matrix.service.js';

/*
 * The local risk profile: the register as it stood on a day, as a PDF or Word document the network
 * can take to a meeting — the map (drawn here from the stored shapes: no browser, no tile server), the
 * likelihood × impact matrix, and each priority risk (high and very high) with its evidence grades and
 * the organisations' perspectives side by side. Internal to the network: every page says so, and
 * names of people never appear (the register holds none; the text fields warn against them).
 */

/** The map's fills: the same as the web map (web/modules/risk-map/mapGeometry.ts). */
const FILL: Record<RiskLevel | 'none', string> = {
  none: '#e9ecef',
  low: '#fff3bf',
  medium: '#ffc078',
  high: '#f76707',
  'very-high': '#a61e1e',
};

type Ring = [number, number][];

function polygonsOf(shape: NonNullable<MapData['neighbourhoods'][number]['shape']>): Ring[][] {
  return (shape.type === 'Polygon' ? [shape.coordinates] : shape.coordinates) as Ring[][];
}

/**
 * The shapes in force as one SVG, longitude/latitude projected equirectangularly around the city's
 * middle latitude (at a city's scale that is indistinguishable from the web map's projection).
 */
export function mapSvg(data: MapData, width: number, height: number): string | null {
  const drawn = data.neighbourhoods.filter((n) => n.current && n.shape);
  const points = drawn.flatMap((n) => polygonsOf(n.shape!).flat(2));
  if (points.length === 0) return null;
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  const [minLon, maxLon, minLat, maxLat] = [
    Math.min(...lons),
    Math.max(...lons),
    Math.min(...lats),
    Math.max(...lats),
  ];
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * kx, 1e-9);
  const spanY = Math.max(maxLat - minLat, 1e-9);
  const scale = Math.min((width - 8) / spanX, (height - 8) / spanY);
  const offX = (width - spanX * scale) / 2;
  const offY = (height - spanY * scale) / 2;
  const xy = ([lon, lat]: [number, number]) =>
    `${(offX + (lon - minLon) * kx * scale).toFixed(1)} ${(offY + (maxLat - lat) * scale).toFixed(1)}`;
  const paths = drawn.map((n) => {
    const d = polygonsOf(n.shape!)
      .flatMap((polygon) => polygon.map((ring) => `M${ring.map(xy).join('L')}Z`))
      .join('');
    return `<path d="${d}" fill="${FILL[n.highestLevel ?? 'none']}" fill-rule="evenodd" stroke="#495057" stroke-width="0.8"/>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="${width}" height="${height}" fill="#f8f9fa"/>${paths.join('')}</svg>`;
}

export interface RiskProfile {
  cityName: string;
  asOf: string;
  map: MapData;
  risks: RiskSummary[];
  priority: RiskDetail[];
  categoryLabel: (code: string) => string;
  /** The city's matrix in force on the day (its sizes draw the grid). */
  matrix: MatrixScale;
}

/** What the report shows, gathered once for both formats. */
async function gather(
  db: Db,
  cityId: string,
  locale: Locale,
  asOf: string | undefined,
): Promise<RiskProfile> {
  const [cityRow] = await db.select({ name: city.name }).from(city).where(eq(city.id, cityId));
  const register = await listRisks(db, cityId, { asOf });
  const map = await mapData(db, cityId);
  const categories = await listCategories(db, cityId);
  const labels = new Map(
    categories.items.map((c) => [
      c.code,
      c.builtIn
        ? translate(locale, `risk-map.category.${c.code}`)
        : (c.labels[locale] ?? c.labels.en ?? c.code),
    ]),
  );
  const day = asOf ?? new Date().toISOString().slice(0, 10);
  const end = new Date(`${day}T23:59:59.999Z`).toISOString();
  const versions = await matrixVersions(db, cityId);
  const matrix = versions.filter((v) => !v.createdAt || v.createdAt <= end).pop() ?? versions[0];
  const priorityIds = register.items.filter((r) => r.score.level === 'high' || r.score.level === 'very-high');
  const priority: RiskDetail[] = [];
  for (const summary of priorityIds) {
    const detail = await getRisk(db, cityId, summary.id);
    // As of the day: the score it had then (from the register), and only what was on record by then.
    priority.push({
      ...detail,
      score: summary.score,
      evidence: detail.evidence.filter((e) => e.addedAt <= end),
      perspectives: detail.perspectives.filter((p) => p.at <= end),
    });
  }
  return {
    cityName: cityRow?.name ?? '',
    asOf: day,
    map,
    risks: register.items,
    priority,
    categoryLabel: (code) => labels.get(code) ?? code,
    matrix,
  };
}

/** One document as blocks of text and tables, the same for PDF and DOCX. */
type Block =
  | { kind: 'heading'; text: string; level: 1 | 2 }
  | { kind: 'paragraph'; text: string; small?: boolean }
  | { kind: 'table'; header: string[]; rows: string[][] }
  | { kind: 'map' };

function blocks(p: RiskProfile, lang: Locale): { title: string; blocks: Block[] } {
  const t = (key: string, values?: Record<string, unknown>) => translate(lang, `risk-map.${key}`, values);
  const level = (l: RiskLevel | null) => (l ? t(`level.${l}`) : t('noRisk'));
  const names = new Map(p.map.neighbourhoods.map((n) => [n.id, n.name]));
  const where = (r: RiskSummary) =>
    r.cityWide ? t('field.cityWide') : r.neighbourhoodIds.map((id) => names.get(id) ?? '?').join(', ');
  const out: Block[] = [
    { kind: 'paragraph', text: t('profile.asOf', { date: p.asOf }) },
    { kind: 'paragraph', text: t('profile.internal'), small: true },
    { kind: 'heading', text: t('profile.mapTitle'), level: 1 },
    { kind: 'map' },
    {
      kind: 'paragraph',
      small: true,
      text: `${t('legend')}: ${(['none', ...riskLevels] as const).map((l) => (l === 'none' ? t('noRisk') : t(`level.${l}`))).join(' · ')}`,
    },
    {
      kind: 'table',
      header: [t('col.neighbourhood'), t('col.highest'), t('col.risks')],
      rows: p.map.neighbourhoods
        .filter((n) => n.current)
        .map((n) => [n.name, level(n.highestLevel), String(n.riskCount)]),
    },
    { kind: 'heading', text: t('profile.matrixTitle'), level: 1 },
    { kind: 'paragraph', text: t('profile.matrixHelp'), small: true },
  ];
  // Rows: likelihood N → 1; columns: impact 1 → M (the city's matrix of the day); each cell the
  // number of risks (risks, not people).
  const { likelihoodSize, impactSize } = p.matrix;
  const matrix: string[][] = [];
  for (let likelihood = likelihoodSize; likelihood >= 1; likelihood--) {
    const row = [`${t('field.likelihood')} ${likelihood}`];
    for (let impact = 1; impact <= impactSize; impact++)
      row.push(
        String(p.risks.filter((r) => r.score.likelihood === likelihood && r.score.impact === impact).length),
      );
    matrix.push(row);
  }
  out.push({
    kind: 'table',
    header: ['', ...Array.from({ length: impactSize }, (_, i) => `${t('field.impact')} ${i + 1}`)],
    rows: matrix,
  });
  out.push({ kind: 'heading', text: t('profile.registerTitle'), level: 1 });
  out.push({
    kind: 'table',
    header: [
      t('field.title'),
      t('field.category'),
      t('field.where'),
      t('field.level'),
      t('field.residual'),
      t('field.trend'),
    ],
    rows: p.risks.map((r) => [
      r.title,
      p.categoryLabel(r.category),
      where(r),
      level(r.score.level),
      level(r.score.residualLevel),
      t(`trend.${r.score.trend}`),
    ]),
  });
  out.push({ kind: 'heading', text: t('profile.priorityTitle'), level: 1 });
  if (p.priority.length === 0) out.push({ kind: 'paragraph', text: t('profile.noPriority') });
  for (const r of p.priority) {
    out.push({ kind: 'heading', text: r.title, level: 2 });
    out.push({
      kind: 'paragraph',
      text: `${p.categoryLabel(r.category)} · ${t(`kind.${r.kind}`)} · ${where(r)} · ${t('scoreOf', { likelihood: r.score.likelihood, impact: r.score.impact })} → ${level(r.score.level)} · ${t('field.residual')}: ${level(r.score.residualLevel)} · ${t('confidence.' + r.score.confidence)}`,
    });
    if (r.description) out.push({ kind: 'paragraph', text: r.description });
    if (r.affectedGroups)
      out.push({ kind: 'paragraph', text: `${t('field.affectedGroups')}: ${r.affectedGroups}` });
    out.push({ kind: 'paragraph', text: t('evidence.title') });
    out.push(
      r.evidence.length === 0
        ? { kind: 'paragraph', text: t('evidence.none'), small: true }
        : {
            kind: 'table',
            header: [t('evidence.grade'), t('evidence.source'), t('evidence.summary')],
            rows: r.evidence.map((e) => [
              `${e.reliability}${e.credibility}`,
              t(`source.${e.sourceType}`),
              e.summary,
            ]),
          },
    );
    out.push({ kind: 'paragraph', text: t('perspectives.title') });
    out.push(
      r.perspectives.length === 0
        ? { kind: 'paragraph', text: t('perspectives.none'), small: true }
        : {
            kind: 'table',
            header: [
              t('perspectives.organisation'),
              t('field.level'),
              t('perspectives.rationale'),
              t('profile.assumptionsBiases'),
            ],
            rows: r.perspectives.map((v) => [
              v.organisationName,
              `${v.likelihood} × ${v.impact} → ${level(v.level)}`,
              v.rationale,
              [v.assumptions, v.biases].filter(Boolean).join(' / '),
            ]),
          },
    );
  }
  out.push({ kind: 'paragraph', text: t('profile.gradesHelp'), small: true });
  return { title: t('profile.title', { city: p.cityName }), blocks: out };
}

async function pdf(p: RiskProfile, lang: Locale): Promise<Buffer> {
  const doc = blocks(p, lang);
  const rtl = lang === 'ar';
  const alignment: 'right' | 'left' = rtl ? 'right' : 'left';
  // As in the ToR export: right-to-left words keep their trailing space, the last one needs its own.
  const txt = (value: string) => (rtl ? `${value} ` : value);
  const svg = mapSvg(p.map, 515, 320);
  const content: Content[] = [{ text: txt(doc.title), style: 'title', alignment }];
  for (const b of doc.blocks) {
    if (b.kind === 'heading')
      content.push({ text: txt(b.text), style: b.level === 1 ? 'heading' : 'subheading', alignment });
    else if (b.kind === 'paragraph')
      content.push({
        text: txt(b.text),
        alignment,
        margin: [0, 0, 0, 4],
        ...(b.small ? { style: 'small' } : {}),
      });
    else if (b.kind === 'map')
      content.push(
        svg ? { svg, width: 515 } : { text: txt(translate(lang, 'risk-map.noBoundaries')), alignment },
      );
    else {
      const cells = (row: string[], bold = false) =>
        (rtl ? [...row].reverse() : row).map((c) => ({ text: txt(c), bold, alignment }));
      content.push({
        table: {
          headerRows: 1,
          widths: b.header.map(() => '*'),
          body: [cells(b.header, true), ...b.rows.map((r) => cells(r))],
        },
        layout: 'lightHorizontalLines',
        fontSize: 9,
        margin: [0, 2, 0, 8],
      });
    }
  }
  const definition: TDocumentDefinitions = {
    info: { title: doc.title },
    content,
    footer: (page, pages) => ({
      text: txt(`${translate(lang, 'risk-map.profile.internal')} · ${page}/${pages}`),
      alignment: 'center',
      fontSize: 7,
      color: '#666666',
    }),
    defaultStyle: { font: rtl ? 'Naskh' : 'Roboto', fontSize: 10, lineHeight: 1.2 },
    styles: {
      title: { fontSize: 18, bold: true, margin: [0, 0, 0, 6] },
      heading: { fontSize: 13, bold: true, margin: [0, 12, 0, 4] },
      subheading: { fontSize: 11, bold: true, margin: [0, 8, 0, 3] },
      small: { fontSize: 8, color: '#444444' },
    },
  };
  const pdfmake = await loadPdfmake();
  return Buffer.from(await pdfmake.createPdf(definition).getBuffer());
}

async function docx(p: RiskProfile, lang: Locale): Promise<Buffer> {
  const {
    AlignmentType,
    Document,
    HeadingLevel,
    Packer,
    Paragraph,
    Table,
    TableCell,
    TableRow,
    TextRun,
    WidthType,
  } = await import('docx');
  const doc = blocks(p, lang);
  const bidi = lang === 'ar';
  const alignment = bidi ? AlignmentType.RIGHT : AlignmentType.LEFT;
  const para = (
    text: string,
    options: {
      heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel];
      bold?: boolean;
      size?: number;
    } = {},
  ) =>
    new Paragraph({
      heading: options.heading,
      bidirectional: bidi,
      alignment,
      children: [new TextRun({ text, rightToLeft: bidi, bold: options.bold, size: options.size })],
    });
  const children: (InstanceType<typeof Paragraph> | InstanceType<typeof Table>)[] = [
    para(doc.title, { heading: HeadingLevel.TITLE }),
  ];
  for (const b of doc.blocks) {
    if (b.kind === 'heading')
      children.push(
        para(b.text, { heading: b.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2 }),
      );
    else if (b.kind === 'paragraph') children.push(para(b.text, { size: b.small ? 16 : undefined }));
    // Word gets the map as its table (the rows that follow): an SVG picture in docx needs a PNG
    // twin, and the server has no rasteriser. Said in the document, not left out silently.
    else if (b.kind === 'map')
      children.push(para(translate(lang, 'risk-map.profile.mapInPdf'), { size: 16 }));
    else
      children.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          visuallyRightToLeft: bidi,
          rows: [b.header, ...b.rows].map(
            (row, i) =>
              new TableRow({
                tableHeader: i === 0,
                children: row.map(
                  (cell) => new TableCell({ children: [para(cell, { bold: i === 0, size: 18 })] }),
                ),
              }),
          ),
        }),
      );
  }
  return Packer.toBuffer(new Document({ title: doc.title, sections: [{ children }] }));
}

/** The report in a format and language (the city's own by default), audited as an export. */
export async function exportRiskProfile(
  db: Db,
  cityId: string,
  auditActor: AuditActor,
  format: 'pdf' | 'docx',
  query: { lang?: Locale; asOf?: string },
): Promise<{ file: Buffer; filename: string }> {
  let locale = query.lang;
  if (!locale) {
    const [row] = await db
      .select({ defaultLocale: city.defaultLocale })
      .from(city)
      .where(eq(city.id, cityId));
    locale = (locales as readonly string[]).includes(row?.defaultLocale ?? '')
      ? (row!.defaultLocale as Locale)
      : 'en';
  }
  const profile = await gather(db, cityId, locale, query.asOf);
  const file = format === 'pdf' ? await pdf(profile, locale) : await docx(profile, locale);
  await appendAudit(db, cityId, auditActor, {
    action: 'export',
    recordType: 'risk_profile',
    recordId: null,
    reason: `${format} ${locale} as of ${profile.asOf}`,
  });
  return { file, filename: `risk-profile-${profile.asOf}-${locale}.${format}` };
}
