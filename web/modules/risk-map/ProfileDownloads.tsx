import { Button, Group, Stack, Text } from '@mantine/core';
import { riskMapRoutes } from '../../../contracts/index.js';
import { routePath } from '../../lib/api';
import { useTranslation } from '../../lib/useTranslation';

/**
 * The local risk profile (PDF with the map, or Word), in the reader's language, as of the day the
 * register shows. Plain links: the browser downloads the file; the server audits the export.
 */
export function ProfileDownloads({ cityId, asOf }: { cityId: string; asOf: string }) {
  const { t, i18n } = useTranslation();
  const query = { lang: i18n.language, ...(asOf ? { asOf } : {}) };
  return (
    <Stack gap={4}>
      <Group gap="xs" align="center">
        <Text fw={600}>{t('risk-map.profile.download')}</Text>
        <Button
          component="a"
          href={routePath(riskMapRoutes.riskProfilePdf.path, { cityId }, query)}
          download
          variant="default"
          size="xs"
          data-testid="risk-profile-pdf"
        >
          {t('risk-map.profile.downloadPdf')}
        </Button>
        <Button
          component="a"
          href={routePath(riskMapRoutes.riskProfileDocx.path, { cityId }, query)}
          download
          variant="default"
          size="xs"
          data-testid="risk-profile-docx"
        >
          {t('risk-map.profile.downloadDocx')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('risk-map.profile.downloadHelp')}
      </Text>
    </Stack>
  );
}
