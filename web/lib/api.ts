import type { z } from 'zod';
import type { Problem, RouteContract } from '../../contracts/index.js';
import i18n from './i18n';

/** An error response from the server, carrying its RFC 9457 problem details. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  get code(): string {
    return this.problem.code;
  }
}

type Input<T> = NonNullable<T> extends z.ZodType ? z.input<NonNullable<T>> : never;
type Output<T> = T extends z.ZodType ? z.output<T> : never;

/** What a call may carry; params/query/body are typed by the route's schemas. */
export interface CallOptions<R extends RouteContract> {
  params?: Input<R['params']>;
  query?: Partial<Input<R['query']>>;
  body?: Input<R['body']>;
  signal?: AbortSignal;
}

/** Builds the path of a route, filling its `:params`. */
export function routePath(path: string, params?: Record<string, unknown>, query?: Record<string, unknown>) {
  const filled = path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new Error(`Missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const qs = search.toString();
  return qs ? `${filled}?${qs}` : filled;
}

function fallbackProblem(status: number, code: string): Problem {
  return { type: 'about:blank', title: i18n.t(`errors.${code}`), status, code };
}

const statusCodes: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  429: 'rate-limited',
};

/** Turns any failed response into an ApiError, whether or not it carried problem+json. */
export async function toApiError(res: Response): Promise<ApiError> {
  const code = statusCodes[res.status] ?? 'internal';
  try {
    const data = (await res.json()) as Partial<Problem> & { message?: string; code?: string };
    if (data && typeof data === 'object' && typeof data.title === 'string' && typeof data.code === 'string') {
      return new ApiError({ ...fallbackProblem(res.status, code), ...data, status: res.status } as Problem);
    }
    // better-auth answers { code, message } rather than problem+json.
    const problem = fallbackProblem(res.status, code);
    if (data && typeof data.message === 'string') problem.detail = data.message;
    return new ApiError(problem);
  } catch {
    return new ApiError(fallbackProblem(res.status, code));
  }
}

/** Low-level JSON request with the session cookie and the UI language. */
export async function request<T>(
  method: string,
  url: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Accept-Language': i18n.language || 'en',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError({ ...fallbackProblem(0, 'internal'), title: i18n.t('common.networkError') });
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return null as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** Calls one contract route: fills path params, serialises the query, sends and parses JSON. */
export function call<R extends RouteContract>(
  route: R,
  options: CallOptions<R> = {},
): Promise<Output<R['response']>> {
  const url = routePath(
    route.path,
    options.params as Record<string, unknown> | undefined,
    options.query as Record<string, unknown> | undefined,
  );
  const sendsBody = options.body !== undefined || route.method === 'POST' || route.method === 'PATCH';
  return request(route.method, url, sendsBody ? (options.body ?? {}) : undefined, options.signal);
}

/** better-auth endpoints under /api/auth (not described by our contracts). */
export function authCall<T = unknown>(path: string, body: unknown = {}): Promise<T> {
  return request<T>('POST', `/api/auth${path}`, body);
}

/** The problem code of an error, if it came from the server. */
export function problemCode(err: unknown): string | undefined {
  return err instanceof ApiError ? err.code : undefined;
}
