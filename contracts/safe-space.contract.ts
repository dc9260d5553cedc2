import { z } from 'zod';
import { int, isoDate, requiredText, text, userIdSchema } from './primitives.js';
import { presentationInput } from './cases.contract.js';
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

// ---------------------------------------------------------------------------------------------
// Deliberate custodian acts (docs/SAFE_SPACE.md, "From the safe space to the network's work"):
// a submission becomes risk evidence or a proposed case intake only through the custodian's own
// de-identified words, confirmed, audited; nothing is copied automatically.

export const evidenceFromSubmissionInput = z.object({
  riskId: z.guid(),
  /** The custodian's de-identified summary (no names, places finer than the neighbourhood, dates). */
  summary: requiredText(1000).refine((s) => s.trim().length >= 5, { error: 'validation.too-short' }),
  observedOn: isoDate.optional(),
  /**
   * Admiralty information credibility. An anonymous sender's reliability cannot be judged (F), and
   * the information stays "cannot be judged" (6) until something corroborates it: a credibility of
   * 1 to 5 needs `corroboration`.
   */
  credibility: int(1, 6).default(6),
  corroboration: text(1000).default(''),
  /** The custodian confirms the summary identifies nobody. */
  deidentified: z.literal(true),
  /** Needed when the summary repeats the sender's words verbatim. */
  verbatimConfirmed: z.boolean().default(false),
});
export type EvidenceFromSubmissionInput = z.input<typeof evidenceFromSubmissionInput>;

export const caseIntakeFromSubmissionInput = presentationInput.extend({
  originatingOrganisationId: z.guid().optional(),
  deidentified: z.literal(true),
  verbatimConfirmed: z.boolean().default(false),
});
export type CaseIntakeFromSubmissionInput = z.input<typeof caseIntakeFromSubmissionInput>;

export const safeSpaceTransfer = z.object({
  kind: z.enum(['evidence', 'case-intake']),
  /** The risk (evidence) or the case (intake) it became. */
  targetId: z.guid(),
  byName: z.string().nullable(),
  at: z.string(),
});
export type SafeSpaceTransfer = z.infer<typeof safeSpaceTransfer>;

export const safeSpaceTransferRoutes = {
  listTransfers: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/safe-space/submissions/:submissionId/transfers',
    summary: 'What custodians made of a submission: evidence, case intakes (custodians)',
    tags: ['safe-space'],
    params: submissionParams,
    response: z.object({ items: z.array(safeSpaceTransfer) }),
  }),
  submissionToEvidence: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/safe-space/submissions/:submissionId/evidence',
    summary:
      'Turn a submission into risk evidence in the custodian’s de-identified words, graded F/6 until corroborated (custodians)',
    tags: ['safe-space'],
    params: submissionParams,
    body: evidenceFromSubmissionInput,
    response: safeSpaceTransfer,
    status: 201,
  }),
  submissionToCaseIntake: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/safe-space/submissions/:submissionId/case-intake',
    summary:
      'Propose a case intake from a submission, de-identified and confirmed by the custodian (custodians)',
    tags: ['safe-space'],
    params: submissionParams,
    body: caseIntakeFromSubmissionInput,
    response: safeSpaceTransfer,
    status: 201,
  }),
};
