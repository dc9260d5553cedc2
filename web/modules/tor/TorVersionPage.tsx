import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  NativeSelect,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { locales, torRoutes, type TorVersionDetail } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { RouterAnchor } from '../../components/RouterLinks';
import { call, routePath } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { localeNames } from '../../lib/i18n';
import { TorEditor } from './TorEditor';
import { statusColor } from './TorPage';
import { torKey, useTorAcknowledgements, useTorDecisions, useTorVersion } from './tor.queries';
import { ScrollTable } from '../../components/ScrollTable';
import { UserText } from '../../components/UserText';

const mandateKeys = ['a', 'b', 'c', 'd', 'e', 'f'] as const;

/** One version: the editor while it is a draft (for editors), else the text; adoption, acknowledgements, export. */
export function TorVersionPage() {
  const { t, i18n } = useTranslation();
  const cityId = useCityId();
  const { versionId } = useParams({ strict: false }) as { versionId: string };
  const can = useCan();
  const fmt = useFormat();
  const version = useTorVersion(cityId, versionId);
  const title = version.data ? t('tor.versions.version', { n: version.data.version }) : t('tor.title');
  return (
    <Page
      title={`${t('tor.title')} · ${title}`}
      actions={
        <RouterAnchor to="/c/$cityId/tor" params={{ cityId }} size="sm">
          {t('tor.versions.heading')}
        </RouterAnchor>
      }
    >
      {version.isPending ? (
        <Loading />
      ) : version.error ? (
        <ErrorAlert error={version.error} />
      ) : (
        <Stack gap="lg">
          <Group gap="sm">
            <Badge color={statusColor[version.data.status]} variant="light" data-testid="tor-status">
              {t(`tor.status.${version.data.status}`)}
            </Badge>
            {version.data.adoptedAt && (
              <Text size="sm">{t('tor.versions.adoptedOn', { date: fmt.date(version.data.adoptedAt) })}</Text>
            )}
          </Group>
          {version.data.status === 'draft' && can('tor.edit') ? (
            <>
              <TorEditor cityId={cityId} version={version.data} />
              <Adopt cityId={cityId} versionId={versionId} canAdopt={can('tor.adopt')} />
            </>
          ) : (
            <>
              {version.data.status !== 'draft' && <Text c="dimmed">{t('tor.editor.readOnly')}</Text>}
              <ReadOnly version={version.data} />
            </>
          )}
          <Exports cityId={cityId} versionId={versionId} initial={i18n.language} />
          {version.data.status !== 'draft' && (
            <Acknowledgements
              cityId={cityId}
              version={version.data}
              canAcknowledge={can('tor.acknowledge')}
              seeAll={can('tor.acknowledgements')}
            />
          )}
        </Stack>
      )}
    </Page>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

function Para({ text }: { text: string }) {
  const { t } = useTranslation();
  return (
    <Text dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
      {text.trim() || t('tor.export.none')}
    </Text>
  );
}

function ReadOnly({ version }: { version: TorVersionDetail }) {
  const { t } = useTranslation();
  const s = version.sections;
  const q = s.decisionRules.quorum;
  return (
    <Stack gap="md" data-testid="tor-read">
      <Title order={2} size="h3">
        <UserText>{version.title}</UserText>
      </Title>
      <Section id="ro-summary" title={t('tor.sections.publicSummary')}>
        <Para text={version.publicSummary} />
      </Section>
      <Section id="ro-mandate" title={t('tor.sections.mandate')}>
        <List>
          {mandateKeys.map((k) => (
            <List.Item key={k}>
              <Text span fw={500}>
                {k}) {t(`tor.mandate.${k}`)}
              </Text>{' '}
              — {s.mandate[k].enabled ? t('tor.export.on') : t('tor.export.off')}
              {s.mandate[k].enabled && s.mandate[k].scope ? `: ${s.mandate[k].scope}` : ''}
            </List.Item>
          ))}
        </List>
      </Section>
      <Section id="ro-structure" title={t('tor.sections.structure')}>
        <Para text={s.structure} />
      </Section>
      <Section id="ro-roles" title={t('tor.sections.roles')}>
        <List>
          {s.roles.map((r, i) => (
            <List.Item key={i}>
              <Text span fw={500}>
                <UserText>{r.role}</UserText>
              </Text>
              : <UserText>{r.responsibilities}</UserText>
            </List.Item>
          ))}
        </List>
      </Section>
      <Section id="ro-ci" title={t('tor.sections.communicationInternal')}>
        <Para text={s.communicationInternal} />
      </Section>
      <Section id="ro-ce" title={t('tor.sections.communicationExternal')}>
        <Para text={s.communicationExternal} />
      </Section>
      <Section id="ro-rules" title={t('tor.sections.decisionRules')}>
        <List>
          <List.Item>
            {t('tor.editor.quorum')}: {q.kind === 'share' ? `${Math.round(q.value * 100)}%` : q.value} (
            {t(`tor.editor.quorumKind.${q.kind}`)})
          </List.Item>
          <List.Item>
            {t('tor.editor.method')}: {t(`tor.editor.methods.${s.decisionRules.method}`)}
          </List.Item>
          <List.Item>
            {t('tor.editor.voters')}: {t(`tor.editor.voterOptions.${s.decisionRules.voters}`)}
          </List.Item>
        </List>
      </Section>
      <Section id="ro-legal" title={t('tor.sections.legalFramework')}>
        <Para text={s.legalFramework} />
      </Section>
      <Section id="ro-sharing" title={t('tor.sections.dataSharingBasis')}>
        <Para text={s.dataSharingBasis} />
      </Section>
      <Section id="ro-limits" title={t('tor.sections.limits')}>
        <Para text={s.limits} />
      </Section>
      <Section id="ro-review" title={t('tor.sections.reviewDate')}>
        <Para text={s.reviewDate ?? ''} />
      </Section>
    </Stack>
  );
}

function Adopt({ cityId, versionId, canAdopt }: { cityId: string; versionId: string; canAdopt: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const decisions = useTorDecisions(cityId, versionId, canAdopt);
  const [decisionId, setDecisionId] = useState('');
  const adopt = useMutation({
    mutationFn: (id: string) =>
      call(torRoutes.adoptTorVersion, { params: { cityId, versionId }, body: { decisionId: id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: torKey(cityId) }),
  });
  if (!canAdopt) return null;
  const items = decisions.data?.items ?? [];
  const eligible = items.filter((d) => d.eligible);
  const chosen = decisionId || eligible[0]?.id || '';
  return (
    <Section id="tor-adopt-heading" title={t('tor.adopt.heading')}>
      <Text size="sm">{t('tor.adopt.help')}</Text>
      <ErrorAlert error={decisions.error ?? adopt.error} />
      {decisions.isPending ? (
        <Loading />
      ) : items.length === 0 ? (
        <Text c="dimmed">{t('tor.adopt.none')}</Text>
      ) : (
        <Group align="flex-end" wrap="wrap">
          <NativeSelect
            label={t('tor.adopt.decision')}
            value={chosen}
            onChange={(e) => setDecisionId(e.currentTarget.value)}
            data={items.map((d) => ({
              value: d.id,
              disabled: !d.eligible,
              label: `${fmt.date(d.recordedAt)} — ${d.text.slice(0, 60)}${d.eligible ? '' : ` (${t('tor.adopt.ineligible')})`}`,
            }))}
            style={{ flex: 1, minWidth: 220 }}
            data-testid="tor-adopt-decision"
          />
          <Button
            onClick={() => adopt.mutate(chosen)}
            disabled={!chosen}
            loading={adopt.isPending}
            data-testid="tor-adopt-submit"
          >
            {t('tor.adopt.submit')}
          </Button>
        </Group>
      )}
    </Section>
  );
}

function Exports({ cityId, versionId, initial }: { cityId: string; versionId: string; initial: string }) {
  const { t } = useTranslation();
  const [lang, setLang] = useState<string>((locales as readonly string[]).includes(initial) ? initial : 'en');
  const href = (format: 'pdf' | 'docx') =>
    routePath(
      format === 'pdf' ? torRoutes.exportTorPdf.path : torRoutes.exportTorDocx.path,
      { cityId, versionId },
      { lang },
    );
  return (
    <Group align="flex-end" wrap="wrap">
      <NativeSelect
        label={t('tor.export.language')}
        value={lang}
        onChange={(e) => setLang(e.currentTarget.value)}
        data={locales.map((l) => ({ value: l, label: localeNames[l] }))}
        data-testid="tor-export-lang"
      />
      <Button component="a" href={href('pdf')} download variant="default" data-testid="tor-export-pdf">
        {t('tor.export.pdf')}
      </Button>
      <Button component="a" href={href('docx')} download variant="default" data-testid="tor-export-docx">
        {t('tor.export.docx')}
      </Button>
    </Group>
  );
}

function Acknowledgements({
  cityId,
  version,
  canAcknowledge,
  seeAll,
}: {
  cityId: string;
  version: TorVersionDetail;
  canAcknowledge: boolean;
  seeAll: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const acks = useTorAcknowledgements(cityId, version.id, canAcknowledge || seeAll);
  const acknowledge = useMutation({
    mutationFn: () =>
      call(torRoutes.acknowledgeTorVersion, { params: { cityId, versionId: version.id }, body: {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: torKey(cityId) }),
  });
  if (!canAcknowledge && !seeAll) return null;
  return (
    <Section id="tor-ack-heading" title={t('tor.ack.heading')}>
      <ErrorAlert error={acknowledge.error ?? acks.error} />
      {version.status === 'adopted' && canAcknowledge && !version.acknowledgedByMe && (
        <Button
          onClick={() => acknowledge.mutate()}
          loading={acknowledge.isPending}
          style={{ alignSelf: 'flex-start' }}
          data-testid="tor-acknowledge"
        >
          {t('tor.ack.button')}
        </Button>
      )}
      {acknowledge.isSuccess && (
        <Alert color="green" role="status">
          {t('tor.ack.done')}
        </Alert>
      )}
      {acks.data && (
        <>
          {acks.data.complete && seeAll && <Text c="green">✓ {t('tor.ack.complete')}</Text>}
          <ScrollTable label={t('tor.ack.heading')} minWidth={300}>
            <Table data-testid="tor-ack-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tor.ack.name')}</Table.Th>
                  <Table.Th>{t('tor.ack.role')}</Table.Th>
                  <Table.Th>{t('tor.ack.state')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {acks.data.items.map((a) => (
                  <Table.Tr key={a.userId}>
                    <Table.Td>
                      <UserText>{a.name}</UserText>
                    </Table.Td>
                    <Table.Td>{t(`roles.${a.role}`)}</Table.Td>
                    <Table.Td>
                      {a.acknowledgedAt ? (
                        <Text size="sm" c="green">
                          ✓ {t('tor.ack.has')} · {fmt.date(a.acknowledgedAt)}
                        </Text>
                      ) : (
                        <Text size="sm" c="orange">
                          ○ {t('tor.ack.hasNot')}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </>
      )}
    </Section>
  );
}
