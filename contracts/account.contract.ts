import { z } from 'zod';
import { LIMITS, nonEmptyPatch, requiredText } from './primitives.js';
import { defineRoute, localeSchema, roleSchema } from './route.js';

export const membershipSummary = z.object({
  cityId: z.guid(),
  citySlug: z.string(),
  cityName: z.string(),
  role: roleSchema,
  /** This role must use two-factor sign-in in this city and the person has not set it up yet. */
  twoFactorRequired: z.boolean(),
});

export const me = z.object({
  user: z.object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    twoFactorEnabled: z.boolean(),
    preferredLocale: localeSchema.nullable(),
  }),
  isPlatformAdmin: z.boolean(),
  memberships: z.array(membershipSummary),
});
export type Me = z.infer<typeof me>;

export const accountRoutes = {
  getMe: defineRoute({
    method: 'GET',
    path: '/api/me',
    summary: 'The signed-in person, their cities and roles',
    tags: ['account'],
    response: me,
  }),
  updateMe: defineRoute({
    method: 'PATCH',
    path: '/api/me',
    summary: 'Change your display name or preferred language',
    tags: ['account'],
    body: nonEmptyPatch(
      z.object({
        name: requiredText(LIMITS.personName).optional(),
        preferredLocale: localeSchema.optional(),
      }),
    ),
    response: me,
  }),
};
