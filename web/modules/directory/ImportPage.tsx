import { Alert, Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FileField } from '../../components/FileField';
import { useTranslation } from '../../lib/useTranslation';
import { directoryRoutes, hxlColumns, IMPORT_LIMITS, type ImportResult } from '../../../contracts/index.js';
import { Page } from '../../components/Page';
import { RouterAnchor } from '../../components/RouterLinks';
import { ScrollTable } from '../../components/ScrollTable';
import { ApiError, call } from '../../lib/api';
import { useCityId } from '../../lib/city';
import { errorPlace } from './bits';
import { directoryKey, exportHref } from './directory.queries';

/** An XLSX file as base64, in chunks (a large file would overflow String.fromCharCode's arguments). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const hashtagOf = (field: string) => hxlColumns.find((c) => c.field === field)?.hxl ?? '';

/** Import: choose a file, check it (a dry run shows what would change or every problem), then import it. */
export function ImportPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const send = useMutation({
    mutationFn: async (dryRun: boolean) => {
      if (!file) throw new Error('no file');
      const xlsx = /\.xlsx$/i.test(file.name);
      const content = xlsx ? await base64Of(file) : await file.text();
      if (content.length > IMPORT_LIMITS.fileChars)
        throw new ApiError({
          type: 'about:blank',
          title: t('directory.import.tooBig'),
          status: 400,
          code: 'validation',
        });
      return call(directoryRoutes.importEntries, {
        params: { cityId },
        body: { format: xlsx ? 'xlsx' : 'csv', content, dryRun },
      });
    },
    onSuccess: async (result) => {
      if (result.dryRun) setChecked(result);
      else {
        setDone(result);
        setChecked(null);
        await client.invalidateQueries({ queryKey: directoryKey(cityId) });
      }
    },
  });
  const problem = send.error instanceof ApiError ? send.error.problem : null;
  return (
    <Page
      title={t('directory.import.title')}
      actions={
        <RouterAnchor to="/c/$cityId/directory" params={{ cityId }} size="sm">
          {t('directory.back')}
        </RouterAnchor>
      }
    >
      <Text>{t('directory.import.intro')}</Text>
      <Group gap="md">
        <Anchor href={exportHref(cityId, 'xlsx', true)} size="sm" data-testid="import-template-xlsx">
          {t('directory.template')} (XLSX)
        </Anchor>
        <Anchor href={exportHref(cityId, 'csv', true)} size="sm">
          {t('directory.template')} (CSV)
        </Anchor>
      </Group>
      <Stack gap="sm" maw={520}>
        <FileField
          label={t('directory.import.file')}
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          value={file}
          onChange={(f) => {
            setFile(f);
            setChecked(null);
            setDone(null);
            send.reset();
          }}
          clearable
          data-testid="import-file"
        />
        <Group>
          <Button
            onClick={() => send.mutate(true)}
            disabled={!file}
            loading={send.isPending && send.variables === true}
            data-testid="import-check"
          >
            {t('directory.import.check')}
          </Button>
          {checked && (checked.created > 0 || checked.updated > 0) && (
            <Button
              color="green"
              onClick={() => send.mutate(false)}
              loading={send.isPending && send.variables === false}
              data-testid="import-apply"
            >
              {t('directory.import.apply', { created: checked.created, updated: checked.updated })}
            </Button>
          )}
        </Group>
      </Stack>
      {done && (
        <Alert color="green" role="status" data-testid="import-done">
          {t('directory.import.done', done)}
        </Alert>
      )}
      {problem && (
        <Stack gap="xs" data-testid="import-errors">
          <Alert color="red" role="alert" title={t('directory.import.errors')}>
            {problem.title}
          </Alert>
          {problem.errors?.length ? (
            <ScrollTable label={t('directory.import.errors')} minWidth={560}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('directory.import.col.row')}</Table.Th>
                    <Table.Th>{t('directory.import.col.column')}</Table.Th>
                    <Table.Th>{t('directory.import.col.problem')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {problem.errors.map((e) => {
                    const { row, field } = errorPlace(e.path);
                    const known = hxlColumns.some((c) => c.field === field);
                    return (
                      <Table.Tr key={`${e.path}-${e.code}`}>
                        <Table.Td>{row ?? '—'}</Table.Td>
                        <Table.Td>
                          {known ? (
                            <>
                              {t(`directory.column.${field}`)}{' '}
                              <Text span size="xs" c="dimmed" dir="ltr">
                                {hashtagOf(field)}
                              </Text>
                            </>
                          ) : (
                            '—'
                          )}
                        </Table.Td>
                        <Table.Td>
                          {t(`directory.error.${e.code}`, { defaultValue: e.message })}
                          {/* The server's sentence names the value found, in the file's own words. */}
                          <Text size="xs" c="dimmed">
                            <bdi>{e.message}</bdi>
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          ) : null}
        </Stack>
      )}
      {checked && (
        <Stack gap="xs" data-testid="import-preview">
          <Title order={2} size="h3">
            {t('directory.import.preview')}
          </Title>
          <Text>{t('directory.import.previewSummary', checked)}</Text>
          <Text size="sm">
            {t('directory.import.columnsTitle')}:{' '}
            {checked.columns
              .map((c) =>
                c.field ? t(`directory.column.${c.field}`) : `${c.header} (${t('directory.import.ignored')})`,
              )
              .join(' · ')}
          </Text>
          <ScrollTable label={t('directory.import.preview')} minWidth={560}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('directory.import.col.row')}</Table.Th>
                  <Table.Th>{t('directory.import.col.action')}</Table.Th>
                  <Table.Th>{t('directory.import.col.ref')}</Table.Th>
                  <Table.Th>{t('directory.import.col.service')}</Table.Th>
                  <Table.Th>{t('directory.import.col.provider')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {checked.rows.map((r) => (
                  <Table.Tr key={r.row}>
                    <Table.Td>{r.row}</Table.Td>
                    <Table.Td>{t(`directory.import.action.${r.action}`)}</Table.Td>
                    <Table.Td dir="ltr">{r.ref}</Table.Td>
                    <Table.Td>
                      <bdi>{r.title}</bdi>
                    </Table.Td>
                    <Table.Td>
                      <bdi>{r.providerName}</bdi> ({r.member ? t('directory.member') : t('directory.outside')}
                      )
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </Stack>
      )}
    </Page>
  );
}
