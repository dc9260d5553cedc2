import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { citiesRoutes } from '../../contracts/index.js';
import { call } from './api';

export const cityKey = (cityId: string) => ['city', cityId] as const;

/** The city workspace: the city, this person's role and what they may do there. */
export function useCityWorkspace(cityId: string | undefined) {
  return useQuery({
    queryKey: cityKey(cityId ?? ''),
    queryFn: ({ signal }) => call(citiesRoutes.getCity, { params: { cityId: cityId! }, signal }),
    enabled: !!cityId,
  });
}

/** The current city id from the URL (only inside /c/$cityId routes). */
export function useCityId(): string {
  const { cityId } = useParams({ strict: false });
  return cityId ?? '';
}

/** Whether the permission list from the server allows this action. */
export function useCan(): (permission: string) => boolean {
  const cityId = useCityId();
  const { data } = useCityWorkspace(cityId || undefined);
  return (permission) => !!data?.permissions.includes(permission);
}
