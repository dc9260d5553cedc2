import { Button, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { ScrollTable } from '../../components/ScrollTable';
import { useTranslation } from '../../lib/useTranslation';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { useCan, useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { AuditFilters } from './AuditFilters';
import { emptyFilters, useAudit, type AuditFilterValues } from './audit.queries';
import { VerifyChain } from './VerifyChain';

/** The city's tamper-evident audit log, newest first, with filters and chain verification. */
export function AuditPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const cityId = useCityId();
  const can = useCan();
  const [filters, setFilters] = useState<AuditFilterValues>(emptyFilters);
  const audit = useAudit(cityId, filters);
  const rows = audit.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Page title={t('audit.title')}>
      <Text>{t('audit.intro')}</Text>
      {can('audit.verify') && <VerifyChain cityId={cityId} />}
      <AuditFilters cityId={cityId} value={filters} onChange={setFilters} />
      <ErrorAlert error={audit.error} />
      {audit.isPending ? (
        <Loading />
      ) : (
        <Stack>
          <ScrollTable label={t('audit.title')} minWidth={760}>
            <Table striped data-testid="audit-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('audit.seq')}</Table.Th>
                  <Table.Th>{t('audit.at')}</Table.Th>
                  <Table.Th>{t('audit.actor')}</Table.Th>
                  <Table.Th>{t('audit.action')}</Table.Th>
                  <Table.Th>{t('audit.record')}</Table.Th>
                  <Table.Th>{t('audit.fields')}</Table.Th>
                  <Table.Th>{t('audit.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((e) => (
                  <Table.Tr key={e.seq}>
                    <Table.Td>{fmt.number(e.seq)}</Table.Td>
                    <Table.Td>{fmt.dateTime(e.at)}</Table.Td>
                    <Table.Td>
                      <bdi>{e.actorName ?? (e.actorUserId ? t('audit.notMember') : t('audit.system'))}</bdi>
                      <Text size="xs" c="dimmed">
                        {e.actorRoleLabel}
                      </Text>
                    </Table.Td>
                    <Table.Td>{e.actionLabel}</Table.Td>
                    <Table.Td>
                      {e.recordTypeLabel}
                      {e.recordLabel ? (
                        <Text size="sm" fw={500}>
                          <bdi>{e.recordLabel}</bdi>
                        </Text>
                      ) : (
                        e.recordId && (
                          // No name this role may see: a short id, the whole one on hover, to match the CSV.
                          <Text size="xs" c="dimmed" title={e.recordId}>
                            {t('audit.recordId')}: <span dir="ltr">{e.recordId.slice(0, 8)}…</span>
                          </Text>
                        )
                      )}
                    </Table.Td>
                    <Table.Td>{e.fieldLabels.join(t('audit.listSeparator')) || '—'}</Table.Td>
                    <Table.Td dir="auto">{e.reason ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
                {rows.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={7}>{t('audit.none')}</Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          {audit.hasNextPage && (
            <Button
              variant="outline"
              onClick={() => void audit.fetchNextPage()}
              loading={audit.isFetchingNextPage}
              style={{ alignSelf: 'center' }}
              data-testid="audit-load-more"
            >
              {t('common.loadMore')}
            </Button>
          )}
        </Stack>
      )}
    </Page>
  );
}
