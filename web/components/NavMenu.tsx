import { Divider, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../contracts/index.js';
import { useCityWorkspace } from '../lib/city';
import { RouterNavLink } from './RouterLinks';

/** Navigation limited to what the server says this person may do (the server enforces it anyway). */
export function NavMenu({ me, cityId, onNavigate }: { me: Me; cityId?: string; onNavigate: () => void }) {
  const { t } = useTranslation();
  const { data: workspace } = useCityWorkspace(cityId);
  const can = (p: string) => !!workspace?.permissions.includes(p);
  return (
    <Stack gap={2} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {cityId && workspace && (
        <>
          <li>
            <RouterNavLink
              to="/c/$cityId"
              params={{ cityId }}
              activeOptions={{ exact: true }}
              label={t('nav.home')}
              onClick={onNavigate}
              data-testid="nav-home"
            />
          </li>
          {can('dashboard.read') && (
            <li>
              <RouterNavLink
                to="/c/$cityId/dashboard"
                params={{ cityId }}
                label={t('network.navDashboard')}
                onClick={onNavigate}
                data-testid="nav-dashboard"
              />
            </li>
          )}
          {can('network.read') && (
            <li>
              <RouterNavLink
                to="/c/$cityId/network"
                params={{ cityId }}
                label={t('network.navNetwork')}
                onClick={onNavigate}
                data-testid="nav-network"
              />
            </li>
          )}
          {can('organisations.read') && (
            <li>
              <RouterNavLink
                to="/c/$cityId/organisations"
                params={{ cityId }}
                label={t('network.navOrganisations')}
                onClick={onNavigate}
                data-testid="nav-organisations"
              />
            </li>
          )}
          {can('tor.read-summary') && (
            <li>
              <RouterNavLink
                to="/c/$cityId/tor"
                params={{ cityId }}
                label={t('tor.nav')}
                onClick={onNavigate}
                data-testid="nav-tor"
              />
            </li>
          )}
          {can('cases.read') && (
            <li>
              <RouterNavLink
                to="/c/$cityId/cases"
                params={{ cityId }}
                label={t('cases.nav')}
                onClick={onNavigate}
                data-testid="nav-cases"
              />
            </li>
          )}
          {can('referrals.inbox') && (
            <li>
              <RouterNavLink
                to="/c/$cityId/referrals"
                params={{ cityId }}
                label={t('referrals.nav')}
                onClick={onNavigate}
                data-testid="nav-referrals"
              />
            </li>
          )}
          {can('services.manage') && (
            <li>
              <RouterNavLink
                to="/c/$cityId/services"
                params={{ cityId }}
                label={t('referrals.navServices')}
                onClick={onNavigate}
                data-testid="nav-services"
              />
            </li>
          )}
          {can('cases.statistics') && (
            <li>
              <RouterNavLink
                to="/c/$cityId/case-statistics"
                params={{ cityId }}
                label={t('case-statistics.nav')}
                onClick={onNavigate}
                data-testid="nav-case-statistics"
              />
            </li>
          )}
          {can('people.list') && (
            <li>
              <RouterNavLink
                to="/c/$cityId/people"
                params={{ cityId }}
                label={t('nav.people')}
                onClick={onNavigate}
                data-testid="nav-people"
              />
            </li>
          )}
          {can('meetings.read') && (
            <li>
              <RouterNavLink
                to="/c/$cityId/meetings"
                params={{ cityId }}
                label={t('meetings.nav')}
                onClick={onNavigate}
                data-testid="nav-meetings"
              />
            </li>
          )}
          {can('audit.read') && (
            <li>
              <RouterNavLink
                to="/c/$cityId/audit"
                params={{ cityId }}
                label={t('nav.audit')}
                onClick={onNavigate}
                data-testid="nav-audit"
              />
            </li>
          )}
          {(can('cases.settings') || can('cases.purge-runs')) && (
            <li>
              <RouterNavLink
                to="/c/$cityId/case-settings"
                params={{ cityId }}
                label={t('case-retention.web.nav')}
                onClick={onNavigate}
                data-testid="nav-case-settings"
              />
            </li>
          )}
          {can('city.update-settings') && (
            <li>
              <RouterNavLink
                to="/c/$cityId/settings"
                params={{ cityId }}
                label={t('nav.settings')}
                onClick={onNavigate}
                data-testid="nav-settings"
              />
            </li>
          )}
          <li aria-hidden="true">
            <Divider my="xs" />
          </li>
        </>
      )}
      {me.isPlatformAdmin && (
        <li>
          <RouterNavLink
            to="/admin/cities"
            label={t('nav.cities')}
            onClick={onNavigate}
            data-testid="nav-cities"
          />
        </li>
      )}
      <li>
        <RouterNavLink
          to="/account"
          label={t('nav.account')}
          onClick={onNavigate}
          data-testid="nav-account"
        />
      </li>
    </Stack>
  );
}
