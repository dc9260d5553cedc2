import { useQuery } from '@tanstack/react-query';
import { accountRoutes, type Me } from '../../contracts/index.js';
import { call } from './api';

export const meKey = ['me'] as const;

/** The signed-in person with their cities; a 401 means nobody is signed in. */
export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: ({ signal }) => call(accountRoutes.getMe, { signal }) });
}

const LAST_CITY_KEY = 'lpn.lastCity';

export function rememberCity(cityId: string) {
  try {
    localStorage.setItem(LAST_CITY_KEY, cityId);
  } catch {
    // not fatal
  }
}

/** The city to open after sign-in: the last one used if still a membership, else the first. */
export function preferredCity(me: Me): string | undefined {
  let last: string | null = null;
  try {
    last = localStorage.getItem(LAST_CITY_KEY);
  } catch {
    // not fatal
  }
  const ids = me.memberships.map((m) => m.cityId);
  return last && ids.includes(last) ? last : ids[0];
}
