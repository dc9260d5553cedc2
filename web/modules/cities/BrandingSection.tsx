import { Button, ColorInput, Group, Image, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FileField } from '../../components/FileField';
import { useTranslation } from '../../lib/useTranslation';
import {
  ACCENT_MIN_CONTRAST,
  LOGO_MAX_BYTES,
  citiesRoutes,
  contrastWithWhite,
  logoMediaTypes,
  type CityBranding,
  type CityBrandingBody,
} from '../../../contracts/index.js';
import { CopyField } from '../../components/CopyField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { call } from '../../lib/api';

const brandingKey = (slug: string) => ['public-branding', slug] as const;
const hex = /^#[0-9a-fA-F]{6}$/;

type Logo = NonNullable<CityBrandingBody['logo']>;

function readLogo(file: File): Promise<Logo> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve({ mediaType: file.type as Logo['mediaType'], data: url.slice(url.indexOf(',') + 1) });
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/** Chair: the city's sign-in page — accent colour and logo — and the link that shows it. */
export function BrandingSection({ cityId, slug }: { cityId: string; slug: string }) {
  const { t } = useTranslation();
  const current = useQuery({
    queryKey: brandingKey(slug),
    queryFn: ({ signal }) => call(citiesRoutes.getPublicCityBranding, { params: { slug }, signal }),
  });
  return (
    <Stack component="section" aria-labelledby="branding-heading" maw={640} data-testid="branding-section">
      <Title order={2} size="h4" id="branding-heading">
        {t('settings.branding.title')}
      </Title>
      <Text size="sm">{t('settings.branding.help')}</Text>
      <CopyField
        label={t('settings.branding.link')}
        value={`${window.location.origin}/sign-in?city=${encodeURIComponent(slug)}`}
        testId="branding-link"
      />
      {current.isPending ? (
        <Loading />
      ) : current.isError ? (
        <ErrorAlert error={current.error} />
      ) : (
        <BrandingForm cityId={cityId} slug={slug} initial={current.data} />
      )}
    </Stack>
  );
}

function BrandingForm({ cityId, slug, initial }: { cityId: string; slug: string; initial: CityBranding }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [accent, setAccent] = useState(initial.accentColor ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [removeLogo, setRemoveLogo] = useState(false);
  const ratio = hex.test(accent) ? contrastWithWhite(accent) : null;
  const ratioText =
    ratio === null ? '' : new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(ratio);
  const accentError =
    accent && !hex.test(accent)
      ? t('settings.branding.accentFormat')
      : ratio !== null && ratio < ACCENT_MIN_CONTRAST
        ? t('settings.branding.accentContrast', { ratio: ratioText, min: ACCENT_MIN_CONTRAST })
        : undefined;
  const fileError = !file
    ? undefined
    : !(logoMediaTypes as readonly string[]).includes(file.type)
      ? t('settings.branding.logoType')
      : file.size > LOGO_MAX_BYTES
        ? t('settings.branding.logoSize', { kb: LOGO_MAX_BYTES / 1024 })
        : undefined;
  const save = useMutation({
    mutationFn: async () => {
      const body: CityBrandingBody = { accentColor: accent || null };
      if (file) body.logo = await readLogo(file);
      else if (removeLogo) body.logo = null;
      return call(citiesRoutes.updateCityBranding, { params: { cityId }, body });
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(brandingKey(slug), saved);
      setFile(null);
      setRemoveLogo(false);
      notifications.show({
        message: t('common.saved'),
        color: 'teal',
        closeButtonProps: { 'aria-label': t('common.close') },
      });
    },
  });
  const logo = removeLogo ? null : initial.logo;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!accentError && !fileError) save.mutate();
      }}
    >
      <Stack>
        <ErrorAlert error={save.error} />
        <ColorInput
          label={t('settings.branding.accent')}
          description={t('settings.branding.accentHelp', { min: ACCENT_MIN_CONTRAST })}
          placeholder="#0b5394"
          format="hex"
          // The browser's eye dropper adds an unlabelled button and picks colours off the screen
          // that are rarely the city's own; the swatch and hex field are enough.
          withEyeDropper={false}
          value={accent}
          onChange={setAccent}
          error={accentError}
          dir="ltr"
          data-testid="branding-accent"
        />
        {ratio !== null && !accentError && (
          <Text size="sm" data-testid="branding-contrast">
            {t('settings.branding.contrastOk', { ratio: ratioText })}
          </Text>
        )}
        {logo && !file && (
          <Group gap="sm">
            <Image
              src={logo}
              alt={t('settings.branding.currentLogo')}
              h={48}
              w="auto"
              maw={160}
              fit="contain"
            />
            <Button
              variant="subtle"
              color="red"
              onClick={() => setRemoveLogo(true)}
              data-testid="branding-remove-logo"
            >
              {t('settings.branding.removeLogo')}
            </Button>
          </Group>
        )}
        <FileField
          label={t('settings.branding.logo')}
          description={t('settings.branding.logoHelp', { kb: LOGO_MAX_BYTES / 1024 })}
          accept={logoMediaTypes.join(',')}
          value={file}
          onChange={setFile}
          clearable
          error={fileError}
          data-testid="branding-logo"
        />
        <Button
          type="submit"
          loading={save.isPending}
          disabled={!!accentError || !!fileError}
          style={{ alignSelf: 'flex-start' }}
          data-testid="branding-save"
        >
          {t('common.save')}
        </Button>
      </Stack>
    </form>
  );
}
