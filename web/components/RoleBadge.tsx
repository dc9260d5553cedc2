import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../contracts/index.js';

export function RoleBadge({ role }: { role: Role }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color="blue" tt="none">
      {t(`roles.${role}`)}
    </Badge>
  );
}
