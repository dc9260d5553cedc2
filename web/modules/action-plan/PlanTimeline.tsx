import { Badge, Stack, Text } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';
import type { PlanVersionDetail } from '../../../contracts/index.js';
import { ScrollTable } from '../../components/ScrollTable';
import { UserText } from '../../components/UserText';
import { useFormat } from '../../lib/format';
import { actionStatusColor } from './ActionPlanPage';

const DAY = 86_400_000;
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;

/**
 * The plan as a Gantt-style timeline: a table (one row per action, read row by row by a screen
 * reader: title, dates, status) whose bars are drawn with logical CSS (inset-inline-start), so the
 * chart runs right to left in Arabic without a second code path. Milestones are diamonds on the bar.
 */
export function PlanTimeline({ plan }: { plan: PlanVersionDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const start = dayOf(plan.periodStart);
  const span = Math.max(1, dayOf(plan.periodEnd) - start + 1);
  const pos = (iso: string) => Math.min(100, Math.max(0, ((dayOf(iso) - start) / span) * 100));
  // Year and quarter ticks along the axis.
  const ticks: { at: number; label: string }[] = [];
  const first = new Date(`${plan.periodStart}T00:00:00Z`);
  for (let y = first.getUTCFullYear(), m = first.getUTCMonth() - (first.getUTCMonth() % 3); ; m += 3) {
    const d = new Date(Date.UTC(y, m, 1));
    const iso = d.toISOString().slice(0, 10);
    if (iso > plan.periodEnd) break;
    if (iso >= plan.periodStart)
      ticks.push({
        at: pos(iso),
        label: d.getUTCMonth() === 0 ? String(d.getUTCFullYear()) : `Q${d.getUTCMonth() / 3 + 1}`,
      });
    if (ticks.length > 80) break;
  }
  const todayIso = new Date().toISOString().slice(0, 10);
  const showToday = todayIso >= plan.periodStart && todayIso <= plan.periodEnd;
  if (!plan.actions.length) return <Text c="dimmed">{t('action-plan.noActions')}</Text>;
  return (
    <Stack gap="xs" data-testid="plan-timeline">
      <Text size="sm" c="dimmed">
        {t('action-plan.timeline.help')}
      </Text>
      <ScrollTable label={t('action-plan.tabs.timeline')} minWidth={720}>
        {/* position: relative keeps the visually hidden texts inside the scrolling frame (an absolutely
            placed child of an unpositioned scroller escapes it and widens the page). */}
        <table
          className="lpn-gantt"
          style={{ width: '100%', borderCollapse: 'collapse', position: 'relative' }}
        >
          <caption className="lpn-visually-hidden" style={visuallyHidden}>
            {t('action-plan.timeline.caption', {
              start: fmt.date(plan.periodStart),
              end: fmt.date(plan.periodEnd),
            })}
          </caption>
          <thead>
            <tr>
              <th scope="col" style={{ textAlign: 'start', width: '32%', padding: 4 }}>
                {t('action-plan.timeline.action')}
              </th>
              <th scope="col" style={{ padding: 4 }}>
                <span style={visuallyHidden}>{t('action-plan.timeline.when')}</span>
                <div aria-hidden="true" style={{ position: 'relative', height: 18 }}>
                  {ticks.map((tick) => (
                    <span
                      key={tick.at}
                      style={{
                        position: 'absolute',
                        insetInlineStart: `${tick.at}%`,
                        fontSize: 11,
                        fontWeight: 400,
                      }}
                    >
                      {tick.label}
                    </span>
                  ))}
                </div>
              </th>
            </tr>
          </thead>
          <tbody>
            {plan.objectives.map((o) => [
              <tr key={o.id}>
                <th scope="rowgroup" colSpan={2} style={{ textAlign: 'start', padding: '8px 4px 2px' }}>
                  <UserText>{o.code ? `${o.code} ${o.title}` : o.title}</UserText>
                </th>
              </tr>,
              ...plan.actions
                .filter((a) => a.objectiveId === o.id)
                .map((a) => {
                  const from = pos(a.startOn);
                  const width = Math.max(0.8, pos(a.endOn) - from);
                  return (
                    <tr
                      key={a.id}
                      data-testid="gantt-row"
                      style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
                    >
                      <th scope="row" style={{ textAlign: 'start', fontWeight: 400, padding: 4 }}>
                        <UserText>{a.code ? `${a.code} ${a.title}` : a.title}</UserText>
                      </th>
                      <td style={{ padding: 4 }}>
                        <span style={visuallyHidden}>
                          {fmt.date(a.startOn)} – {fmt.date(a.endOn)},{' '}
                          {t(`action-plan.actionStatus.${a.state.status}`)}
                          {a.progress.percent !== null ? `, ${a.progress.percent} %` : ''}
                        </span>
                        <div aria-hidden="true" style={{ position: 'relative', height: 22 }}>
                          {showToday && (
                            <div
                              style={{
                                position: 'absolute',
                                insetInlineStart: `${pos(todayIso)}%`,
                                top: -4,
                                bottom: -4,
                                borderInlineStart: '2px dashed var(--mantine-color-red-6)',
                              }}
                            />
                          )}
                          <div
                            title={`${a.startOn} – ${a.endOn}`}
                            style={{
                              position: 'absolute',
                              insetInlineStart: `${from}%`,
                              width: `${width}%`,
                              top: 4,
                              height: 14,
                              borderRadius: 4,
                              background: `var(--mantine-color-${actionStatusColor[a.state.status]}-${a.state.status === 'planned' ? 4 : 6})`,
                              outline: a.overdue ? '2px solid var(--mantine-color-red-7)' : undefined,
                            }}
                          />
                          {a.milestones.map((m) => (
                            <div
                              key={m.id}
                              title={m.title}
                              style={{
                                position: 'absolute',
                                insetInlineStart: `calc(${pos(m.dueOn)}% - 5px)`,
                                top: 6,
                                width: 10,
                                height: 10,
                                transform: 'rotate(45deg)',
                                background: a.state.milestonesDone.some((d) => d.id === m.id)
                                  ? 'var(--mantine-color-teal-8)'
                                  : 'var(--mantine-color-body)',
                                border: '2px solid var(--mantine-color-dark-6)',
                              }}
                            />
                          ))}
                        </div>
                      </td>
                    </tr>
                  );
                }),
            ])}
          </tbody>
        </table>
      </ScrollTable>
      <Badge variant="outline" color="red" style={{ alignSelf: 'flex-start' }}>
        {t('action-plan.timeline.today')}
      </Badge>
    </Stack>
  );
}

const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const;
