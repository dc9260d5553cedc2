import { NativeSelect } from '@mantine/core';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useTranslation } from '../lib/useTranslation';
import type { Me } from '../../contracts/index.js';
import { preferredCity, rememberCity } from '../lib/session';

/** Switch between the cities this person belongs to; the last one is remembered on this device. */
export function CitySwitcher({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { cityId = preferredCity(me) } = useParams({ strict: false });
  if (me.memberships.length === 0) return null;
  const current = me.memberships.some((m) => m.cityId === cityId) ? cityId : '';
  return (
    <NativeSelect
      aria-label={t('nav.city')}
      data-testid="city-switcher"
      size="sm"
      value={current}
      onChange={(e) => {
        const next = e.currentTarget.value;
        if (!next) return;
        rememberCity(next);
        void navigate({ to: '/c/$cityId', params: { cityId: next } });
      }}
      data={[
        ...(current ? [] : [{ value: '', label: t('nav.chooseCity') }]),
        ...me.memberships.map((m) => ({ value: m.cityId, label: m.cityName })),
      ]}
    />
  );
}
