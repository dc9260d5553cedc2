import { Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The frame of a home-page card: a titled section, so screen readers can jump card to card. */
export function HomeCardFrame({
  id,
  title,
  children,
}: {
  /** Becomes data-testid and the heading's id (`<id>-heading`). */
  id: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <Card withBorder padding="lg" h="100%" data-testid={id}>
      <Stack gap="xs" component="section" aria-labelledby={`${id}-heading`}>
        <Title order={2} size="h4" id={`${id}-heading`}>
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

/** A count with what it counts, large enough to read at a glance; `value` null shows `fallback` instead. */
export function HomeCount({
  value,
  label,
  testId,
  color,
  fallback,
}: {
  value: number | null;
  label: string;
  testId?: string;
  color?: string;
  fallback?: ReactNode;
}) {
  return (
    <Group gap={8} wrap="nowrap" align="baseline">
      {value === null ? (
        fallback
      ) : (
        <Text
          fz={28}
          fw={700}
          lh={1}
          c={color}
          data-testid={testId}
          style={{ fontVariantNumeric: 'tabular-nums' }}
        >
          {value}
        </Text>
      )}
      <Text size="sm">{label}</Text>
    </Group>
  );
}
