import type { Db } from '../../platform/db/index.js';
import { translate } from '../../platform/i18n.js';
import type { AgendaSourceContext, PulledAgendaItem } from '../meetings/index.js';
import { effectiveMandate, modulesFor } from '../network/index.js';
import { adoptedActionViews } from './action-plan.service.js';

const DAY = 24 * 60 * 60 * 1000;
/** Milestones due up to this long after the meeting are on its agenda (until the next monthly one). */
const AHEAD_DAYS = 31;

/**
 * The monthly agenda's plan items (registered with the meetings module in index.ts): the adopted
 * plan's actions overdue on the meeting's day, and the milestones not yet reached that fell due since
 * the previous meeting or fall due before the next one.
 */
export async function planAgendaItems(db: Db, ctx: AgendaSourceContext): Promise<PulledAgendaItem[]> {
  const mandate = await effectiveMandate(db, ctx.cityId);
  if (!mandate || !modulesFor(mandate).actionPlan) return [];
  const on = ctx.startsAt.toISOString().slice(0, 10);
  const actions = await adoptedActionViews(db, ctx.cityId, on);
  if (!actions.length) return [];
  const t = (key: string, values?: Record<string, unknown>) =>
    translate(ctx.locale, `action-plan.agenda.${key}`, values);
  const label = (a: { code: string; title: string }) => (a.code ? `${a.code} ${a.title}` : a.title);
  const items: PulledAgendaItem[] = [];
  const overdue = actions.filter((a) => a.overdue);
  if (overdue.length)
    items.push({
      kind: 'reflection',
      title: t('overdue', { count: overdue.length }),
      notes: overdue
        .map((a) =>
          t('overdueLine', {
            action: label(a),
            end: a.endOn,
            status: translate(ctx.locale, `action-plan.actionStatus.${a.state.status}`),
          }),
        )
        .join('\n'),
    });
  const from = (ctx.since ?? new Date(ctx.startsAt.getTime() - AHEAD_DAYS * DAY)).toISOString().slice(0, 10);
  const until = new Date(ctx.startsAt.getTime() + AHEAD_DAYS * DAY).toISOString().slice(0, 10);
  const due = actions
    .filter((a) => a.state.status !== 'completed' && a.state.status !== 'cancelled')
    .flatMap((a) =>
      a.milestones
        .filter((m) => m.dueOn > from && m.dueOn <= until)
        .filter((m) => !a.state.milestonesDone.some((d) => d.id === m.id))
        .map((m) => ({ a, m })),
    )
    .sort((x, y) => x.m.dueOn.localeCompare(y.m.dueOn));
  if (due.length)
    items.push({
      kind: 'planning',
      title: t('milestonesDue', { count: due.length }),
      notes: due
        .map(({ a, m }) => t('milestoneLine', { action: label(a), milestone: m.title, due: m.dueOn }))
        .join('\n'),
    });
  return items;
}
