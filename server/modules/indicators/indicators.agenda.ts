import { and, eq, gt, lte } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.js';
import { translate } from '../../platform/i18n.js';
import type { AgendaSourceContext, PulledAgendaItem } from '../meetings/index.js';
import { indicator, indicatorValue } from './indicators.table.js';

/**
 * The monthly agenda's indicator item (registered with the meetings module in index.ts): values
 * approved since the previous meeting (a manual value counts once approved). Computed indicators
 * change with the sessions, which the template's "what we delivered" item already reviews.
 */
export async function indicatorAgendaItems(db: Db, ctx: AgendaSourceContext): Promise<PulledAgendaItem[]> {
  const since = ctx.since ?? new Date(ctx.startsAt.getTime() - 31 * 24 * 60 * 60 * 1000);
  const rows = await db
    .select({
      code: indicator.code,
      names: indicator.names,
      unit: indicator.unit,
      period: indicatorValue.period,
      value: indicatorValue.value,
      neighbourhoodId: indicatorValue.neighbourhoodId,
    })
    .from(indicatorValue)
    .innerJoin(
      indicator,
      and(eq(indicator.cityId, indicatorValue.cityId), eq(indicator.id, indicatorValue.indicatorId)),
    )
    .where(
      and(
        eq(indicatorValue.cityId, ctx.cityId),
        eq(indicatorValue.status, 'approved'),
        gt(indicatorValue.approvedAt, since),
        lte(indicatorValue.approvedAt, ctx.startsAt),
      ),
    )
    .orderBy(indicator.code, indicatorValue.period);
  if (!rows.length) return [];
  const t = (key: string, values?: Record<string, unknown>) =>
    translate(ctx.locale, `indicators.agenda.${key}`, values);
  return [
    {
      kind: 'reflection',
      title: t('changes', { count: rows.length }),
      notes: rows
        .map((r) =>
          t(r.neighbourhoodId ? 'lineNeighbourhood' : 'line', {
            code: r.code,
            name: r.names[ctx.locale] ?? r.names.en ?? Object.values(r.names).find(Boolean) ?? '',
            period: r.period,
            value: `${r.value}${r.unit ? ` ${r.unit}` : ''}`,
          }),
        )
        .join('\n'),
    },
  ];
}
