import { Box, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { SMALL_CELL_MIN } from '../../../contracts/index.js';

/*
 * Counts as real tables (label, number) with a bar drawn inside each row: screen readers get the
 * table, sighted readers the bars, and a phone gets two narrow columns. A withheld count never
 * shows a number and never a bar length that would hint at one: it is marked "Withheld" with a
 * hatched stub the same for every withheld cell.
 */

export interface CountRow {
  key: string;
  label: ReactNode;
  value: number | null;
  suppressed: boolean;
}

const hatched = 'repeating-linear-gradient(135deg, var(--mantine-color-gray-6) 0 2px, transparent 2px 6px)';

/** The mark of a withheld count, the same wherever it appears; pointing at it says why. */
export function Withheld() {
  const { t } = useTranslation();
  return (
    <Text
      span
      // The reason in words is under the table (WithheldNote); the title repeats it on hover. (A
      // Tooltip here brought the popover engine, 15 KB gzip, into every page with statistics.)
      title={t('case-statistics.withheldWhy', { min: SMALL_CELL_MIN })}
      size="sm"
      fs="italic"
      px={6}
      style={{ border: '1px dashed var(--mantine-color-gray-6)', borderRadius: 4, whiteSpace: 'nowrap' }}
      data-testid="stat-withheld"
    >
      {t('case-statistics.withheld')}
    </Text>
  );
}

/**
 * Under a table with withheld cells: the two reasons, in words. Which reason applies to which cell is
 * deliberately not said: knowing that a cell was hidden only to protect another (so it is 0 or at
 * least the minimum) narrows the other one down, sometimes to a single value.
 */
export function WithheldNote({ rows }: { rows: { suppressed: boolean }[] }) {
  const { t } = useTranslation();
  if (!rows.some((r) => r.suppressed)) return null;
  return (
    <Text size="xs" c="dimmed" mt={4} data-testid="stat-withheld-note">
      {t('case-statistics.withheldWhy', { min: SMALL_CELL_MIN })}
    </Text>
  );
}

function Bar({ fraction, suppressed }: { fraction: number; suppressed?: boolean }) {
  return (
    <Box
      aria-hidden="true"
      mt={4}
      h={10}
      style={{ background: 'var(--mantine-color-gray-1)', borderRadius: 2, overflow: 'hidden' }}
    >
      <Box
        h="100%"
        style={{
          width: suppressed ? '8%' : `${Math.max(0, Math.min(1, fraction)) * 100}%`,
          minWidth: suppressed || fraction > 0 ? 3 : 0,
          background: suppressed ? hatched : 'var(--mantine-color-teal-7)',
          borderRadius: 2,
        }}
      />
    </Box>
  );
}

/** One dimension's counts: a row per cell, bars scaled to the largest count shown. */
export function CountTable({
  labelledBy,
  labelHeader,
  rows,
  testId,
}: {
  labelledBy: string;
  labelHeader: string;
  rows: CountRow[];
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const max = Math.max(1, ...rows.map((r) => r.value ?? 0));
  return (
    <>
      <Table aria-labelledby={labelledBy} verticalSpacing={6} data-testid={testId} layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{labelHeader}</Table.Th>
            <Table.Th scope="col" w="6.5rem" style={{ textAlign: 'end' }}>
              {t('case-statistics.situations')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key} data-testid="stat-row" data-key={r.key} data-suppressed={r.suppressed}>
              <Table.Th scope="row" fw={400} style={{ overflowWrap: 'anywhere' }}>
                {r.label}
                <Bar fraction={(r.value ?? 0) / max} suppressed={r.suppressed} />
              </Table.Th>
              <Table.Td style={{ textAlign: 'end', verticalAlign: 'top' }}>
                {r.suppressed ? <Withheld /> : number.format(r.value ?? 0)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <WithheldNote rows={rows} />
    </>
  );
}

export interface ShareRow {
  key: string;
  label: ReactNode;
  /** 0–1 when shown. */
  share: number | null;
  /** What the reader hears and sees: a percentage with its count, "withheld" or why there is none. */
  text: ReactNode;
  suppressed: boolean;
}

/** Shares over time: bars on a 0–100 % track. */
export function ShareTable({
  labelledBy,
  describedBy,
  labelHeader,
  valueHeader,
  rows,
  testId,
}: {
  labelledBy: string;
  describedBy?: string;
  labelHeader: string;
  valueHeader: string;
  rows: ShareRow[];
  testId?: string;
}) {
  return (
    <>
      <Table
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        verticalSpacing={6}
        data-testid={testId}
        layout="fixed"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{labelHeader}</Table.Th>
            <Table.Th scope="col" w="55%" style={{ textAlign: 'end' }}>
              {valueHeader}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key} data-testid="share-row" data-key={r.key} data-suppressed={r.suppressed}>
              <Table.Th scope="row" fw={400}>
                {r.label}
                <Bar fraction={r.share ?? 0} suppressed={r.suppressed} />
              </Table.Th>
              <Table.Td style={{ textAlign: 'end', verticalAlign: 'top' }}>{r.text}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <WithheldNote rows={rows} />
    </>
  );
}
