import { z } from 'zod';
import { LIMITS, isoDate, isoDateTime, requiredText, text } from './primitives.js';
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
  'actionPlan',
  'consultations',
  'reports',
  /** "Risks we work on": only risks the chair approved, in the public wording they approved. */
  'risks',
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
    // A block a client does not name stays unpublished (blocks added later default to false).
    Object.fromEntries(communityBlocks.map((b) => [b, z.boolean().default(false)])) as Record<
      CommunityBlock,
      z.ZodDefault<z.ZodBoolean>
    >,
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

// ---------------------------------------------------------------------------------------------
// Annual reports (docs/COMMUNITY.md, "Annual reports"): the chair publishes a PDF generated from
// live data; once published it never changes (a correction is a new report for the same year).

export const annualReportInput = z.object({
  year: z.number().int().min(2000).max(2100),
  /** The chair's foreword, printed first. */
  foreword: text(LIMITS.summary).default(''),
});
export type AnnualReportInput = z.input<typeof annualReportInput>;

export const annualReport = z.object({
  id: z.guid(),
  year: z.number().int(),
  source: z.enum(['generated']),
  bytes: z.number().int(),
  sha256: z.string(),
  publishedAt: z.string(),
  publishedByName: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
});
export type AnnualReport = z.infer<typeof annualReport>;

// ---------------------------------------------------------------------------------------------
// Communication log (lesson 9: one voice). Planned and sent public messages, approved by the chair;
// the agreed key messages and "what we are not" lines as versioned text members can use.

export const messageChannels = [
  'press-release',
  'website',
  'social-media',
  'newsletter',
  'public-meeting',
  'radio-tv',
  'letter',
  'other',
] as const;
export const messageAudiences = [
  'residents',
  'media',
  'community-organisations',
  'schools-youth',
  'members',
  'authorities',
] as const;
export const messageStatuses = ['draft', 'approved', 'sent', 'cancelled'] as const;
export type MessageStatus = (typeof messageStatuses)[number];

export const publicMessageInput = z.object({
  title: requiredText(LIMITS.title),
  body: requiredText(LIMITS.note),
  channel: z.enum(messageChannels),
  audience: z.enum(messageAudiences),
  /** Who speaks for the network on this message (a role or a name the network agreed). */
  spokesperson: requiredText(LIMITS.personName),
  plannedOn: isoDate,
});
export type PublicMessageInput = z.input<typeof publicMessageInput>;

export const publicMessage = z.object({
  id: z.guid(),
  title: z.string(),
  body: z.string(),
  channel: z.enum(messageChannels),
  audience: z.enum(messageAudiences),
  spokesperson: z.string(),
  plannedOn: z.string(),
  status: z.enum(messageStatuses),
  createdByName: z.string().nullable(),
  approvedByName: z.string().nullable(),
  approvedAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type PublicMessage = z.infer<typeof publicMessage>;

export const keyTextKinds = ['key-messages', 'not-lines'] as const;
export type KeyTextKind = (typeof keyTextKinds)[number];
export const KEY_TEXT_LIMITS = { lines: 30, line: 500 } as const;

export const keyTextInput = z.object({
  lines: z.array(requiredText(KEY_TEXT_LIMITS.line)).min(1).max(KEY_TEXT_LIMITS.lines),
  /** Why this version (kept with it). */
  note: text(LIMITS.reason).default(''),
});
export const keyTextVersion = z.object({
  kind: z.enum(keyTextKinds),
  version: z.number().int(),
  lines: z.array(z.string()),
  note: z.string(),
  byName: z.string().nullable(),
  at: z.string(),
});
export type KeyTextVersion = z.infer<typeof keyTextVersion>;

const reportParams = cityParams.extend({ reportId: z.guid() });
const messageParams = cityParams.extend({ messageId: z.guid() });
const kindParams = cityParams.extend({ kind: z.enum(keyTextKinds) });

export const communicationRoutes = {
  listAnnualReports: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/community/reports',
    summary: 'Annual reports published on the public pages (chair)',
    tags: ['community'],
    params: cityParams,
    response: z.object({ items: z.array(annualReport) }),
  }),
  publishAnnualReport: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/community/reports',
    summary: 'Generate an annual report PDF from live data and publish it (chair); it never changes after',
    tags: ['community'],
    params: cityParams,
    body: annualReportInput,
    response: annualReport,
    status: 201,
  }),
  withdrawAnnualReport: defineRoute({
    method: 'DELETE',
    path: '/api/cities/:cityId/community/reports/:reportId',
    summary: 'Withdraw a published annual report from the public pages (chair); the file is kept',
    tags: ['community'],
    params: reportParams,
    response: annualReport,
  }),
  listPublicMessages: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/community/messages',
    summary: 'The communication log: planned and sent public messages (network members)',
    tags: ['community'],
    params: cityParams,
    response: z.object({ items: z.array(publicMessage) }),
  }),
  createPublicMessage: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/community/messages',
    summary: 'Plan a public message (chair, coordinator)',
    tags: ['community'],
    params: cityParams,
    body: publicMessageInput,
    response: publicMessage,
    status: 201,
  }),
  updatePublicMessage: defineRoute({
    method: 'PUT',
    path: '/api/cities/:cityId/community/messages/:messageId',
    summary: 'Change a planned message (chair, coordinator); an approved one goes back to draft',
    tags: ['community'],
    params: messageParams,
    body: publicMessageInput,
    response: publicMessage,
  }),
  setPublicMessageStatus: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/community/messages/:messageId/status',
    summary: 'Approve (chair), mark as sent once approved (chair, coordinator), or cancel',
    tags: ['community'],
    params: messageParams,
    body: z.object({ status: z.enum(['approved', 'sent', 'cancelled']) }),
    response: publicMessage,
  }),
  getKeyTexts: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/community/key-texts/:kind',
    summary: 'The agreed key messages or "what we are not" lines: every version, newest first',
    tags: ['community'],
    params: kindParams,
    response: z.object({ items: z.array(keyTextVersion) }),
  }),
  saveKeyTexts: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/community/key-texts/:kind',
    summary: 'Agree a new version of the key messages or "what we are not" lines (chair)',
    tags: ['community'],
    params: kindParams,
    body: keyTextInput,
    response: keyTextVersion,
    status: 201,
  }),
};
