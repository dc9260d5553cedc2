import { Outlet } from '@tanstack/react-router';
import { useEffect } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { ApiError } from '../../lib/api';
import { useCityId, useCityWorkspace } from '../../lib/city';
import { rememberCity } from '../../lib/session';

/** Loads the city workspace once for every page inside a city and remembers the city. */
export function CityLayout() {
  const cityId = useCityId();
  const workspace = useCityWorkspace(cityId);
  useEffect(() => {
    if (workspace.data) rememberCity(cityId);
  }, [workspace.data, cityId]);
  if (workspace.isPending) return <Loading />;
  // two-factor-required and 401 are routed away by the query client; show anything else.
  if (workspace.isError) {
    if (workspace.error instanceof ApiError && workspace.error.code === 'two-factor-required')
      return <Loading />;
    return <ErrorAlert error={workspace.error} />;
  }
  return <Outlet />;
}
