import { Button, Group, TextInput } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { useTranslation } from '../lib/useTranslation';

/** A read-only link with a copy button (invitation links are shown once to be passed on). */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const { t } = useTranslation();
  const clipboard = useClipboard({ timeout: 2000 });
  return (
    <Group align="end" gap="xs" wrap="nowrap">
      <TextInput
        label={label}
        value={value}
        readOnly
        style={{ flex: 1 }}
        onFocus={(e) => e.currentTarget.select()}
        data-testid={testId}
        dir="ltr"
      />
      <Button variant="outline" onClick={() => clipboard.copy(value)} aria-live="polite">
        {clipboard.copied ? t('common.copied') : t('common.copy')}
      </Button>
    </Group>
  );
}
