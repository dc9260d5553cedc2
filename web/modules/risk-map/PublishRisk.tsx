import { Alert, Button, Card, Checkbox, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { LIMITS, riskMatrixRoutes, type RiskDetail } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { UserText } from '../../components/UserText';
import { call } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { riskMapKey } from './risk-map.queries';

/**
 * Do no harm: a risk is internal unless the chair approves a public wording for it (never the
 * register's own text), and names its neighbourhoods only if they say so. The public pages show it
 * once the chair also publishes the "risks we work on" block.
 */
export function PublishRisk({ risk }: { risk: RiskDetail }) {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const fmt = useFormat();
  const client = useQueryClient();
  const pub = risk.publication ?? null;
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(pub?.publicTitle ?? '');
  const [summary, setSummary] = useState(pub?.publicSummary ?? '');
  const [naming, setNaming] = useState(pub?.nameNeighbourhoods ?? false);
  const refresh = () => client.invalidateQueries({ queryKey: riskMapKey(cityId) });
  const save = useMutation({
    mutationFn: () =>
      call(riskMatrixRoutes.publishRisk, {
        params: { cityId, riskId: risk.id },
        body: { publicTitle: title, publicSummary: summary, nameNeighbourhoods: naming },
      }),
    onSuccess: async () => {
      await refresh();
      setEditing(false);
    },
  });
  const withdraw = useMutation({
    mutationFn: () => call(riskMatrixRoutes.unpublishRisk, { params: { cityId, riskId: risk.id } }),
    onSuccess: refresh,
  });
  const chair = can('risks.publish');
  if (!chair && !pub) return null;
  return (
    <Card withBorder data-testid="risk-publication">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('risk-map.publish.title')}
        </Title>
        {pub ? (
          <>
            <Text size="sm">
              {t('risk-map.publish.approved', { date: fmt.date(pub.approvedAt) })}
              {pub.approvedByName ? ' · ' : ''}
              {pub.approvedByName && <bdi>{pub.approvedByName}</bdi>}
            </Text>
            <Text fw={600}>
              <bdi>{pub.publicTitle}</bdi>
            </Text>
            <UserText>{pub.publicSummary}</UserText>
            <Text size="xs" c="dimmed">
              {pub.nameNeighbourhoods ? t('risk-map.publish.named') : t('risk-map.publish.notNamed')}
            </Text>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {t('risk-map.publish.internal')}
          </Text>
        )}
        {chair &&
          (editing ? (
            <Stack
              component="form"
              gap="sm"
              onSubmit={(e) => {
                e.preventDefault();
                save.mutate();
              }}
              data-testid="publish-form"
            >
              <Alert color="orange">{t('risk-map.publish.warning')}</Alert>
              <TextInput
                label={t('risk-map.publish.publicTitle')}
                required
                value={title}
                maxLength={LIMITS.title}
                onChange={(e) => setTitle(e.currentTarget.value)}
                data-testid="publish-title"
              />
              <Textarea
                label={t('risk-map.publish.publicSummary')}
                required
                autosize
                minRows={3}
                value={summary}
                maxLength={LIMITS.summary}
                onChange={(e) => setSummary(e.currentTarget.value)}
                data-testid="publish-summary"
              />
              <Checkbox
                label={t('risk-map.publish.nameNeighbourhoods')}
                checked={naming}
                onChange={(e) => setNaming(e.currentTarget.checked)}
              />
              <ErrorAlert error={save.error} />
              <Group>
                <Button type="submit" loading={save.isPending} data-testid="publish-save">
                  {t('risk-map.publish.save')}
                </Button>
                <Button variant="subtle" onClick={() => setEditing(false)}>
                  {t('risk-map.cancel')}
                </Button>
              </Group>
            </Stack>
          ) : (
            <Group>
              <Button variant="light" onClick={() => setEditing(true)} data-testid="publish-open">
                {pub ? t('risk-map.publish.change') : t('risk-map.publish.open')}
              </Button>
              {pub && (
                <Button
                  variant="subtle"
                  color="red"
                  loading={withdraw.isPending}
                  onClick={() => withdraw.mutate()}
                  data-testid="publish-withdraw"
                >
                  {t('risk-map.publish.withdraw')}
                </Button>
              )}
              <ErrorAlert error={withdraw.error} />
            </Group>
          ))}
      </Stack>
    </Card>
  );
}
