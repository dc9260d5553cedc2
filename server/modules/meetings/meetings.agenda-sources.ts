import type { AgendaTemplate } from '../../../contracts/meetings.contract.js';
import type { Locale } from '../../../contracts/route.js';
import type { Db } from '../../platform/db/index.js';

/*
 * Agenda sources: other modules contribute items to an agenda made from a template (the monthly
 * "reflect on the last month, plan the next" meeting pulls overdue plan actions, milestones due and
 * indicator changes). The meetings module keeps only this registration point and calls what is
 * registered; it imports none of the contributing modules (each registers itself from its index.ts).
 */

/** Every agenda template (standard, monthly reflection and one per model, contracts/meetings.contract.ts). */
export type { AgendaTemplate };

/** What a source is told about the meeting whose agenda is being made. */
export interface AgendaSourceContext {
  cityId: string;
  meetingId: string;
  /** When the meeting starts: "overdue" and "due" are as of this moment. */
  startsAt: Date;
  /** When the city's previous meeting (held or scheduled, not cancelled) started; null for the first one. */
  since: Date | null;
  /** The city's default language: pulled items are written in it, as the template's items are. */
  locale: Locale;
}

/** One item a source adds: a title and notes with the details (no personal data). */
export interface PulledAgendaItem {
  kind: 'discussion' | 'reflection' | 'planning';
  title: string;
  notes: string;
}

export type AgendaSource = (db: Db, ctx: AgendaSourceContext) => Promise<PulledAgendaItem[]>;

const sources = new Map<string, { templates: AgendaTemplate[]; pull: AgendaSource }>();

/** Registers (or replaces, by name) a source of agenda items for the given templates. */
export function registerAgendaSource(
  name: string,
  pull: AgendaSource,
  templates: AgendaTemplate[] = ['monthly-reflection'],
): void {
  sources.set(name, { templates, pull });
}

/** The items every source registered for the template adds, in the order the sources registered. */
export async function pullAgendaItems(
  db: Db,
  template: AgendaTemplate,
  ctx: AgendaSourceContext,
): Promise<PulledAgendaItem[]> {
  const items: PulledAgendaItem[] = [];
  for (const { templates, pull } of sources.values())
    if (templates.includes(template)) items.push(...(await pull(db, ctx)));
  return items;
}
