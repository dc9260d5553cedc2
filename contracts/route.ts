import { z } from 'zod';
import { cursorParam, queryInt, timeCursor } from './primitives.js';
import { locales } from './locales.js';

/** One API route described once: the server registers it, the OpenAPI document lists it, the web client calls it. */
export interface RouteContract<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  summary: string;
  tags: string[];
  params?: P;
  query?: Q;
  body?: B;
  /** The success response; status 200 unless `status` says otherwise. */
  response: R;
  status?: 200 | 201 | 204;
  /** False for the few public routes (invitation look-up, health); everything else needs a session. */
  auth?: boolean;
}

export function defineRoute<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
>(route: RouteContract<P, Q, B, R>) {
  return route;
}

export const roles = [
  'chair',
  'coordinator',
  'member',
  'partner',
  'national_liaison',
  'network_analyst',
  'auditor',
] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export { locales, rtlLocales, type Locale } from './locales.js';
export const localeSchema = z.enum(locales);

export const cityParams = z.object({ cityId: z.guid() });

/**
 * Cursor pagination: `limit` (1–100, default 50) and an opaque `cursor` from the previous page's
 * `nextCursor`; `nextCursor` is null on the last page. This is the shape of lists ordered by a
 * timestamp; a list with another order declares its own `cursor` (see contracts/primitives.ts).
 */
export const pageQuery = z.object({
  cursor: cursorParam(timeCursor).optional(),
  limit: queryInt(1, 100).default(50),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** RFC 9457 problem details, as every error response carries them. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  code: z.string(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof problemSchema>;
