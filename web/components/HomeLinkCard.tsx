import { Card, Text } from '@mantine/core';
import { RouterAnchor } from './RouterLinks';

/** A home-page card that points to a module's page with one line on what is there. */
export function HomeLinkCard({
  to,
  cityId,
  title,
  hint,
}: {
  to: string;
  cityId: string;
  title: string;
  hint: string;
}) {
  return (
    <Card withBorder h="100%">
      <RouterAnchor to={to} params={{ cityId }} fw={600}>
        {title}
      </RouterAnchor>
      <Text size="sm">{hint}</Text>
    </Card>
  );
}
