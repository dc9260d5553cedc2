import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { ReportDetail } from '../../../contracts/national.contract.js';
import type { Locale } from '../../../contracts/route.js';
import { translate } from '../../platform/i18n.js';
import { loadPdfmake } from '../../platform/pdf.js';
import { pickName } from './national.service.js';

const narrativeFields = ['summary', 'achievements', 'challenges', 'supportNeeded'] as const;

/**
 * A report as a PDF in one of the six languages (Roboto; Noto Naskh Arabic right to left for Arabic):
 * the narrative, the plan's objectives with their national goals, indicators and activities, with the
 * content hash of a frozen report printed on it so a reader can check it against the audit chain.
 */
export async function reportPdf(r: ReportDetail, cityName: string, lang: Locale): Promise<Buffer> {
  const t = (key: string, values?: Record<string, unknown>) => translate(lang, `national.${key}`, values);
  const rtl = lang === 'ar';
  const align: 'right' | 'left' = rtl ? 'right' : 'left';
  // pdfmake lays right-to-left words out in reverse and keeps each word's trailing space (tor.export.ts).
  const txt = (value: string) => (rtl ? `${value} ` : value);
  const para = (value: string, style?: string): Content => ({ text: txt(value), alignment: align, style });
  const c = r.content;
  const pct = (p: { percent: number | null }) => (p.percent === null ? '–' : `${p.percent} %`);
  const count = (v: { value: number | null; suppressed: boolean }) =>
    v.suppressed ? t('reports.withheld') : v.value === null ? '–' : String(v.value);
  const table = (head: string[], rows: string[][]): Content => {
    const cells = [head, ...rows].map((row, i) =>
      (rtl ? [...row].reverse() : row).map((cell) => ({ text: txt(cell), bold: i === 0, alignment: align })),
    );
    return {
      table: {
        headerRows: 1,
        widths: head.map((_, i) => (i === (rtl ? head.length - 1 : 0) ? '*' : 'auto')),
        body: cells,
      },
      layout: 'lightHorizontalLines',
      margin: [0, 4, 0, 8],
    };
  };
  const content: Content[] = [
    para(t('reports.heading', { period: r.period, version: r.version }), 'title'),
    para(`${cityName} · ${t(`reportStatus.${r.status}`)}`, 'meta'),
    para(r.frozen ? t('reports.frozen', { date: c.generatedAt.slice(0, 10) }) : t('reports.live'), 'meta'),
    ...(r.contentHash ? [para(`SHA-256 ${r.contentHash}`, 'meta')] : []),
    ...narrativeFields.flatMap((f): Content[] =>
      r.narrative[f].trim() ? [para(t(`narrative.${f}`), 'heading'), para(r.narrative[f])] : [],
    ),
    para(t('reports.plan'), 'heading'),
  ];
  if (c.plan) {
    content.push(
      para(`${c.plan.title} · v${c.plan.version} · ${t('reports.progress')}: ${pct(c.plan.progress)}`),
    );
    content.push(
      table(
        [t('reports.objective'), t('reports.goals'), t('reports.progress'), t('reports.overdueActions')],
        c.plan.objectives.map((o) => [
          [o.code, o.title].filter(Boolean).join(' '),
          o.goals.map((g) => `${g.code} ${g.name}`).join('\n') || '–',
          pct(o.progress),
          String(o.overdueActions),
        ]),
      ),
    );
  } else content.push(para(t('reports.noPlan')));
  content.push(para(t('reports.indicators'), 'heading'));
  if (c.indicators.length)
    content.push(
      table(
        [t('reports.indicator'), t('reports.target'), t('reports.actual'), t('reports.progress')],
        c.indicators.map((i) => [
          `${i.code} ${pickName(i.names, lang)}${i.period ? ` (${i.period})` : ''}`,
          i.target === null ? '–' : String(i.target),
          count(i.actual),
          pct(i.progress),
        ]),
      ),
    );
  else content.push(para(t('reports.noIndicators')));
  content.push(
    para(t('reports.activities'), 'heading'),
    para(
      `${t('reports.sessions', { n: c.activities.sessionsHeld })} · ${t('reports.attendance')}: ${count(c.activities.attendanceTotal)}`,
    ),
    para(t('reports.suppressionNote'), 'meta'),
    para(
      t('reports.escalationCounts', {
        raised: c.escalations.raised,
        answered: c.escalations.answered,
        open: c.escalations.open,
      }),
    ),
  );
  if (c.cases)
    content.push(
      para(t('reports.cases'), 'heading'),
      para(
        [
          `${t('reports.casesTotal')}: ${count(c.cases.total)}`,
          ...c.cases.byCategory.map((cat) => `${t(`caseCategory.${cat.key}`)}: ${count(cat)}`),
        ].join(' · '),
      ),
    );
  if (r.reviewComment) content.push(para(t('reports.comment'), 'heading'), para(r.reviewComment));
  const definition: TDocumentDefinitions = {
    info: { title: t('reports.heading', { period: r.period, version: r.version }) },
    content,
    defaultStyle: { font: rtl ? 'Naskh' : 'Roboto', fontSize: 10, lineHeight: 1.25 },
    styles: {
      title: { fontSize: 18, bold: true, margin: [0, 0, 0, 6] },
      meta: { fontSize: 8.5, color: '#444444' },
      heading: { fontSize: 12.5, bold: true, margin: [0, 10, 0, 4] },
    },
  };
  const pdfmake = await loadPdfmake();
  return Buffer.from(await pdfmake.createPdf(definition).getBuffer());
}
