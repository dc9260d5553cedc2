import { Alert, List, Text } from '@mantine/core';
import { useTranslation } from '../lib/useTranslation';
import { ApiError } from '../lib/api';
import { fieldPath } from '../lib/fieldErrors';

/** Shows what went wrong: the server's translated problem title and any field messages. */
/** `message` replaces the server's title where the UI knows better (e.g. a failed sign-in). */
/** `shownOnFields` are form paths whose messages already sit under their fields (not repeated here); */
/** `labels` names the rest by form path, so no raw `body.x` path ever reaches the user. */
export function ErrorAlert({
  error,
  title,
  message,
  shownOnFields,
  labels,
}: {
  error: unknown;
  title?: string;
  message?: string;
  shownOnFields?: readonly string[];
  labels?: Readonly<Record<string, string>>;
}) {
  const { t } = useTranslation();
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : undefined;
  const problemTitle = message ?? problem?.title ?? t('errors.internal');
  const rest = (problem?.errors ?? []).filter((e) => !shownOnFields?.includes(fieldPath(e.path)));
  return (
    <Alert color="red" title={title ?? problemTitle} role="alert" data-testid="error-alert">
      {title && <Text size="sm">{problemTitle}</Text>}
      {rest.length > 0 && (
        <List size="sm" mt="xs">
          {rest.map((e) => {
            const label = labels?.[fieldPath(e.path)];
            return (
              <List.Item key={`${e.path}-${e.code}`}>
                {label ? `${label}: ` : ''}
                {e.message}
              </List.Item>
            );
          })}
        </List>
      )}
    </Alert>
  );
}
