import { Alert, Button, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from '../../lib/useTranslation';
import { auditRoutes } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { call } from '../../lib/api';
import { useFormat } from '../../lib/format';

/** Re-computes the hash chain on the server and says whether it is intact, or where it first breaks. */
export function VerifyChain({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const verify = useMutation({ mutationFn: () => call(auditRoutes.verifyAudit, { params: { cityId } }) });
  const v = verify.data;
  return (
    <Stack gap="sm">
      <Button
        onClick={() => verify.mutate()}
        loading={verify.isPending}
        style={{ alignSelf: 'flex-start' }}
        data-testid="audit-verify"
      >
        {t('audit.verify')}
      </Button>
      <ErrorAlert error={verify.error} />
      <div aria-live="polite">
        {v && (
          <Alert
            color={v.ok ? 'teal' : 'red'}
            title={v.ok ? t('audit.chainOk') : t('audit.chainBroken')}
            data-testid="audit-verdict"
            data-ok={v.ok}
          >
            {v.ok
              ? t('audit.checked', { checked: fmt.number(v.checked) })
              : v.firstBroken &&
                t('audit.firstBroken', {
                  seq: fmt.number(v.firstBroken.seq),
                  problem: t(`audit.problems.${v.firstBroken.problem}`),
                })}
          </Alert>
        )}
      </div>
    </Stack>
  );
}
