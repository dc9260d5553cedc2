import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { LIMITS, torRoutes, type TorSectionsInput, type TorVersionDetail } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLimit } from '../../components/limit';
import { setServerErrors, valuePaths } from '../../lib/fieldErrors';
import { call } from '../../lib/api';
import { torKey } from './tor.queries';
import { ScrollTable } from '../../components/ScrollTable';

const mandateKeys = ['a', 'b', 'c', 'd', 'e', 'f'] as const;

function Part({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" component="fieldset" aria-labelledby={id} style={{ margin: 0 }}>
      <Stack gap="sm">
        <Title order={3} size="h5" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

/** The structured editor of a draft: every section is a form field. */
export function TorEditor({ cityId, version }: { cityId: string; version: TorVersionDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const limit = useLimit();
  const form = useForm<{ title: string; publicSummary: string; sections: TorSectionsInput }>({
    initialValues: {
      title: version.title,
      publicSummary: version.publicSummary,
      sections: structuredClone(version.sections),
    },
  });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      call(torRoutes.updateTorDraft, { params: { cityId, versionId: version.id }, body: values }),
    onError: (err) => setServerErrors(form, err),
    onSuccess: async (_saved, values) => {
      form.resetDirty(values);
      await queryClient.invalidateQueries({ queryKey: torKey(cityId) });
    },
  });
  const remove = useMutation({
    mutationFn: () => call(torRoutes.deleteTorDraft, { params: { cityId, versionId: version.id } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: torKey(cityId) });
      await navigate({ to: '/c/$cityId/tor', params: { cityId } });
    },
  });
  const s = form.values.sections;
  const text = (path: string, label: string, testId?: string, max: number = LIMITS.longText) => {
    const input = form.getInputProps(path);
    return (
      <Textarea
        label={label}
        autosize
        minRows={3}
        data-testid={testId}
        {...input}
        {...limit(max, input.value as string)}
      />
    );
  };
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate aria-labelledby="tor-editor-heading">
      <Stack gap="md">
        <Title order={2} size="h4" id="tor-editor-heading">
          {t('tor.editor.heading')}
        </Title>
        <TextInput
          label={t('tor.editor.titleLabel')}
          required
          data-testid="tor-title"
          {...form.getInputProps('title')}
          {...limit(LIMITS.title, form.values.title)}
        />
        {text('publicSummary', t('tor.sections.publicSummary'), 'tor-public-summary', LIMITS.note)}

        <Part id="ed-mandate" title={t('tor.sections.mandate')}>
          {mandateKeys.map((k) => (
            <Stack key={k} gap={4}>
              <Switch
                label={`${k}) ${t(`tor.mandate.${k}`)}`}
                data-testid={`tor-mandate-${k}`}
                {...form.getInputProps(`sections.mandate.${k}.enabled`, { type: 'checkbox' })}
              />
              {s.mandate[k].enabled && (
                <Textarea
                  label={`${t('tor.editor.scope')} (${k})`}
                  autosize
                  minRows={2}
                  data-testid={`tor-mandate-${k}-scope`}
                  {...form.getInputProps(`sections.mandate.${k}.scope`)}
                  {...limit(LIMITS.summary, s.mandate[k].scope)}
                />
              )}
            </Stack>
          ))}
        </Part>

        <Part id="ed-structure" title={t('tor.sections.structure')}>
          {text('sections.structure', t('tor.sections.structure'))}
        </Part>

        <Part id="ed-roles" title={t('tor.sections.roles')}>
          <ScrollTable label={t('tor.sections.roles')} minWidth={320}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tor.editor.roleName')}</Table.Th>
                  <Table.Th>{t('tor.editor.responsibilities')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.roles.map((role, i) => (
                  <Table.Tr key={i}>
                    <Table.Td style={{ verticalAlign: 'top' }}>
                      <TextInput
                        aria-label={`${t('tor.editor.roleName')} ${i + 1}`}
                        {...form.getInputProps(`sections.roles.${i}.role`)}
                        {...limit(LIMITS.title, role.role)}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Textarea
                        aria-label={`${t('tor.editor.responsibilities')} ${i + 1}`}
                        autosize
                        minRows={2}
                        {...form.getInputProps(`sections.roles.${i}.responsibilities`)}
                        {...limit(LIMITS.longText, role.responsibilities)}
                      />
                    </Table.Td>
                    <Table.Td style={{ verticalAlign: 'top' }}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`${t('tor.editor.removeRole')} ${i + 1}`}
                        onClick={() => form.removeListItem('sections.roles', i)}
                      >
                        ×
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          <Button
            variant="light"
            style={{ alignSelf: 'flex-start' }}
            onClick={() => form.insertListItem('sections.roles', { role: '', responsibilities: '' })}
            data-testid="tor-add-role"
          >
            {t('tor.editor.addRole')}
          </Button>
        </Part>

        <Part
          id="ed-comm"
          title={`${t('tor.sections.communicationInternal')} · ${t('tor.sections.communicationExternal')}`}
        >
          {text(
            'sections.communicationInternal',
            t('tor.sections.communicationInternal'),
            'tor-comm-internal',
          )}
          {text('sections.communicationExternal', t('tor.sections.communicationExternal'))}
        </Part>

        <Part id="ed-rules" title={t('tor.sections.decisionRules')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label={t('tor.editor.quorumKindLabel')}
              data={(['share', 'count'] as const).map((k) => ({
                value: k,
                label: t(`tor.editor.quorumKind.${k}`),
              }))}
              data-testid="tor-quorum-kind"
              {...form.getInputProps('sections.decisionRules.quorum.kind')}
            />
            <NumberInput
              label={t('tor.editor.quorumValue')}
              description={
                s.decisionRules.quorum.kind === 'share' ? t('tor.editor.quorumShareHelp') : undefined
              }
              min={s.decisionRules.quorum.kind === 'share' ? 0.01 : 1}
              max={s.decisionRules.quorum.kind === 'share' ? 1 : undefined}
              step={s.decisionRules.quorum.kind === 'share' ? 0.05 : 1}
              decimalScale={s.decisionRules.quorum.kind === 'share' ? 2 : 0}
              data-testid="tor-quorum-value"
              {...form.getInputProps('sections.decisionRules.quorum.value')}
            />
            <NativeSelect
              label={t('tor.editor.method')}
              data={(['consensus', 'majority'] as const).map((m) => ({
                value: m,
                label: t(`tor.editor.methods.${m}`),
              }))}
              data-testid="tor-method"
              {...form.getInputProps('sections.decisionRules.method')}
            />
            <NativeSelect
              label={t('tor.editor.voters')}
              data={(['formal-members', 'all-members'] as const).map((v) => ({
                value: v,
                label: t(`tor.editor.voterOptions.${v}`),
              }))}
              data-testid="tor-voters"
              {...form.getInputProps('sections.decisionRules.voters')}
            />
          </SimpleGrid>
        </Part>

        <Part
          id="ed-legal"
          title={`${t('tor.sections.legalFramework')} · ${t('tor.sections.dataSharingBasis')}`}
        >
          {text('sections.legalFramework', t('tor.sections.legalFramework'))}
          {text('sections.dataSharingBasis', t('tor.sections.dataSharingBasis'))}
          {text('sections.limits', t('tor.sections.limits'))}
        </Part>

        <Part id="ed-review" title={t('tor.sections.reviewDate')}>
          <TextInput
            type="date"
            label={t('tor.sections.reviewDate')}
            value={s.reviewDate ?? ''}
            onChange={(e) => form.setFieldValue('sections.reviewDate', e.currentTarget.value || null)}
            data-testid="tor-review-date"
            style={{ maxWidth: 240 }}
          />
        </Part>

        <ErrorAlert error={save.error ?? remove.error} shownOnFields={valuePaths(form.getValues())} />
        {save.isSuccess && !form.isDirty() && (
          <Alert color="green" role="status">
            {t('tor.editor.saved')}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending} data-testid="tor-save">
            {t('tor.editor.save')}
          </Button>
          <Button
            variant="subtle"
            color="red"
            onClick={() => remove.mutate()}
            loading={remove.isPending}
            data-testid="tor-delete"
          >
            {t('tor.editor.delete')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
