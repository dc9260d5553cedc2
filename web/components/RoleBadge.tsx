import { Badge } from '@mantine/core';
import { useTranslation } from '../lib/useTranslation';
import type { Role } from '../../contracts/index.js';

/** A role's name as a badge; long names ("Network analyst", longer in other languages) wrap, never cut. */
export function RoleBadge({ role }: { role: Role }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="light"
      color="blue"
      tt="none"
      maw="100%"
      styles={{
        root: { height: 'auto', minHeight: 'var(--badge-height)', paddingBlock: 2 },
        label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip', lineHeight: 1.3 },
      }}
    >
      {t(`roles.${role}`)}
    </Badge>
  );
}
