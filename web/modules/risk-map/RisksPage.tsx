import {
  Alert,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NativeSelect,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { LIMITS, riskKinds, riskMapRoutes } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLimit } from '../../components/limit';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { call } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { useCategoryLabel } from './bits';
import { ProfileDownloads } from './ProfileDownloads';
import { RiskList } from './RiskList';
import { riskMapKey, useCategories, useNeighbourhoods, useRisks } from './risk-map.queries';
import { emptyScore, ScoreFields } from './ScoreFields';
import { MatrixSettings } from './MatrixSettings';

/** The register, as it is now or as it stood at the end of a chosen day; chair and coordinator add risks. */
export function RisksPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const [asOf, setAsOf] = useState('');
  const risks = useRisks(cityId, asOf ? { asOf } : {});
  const [adding, setAdding] = useState(false);
  return (
    <Page title={t('risk-map.register.title')}>
      <Text>{t('risk-map.register.intro')}</Text>
      {can('risks.manage') &&
        (adding ? (
          <NewRiskForm onDone={() => setAdding(false)} />
        ) : (
          <Button onClick={() => setAdding(true)} style={{ alignSelf: 'flex-start' }} data-testid="risk-add">
            {t('risk-map.register.add')}
          </Button>
        ))}
      <MatrixSettings />
      <Group align="flex-end">
        <TextInput
          type="date"
          label={t('risk-map.register.asOf')}
          description={t('risk-map.register.asOfHelp')}
          value={asOf}
          onChange={(e) => setAsOf(e.currentTarget.value)}
          data-testid="risk-as-of"
        />
        {asOf && (
          <Button variant="subtle" onClick={() => setAsOf('')}>
            {t('risk-map.register.now')}
          </Button>
        )}
      </Group>
      <ProfileDownloads cityId={cityId} asOf={asOf} />
      {risks.isPending ? (
        <Loading />
      ) : risks.error ? (
        <ErrorAlert error={risks.error} />
      ) : (
        <RiskList items={risks.data.items} />
      )}
    </Page>
  );
}

function NewRiskForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const cityId = useCityId();
  const limit = useLimit();
  const client = useQueryClient();
  const navigate = useNavigate();
  const categories = useCategories(cityId);
  const neighbourhoods = useNeighbourhoods(cityId);
  const categoryLabel = useCategoryLabel(categories.data?.items);
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<(typeof riskKinds)[number]>('threat');
  const [category, setCategory] = useState('');
  const [cityWide, setCityWide] = useState(false);
  const [places, setPlaces] = useState<string[]>([]);
  const [groups, setGroups] = useState('');
  const [description, setDescription] = useState('');
  const [score, setScore] = useState(emptyScore);
  const create = useMutation({
    mutationFn: () =>
      call(riskMapRoutes.createRisk, {
        params: { cityId },
        body: {
          title,
          kind,
          category,
          cityWide,
          neighbourhoodIds: cityWide ? [] : places,
          affectedGroups: groups,
          description,
          ...score,
        },
      }),
    onSuccess: async (created) => {
      await client.invalidateQueries({ queryKey: riskMapKey(cityId) });
      onDone();
      await navigate({ to: '/c/$cityId/risks/$riskId', params: { cityId, riskId: created.id } });
    },
  });
  if (categories.isPending || neighbourhoods.isPending) return <Loading />;
  return (
    <Stack
      component="form"
      gap="sm"
      maw={720}
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
      data-testid="risk-form"
    >
      <Title order={2} size="h3">
        {t('risk-map.register.add')}
      </Title>
      <Alert color="yellow" variant="light" data-testid="risk-no-names">
        {t('risk-map.noNames')}
      </Alert>
      <TextInput
        label={t('risk-map.field.title')}
        required
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        {...limit(LIMITS.title, title)}
        data-testid="risk-title"
      />
      <Group grow wrap="wrap">
        <NativeSelect
          label={t('risk-map.field.kind')}
          data={riskKinds.map((k) => ({ value: k, label: t(`risk-map.kind.${k}`) }))}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as typeof kind)}
        />
        <NativeSelect
          label={t('risk-map.field.category')}
          required
          data={[
            { value: '', label: t('risk-map.choose') },
            ...(categories.data?.items ?? []).map((c) => ({ value: c.code, label: categoryLabel(c.code) })),
          ]}
          value={category}
          onChange={(e) => setCategory(e.currentTarget.value)}
          data-testid="risk-category"
        />
      </Group>
      <Checkbox
        label={t('risk-map.field.cityWide')}
        checked={cityWide}
        onChange={(e) => setCityWide(e.currentTarget.checked)}
        data-testid="risk-city-wide"
      />
      {!cityWide && (
        <MultiSelect
          label={t('risk-map.field.neighbourhoods')}
          data={(neighbourhoods.data?.items ?? [])
            .filter((n) => n.current)
            .map((n) => ({ value: n.id, label: n.name }))}
          value={places}
          onChange={setPlaces}
          searchable
          data-testid="risk-neighbourhoods"
        />
      )}
      <Textarea
        label={t('risk-map.field.affectedGroups')}
        value={groups}
        onChange={(e) => setGroups(e.currentTarget.value)}
        {...limit(LIMITS.summary, groups, t('risk-map.noNamesShort'))}
        autosize
        minRows={2}
      />
      <Textarea
        label={t('risk-map.field.description')}
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        {...limit(LIMITS.note, description, t('risk-map.noNamesShort'))}
        autosize
        minRows={2}
      />
      <ScoreFields value={score} onChange={setScore} />
      <ErrorAlert error={create.error} />
      <Group>
        <Button type="submit" loading={create.isPending} data-testid="risk-save">
          {t('risk-map.save')}
        </Button>
        <Button variant="subtle" onClick={onDone}>
          {t('risk-map.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}
