import { Button, Code, Image, List, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ApiError, authCall } from '../../lib/api';

interface Enrolment {
  totpURI: string;
  backupCodes: string[];
}

/** The secret in an otpauth:// URI, for people who type it into their app instead of scanning. */
export function secretOf(totpURI: string): string {
  const match = /[?&]secret=([^&]+)/i.exec(totpURI);
  return match ? decodeURIComponent(match[1]) : '';
}

/** Password → QR code, secret and recovery codes → confirm with a first code. */
export function EnrolTwoFactor({ cityId }: { cityId?: string }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const enable = useMutation({ mutationFn: () => authCall<Enrolment>('/two-factor/enable', { password }) });
  const wrong = enable.error instanceof ApiError && enable.error.status === 400;

  if (enable.data) return <ConfirmEnrolment enrolment={enable.data} cityId={cityId} />;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        enable.mutate();
      }}
    >
      <Stack>
        <Text>{t('twoFactor.intro')}</Text>
        <ErrorAlert error={enable.error} message={wrong ? t('account.wrongPassword') : undefined} />
        <PasswordInput
          label={t('account.currentPassword')}
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          data-testid="enable-2fa-password"
        />
        <Button
          type="submit"
          loading={enable.isPending}
          style={{ alignSelf: 'flex-start' }}
          data-testid="enable-2fa-submit"
        >
          {t('twoFactor.start')}
        </Button>
      </Stack>
    </form>
  );
}

function ConfirmEnrolment({ enrolment, cityId }: { enrolment: Enrolment; cityId?: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [qr, setQr] = useState<string>();
  const [code, setCode] = useState('');
  const secret = secretOf(enrolment.totpURI);

  useEffect(() => {
    // Rendered locally: the secret never leaves the browser to draw the QR code.
    void QRCode.toDataURL(enrolment.totpURI, { margin: 1, width: 200 }).then(setQr);
  }, [enrolment.totpURI]);

  const verify = useMutation({
    mutationFn: () => authCall('/two-factor/verify-totp', { code: code.replace(/\s/g, '') }),
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      if (cityId) void navigate({ to: '/c/$cityId', params: { cityId } });
      else void navigate({ to: '/account' });
    },
  });
  const wrong =
    verify.error instanceof ApiError && (verify.error.status === 400 || verify.error.status === 401);

  return (
    <Stack>
      <Title order={2} size="h4">
        {t('twoFactor.scanTitle')}
      </Title>
      <Text>{t('twoFactor.scanHelp')}</Text>
      {qr && <Image src={qr} alt={t('twoFactor.qrAlt')} w={200} h={200} />}
      <Text>{t('twoFactor.manualEntry')}</Text>
      <Code block data-testid="totp-secret" className="wrap-anywhere" dir="ltr">
        {secret}
      </Code>
      <Title order={2} size="h4">
        {t('twoFactor.recoveryTitle')}
      </Title>
      <Text>{t('twoFactor.recoveryHelp')}</Text>
      <List data-testid="recovery-codes" dir="ltr" ff="monospace">
        {enrolment.backupCodes.map((c) => (
          <List.Item key={c}>{c}</List.Item>
        ))}
      </List>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          verify.mutate();
        }}
      >
        <Stack>
          <ErrorAlert error={verify.error} message={wrong ? t('auth.invalidCode') : undefined} />
          <TextInput
            label={t('twoFactor.confirmCode')}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            required
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            data-testid="totp-code"
            dir="ltr"
          />
          <Button
            type="submit"
            loading={verify.isPending}
            style={{ alignSelf: 'flex-start' }}
            data-testid="totp-submit"
          >
            {t('twoFactor.confirm')}
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
