import { z } from 'zod';
import { LIMITS, isoDateTime, requiredText, text } from './primitives.js';
import { cityParams, defineRoute } from './route.js';

/**
 * The city's public pages (docs/COMMUNITY.md): server-rendered HTML at /p/{slug}/{lang}. Each block
 * appears only when the chair has published it; these routes are the chair's controls.
 */
export const communityBlocks = [
  'explainer',
  'mandate',
  'organisations',
  'decisions',
  'events',
  'contact',
  'safeSpace',
] as const;
export type CommunityBlock = (typeof communityBlocks)[number];

export const COMMUNITY_LIMITS = {
  explainerExtra: 2000,
  contact: 1000,
  emergencyNumbers: 300,
  neighbourhoods: 60,
} as const;

export const communitySettingsInput = z.object({
  published: z.object(
    Object.fromEntries(communityBlocks.map((b) => [b, z.boolean()])) as Record<CommunityBlock, z.ZodBoolean>,
  ),
  /** The city's own lines added under the fixed "what we are and are not" explainer. */
  explainerExtra: text(COMMUNITY_LIMITS.explainerExtra),
  /** A desk's public contact (never a person's private one). */
  contact: text(COMMUNITY_LIMITS.contact),
  /** Shown on the safe-space form: this is not an emergency line. */
  emergencyNumbers: text(COMMUNITY_LIMITS.emergencyNumbers),
  /** The coarse neighbourhoods a safe-space sender may pick from (never free text). */
  neighbourhoods: z.array(requiredText(LIMITS.neighbourhood)).max(COMMUNITY_LIMITS.neighbourhoods),
});
export type CommunitySettingsInput = z.infer<typeof communitySettingsInput>;

export const communitySettings = communitySettingsInput.extend({
  slug: z.string(),
  updatedAt: isoDateTime.nullable(),
});
export type CommunitySettings = z.infer<typeof communitySettings>;

export const publicEventInput = z
  .object({
    title: requiredText(LIMITS.title),
    startsAt: isoDateTime,
    endsAt: isoDateTime.nullable().default(null),
    place: text(LIMITS.location).default(''),
  })
  .refine((e) => !e.endsAt || e.endsAt >= e.startsAt, {
    error: 'validation.invalid',
    path: ['endsAt'],
  });
export const publicEvent = z.object({
  id: z.string(),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  place: z.string(),
});
export type PublicEvent = z.infer<typeof publicEvent>;

const eventParams = cityParams.extend({ eventId: z.guid() });

export const communityRoutes = {
  getCommunitySettings: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/community',
    summary: 'What the public pages publish (chair)',
    tags: ['community'],
    params: cityParams,
    response: communitySettings,
  }),
  updateCommunitySettings: defineRoute({
    method: 'PUT',
    path: '/api/cities/:cityId/community',
    summary: 'Publish or withdraw public page blocks (chair); the cached pages are invalidated',
    tags: ['community'],
    params: cityParams,
    body: communitySettingsInput,
    response: communitySettings,
  }),
  listPublicEvents: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/community/events',
    summary: 'Public events announced on the public pages (chair)',
    tags: ['community'],
    params: cityParams,
    response: z.object({ items: z.array(publicEvent) }),
  }),
  createPublicEvent: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/community/events',
    summary: 'Announce a public event (chair)',
    tags: ['community'],
    params: cityParams,
    body: publicEventInput,
    response: publicEvent,
    status: 201,
  }),
  deletePublicEvent: defineRoute({
    method: 'DELETE',
    path: '/api/cities/:cityId/community/events/:eventId',
    summary: 'Withdraw a public event (chair)',
    tags: ['community'],
    params: eventParams,
    response: z.null(),
    status: 204,
  }),
};
