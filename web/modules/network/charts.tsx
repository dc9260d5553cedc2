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

/** A line over time (values 0–1); gaps where there is no value. */
export function LineChart(props: ChartProps) {
  const { label, data, testId } = props;
  const width = 300;
  const height = 120;
  const pad = 10;
  const step = data.length > 1 ? (width - 2 * pad) / (data.length - 1) : 0;
  const x = (i: number) => pad + i * step;
  const y = (v: number) => height - pad - v * (height - 2 * pad);
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
        style={{ maxHeight: 200 }}
      >
        {[0, 0.5, 1].map((g) => (
          <line
            key={g}
            x1={pad}
            x2={width - pad}
            y1={y(g)}
            y2={y(g)}
            stroke="var(--mantine-color-gray-4)"
            strokeDasharray="2 3"
          />
        ))}
        {segments.map((path) => (
          <path key={path} d={path} fill="none" stroke="var(--mantine-color-teal-6)" strokeWidth={2} />
        ))}
        {data.map((d, i) =>
          d.value === null ? null : (
            <circle key={d.label} cx={x(i)} cy={y(d.value)} r={3} fill="var(--mantine-color-teal-7)" />
          ),
        )}
      </svg>
      <div
        aria-hidden="true"
        style={{ display: 'flex', justifyContent: 'space-between', fontSize: 11, direction: 'ltr' }}
      >
        <span>{data[0]?.label}</span>
        <span>{data[data.length - 1]?.label}</span>
      </div>
      <HiddenTable {...props} />
    </figure>
  );
}
