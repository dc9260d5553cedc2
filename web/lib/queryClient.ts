import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api';

type ErrorRouter = (err: ApiError) => void;
let onAuthError: ErrorRouter = () => {};

/** The router registers how to react to 401 (sign in again) and 403 two-factor-required (enrol). */
export function setAuthErrorHandler(handler: ErrorRouter) {
  onAuthError = handler;
}

function route(err: unknown) {
  if (err instanceof ApiError && (err.status === 401 || err.code === 'two-factor-required')) onAuthError(err);
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: route }),
  mutationCache: new MutationCache({ onError: route }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Retrying a 4xx only repeats a refusal; retry network trouble once.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 1,
    },
  },
});
