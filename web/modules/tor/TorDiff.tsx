import { Box, Button, Group, NativeSelect, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { isolate } from '../../components/UserText';
import { useTorDiff } from './tor.queries';

// Explicit colours with at least 7:1 contrast (WCAG AAA), so the meaning never rests on a pale tint.
const marks = {
  added: { symbol: '+', color: '#e3f5e6', text: '#1b5e20' },
  removed: { symbol: '−', color: '#fdeaea', text: '#8a1c1c' },
} as const;
/** Sections whose changes are whole items (one per line) rather than words in a running text. */
const itemSections = new Set(['mandate', 'roles', 'decisionRules', 'reviewDate']);

type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * A line the server wrote (a mandate switch, a decision rule) in the reader's language; the city's
 * own words inside it (a mandate item's scope) are isolated so their direction does not leak.
 */
function lineText(
  t: Translate,
  c: { text: string; label?: { key: string; values: Record<string, string | number> } },
): string {
  if (!c.label) return c.text;
  const values = Object.fromEntries(
    Object.entries(c.label.values).map(([k, v]) => [
      k,
      typeof v === 'string' && k === 'scope' ? isolate(v) : v,
    ]),
  );
  return t(`tor.diffLabels.${c.label.key}`, { ...values, defaultValue: c.text });
}

/** Pick two versions and read what changed, section by section: colour AND +/− symbols. */
export function TorDiff({
  cityId,
  versions,
}: {
  cityId: string;
  versions: { id: string; version: number }[];
}) {
  const { t } = useTranslation();
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const [from, setFrom] = useState(String(sorted.at(-2)?.version ?? ''));
  const [to, setTo] = useState(String(sorted.at(-1)?.version ?? ''));
  const [shown, setShown] = useState<{ from: string; to: string } | null>(null);
  const diff = useTorDiff(cityId, shown?.from ?? '', shown?.to ?? '');
  const options = sorted.map((v) => ({
    value: String(v.version),
    label: t('tor.versions.version', { n: v.version }),
  }));
  return (
    <Stack>
      <Group align="flex-end" wrap="wrap">
        <NativeSelect
          label={t('tor.diff.from')}
          data={options}
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
          data-testid="tor-diff-from"
        />
        <NativeSelect
          label={t('tor.diff.to')}
          data={options}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          data-testid="tor-diff-to"
        />
        <Button variant="light" onClick={() => setShown({ from, to })} data-testid="tor-diff-show">
          {t('tor.diff.show')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('tor.diff.legend')}
      </Text>
      {shown && diff.isPending && <Loading />}
      <ErrorAlert error={diff.error} />
      {diff.data && (
        <Stack gap="md" data-testid="tor-diff">
          {diff.data.hunks.map((h) => (
            <Box key={h.section} component="section" aria-labelledby={`diff-${h.section}`}>
              <Title order={3} size="h6" id={`diff-${h.section}`}>
                {t(`tor.sections.${h.section}`)}
              </Title>
              {!h.changed ? (
                <Text size="sm" c="dimmed">
                  {t('tor.diff.noChanges')}
                </Text>
              ) : itemSections.has(h.section) ? (
                // The city's own text may be in another script than the UI: let it set its direction.
                <Box component="ul" dir="auto" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                  {h.changes.map((c, i) => (
                    <li key={i} data-change={c.type}>
                      <Change type={c.type} text={lineText(t, c)} block />
                    </li>
                  ))}
                </Box>
              ) : (
                <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
                  {h.changes.map((c, i) => (
                    <Change key={i} type={c.type} text={c.text} />
                  ))}
                </Text>
              )}
            </Box>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function Change({
  type,
  text,
  block,
}: {
  type: 'added' | 'removed' | 'same';
  text: string;
  block?: boolean;
}) {
  const { t } = useTranslation();
  if (type === 'same') return block ? <Text size="sm">{`  ${text}`}</Text> : <span>{text}</span>;
  const mark = marks[type];
  const Tag = type === 'added' ? 'ins' : 'del';
  return (
    <Tag
      title={t(`tor.diff.${type}`)}
      style={{
        background: mark.color,
        color: mark.text,
        textDecoration: 'none',
        display: block ? 'block' : 'inline',
        fontSize: 'var(--mantine-font-size-sm)',
        padding: '0 2px',
      }}
    >
      <span aria-hidden="true">{mark.symbol} </span>
      <VisuallyHidden>{`${t(`tor.diff.${type}`)}: `}</VisuallyHidden>
      <span style={{ textDecoration: type === 'removed' ? 'line-through' : 'none' }}>{text}</span>
    </Tag>
  );
}
