import { Navigate } from '@tanstack/react-router';
import { useTranslation } from '../../lib/useTranslation';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { preferredCity, useMe } from '../../lib/session';
import { Text } from '@mantine/core';

/** "/" opens the last city used, the admin's cities page, or explains there is no city yet. */
export function HomeRedirect() {
  const { t } = useTranslation();
  const me = useMe();
  if (!me.data) return <Loading />;
  const cityId = preferredCity(me.data);
  if (cityId) return <Navigate to="/c/$cityId" params={{ cityId }} replace />;
  if (me.data.isPlatformAdmin) return <Navigate to="/admin/cities" replace />;
  return (
    <Page title={t('home.noCityTitle')}>
      <Text>{t('home.noCityBody')}</Text>
    </Page>
  );
}
