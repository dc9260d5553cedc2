import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Locale } from '../../../contracts/route.js';
import { translate } from '../../platform/i18n.js';
import { loadPdfmake } from '../../platform/pdf.js';
import type { TorSections } from './tor.table.js';

export interface ExportableVersion {
  title: string;
  version: number;
  status: string;
  adoptedAt: Date | null;
  publicSummary: string;
  sections: TorSections;
}

/** One block of the document: a heading and its paragraphs, the same for PDF and DOCX. */
interface Block {
  heading: string;
  paragraphs: string[];
}

function blocks(v: ExportableVersion, lang: Locale): { title: string; meta: string[]; blocks: Block[] } {
  const t = (key: string) => translate(lang, `tor.${key}`);
  const s = v.sections;
  const none = t('export.none');
  const text = (value: string) => [value.trim() || none];
  const mandate = (['a', 'b', 'c', 'd', 'e', 'f'] as const).map(
    (k) =>
      `${k}) ${t(`mandate.${k}`)} — ${s.mandate[k].enabled ? t('export.on') : t('export.off')}${
        s.mandate[k].enabled && s.mandate[k].scope ? `: ${s.mandate[k].scope}` : ''
      }`,
  );
  const q = s.decisionRules.quorum;
  const rules = [
    `${t('editor.quorum')}: ${q.kind === 'share' ? `${Math.round(q.value * 100)}%` : String(q.value)} (${t(`editor.quorumKind.${q.kind}`)})`,
    `${t('editor.method')}: ${t(`editor.methods.${s.decisionRules.method}`)}`,
    `${t('editor.voters')}: ${t(`editor.voterOptions.${s.decisionRules.voters}`)}`,
  ];
  return {
    title: v.title,
    meta: [
      `${t('export.version')}: ${v.version}`,
      `${t('export.status')}: ${t(`status.${v.status}`)}`,
      `${t('export.adoptedAt')}: ${v.adoptedAt ? v.adoptedAt.toISOString().slice(0, 10) : none}`,
    ],
    blocks: [
      { heading: t('sections.publicSummary'), paragraphs: text(v.publicSummary) },
      { heading: t('sections.mandate'), paragraphs: mandate },
      { heading: t('sections.structure'), paragraphs: text(s.structure) },
      {
        heading: t('sections.roles'),
        paragraphs: s.roles.length ? s.roles.map((r) => `${r.role}: ${r.responsibilities}`) : [none],
      },
      { heading: t('sections.communicationInternal'), paragraphs: text(s.communicationInternal) },
      { heading: t('sections.communicationExternal'), paragraphs: text(s.communicationExternal) },
      { heading: t('sections.decisionRules'), paragraphs: rules },
      { heading: t('sections.legalFramework'), paragraphs: text(s.legalFramework) },
      { heading: t('sections.dataSharingBasis'), paragraphs: text(s.dataSharingBasis) },
      { heading: t('sections.limits'), paragraphs: text(s.limits) },
      { heading: t('sections.reviewDate'), paragraphs: [s.reviewDate ?? none] },
    ],
  };
}

/** A PDF: Roboto for Latin and Cyrillic scripts, Noto Naskh Arabic (shaped, right to left) for Arabic. */
export async function torPdf(v: ExportableVersion, lang: Locale): Promise<Buffer> {
  const doc = blocks(v, lang);
  const rtl = lang === 'ar';
  const align = rtl ? 'right' : 'left';
  // pdfmake lays right-to-left words out in reverse and keeps each word's trailing space; the last
  // word of a line has none and would touch its neighbour, so right-to-left text gets one.
  const txt = (value: string) => (rtl ? `${value} ` : value);
  const content: Content[] = [
    { text: txt(doc.title), style: 'title', alignment: align },
    ...doc.meta.map((line): Content => ({ text: txt(line), style: 'meta', alignment: align })),
    ...doc.blocks.flatMap((b): Content[] => [
      { text: txt(b.heading), style: 'heading', alignment: align },
      ...b.paragraphs.map((p): Content => ({ text: txt(p), margin: [0, 0, 0, 4], alignment: align })),
    ]),
  ];
  const definition: TDocumentDefinitions = {
    info: { title: doc.title },
    content,
    defaultStyle: { font: rtl ? 'Naskh' : 'Roboto', fontSize: 10.5, lineHeight: 1.25 },
    styles: {
      title: { fontSize: 20, bold: true, margin: [0, 0, 0, 8] },
      meta: { fontSize: 9, color: '#444444' },
      heading: { fontSize: 13, bold: true, margin: [0, 12, 0, 4] },
    },
  };
  const pdfmake = await loadPdfmake();
  return Buffer.from(await pdfmake.createPdf(definition).getBuffer());
}

/** A Word document with the docx package. */
export async function torDocx(v: ExportableVersion, lang: Locale): Promise<Buffer> {
  // Loaded on the first export (about 11 MB): most servers never make one.
  const { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } = await import('docx');
  const doc = blocks(v, lang);
  const bidi = lang === 'ar';
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
          ...doc.meta.map((line) => para(line)),
          ...doc.blocks.flatMap((b) => [
            para(b.heading, HeadingLevel.HEADING_1),
            ...b.paragraphs.map((p) => para(p)),
          ]),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
