import { Badge } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';
import type { ActionItem } from '../../../contracts/index.js';

/**
 * Marks an action item that carries out a decision recorded without quorum: the decision does not
 * bind the network, so neither does the work it asks for until a meeting with quorum confirms it.
 */
export function ActionNotBindingBadge({ item }: { item: Pick<ActionItem, 'decisionBinding'> }) {
  const { t } = useTranslation();
  if (item.decisionBinding !== false) return null;
  return (
    <Badge
      color="red"
      variant="outline"
      size="sm"
      title={t('meetings.actionNotBindingHint')}
      style={{ alignSelf: 'flex-start' }}
      data-testid="action-not-binding"
    >
      {t('meetings.actionNotBinding')}
    </Badge>
  );
}
