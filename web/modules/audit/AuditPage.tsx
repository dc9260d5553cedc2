import { Button, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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
          <Table.ScrollContainer minWidth={760}>
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
                      {e.actorName ?? t('audit.system')}
                      <Text size="xs" c="dimmed">
                        {t(`roles.${e.actorRole}`, { defaultValue: e.actorRole })}
                      </Text>
                    </Table.Td>
                    <Table.Td dir="ltr">{e.action}</Table.Td>
                    <Table.Td dir="ltr" className="wrap-anywhere">
                      {e.recordType}
                      {e.recordId ? ` · ${e.recordId}` : ''}
                    </Table.Td>
                    <Table.Td dir="ltr">{e.fields.join(', ') || '—'}</Table.Td>
                    <Table.Td>{e.reason ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
                {rows.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={7}>{t('audit.none')}</Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
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
