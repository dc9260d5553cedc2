import { useTranslation } from '../../lib/useTranslation';
import { HomeLinkCard } from '../../components/HomeLinkCard';

/** Home-page card: the way to the people directory. */
export function PeopleHomeCard({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  return (
    <HomeLinkCard
      to="/c/$cityId/people"
      cityId={cityId}
      title={t('nav.people')}
      hint={t('home.peopleHint')}
    />
  );
}
