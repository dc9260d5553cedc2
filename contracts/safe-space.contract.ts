import { z } from 'zod';
import { int, requiredText, userIdSchema } from './primitives.js';
import { cityParams, defineRoute } from './route.js';

/** The anonymous safe space (docs/SAFE_SPACE.md): what custodians see and do. */
export const safeSpaceKinds = ['concern', 'idea', 'question', 'feedback'] as const;
export const safeSpaceStatuses = ['new', 'in-progress', 'answered', 'closed', 'abuse'] as const;
export const safeSpaceUrgencies = ['low', 'normal', 'high'] as const;
export const safeSpaceCategories = [
  'community-tension',
  'hate-incident',
  'young-people',
  'services',
  'wellbeing',
  'suggestion',
  'other',
] as const;
export type SafeSpaceKind = (typeof safeSpaceKinds)[number];
export type SafeSpaceStatus = (typeof safeSpaceStatuses)[number];

export const SAFE_SPACE_LIMITS = { message: 4000, contact: 300, custodians: 20 } as const;

export const safeSpaceSubmission = z.object({
  id: z.string(),
  kind: z.enum(safeSpaceKinds),
  neighbourhood: z.string().nullable(),
  status: z.enum(safeSpaceStatuses),
  category: z.enum(safeSpaceCategories).nullable(),
  urgency: z.enum(safeSpaceUrgencies),
  /** Received, to the hour (a finer time could be matched against other records). */
  receivedAt: z.string(),
  updatedAt: z.string(),
  messages: int(0, 10_000),
  wantsContact: z.boolean(),
  receiptConfirmed: z.boolean(),
});
export type SafeSpaceSubmission = z.infer<typeof safeSpaceSubmission>;

export const safeSpaceMessage = z.object({
  id: z.string(),
  author: z.enum(['sender', 'custodian']),
  body: z.string(),
  at: z.string(),
});

export const safeSpaceThread = safeSpaceSubmission.extend({
  contact: z.string().nullable(),
  thread: z.array(safeSpaceMessage),
});
export type SafeSpaceThread = z.infer<typeof safeSpaceThread>;

const submissionParams = cityParams.extend({ submissionId: z.guid() });

export const safeSpaceRoutes = {
  getCustodians: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/safe-space/custodians',
    summary: 'Who the chair designated to read the safe space, and whether the caller is one',
    tags: ['safe-space'],
    params: cityParams,
    response: z.object({
      items: z.array(z.object({ userId: z.string(), name: z.string(), twoFactorEnabled: z.boolean() })),
      me: z.boolean(),
    }),
  }),
  setCustodians: defineRoute({
    method: 'PUT',
    path: '/api/cities/:cityId/safe-space/custodians',
    summary: 'Designate the safe-space custodians (chair)',
    tags: ['safe-space'],
    params: cityParams,
    body: z.object({ userIds: z.array(userIdSchema).max(SAFE_SPACE_LIMITS.custodians) }),
    response: z.object({ count: int(0, SAFE_SPACE_LIMITS.custodians) }),
  }),
  listSubmissions: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/safe-space/submissions',
    summary: 'The safe-space inbox, newest first (custodians, two-factor sign-in)',
    tags: ['safe-space'],
    params: cityParams,
    query: z.object({ status: z.enum(safeSpaceStatuses).optional() }),
    response: z.object({ items: z.array(safeSpaceSubmission) }),
  }),
  getSubmission: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/safe-space/submissions/:submissionId',
    summary: 'One submission and its thread, decrypted and audited (custodians, two-factor sign-in)',
    tags: ['safe-space'],
    params: submissionParams,
    response: safeSpaceThread,
  }),
  triageSubmission: defineRoute({
    method: 'PATCH',
    path: '/api/cities/:cityId/safe-space/submissions/:submissionId',
    summary: 'Category, urgency, close or mark as abuse (custodians)',
    tags: ['safe-space'],
    params: submissionParams,
    body: z
      .object({
        category: z.enum(safeSpaceCategories).nullable().optional(),
        urgency: z.enum(safeSpaceUrgencies).optional(),
        status: z.enum(['in-progress', 'closed', 'abuse']).optional(),
      })
      .refine((b) => Object.values(b).some((v) => v !== undefined), { error: 'validation.empty-patch' }),
    response: safeSpaceSubmission,
  }),
  replyToSubmission: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/safe-space/submissions/:submissionId/messages',
    summary: 'Answer the sender; they read it with their receipt (custodians)',
    tags: ['safe-space'],
    params: submissionParams,
    body: z.object({ body: requiredText(SAFE_SPACE_LIMITS.message) }),
    response: safeSpaceThread,
    status: 201,
  }),
};
