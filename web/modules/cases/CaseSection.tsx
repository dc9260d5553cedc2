import { Box, Card, Group, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import type { CaseDetail, CaseStage } from '../../../contracts/index.js';
import { stepsOf } from './cases.queries';

/** A card with an h2 that names its region (screen readers list the page's regions by heading). */
export function Section({
  id,
  title,
  children,
  testId,
}: {
  id: string;
  title: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Card withBorder padding="lg" data-testid={testId}>
      <Stack component="section" aria-labelledby={id} gap="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

/** Where the situation is in its workflow: an ordered list, the current step marked for assistive tech. */
export function StageStepper({ c }: { c: Pick<CaseDetail, 'workflow' | 'stage'> }) {
  const { t } = useTranslation();
  const steps = stepsOf(c.workflow);
  const rejected = c.stage === 'rejected';
  // A rejected situation stopped at the threshold decision: filters 1 and 2, or screening, happened.
  const before = c.workflow === 'channel' ? 1 : 2;
  const current = rejected ? before : steps.indexOf(c.stage);
  const shown: CaseStage[] = rejected ? [...steps.slice(0, before), 'rejected'] : steps;
  return (
    <Box
      component="ol"
      aria-label={t('cases.stepperLabel')}
      data-testid="case-stepper"
      style={{ listStyle: 'none', padding: 0, margin: 0, display: 'flex', flexWrap: 'wrap', gap: 6 }}
    >
      {shown.map((s, i) => {
        const done = i < current || (s === 'closed' && c.stage === 'closed');
        const isCurrent = i === current;
        const color = s === 'rejected' ? 'red' : done ? 'teal' : isCurrent ? 'blue' : 'gray';
        return (
          <li key={s} aria-current={isCurrent ? 'step' : undefined} data-step={s} data-current={isCurrent}>
            <Group
              gap={6}
              wrap="nowrap"
              px={8}
              py={4}
              style={{
                borderRadius: 16,
                border: `1px solid var(--mantine-color-${color}-${isCurrent ? 7 : 4})`,
                background: isCurrent ? `var(--mantine-color-${color}-0)` : undefined,
              }}
            >
              <Text
                span
                size="xs"
                fw={700}
                c={`${color}.9`}
                aria-hidden
                style={{ minWidth: '1.2em', textAlign: 'center' }}
              >
                {s === 'rejected' ? '✕' : done ? '✓' : i + 1}
              </Text>
              <Text span size="sm" fw={isCurrent ? 700 : 400} c={isCurrent ? `${color}.9` : undefined}>
                {t(`cases.stepName.${s}`)}
              </Text>
              {done && <VisuallyHidden>{t('cases.stepDone')}</VisuallyHidden>}
            </Group>
          </li>
        );
      })}
    </Box>
  );
}
