import { Stack, Text } from '@mantine/core';
import { useTranslation } from '../lib/useTranslation';
import type { Me } from '../../contracts/index.js';
import { useCityWorkspace } from '../lib/city';
import { allows, type Access, type NavEntry } from '../lib/webModule';
import { navByGroup } from '../webModules';
import { RouterNavLink } from './RouterLinks';

/** Whether an entry shows for this person here (the server enforces the same rules anyway). */
function visible(entry: NavEntry, access: Access, cityId: string | undefined): boolean {
  if (entry.platformAdmin && !access.me.isPlatformAdmin) return false;
  if (entry.to.includes('$cityId')) return !!cityId && allows(access, entry.permission);
  return entry.permission === undefined || allows(access, entry.permission);
}

/**
 * The modules' navigation entries, grouped under headings, limited to what the server says this
 * person may do. Each group is a labelled list so screen readers announce "Case work, list, 3 items".
 */
export function NavMenu({ me, cityId, onNavigate }: { me: Me; cityId?: string; onNavigate: () => void }) {
  const { t } = useTranslation();
  const { data: workspace } = useCityWorkspace(cityId);
  const access: Access = { me, permissions: cityId ? workspace?.permissions : undefined };
  const groups = navByGroup
    .map(({ group, entries }) => ({ group, entries: entries.filter((e) => visible(e, access, cityId)) }))
    .filter((g) => g.entries.length > 0);
  return (
    <Stack gap="sm" pb="sm">
      {groups.map(({ group, entries }) => (
        <div key={group} data-testid={`nav-group-${group}`}>
          <Text
            id={`nav-group-${group}`}
            size="xs"
            fw={700}
            c="dimmed"
            tt="uppercase"
            px="sm"
            mb={2}
            style={{ letterSpacing: 0.4 }}
          >
            {t(`nav.groups.${group}`)}
          </Text>
          <ul aria-labelledby={`nav-group-${group}`} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {entries.map((entry) => (
              <li key={entry.id}>
                <RouterNavLink
                  to={entry.to}
                  params={entry.to.includes('$cityId') ? { cityId } : undefined}
                  activeOptions={entry.exact ? { exact: true } : undefined}
                  label={t(entry.labelKey)}
                  leftSection={<entry.icon />}
                  onClick={onNavigate}
                  data-testid={`nav-${entry.id}`}
                  py={6}
                />
              </li>
            ))}
          </ul>
        </div>
      ))}
    </Stack>
  );
}
