import { Badge } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';
import type { RiskCategory, RiskLevel } from '../../../contracts/index.js';
import { levelColours } from './mapGeometry';

/** A level as a badge: the map's colour and the level's name (the colour never carries it alone). */
export function LevelBadge({ level }: { level: RiskLevel | null }) {
  const { t } = useTranslation();
  const dark = level === 'very-high';
  return (
    <Badge
      variant="filled"
      style={{
        background: levelColours[level ?? 'none'],
        color: dark ? '#fff' : '#000',
        whiteSpace: 'normal',
        height: 'auto',
      }}
      data-testid="level-badge"
    >
      {level ? t(`risk-map.level.${level}`) : t('risk-map.noRisk')}
    </Badge>
  );
}

/** A category's name: built-in ones translated, the city's own from its labels. */
export function useCategoryLabel(categories: RiskCategory[] | undefined) {
  const { t, i18n } = useTranslation();
  return (code: string) => {
    const own = categories?.find((c) => c.code === code && !c.builtIn);
    if (own) return own.labels[i18n.language] ?? own.labels.en ?? code;
    return t(`risk-map.category.${code}`, { defaultValue: code });
  };
}
