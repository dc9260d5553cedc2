import { Badge, Button, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from '../../lib/useTranslation';
import { torRoutes } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { RouterAnchor } from '../../components/RouterLinks';
import { call } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { TorDiff } from './TorDiff';
import { torKey, useTorSummary, useTorVersions } from './tor.queries';
import { ScrollTable } from '../../components/ScrollTable';
import { UserText } from '../../components/UserText';

export const statusColor = { draft: 'yellow', adopted: 'green', superseded: 'gray' } as const;

/** The ToR versions with their status, a new draft, and the comparison of two versions. */
export function TorPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const read = can('tor.read');
  return (
    <Page title={t('tor.title')}>
      {read ? <Versions cityId={cityId} canEdit={can('tor.edit')} /> : <Summary cityId={cityId} />}
    </Page>
  );
}

function Versions({ cityId, canEdit }: { cityId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const versions = useTorVersions(cityId);
  const create = useMutation({
    mutationFn: () => call(torRoutes.createTorDraft, { params: { cityId }, body: {} }),
    onSuccess: async (draft) => {
      await queryClient.invalidateQueries({ queryKey: torKey(cityId) });
      await navigate({ to: '/c/$cityId/tor/$versionId', params: { cityId, versionId: draft.id } });
    },
  });
  if (versions.isPending) return <Loading />;
  if (versions.error) return <ErrorAlert error={versions.error} />;
  const items = versions.data.items;
  const hasDraft = items.some((v) => v.status === 'draft');
  return (
    <Stack gap="lg">
      <Stack component="section" aria-labelledby="tor-versions-heading">
        <Group justify="space-between">
          <Title order={2} size="h4" id="tor-versions-heading">
            {t('tor.versions.heading')}
          </Title>
          {canEdit && !hasDraft && (
            <Button onClick={() => create.mutate()} loading={create.isPending} data-testid="tor-new-draft">
              {t('tor.versions.newDraft')}
            </Button>
          )}
        </Group>
        <ErrorAlert error={create.error} />
        {items.length === 0 ? (
          <Text c="dimmed">{t('tor.versions.empty')}</Text>
        ) : (
          <ScrollTable label={t('tor.versions.heading')} minWidth={320}>
            <Table striped data-testid="tor-versions">
              <Table.Tbody>
                {items.map((v) => (
                  <Table.Tr key={v.id} data-testid={`tor-version-${v.version}`}>
                    <Table.Td>
                      <RouterAnchor to="/c/$cityId/tor/$versionId" params={{ cityId, versionId: v.id }}>
                        {t('tor.versions.version', { n: v.version })}
                      </RouterAnchor>
                      <Text size="xs" c="dimmed">
                        <UserText>{v.title}</UserText>
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={statusColor[v.status]} variant="light">
                        {t(`tor.status.${v.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {v.adoptedAt ? (
                        <Text size="sm">{t('tor.versions.adoptedOn', { date: fmt.date(v.adoptedAt) })}</Text>
                      ) : v.basedOnVersion ? (
                        <Text size="sm">{t('tor.versions.basedOn', { n: v.basedOnVersion })}</Text>
                      ) : null}
                      {v.acknowledgedByMe && (
                        <Text size="xs" c="dimmed">
                          ✓ {t('tor.versions.acknowledged')}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </Stack>
      {items.length >= 2 && (
        <Card withBorder padding="lg" component="section" aria-labelledby="tor-diff-heading">
          <Stack>
            <Title order={2} size="h4" id="tor-diff-heading">
              {t('tor.diff.heading')}
            </Title>
            <TorDiff cityId={cityId} versions={items} />
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

/** What partners (and anyone without the full text) see: the adopted version's public summary. */
function Summary({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const summary = useTorSummary(cityId);
  if (summary.isPending) return <Loading />;
  if (summary.error) return <ErrorAlert error={summary.error} />;
  const tor = summary.data.tor;
  return (
    <Stack component="section" aria-labelledby="tor-summary-heading" data-testid="tor-summary">
      <Title order={2} size="h4" id="tor-summary-heading">
        {t('tor.summary.heading')}
      </Title>
      {!tor ? (
        <Text c="dimmed">{t('tor.summary.none')}</Text>
      ) : (
        <>
          <Text fw={500}>
            <UserText>{tor.title}</UserText> · {t('tor.versions.version', { n: tor.version })}
          </Text>
          <Text dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
            {tor.publicSummary}
          </Text>
          <Title order={3} size="h5">
            {t('tor.sections.mandate')}
          </Title>
          <List>
            {tor.mandate.map((m) => (
              <List.Item key={m.item}>
                <Text fw={500} span>
                  {m.item}) {t(`tor.mandate.${m.item}`)}
                </Text>
                : <UserText>{m.scope}</UserText>
              </List.Item>
            ))}
          </List>
        </>
      )}
    </Stack>
  );
}
