import { Button, Group, NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../lib/city';
import { usePeople } from '../people';
import { emptyFilters, type AuditFilterValues } from './audit.queries';

/** Filters are applied on submit so typing does not fire a query per keystroke. */
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
  const set = (key: keyof AuditFilterValues) => (e: { currentTarget: { value: string } }) =>
    setDraft({ ...draft, [key]: e.currentTarget.value });

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onChange(draft);
      }}
      aria-label={t('audit.filters')}
    >
      <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }}>
        <TextInput
          label={t('audit.action')}
          value={draft.action}
          onChange={set('action')}
          dir="ltr"
          data-testid="audit-filter-action"
        />
        <TextInput
          label={t('audit.recordType')}
          value={draft.recordType}
          onChange={set('recordType')}
          dir="ltr"
          data-testid="audit-filter-record-type"
        />
        <ActorFilter cityId={cityId} value={draft.actorUserId} onChange={set('actorUserId')} />
        <TextInput
          label={t('audit.from')}
          type="date"
          value={draft.from}
          onChange={set('from')}
          data-testid="audit-filter-from"
        />
        <TextInput
          label={t('audit.to')}
          type="date"
          value={draft.to}
          onChange={set('to')}
          data-testid="audit-filter-to"
        />
      </SimpleGrid>
      <Group mt="sm">
        <Button type="submit" data-testid="audit-filter-apply">
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
      </Group>
    </form>
  );
}

/** Pick the actor by name when this person may list people; otherwise type the user id. */
function ActorFilter({
  cityId,
  value,
  onChange,
}: {
  cityId: string;
  value: string;
  onChange: (e: { currentTarget: { value: string } }) => void;
}) {
  const { t } = useTranslation();
  const can = useCan();
  if (!can('people.list')) {
    return (
      <TextInput
        label={t('audit.actor')}
        value={value}
        onChange={onChange}
        dir="ltr"
        data-testid="audit-filter-actor"
      />
    );
  }
  return <ActorSelect cityId={cityId} value={value} onChange={onChange} />;
}

function ActorSelect({
  cityId,
  value,
  onChange,
}: {
  cityId: string;
  value: string;
  onChange: (e: { currentTarget: { value: string } }) => void;
}) {
  const { t } = useTranslation();
  const people = usePeople(cityId, 'name', '');
  const items = people.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <NativeSelect
      label={t('audit.actor')}
      value={value}
      onChange={onChange}
      data-testid="audit-filter-actor"
      data={[
        { value: '', label: t('audit.anyone') },
        ...items.map((p) => ({ value: p.userId, label: p.name })),
      ]}
    />
  );
}
