import { Table, VisuallyHidden } from '@mantine/core';

/**
 * Small accessible charts in inline SVG (no chart library): the SVG is one image with a
 * description, and the same numbers follow in a visually hidden table for screen readers.
 */
export interface ChartDatum {
  label: string;
  value: number | null;
  /** How the value is read out (e.g. "50 %"). */
  display: string;
  /** A shorter label for an axis tick (LineChart); `label` otherwise. */
  tick?: string;
}

interface ChartProps {
  label: string;
  data: ChartDatum[];
  valueHeader: string;
  labelHeader: string;
  testId?: string;
}

function HiddenTable({ label, data, valueHeader, labelHeader }: ChartProps) {
  return (
    <VisuallyHidden>
      <Table>
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">{labelHeader}</th>
            <th scope="col">{valueHeader}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.label}>
              <th scope="row">{d.label}</th>
              <td>{d.display}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </VisuallyHidden>
  );
}

/** Horizontal bars with their labels above them; mirrored in right-to-left languages. */
export function BarChart(props: ChartProps & { rtl?: boolean }) {
  const { label, data, testId, rtl } = props;
  const max = Math.max(1, ...data.map((d) => d.value ?? 0));
  const width = 300;
  const row = 34;
  const height = Math.max(row, data.length * row);
  const start = rtl ? width : 0;
  const end = rtl ? 0 : width;
  return (
    <figure style={{ margin: 0 }} data-testid={testId}>
      <svg role="img" aria-label={label} viewBox={`0 0 ${width} ${height}`} width="100%" direction="ltr">
        {data.map((d, i) => {
          const w = Math.max(1, ((d.value ?? 0) / max) * width);
          return (
            <g key={d.label}>
              <text
                x={start}
                y={i * row + 12}
                fontSize={11}
                textAnchor={rtl ? 'end' : 'start'}
                fill="currentColor"
              >
                {d.label}
              </text>
              <text
                x={end}
                y={i * row + 12}
                fontSize={11}
                textAnchor={rtl ? 'start' : 'end'}
                fill="currentColor"
              >
                {d.display}
              </text>
              <rect
                x={rtl ? width - w : 0}
                y={i * row + 16}
                width={w}
                height={12}
                rx={2}
                fill="var(--mantine-color-teal-6)"
              />
            </g>
          );
        })}
      </svg>
      <HiddenTable {...props} />
    </figure>
  );
}

/**
 * A line over time (values 0–1) on real axes: a value scale at 0, 25, 50, 75 and 100 % with grid
 * lines, and the periods along the bottom (every one when they fit, else evenly spaced). Gaps where
 * there is no value. Time runs left to right in every language, as on a calendar.
 */
export function LineChart(props: ChartProps & { formatValue?: (v: number) => string }) {
  const { label, data, testId, formatValue = (v: number) => `${Math.round(v * 100)} %` } = props;
  const width = 320;
  const height = 170;
  const left = 40; // room for the value labels
  const right = 20; // half a period label past the last point
  const top = 10;
  const bottom = 28; // room for the period labels
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const step = data.length > 1 ? plotWidth / (data.length - 1) : 0;
  const x = (i: number) => (data.length > 1 ? left + i * step : left + plotWidth / 2);
  const y = (v: number) => top + (1 - v) * plotHeight;
  // About six period labels fit across a phone; show every n-th, counted back from the latest.
  const every = Math.max(1, Math.ceil(data.length / 6));
  const segments: string[] = [];
  let current = '';
  data.forEach((d, i) => {
    if (d.value === null) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(d.value).toFixed(1)} `;
  });
  if (current) segments.push(current);
  return (
    <figure style={{ margin: 0 }} data-testid={testId}>
      <svg
        role="img"
        aria-label={label}
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        style={{ maxHeight: 260, direction: 'ltr' }}
      >
        {[0, 0.25, 0.5, 0.75, 1].map((g) => (
          <g key={g} data-testid="chart-y-tick">
            <line
              x1={left}
              x2={width - right}
              y1={y(g)}
              y2={y(g)}
              stroke={g === 0 ? 'var(--mantine-color-gray-7)' : 'var(--mantine-color-gray-4)'}
              strokeDasharray={g === 0 ? undefined : '2 3'}
            />
            <text x={left - 6} y={y(g) + 4} fontSize={10} textAnchor="end" fill="currentColor">
              {formatValue(g)}
            </text>
          </g>
        ))}
        <line x1={left} x2={left} y1={top} y2={top + plotHeight} stroke="var(--mantine-color-gray-7)" />
        {data.map((d, i) =>
          (data.length - 1 - i) % every === 0 ? (
            <g key={d.label} data-testid="chart-x-tick">
              <line
                x1={x(i)}
                x2={x(i)}
                y1={top + plotHeight}
                y2={top + plotHeight + 4}
                stroke="var(--mantine-color-gray-7)"
              />
              <text x={x(i)} y={height - 10} fontSize={10} textAnchor="middle" fill="currentColor">
                {d.tick ?? d.label}
              </text>
            </g>
          ) : null,
        )}
        {segments.map((path) => (
          <path key={path} d={path} fill="none" stroke="var(--mantine-color-teal-7)" strokeWidth={2} />
        ))}
        {data.map((d, i) =>
          d.value === null ? null : (
            <circle key={d.label} cx={x(i)} cy={y(d.value)} r={3} fill="var(--mantine-color-teal-8)" />
          ),
        )}
      </svg>
      <HiddenTable {...props} />
    </figure>
  );
}
