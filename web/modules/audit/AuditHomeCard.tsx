import { useTranslation } from 'react-i18next';
import { HomeLinkCard } from '../../components/HomeLinkCard';

/** Home-page card: the way to the audit log. */
export function AuditHomeCard({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  return (
    <HomeLinkCard to="/c/$cityId/audit" cityId={cityId} title={t('nav.audit')} hint={t('home.auditHint')} />
  );
}
