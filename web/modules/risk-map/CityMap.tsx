import { Group, Stack, Text } from '@mantine/core';
import { useMemo, type KeyboardEvent } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { riskLevels, type MapData, type RiskLevel } from '../../../contracts/index.js';
import { fitProjection, labelPoint, levelColours, pathOf } from './mapGeometry';

type Item = MapData['neighbourhoods'][number];

const WIDTH = 800;

/**
 * The city's neighbourhoods as an SVG choropleth on a neutral background: every shape is a
 * keyboard-reachable button (Tab, Enter or Space selects it), its name and level in its label.
 * The same data is always offered as a table beside it (RiskMapPage).
 */
export function CityMap({
  neighbourhoods,
  selected,
  onSelect,
  showLabels = true,
}: {
  neighbourhoods: Item[];
  selected: string | null;
  onSelect: (id: string) => void;
  showLabels?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const drawn = useMemo(() => {
    const shaped = neighbourhoods.filter((n) => n.shape);
    const projection = fitProjection(
      shaped.map((n) => n.shape!),
      WIDTH,
    );
    return {
      projection,
      items: shaped.map((n) => ({
        ...n,
        d: pathOf(n.shape!, projection),
        label: labelPoint(n.shape!, projection),
      })),
    };
  }, [neighbourhoods]);
  const rtl = i18n.dir() === 'rtl';
  const levelName = (level: RiskLevel | null) =>
    level ? t(`risk-map.level.${level}`) : t('risk-map.noRisk');
  const onKey = (id: string) => (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(id);
    }
  };
  return (
    <Stack gap="xs">
      <svg
        viewBox={`0 0 ${drawn.projection.width} ${drawn.projection.height}`}
        width="100%"
        role="group"
        aria-label={t('risk-map.mapLabel')}
        data-testid="risk-map-svg"
        style={{ background: '#f8f9fa', borderRadius: 4, maxHeight: '70vh' }}
      >
        {drawn.items.map((n) => (
          <g
            key={n.id}
            role="button"
            tabIndex={0}
            aria-pressed={selected === n.id}
            aria-label={`${n.name}: ${levelName(n.highestLevel)}`}
            onClick={() => onSelect(n.id)}
            onKeyDown={onKey(n.id)}
            className="lpn-map-shape"
            data-testid={`map-shape-${n.name}`}
            style={{ cursor: 'pointer', outline: 'none' }}
          >
            <path
              d={n.d}
              fillRule="evenodd"
              fill={levelColours[n.highestLevel ?? 'none']}
              stroke={selected === n.id ? '#000' : '#495057'}
              strokeWidth={selected === n.id ? 3 : 1}
            />
          </g>
        ))}
        {showLabels &&
          drawn.items.map((n) => (
            <text
              key={`label-${n.id}`}
              x={n.label[0]}
              y={n.label[1]}
              textAnchor="middle"
              dominantBaseline="middle"
              direction={rtl ? 'rtl' : 'ltr'}
              fontSize={13}
              fill="#000"
              stroke="#fff"
              strokeWidth={3}
              paintOrder="stroke"
              aria-hidden="true"
              pointerEvents="none"
              style={{ unicodeBidi: 'plaintext' }}
            >
              {n.name}
            </text>
          ))}
      </svg>
      <style>{`.lpn-map-shape:focus-visible path { stroke: #1c7ed6; stroke-width: 4px; }`}</style>
      <Legend />
    </Stack>
  );
}

/** The colours of the choropleth and what they mean. */
export function Legend() {
  const { t } = useTranslation();
  return (
    <Group
      gap="md"
      component="ul"
      style={{ listStyle: 'none', padding: 0, margin: 0 }}
      aria-label={t('risk-map.legend')}
      data-testid="risk-map-legend"
    >
      {(['none', ...riskLevels] as const).map((level) => (
        <Group key={level} gap={6} component="li" wrap="nowrap">
          <span
            aria-hidden="true"
            style={{
              display: 'inline-block',
              width: 16,
              height: 16,
              background: levelColours[level],
              border: '1px solid #495057',
            }}
          />
          <Text size="sm">{level === 'none' ? t('risk-map.noRisk') : t(`risk-map.level.${level}`)}</Text>
        </Group>
      ))}
    </Group>
  );
}
