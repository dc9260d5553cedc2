import { Alert, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api';

/** Shows what went wrong: the server's translated problem title and any field messages. */
/** `message` replaces the server's title where the UI knows better (e.g. a failed sign-in). */
export function ErrorAlert({ error, title, message }: { error: unknown; title?: string; message?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : undefined;
  const problemTitle = message ?? problem?.title ?? t('errors.internal');
  return (
    <Alert color="red" title={title ?? problemTitle} role="alert" data-testid="error-alert">
      {title && <Text size="sm">{problemTitle}</Text>}
      {problem?.errors && problem.errors.length > 0 && (
        <List size="sm" mt="xs">
          {problem.errors.map((e) => (
            <List.Item key={`${e.path}-${e.code}`}>
              {e.path ? `${e.path}: ` : ''}
              {e.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
