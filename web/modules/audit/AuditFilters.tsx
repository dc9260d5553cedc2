import { Button, Group, NativeSelect, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { ErrorAlert } from '../../components/ErrorAlert';
import {
  emptyFilters,
  rangeIsValid,
  useAuditExport,
  useAuditFilterOptions,
  type AuditFilterValues,
} from './audit.queries';

/**
 * Pick-lists of what is actually in this city's log (labels from the server, in the page's language),
 * a date range, and the CSV export of what the filters select. Applied on submit, so choosing several
 * filters fires one query.
 */
export function AuditFilters({
  cityId,
  value,
  onChange,
}: {
  cityId: string;
  value: AuditFilterValues;
  onChange: (v: AuditFilterValues) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(value);
  const options = useAuditFilterOptions(cityId);
  const exporter = useAuditExport(cityId);
  const set = (key: keyof AuditFilterValues) => (e: { currentTarget: { value: string } }) =>
    setDraft({ ...draft, [key]: e.currentTarget.value });
  const validRange = rangeIsValid(draft);
  const choices = (
    anyLabel: string,
    list: { value: string; label: string }[] | undefined,
    current: string,
  ) => {
    const items = list ?? [];
    // Keep a chosen value selectable while the options load (or if it left the log's pick-list).
    const missing =
      current && !items.some((o) => o.value === current) ? [{ value: current, label: current }] : [];
    return [{ value: '', label: anyLabel }, ...items, ...missing];
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (validRange) onChange(draft);
      }}
      aria-label={t('audit.filters')}
    >
      <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }}>
        <NativeSelect
          label={t('audit.action')}
          value={draft.action}
          onChange={set('action')}
          data={choices(t('audit.anyAction'), options.data?.actions, draft.action)}
          data-testid="audit-filter-action"
        />
        <NativeSelect
          label={t('audit.recordType')}
          value={draft.recordType}
          onChange={set('recordType')}
          data={choices(t('audit.anyRecordType'), options.data?.recordTypes, draft.recordType)}
          data-testid="audit-filter-record-type"
        />
        <NativeSelect
          label={t('audit.actor')}
          value={draft.actorUserId}
          onChange={set('actorUserId')}
          data={choices(t('audit.anyone'), options.data?.actors, draft.actorUserId)}
          data-testid="audit-filter-actor"
        />
        <TextInput
          label={t('audit.from')}
          type="date"
          value={draft.from}
          max={draft.to || undefined}
          onChange={set('from')}
          data-testid="audit-filter-from"
        />
        <TextInput
          label={t('audit.to')}
          type="date"
          value={draft.to}
          min={draft.from || undefined}
          onChange={set('to')}
          error={validRange ? undefined : t('audit.rangeInvalid')}
          data-testid="audit-filter-to"
        />
      </SimpleGrid>
      <ErrorAlert error={options.error} />
      <Group mt="sm">
        <Button type="submit" disabled={!validRange} data-testid="audit-filter-apply">
          {t('audit.apply')}
        </Button>
        <Button
          variant="outline"
          onClick={() => {
            setDraft(emptyFilters);
            onChange(emptyFilters);
          }}
        >
          {t('audit.clear')}
        </Button>
        <Button
          variant="light"
          disabled={!validRange}
          loading={exporter.isPending}
          onClick={() => {
            // The file holds what the table shows: the filters on screen are applied first.
            onChange(draft);
            exporter.mutate(draft);
          }}
          aria-describedby="audit-export-hint"
          data-testid="audit-export"
        >
          {t('audit.exportCsv')}
        </Button>
      </Group>
      <Text id="audit-export-hint" size="sm" c="dimmed" mt="xs">
        {t('audit.exportHint')}
      </Text>
      <ErrorAlert error={exporter.error} />
    </form>
  );
}
