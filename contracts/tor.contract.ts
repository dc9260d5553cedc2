import { z } from 'zod';
import { isoDate, LIMITS, nonEmptyPatch, requiredText, text } from './primitives.js';
import { cityParams, defineRoute, localeSchema } from './route.js';

export const mandateKeys = ['a', 'b', 'c', 'd', 'e', 'f'] as const;

const mandateItem = z
  .object({ enabled: z.boolean(), scope: text(LIMITS.summary) })
  .refine((item) => !item.enabled || item.scope.length > 0, {
    error: 'validation.mandate-scope',
    path: ['scope'],
  });

const longText = text(LIMITS.longText);

export const torSectionsSchema = z.object({
  mandate: z.object({
    a: mandateItem,
    b: mandateItem,
    c: mandateItem,
    d: mandateItem,
    e: mandateItem,
    f: mandateItem,
  }),
  structure: longText,
  roles: z.array(z.object({ role: requiredText(LIMITS.title), responsibilities: longText })).max(50),
  communicationInternal: longText,
  communicationExternal: longText,
  decisionRules: z
    .object({
      // A count of up to 10,000 organisations, or a share between 0 and 1.
      quorum: z.object({ kind: z.enum(['count', 'share']), value: z.number().gt(0).max(10_000) }),
      method: z.enum(['consensus', 'majority']),
      voters: z.enum(['formal-members', 'all-members']),
    })
    .refine((r) => (r.quorum.kind === 'share' ? r.quorum.value <= 1 : Number.isInteger(r.quorum.value)), {
      error: 'validation.quorum',
      path: ['quorum', 'value'],
    }),
  legalFramework: longText,
  dataSharingBasis: longText,
  limits: longText,
  reviewDate: isoDate.nullable(),
});
export type TorSectionsInput = z.infer<typeof torSectionsSchema>;

export const torStatus = z.enum(['draft', 'adopted', 'superseded']);

export const torVersionSummary = z.object({
  id: z.guid(),
  version: z.number().int(),
  status: torStatus,
  title: z.string(),
  language: z.string(),
  basedOnVersion: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  adoptedAt: z.string().nullable(),
  adoptedDecisionId: z.guid().nullable(),
  /** Whether the signed-in person has acknowledged this version. */
  acknowledgedByMe: z.boolean(),
});

export const torVersionDetail = torVersionSummary.extend({
  sections: torSectionsSchema,
  publicSummary: z.string(),
});
export type TorVersionDetail = z.infer<typeof torVersionDetail>;

export const torDiffHunk = z.object({
  section: z.string(),
  changed: z.boolean(),
  changes: z.array(
    z.object({
      type: z.enum(['added', 'removed', 'same']),
      /** The line or words as compared (English for generated lines such as a decision rule). */
      text: z.string(),
      /**
       * For lines the server writes (mandate switches, roles, decision rules): a translation key under
       * `tor.diffLabels` and its values, so the web can show the line in the reader's language.
       */
      label: z
        .object({ key: z.string(), values: z.record(z.string(), z.union([z.string(), z.number()])) })
        .optional(),
    }),
  ),
});

export const torAcknowledgementRow = z.object({
  userId: z.string(),
  name: z.string(),
  role: z.string(),
  acknowledgedAt: z.string().nullable(),
});

export const torPublicSummary = z.object({
  city: z.string(),
  tor: z
    .object({
      title: z.string(),
      version: z.number().int(),
      adoptedAt: z.string().nullable(),
      publicSummary: z.string(),
      mandate: z.array(z.object({ item: z.enum(mandateKeys), scope: z.string() })),
    })
    .nullable(),
});

const versionParams = cityParams.extend({ versionId: z.guid() });

/** A ToR version by its id or its number. */
const versionRef = z.union([
  z.guid(),
  z
    .string()
    .max(6)
    .regex(/^[1-9]\d{0,5}$/, { error: 'validation.format' }),
]);

