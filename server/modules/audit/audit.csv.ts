import type { AuditEventView } from '../../../contracts/audit.contract.js';
import type { Locale } from '../../../contracts/route.js';
import { translate } from '../../platform/i18n.js';

/** The exported columns, in order: also the `fields` of the export's own audit entry. */
export const CSV_COLUMNS = [
  'seq',
  'at',
  'actor',
  'actorRole',
  'action',
  'recordType',
  'record',
  'recordId',
  'fields',
  'reason',
  'requestId',
  'hash',
] as const;

/**
 * One CSV cell. A leading = + - @ tab or CR is defused with an apostrophe so a spreadsheet never runs
 * it as a formula (a reason or a title is free text); quoted when it holds a comma, quote or newline.
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The log as CSV: UTF-8 with a byte-order mark (so Excel reads Arabic and Cyrillic right), CRLF line
 * ends, headers and labels in the chosen language, times in UTC ISO 8601. Built from the same views
 * the page shows, so it names no more than the page does.
 */
export function auditCsv(locale: Locale, events: AuditEventView[]): string {
  const header = CSV_COLUMNS.map((c) => csvCell(translate(locale, `audit.csv.${c}`)));
  const lines = [header.join(',')];
  for (const e of events) {
    const cells: (string | number | null)[] = [
      e.seq,
      e.at,
      e.actorName ??
        (e.actorUserId ? translate(locale, 'audit.notMember') : translate(locale, 'audit.system')),
      e.actorRoleLabel,
      e.actionLabel,
      e.recordTypeLabel,
      e.recordLabel,
      e.recordId,
      e.fieldLabels.join('; '),
      e.reason,
      e.requestId,
      e.hash,
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
