import {
  Alert,
  Button,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { LIMITS, casesRoutes, locales, type TaxonomyEntryInput } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLimit } from '../../components/limit';
import { Loading } from '../../components/Loading';
import { call } from '../../lib/api';
import { caseConfigKey, pickLabel, useCaseConfig } from '../cases';
import { Help, readableErrors } from './Help';

type Kind = 'risk' | 'protective' | 'vulnerability';
type Dimension = 'engagement' | 'intent' | 'capability';

/** "Debt from online gaming" → "debt-from-online-gaming" (the code stored in situations). */
function slugOf(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^[0-9-]+/, '')
    .slice(0, 60);
}

/**
 * The city's own taxonomy entries: the chair adds a risk or protective category or sub-type, or a
 * vulnerability factor. Base entries are never renamed or removed, so codes mean the same everywhere.
 */
export function TaxonomySection({ cityId }: { cityId: string }) {
  const { t, i18n } = useTranslation();
  const limit = useLimit();
  const queryClient = useQueryClient();
  const config = useCaseConfig(cityId);
  const [kind, setKind] = useState<Kind>('risk');
  const [type, setType] = useState<'category' | 'subtype'>('subtype');
  const [parent, setParent] = useState('');
  const [id, setId] = useState('');
  const [idEdited, setIdEdited] = useState(false);
  const [labels, setLabels] = useState<Record<string, string>>({});
  const [guidance, setGuidance] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  if (config.isPending) return <Loading />;
  if (!config.data) return <ErrorAlert error={config.error} />;
  const lang = i18n.language;
  const taxonomy = kind === 'vulnerability' ? null : config.data[kind];
  const cityEntries =
    kind === 'vulnerability'
      ? config.data.vulnerability.dimensions.flatMap((d) =>
          d.factors
            .filter((f) => f.id.startsWith('city:'))
            .map((f) => `${pickLabel(d.labels, lang, d.id)}: ${pickLabel(f.labels, lang, f.id)}`),
        )
      : (taxonomy?.categories ?? []).flatMap((c) => [
          ...(c.id.startsWith('city:') ? [pickLabel(c.labels, lang, c.id)] : []),
          ...c.subtypes
            .filter((s) => s.id.startsWith('city:'))
            .map((s) => `${pickLabel(c.labels, lang, c.id)}: ${pickLabel(s.labels, lang, s.id)}`),
        ]);
  const needsParent = kind === 'vulnerability' || type === 'subtype';
  const valid =
    /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id) &&
    (labels.en ?? '').trim().length > 0 &&
    (!needsParent || parent !== '') &&
    (kind !== 'vulnerability' || guidance.trim().length > 0);
  const submit = async () => {
    const trimmed = Object.fromEntries(
      Object.entries(labels)
        .map(([l, v]) => [l, v.trim()])
        .filter(([, v]) => v !== ''),
    ) as TaxonomyEntryInput['labels'];
    const body: TaxonomyEntryInput =
      kind === 'vulnerability'
        ? {
            type: 'factor',
            kind,
            dimensionId: parent as Dimension,
            id,
            labels: trimmed,
            guidance: guidance.trim(),
          }
        : type === 'subtype'
          ? { type: 'subtype', kind, categoryId: parent, id, labels: trimmed }
          : { type: 'category', kind, id, labels: trimmed };
    setPending(true);
    setError(null);
    try {
      await call(casesRoutes.addTaxonomyEntry, { params: { cityId }, body });
      await queryClient.invalidateQueries({ queryKey: caseConfigKey(cityId) });
      setSaved(trimmed.en);
      setId('');
      setIdEdited(false);
      setLabels({});
      setGuidance('');
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };
  return (
    <Stack gap="sm" style={readableErrors}>
      <Help>{t('case-retention.web.taxonomyIntro')}</Help>
      <Text fw={600} size="sm">
        {t('case-retention.web.taxonomyCityEntries')}
      </Text>
      {cityEntries.length === 0 ? (
        <Help>{t('case-retention.web.taxonomyNone')}</Help>
      ) : (
        <Stack
          component="ul"
          gap={2}
          m={0}
          style={{ paddingInlineStart: '1.25rem' }}
          data-testid="taxonomy-city-entries"
        >
          {cityEntries.map((e) => (
            <li key={e}>
              <Text size="sm">{e}</Text>
            </li>
          ))}
        </Stack>
      )}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) void submit();
        }}
      >
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NativeSelect
              label={t('case-retention.web.taxonomyKind')}
              value={kind}
              onChange={(e) => {
                setKind(e.currentTarget.value as Kind);
                setParent('');
              }}
              data={(['risk', 'protective', 'vulnerability'] as const).map((k) => ({
                value: k,
                label: t(`case-retention.web.taxonomyKind_${k}`),
              }))}
              data-testid="taxonomy-kind"
            />
            {kind !== 'vulnerability' && (
              <NativeSelect
                label={t('case-retention.web.taxonomyType')}
                value={type}
                onChange={(e) => setType(e.currentTarget.value as 'category' | 'subtype')}
                data={[
                  { value: 'subtype', label: t('case-retention.web.taxonomyType_subtype') },
                  { value: 'category', label: t('case-retention.web.taxonomyType_category') },
                ]}
                data-testid="taxonomy-type"
              />
            )}
            {needsParent && (
              <NativeSelect
                label={
                  kind === 'vulnerability'
                    ? t('case-retention.web.taxonomyDimension')
                    : t('case-retention.web.taxonomyCategory')
                }
                required
                value={parent}
                onChange={(e) => setParent(e.currentTarget.value)}
                data={[
                  { value: '', label: t('case-retention.web.taxonomyChoose') },
                  ...(kind === 'vulnerability'
                    ? config.data.vulnerability.dimensions.map((d) => ({
                        value: d.id,
                        label: pickLabel(d.labels, lang, d.id),
                      }))
                    : (taxonomy?.categories ?? []).map((c) => ({
                        value: c.id,
                        label: pickLabel(c.labels, lang, c.id),
                      }))),
                ]}
                data-testid="taxonomy-parent"
              />
            )}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {locales.map((l) => (
              <TextInput
                key={l}
                label={t(`case-retention.web.taxonomyLabel_${l}`)}
                required={l === 'en'}
                dir={l === 'ar' ? 'rtl' : 'ltr'}
                {...limit(LIMITS.label, labels[l] ?? '')}
                value={labels[l] ?? ''}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setLabels((prev) => ({ ...prev, [l]: value }));
                  if (l === 'en' && !idEdited) setId(slugOf(value));
                }}
                data-testid={`taxonomy-label-${l}`}
              />
            ))}
          </SimpleGrid>
          <TextInput
            label={t('case-retention.web.taxonomyId')}
            required
            dir="ltr"
            {...limit(LIMITS.slug, id, t('case-retention.web.taxonomyIdHelp'))}
            value={id}
            onChange={(e) => {
              setId(e.currentTarget.value);
              setIdEdited(true);
            }}
            error={
              id !== '' && !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)
                ? t('case-retention.web.taxonomyIdInvalid')
                : null
            }
            data-testid="taxonomy-id"
          />
          {kind === 'vulnerability' && (
            <Textarea
              label={t('case-retention.web.taxonomyGuidance')}
              required
              autosize
              minRows={2}
              {...limit(LIMITS.guidance, guidance)}
              value={guidance}
              onChange={(e) => setGuidance(e.currentTarget.value)}
              data-testid="taxonomy-guidance"
            />
          )}
          <ErrorAlert error={error} />
          {saved && (
            <Alert color="teal" role="status" data-testid="taxonomy-saved">
              {t('case-retention.web.taxonomySaved', { label: saved })}
            </Alert>
          )}
          <Group>
            <Button type="submit" disabled={!valid} loading={pending} data-testid="taxonomy-add">
              {t('case-retention.web.taxonomyAdd')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
