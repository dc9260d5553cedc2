import { Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FileField } from '../../components/FileField';
import { useTranslation } from '../../lib/useTranslation';
import {
  actionPlanRoutes,
  IMPORT_MAX_BYTES,
  locales,
  type PlanImportResult,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { call, routePath } from '../../lib/api';
import { localeNames } from '../../lib/i18n';
import { planKey } from './action-plan.queries';

const formats = ['pdf', 'docx', 'csv', 'xlsx'] as const;
const exportRoute = {
  pdf: actionPlanRoutes.exportPlanPdf,
  docx: actionPlanRoutes.exportPlanDocx,
  csv: actionPlanRoutes.exportPlanCsv,
  xlsx: actionPlanRoutes.exportPlanXlsx,
} as const;

/** Downloads of the version as a document (PDF, Word) or a sheet (CSV, XLSX), in a chosen language. */
export function PlanExport({ cityId, versionId }: { cityId: string; versionId: string }) {
  const { t, i18n } = useTranslation();
  const initial = (locales as readonly string[]).includes(i18n.language) ? i18n.language : 'en';
  const [lang, setLang] = useState<string>(initial);
  return (
    <Group align="flex-end" wrap="wrap" data-testid="plan-export">
      <NativeSelect
        label={t('action-plan.export.language')}
        value={lang}
        onChange={(e) => setLang(e.currentTarget.value)}
        data={locales.map((l) => ({ value: l, label: localeNames[l] }))}
        data-testid="plan-export-lang"
      />
      {formats.map((f) => (
        <Button
          key={f}
          component="a"
          href={routePath(exportRoute[f].path, { cityId, versionId }, { lang })}
          download
          variant="default"
          data-testid={`plan-export-${f}`}
        >
          {t(`action-plan.export.${f}`)}
        </Button>
      ))}
    </Group>
  );
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/** Actions from an XLSX sheet into the draft: checked first (every problem by row and column), then imported. */
export function PlanImport({ cityId, versionId }: { cityId: string; versionId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<PlanImportResult | null>(null);
  const tooLarge = file !== null && file.size > IMPORT_MAX_BYTES;
  const run = useMutation({
    mutationFn: async (dryRun: boolean) =>
      call(actionPlanRoutes.importPlanActions, {
        params: { cityId, versionId },
        body: { file: await readBase64(file!), dryRun },
      }),
    onSuccess: async (r) => {
      setResult(r);
      if (r.written) await queryClient.invalidateQueries({ queryKey: planKey(cityId) });
    },
  });
  return (
    <Stack gap="xs" data-testid="plan-import">
      <Title order={3} size="h5">
        {t('action-plan.import.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('action-plan.import.help')}
      </Text>
      <FileField
        label={t('action-plan.import.file')}
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        value={file}
        onChange={(f) => {
          setFile(f);
          setResult(null);
        }}
        clearable
        error={tooLarge ? t('action-plan.import.tooLarge') : undefined}
        data-testid="plan-import-file"
      />
      <Group>
        <Button
          variant="default"
          disabled={!file || tooLarge}
          loading={run.isPending && run.variables === true}
          onClick={() => run.mutate(true)}
          data-testid="plan-import-check"
        >
          {t('action-plan.import.check')}
        </Button>
        <Button
          disabled={!file || tooLarge || !result?.valid || result.written}
          loading={run.isPending && run.variables === false}
          onClick={() => run.mutate(false)}
          data-testid="plan-import-apply"
        >
          {t('action-plan.import.apply')}
        </Button>
      </Group>
      <ErrorAlert error={run.error} />
      {result && (
        <Text size="sm" role="status" data-testid="plan-import-result">
          {result.written
            ? t('action-plan.import.written', {
                created: result.created.length,
                updated: result.updated.length,
              })
            : result.valid
              ? t('action-plan.import.valid', {
                  created: result.created.length,
                  updated: result.updated.length,
                })
              : t('action-plan.import.invalid', { count: result.errors.length })}
        </Text>
      )}
      {result && result.errors.length > 0 && (
        <ScrollTable label={t('action-plan.import.problems')}>
          <Table striped data-testid="plan-import-errors">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('action-plan.import.row')}</Table.Th>
                <Table.Th>{t('action-plan.import.column')}</Table.Th>
                <Table.Th>{t('action-plan.import.problem')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.errors.map((e, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{e.row ?? '–'}</Table.Td>
                  <Table.Td>{e.column ? `${e.column}${e.cell ? ` (${e.cell})` : ''}` : '–'}</Table.Td>
                  <Table.Td>{e.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}