export const torRoutes = {
  listTorVersions: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/tor',
    summary: "The city's Terms of Reference versions",
    tags: ['tor'],
    params: cityParams,
    response: z.object({ items: z.array(torVersionSummary) }),
  }),
  createTorDraft: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/tor',
    summary: 'Open a draft (from the adopted version, else from the network template); one draft at a time',
    tags: ['tor'],
    params: cityParams,
    body: z.object({}).optional(),
    response: torVersionDetail,
    status: 201,
  }),
  getTorSummary: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/tor/summary',
    summary: "The adopted version's public summary and enabled mandate items (every role)",
    tags: ['tor'],
    params: cityParams,
    response: torPublicSummary,
  }),
  diffTorVersions: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/tor/diff',
    summary: 'A per-section diff between two versions (by id or version number)',
    tags: ['tor'],
    params: cityParams,
    query: z.object({ from: versionRef, to: versionRef }),
    response: z.object({ from: z.number().int(), to: z.number().int(), hunks: z.array(torDiffHunk) }),
  }),
  getTorVersion: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/tor/:versionId',
    summary: 'One version with all its sections',
    tags: ['tor'],
    params: versionParams,
    response: torVersionDetail,
  }),
  updateTorDraft: defineRoute({
    method: 'PATCH',
    path: '/api/cities/:cityId/tor/:versionId',
    summary: 'Edit the draft (adopted versions are immutable)',
    tags: ['tor'],
    params: versionParams,
    body: nonEmptyPatch(
      z.object({
        title: requiredText(LIMITS.title).optional(),
        sections: torSectionsSchema.optional(),
        publicSummary: text(LIMITS.note).optional(),
      }),
    ),
    response: torVersionDetail,
  }),
  deleteTorDraft: defineRoute({
    method: 'DELETE',
    path: '/api/cities/:cityId/tor/:versionId',
    summary: 'Delete the draft',
    tags: ['tor'],
    params: versionParams,
    response: z.null(),
    status: 204,
  }),
  adoptTorVersion: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/tor/:versionId/adopt',
    summary: 'Adopt the draft by a passed decision of a meeting that had quorum',
    tags: ['tor'],
    params: versionParams,
    body: z.object({ decisionId: z.guid() }),
    response: torVersionDetail,
  }),
  listTorAdoptionDecisions: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/tor/:versionId/decisions',
    summary: 'Recorded decisions about adopting this version (to pick one when adopting)',
    tags: ['tor'],
    params: versionParams,
    response: z.object({
      items: z.array(
        z.object({
          id: z.guid(),
          text: z.string(),
          outcome: z.string(),
          quorumMet: z.boolean(),
          recordedAt: z.string(),
          eligible: z.boolean(),
        }),
      ),
    }),
  }),
  acknowledgeTorVersion: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/tor/:versionId/acknowledge',
    summary: 'Acknowledge that you have read the adopted version (once)',
    tags: ['tor'],
    params: versionParams,
    body: z.object({}).optional(),
    response: z.object({ acknowledgedAt: z.string() }),
    status: 201,
  }),
  listTorAcknowledgements: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/tor/:versionId/acknowledgements',
    summary: 'Who has and who has not acknowledged (chair, coordinator; others see only themselves)',
    tags: ['tor'],
    params: versionParams,
    response: z.object({ items: z.array(torAcknowledgementRow), complete: z.boolean() }),
  }),
  exportTorPdf: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/tor/:versionId/export.pdf',
    summary: 'The version as a PDF (headings in the chosen language)',
    tags: ['tor'],
    params: versionParams,
    query: z.object({ lang: localeSchema.optional() }),
    response: z.any().describe('application/pdf'),
  }),
  exportTorDocx: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/tor/:versionId/export.docx',
    summary: 'The version as a Word document (headings in the chosen language)',
    tags: ['tor'],
    params: versionParams,
    query: z.object({ lang: localeSchema.optional() }),
    response: z.any().describe('application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
  }),
  publicTorSummary: defineRoute({
    method: 'GET',
    path: '/api/public/cities/:slug/tor',
    summary: "A city's adopted ToR: public summary and mandate (no personal data)",
    tags: ['tor', 'public'],
    params: z.object({ slug: text(100, 1) }),
    response: torPublicSummary,
    auth: false,
  }),
};
