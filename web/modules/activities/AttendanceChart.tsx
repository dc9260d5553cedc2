import { Text } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import type { ActivitySummary } from '../../../contracts/index.js';
import { useFormat } from '../../lib/format';

const COLORS = ['var(--mantine-color-grape-6)', 'var(--mantine-color-blue-6)', 'var(--mantine-color-gray-6)'];

/**
 * Attendance by age band and sex as grouped bars: a y axis with ticks, the value on every bar,
 * "withheld" where the small-cell rule withheld the count (no bar), and a text alternative that reads
 * the same numbers. Drawn right to left in right-to-left languages.
 */
export function AttendanceChart({ summary }: { summary: ActivitySummary }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const descId = useId();
  const rtl = i18n.dir() === 'rtl';
  const { sexes, ageBands, cells } = summary.attendance;
  const width = 640;
  const height = 260;
  const left = 48;
  const right = 12;
  const top = 16;
  const bottom = 40;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const values = cells.flat().flatMap((c) => (c.suppressed || c.value === null ? [] : [c.value]));
  const max = Math.max(1, ...values);
  const step = niceStep(max);
  const yMax = Math.ceil(max / step) * step;
  const y = (v: number) => top + plotH - (v / yMax) * plotH;
  const groupW = plotW / ageBands.length;
  const barW = Math.min(28, (groupW - 8) / sexes.length);
  const x = (v: number) => (rtl ? width - v : v);
  const ticks = Array.from({ length: Math.floor(yMax / step) + 1 }, (_, i) => i * step);
  const alt = ageBands
    .map(
      (band, b) =>
        `${t(`activities.ageBands.${band}`)}: ${sexes
          .map((sex, s) => {
            const c = cells[s][b];
            return `${t(`activities.sexes.${sex}`)} ${c.suppressed ? t('activities.withheld') : fmt.number(c.value ?? 0)}`;
          })
          .join(', ')}`,
    )
    .join('; ');
  return (
    <figure style={{ margin: 0 }} data-testid="attendance-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${descId}-cap`}
        aria-describedby={descId}
        style={{ maxWidth: width }}
      >
        {ticks.map((v) => (
          <g key={v}>
            <line
              x1={x(left)}
              x2={x(width - right)}
              y1={y(v)}
              y2={y(v)}
              stroke="var(--mantine-color-default-border)"
            />
            <text
              x={x(left - 6)}
              y={y(v) + 4}
              fontSize={11}
              textAnchor={rtl ? 'start' : 'end'}
              fill="currentColor"
            >
              {fmt.number(v)}
            </text>
          </g>
        ))}
        <line x1={x(left)} x2={x(left)} y1={top} y2={top + plotH} stroke="currentColor" />
        <line x1={x(left)} x2={x(width - right)} y1={top + plotH} y2={top + plotH} stroke="currentColor" />
        {ageBands.map((band, b) => {
          const gx = left + b * groupW + (groupW - barW * sexes.length) / 2;
          return (
            <g key={band}>
              {sexes.map((sex, s) => {
                const c = cells[s][b];
                const bx = gx + s * barW;
                const cx = x(bx + barW / 2);
                if (c.suppressed || c.value === null)
                  return (
                    <text
                      key={sex}
                      x={cx}
                      y={top + plotH - 4}
                      fontSize={9}
                      textAnchor="middle"
                      fill="currentColor"
                    >
                      {t('activities.withheldShort')}
                    </text>
                  );
                return (
                  <g key={sex}>
                    <rect
                      x={rtl ? width - bx - barW + 1 : bx}
                      y={y(c.value)}
                      width={barW - 1}
                      height={top + plotH - y(c.value)}
                      fill={COLORS[s]}
                    />
                    <text x={cx} y={y(c.value) - 3} fontSize={10} textAnchor="middle" fill="currentColor">
                      {fmt.number(c.value)}
                    </text>
                  </g>
                );
              })}
              <text
                x={x(left + b * groupW + groupW / 2)}
                y={height - bottom + 16}
                fontSize={11}
                textAnchor="middle"
                fill="currentColor"
              >
                {t(`activities.ageBands.${band}`)}
              </text>
            </g>
          );
        })}
        {sexes.map((sex, s) => {
          const lx = left + s * 120;
          return (
            <g key={sex}>
              <rect x={rtl ? width - lx - 10 : lx} y={height - 16} width={10} height={10} fill={COLORS[s]} />
              <text
                x={x(lx + 14)}
                y={height - 7}
                fontSize={11}
                textAnchor={rtl ? 'end' : 'start'}
                fill="currentColor"
              >
                {t(`activities.sexes.${sex}`)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption id={`${descId}-cap`}>
        <Text size="sm" fw={600}>
          {t('activities.chart.caption')}
        </Text>
      </figcaption>
      <Text size="xs" c="dimmed" id={descId}>
        {t('activities.chart.alt', { values: alt })}
      </Text>
    </figure>
  );
}

function niceStep(max: number): number {
  const rough = max / 5;
  const pow = 10 ** Math.floor(Math.log10(rough));
  const n = rough / pow;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * pow;
}
