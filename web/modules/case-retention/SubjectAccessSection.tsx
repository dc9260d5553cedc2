import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { LIMITS, locales, type Locale } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLimit } from '../../components/limit';
import { isLocale, localeNames } from '../../lib/i18n';
import { Help, readableErrors } from './Help';
import { useSubjectAccessExport, type ExportedFile } from './retention.queries';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The chair answers a subject-access request: everything the city holds about one person, as a file.
 * The form's contents are personal data: they live in this component only and are cleared once the
 * file is saved.
 */
export function SubjectAccessSection({ cityId }: { cityId: string }) {
  const { t, i18n } = useTranslation();
  const limit = useLimit();
  const exporter = useSubjectAccessExport(cityId);
  const [givenName, setGivenName] = useState('');
  const [familyName, setFamilyName] = useState('');
  const [dateOfBirth, setDateOfBirth] = useState('');
  const [reason, setReason] = useState('');
  const [format, setFormat] = useState<'json' | 'pdf'>('pdf');
  const [lang, setLang] = useState<Locale>(isLocale(i18n.language) ? i18n.language : 'en');
  const [confirmed, setConfirmed] = useState(false);
  const [tried, setTried] = useState(false);
  const [done, setDone] = useState<ExportedFile | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const errors = {
    givenName: givenName.trim() ? undefined : t('case-retention.web.required'),
    familyName: familyName.trim() ? undefined : t('case-retention.web.required'),
    dateOfBirth: isoDate.test(dateOfBirth) ? undefined : t('case-retention.web.dobRequired'),
    reason: reason.trim().length >= 5 ? undefined : t('case-retention.web.reasonTooShort'),
    confirmed: confirmed ? undefined : t('case-retention.web.confirmRequired'),
  };
  const valid = Object.values(errors).every((e) => !e);
  const show = (e: string | undefined) => (tried ? e : undefined);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    setDone(null);
    if (!valid) {
      // Take the keyboard and the screen reader to the first field to fix.
      setTimeout(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
      return;
    }
    const file = await exporter.run({
      givenName: givenName.trim(),
      familyName: familyName.trim(),
      dateOfBirth,
      reason: reason.trim(),
      format,
      ...(format === 'pdf' ? { lang } : {}),
    });
    if (file) {
      // The file is saved: nothing about the person stays on the page.
      setGivenName('');
      setFamilyName('');
      setDateOfBirth('');
      setReason('');
      setConfirmed(false);
      setTried(false);
      setDone(file);
    }
  };

  return (
    <Stack gap="sm">
      <Alert color="orange" title={t('case-retention.web.sarWarningTitle')} data-testid="sar-warning">
        <Stack gap={6}>
          <Text size="sm">{t('case-retention.web.sarWarning')}</Text>
          <Text size="sm">{t('case-retention.web.sarAudited')}</Text>
        </Stack>
      </Alert>
      <Help>{t('case-retention.web.sarIntro')}</Help>
      <form
        ref={formRef}
        onSubmit={(e) => void submit(e)}
        style={readableErrors}
        noValidate
        autoComplete="off"
        data-testid="sar-form"
      >
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={t('case-retention.web.givenName')}
              value={givenName}
              onChange={(e) => setGivenName(e.currentTarget.value)}
              {...limit(LIMITS.givenName, givenName)}
              required
              error={show(errors.givenName)}
              data-testid="sar-given-name"
            />
            <TextInput
              label={t('case-retention.web.familyName')}
              value={familyName}
              onChange={(e) => setFamilyName(e.currentTarget.value)}
              {...limit(LIMITS.givenName, familyName)}
              required
              error={show(errors.familyName)}
              data-testid="sar-family-name"
            />
            <TextInput
              type="date"
              label={t('case-retention.web.dateOfBirth')}
              description={t('case-retention.web.dobHelp')}
              value={dateOfBirth}
              onChange={(e) => setDateOfBirth(e.currentTarget.value)}
              required
              error={show(errors.dateOfBirth)}
              data-testid="sar-dob"
            />
          </SimpleGrid>
          <Textarea
            label={t('case-retention.web.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            {...limit(LIMITS.reason, reason, t('case-retention.web.reasonHelp'))}
            autosize
            minRows={2}
            required
            error={show(errors.reason)}
            data-testid="sar-reason"
          />
          <Radio.Group
            label={t('case-retention.web.format')}
            value={format}
            onChange={(v) => setFormat(v === 'json' ? 'json' : 'pdf')}
          >
            <Group gap="lg" mt={6}>
              <Radio value="pdf" label={t('case-retention.web.formatPdf')} data-testid="sar-format-pdf" />
              <Radio value="json" label={t('case-retention.web.formatJson')} data-testid="sar-format-json" />
            </Group>
          </Radio.Group>
          {format === 'pdf' && (
            <NativeSelect
              label={t('case-retention.web.language')}
              description={t('case-retention.web.languageHelp')}
              value={lang}
              onChange={(e) => setLang(e.currentTarget.value as Locale)}
              data={locales.map((l) => ({ value: l, label: localeNames[l] }))}
              data-testid="sar-lang"
            />
          )}
          <Checkbox
            label={t('case-retention.web.confirm')}
            checked={confirmed}
            onChange={(e) => setConfirmed(e.currentTarget.checked)}
            error={show(errors.confirmed)}
            data-testid="sar-confirm"
          />
          <ErrorAlert error={exporter.error} />
          <Group>
            <Button type="submit" loading={exporter.pending} data-testid="sar-submit">
              {t('case-retention.web.exportButton')}
            </Button>
          </Group>
        </Stack>
      </form>
      {done && (
        <Alert
          color="teal"
          title={t('case-retention.web.exportedTitle')}
          role="status"
          data-testid="sar-done"
        >
          <Stack gap={4}>
            <Text size="sm">
              {t('case-retention.web.exportedFile')} <bdi data-testid="sar-filename">{done.filename}</bdi>
            </Text>
            {done.persons !== null && (
              <Text size="sm" data-testid="sar-persons">
                {done.persons === 0
                  ? t('case-retention.web.noneHeld')
                  : t('case-retention.web.recordsFound', { n: done.persons })}
              </Text>
            )}
            <Text size="sm">{t('case-retention.web.deleteCopy')}</Text>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
