import { Badge, List, Alert } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';
import type { CoverageStatus, EntryStatus, ServiceType } from '../../../contracts/index.js';
import { ApiError } from '../../lib/api';

/** A service type's name: built-in ones translated, the city's own from its labels. */
export function useServiceTypeLabel(types: ServiceType[] | undefined) {
  const { t, i18n } = useTranslation();
  return (code: string) => {
    const own = types?.find((x) => x.code === code && !x.builtIn);
    if (own) return own.labels[i18n.language] ?? own.labels.en ?? code;
    return t(`directory.serviceType.${code}`, { defaultValue: code });
  };
}

const statusColour: Record<EntryStatus, string> = {
  active: 'green',
  planned: 'blue',
  paused: 'yellow',
  ended: 'gray',
};

export function StatusBadge({ status }: { status: EntryStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={statusColour[status]}>
      {t(`directory.status.${status}`)}
    </Badge>
  );
}

// Colours with a dark text on a light fill; the word is always written too (colour never carries it alone).
const coverageColour: Record<CoverageStatus, string> = {
  gap: 'red',
  uncovered: 'orange',
  covered: 'green',
  overlap: 'violet',
};

export function CoverageBadge({ status }: { status: CoverageStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={coverageColour[status]} data-testid={`coverage-${status}`}>
      {t(`directory.gaps.status.${status}`)}
    </Badge>
  );
}

/** Where a field or file error points: `body.title`, or `file.row[7].provider`. */
export function errorPlace(path: string): { row: number | null; field: string } {
  const m = /^file\.row\[(\d+)\]\.(\w+)$/.exec(path);
  if (m) return { row: Number(m[1]), field: m[2] };
  const col = /^file\.column\.(\w+)$/.exec(path);
  if (col) return { row: null, field: col[1] };
  return { row: null, field: path.replace(/^body\./, '').replace(/\[\d+\]$/, '') };
}

/** The server's problem with each field error translated by its code (the English message as fallback). */
export function DirectoryErrors({ error, labels }: { error: unknown; labels?: Record<string, string> }) {
  const { t } = useTranslation();
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : undefined;
  return (
    <Alert color="red" title={problem?.title ?? t('errors.internal')} role="alert" data-testid="error-alert">
      {problem?.errors?.length ? (
        <List size="sm" mt="xs">
          {problem.errors.map((e) => {
            const { field } = errorPlace(e.path);
            const label = labels?.[field];
            return (
              <List.Item key={`${e.path}-${e.code}`}>
                {label ? `${label}: ` : ''}
                {t(`directory.error.${e.code}`, { defaultValue: e.message })}
              </List.Item>
            );
          })}
        </List>
      ) : null}
    </Alert>
  );
}
