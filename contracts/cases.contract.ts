import { z } from 'zod';
import {
  cursorParam,
  dateCursor,
  emailSchema,
  isoDate,
  LIMITS,
  patchOf,
  queryBool,
  queryInt,
  requiredText,
  text,
} from './primitives.js';
import { cityParams, defineRoute, pageOf, pageQuery } from './route.js';
import {
  availableTransitionSchema,
  stageCategorySchema,
  workflowDefinitionOutput,
  workflowIdSchema,
} from './case-workflow.contract.js';

/*
 * Case coordination: four-filter situations and Channel-style cases (docs/CASES.md).
 * Nothing in a list or a GET carries a name: identities, plans and notes come only from
 * POST …/reveal, with a reason, for members of an assigned organisation.
 */

/** The built-in workflows (server/modules/cases/workflows/*.json); a city may add `custom-…` ones. */
export const caseWorkflows = [
  'four-filter',
  'channel',
  'safety-house',
  'partner-table',
  'info-house',
  'anchor',
] as const;
/** A workflow id: a built-in one or a city's `custom-<key>` (docs/CASES.md, "Workflows as data"). */
export const caseKindSchema = workflowIdSchema;
export type CaseKind = z.infer<typeof caseKindSchema>;

export const fourFilterStages = [
  'filter-1',
  'filter-2',
  'filter-3',
  'filter-4',
  'closed',
  'rejected',
] as const;
export const channelStages = ['screening', 'assessment', 'consent', 'support', 'closed', 'rejected'] as const;
/** A stage id of the situation's workflow (four filters, Channel, or any definition's stage). */
export const caseStageSchema = z
  .string()
  .max(40)
  .regex(/^[a-z][a-z0-9-]{0,39}$/);
export type CaseStage = z.infer<typeof caseStageSchema>;

export const subjectKinds = ['person', 'family', 'group', 'place'] as const;
export const subjectKindSchema = z.enum(subjectKinds);
/** Age groups as Ontario's RTD open data counts them. */
export const ageBands = [
  '0-5',
  '6-11',
  '12-17',
  '18-24',
  '25-29',
  '30-39',
  '40-59',
  '60+',
  'unknown',
] as const;
export const ageBandSchema = z.enum(ageBands);
export const MINOR_AGE_BANDS: readonly string[] = ['0-5', '6-11', '12-17'];
export const genders = ['female', 'male', 'other', 'not-stated'] as const;
export const genderSchema = z.enum(genders);
export const outcomeCodes = [
  'risk-lowered-connected',
  'risk-lowered-informed',
  'risk-remains-referred',
  'services-declined',
  'moved-or-lost-contact',
  'other',
] as const;
export const outcomeSchema = z.enum(outcomeCodes);
export type OutcomeCode = z.infer<typeof outcomeSchema>;
export const assignmentRoles = ['originating', 'lead', 'assisting'] as const;
export const assignmentRoleSchema = z.enum(assignmentRoles);
export const consentPurposes = ['disclosure', 'referral', 'support'] as const;
export const consentPurposeSchema = z.enum(consentPurposes);
export const consentBases = ['consent', 'guardian-consent', 'legal-basis', 'chair-override'] as const;
export const consentBasisSchema = z.enum(consentBases);
export const personRelations = ['subject', 'family-member', 'other'] as const;
export const personRelationSchema = z.enum(personRelations);
export const reviewFindings = ['risk-lowered', 'risk-unchanged', 'risk-raised'] as const;
export const reviewFindingSchema = z.enum(reviewFindings);
export const followUpKinds = ['follow-up', 'post-closure-review'] as const;
export const followUpKindSchema = z.enum(followUpKinds);

const code = requiredText(LIMITS.code);
const shortText = text;
/** Why someone opens an identity: required, stored in the audit log. */
export const revealReasonSchema = text(LIMITS.reason, 5);

export const guardianSchema = z.object({
  name: requiredText(LIMITS.personName),
  relationship: requiredText(LIMITS.relationship),
  phone: shortText(LIMITS.phone).optional(),
});

/** Everything identifying about a person; stored encrypted as one document. */
export const identitySchema = z.object({
  givenName: requiredText(LIMITS.givenName),
  familyName: requiredText(LIMITS.givenName),
  dateOfBirth: isoDate.optional(),
  phone: shortText(LIMITS.phone).optional(),
  email: emailSchema.optional(),
  address: shortText(LIMITS.contact).optional(),
  guardians: z.array(guardianSchema).max(4).default([]),
});
export type Identity = z.infer<typeof identitySchema>;
export const identityFieldNames = [
  'givenName',
  'familyName',
  'dateOfBirth',
  'phone',
  'email',
  'address',
  'guardians',
] as const;
export const identityFieldSchema = z.enum(identityFieldNames);

const orgRef = z.object({ id: z.guid(), name: z.string(), sector: z.string() });

export const caseSummarySchema = z.object({
  id: z.guid(),
  reference: z.string(),
  workflow: caseKindSchema,
  stage: caseStageSchema,
  subjectKind: subjectKindSchema,
  ageBand: ageBandSchema,
  gender: genderSchema,
  neighbourhood: z.string(),
  riskFactors: z.array(z.string()),
  isMinor: z.boolean(),
  createdAt: z.string(),
  responseDueAt: z.string().nullable(),
  firstResponseAt: z.string().nullable(),
  /** The response clock ran out before the first response. */
  overdue: z.boolean(),
  leadOrganisation: orgRef.nullable(),
  /** This person's organisation's roles on the situation (empty when not assigned). */
  myRoles: z.array(assignmentRoleSchema),
  outcome: outcomeSchema.nullable(),
  closedAt: z.string().nullable(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const consentMetaSchema = z.object({
  id: z.guid(),
  personId: z.guid().nullable(),
  purpose: consentPurposeSchema,
  referralId: z.guid().nullable(),
  basis: consentBasisSchema,
  basisDetail: z.string(),
  recordedAt: z.string(),
  recordedByName: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
});
export type ConsentMeta = z.infer<typeof consentMetaSchema>;

export const followUpMetaSchema = z.object({
  id: z.guid(),
  kind: followUpKindSchema,
  dueOn: z.string(),
  monthsAfterClosure: z.number().nullable(),
  completedAt: z.string().nullable(),
  reviewFinding: reviewFindingSchema.nullable(),
  hasNote: z.boolean(),
  overdue: z.boolean(),
});
export type FollowUpMeta = z.infer<typeof followUpMetaSchema>;

export const assessmentMetaSchema = z.object({
  id: z.guid(),
  assessedAt: z.string(),
  assessedByName: z.string().nullable(),
  factors: z.object({
    engagement: z.array(z.string()),
    intent: z.array(z.string()),
    capability: z.array(z.string()),
  }),
});

export const personMetaSchema = z.object({
  id: z.guid(),
  relation: personRelationSchema,
  isMinor: z.boolean(),
  /** A guardian is recorded (required before consent for a minor). */
  hasGuardian: z.boolean(),
});

export const caseDetailSchema = caseSummarySchema.extend({
  originatingOrganisation: orgRef,
  originatingReason: z.string(),
  protectiveFactors: z.array(z.string()),
  presentedAt: z.string().nullable(),
  thresholdMet: z.boolean().nullable(),
  decidedAt: z.string().nullable(),
  decidedByName: z.string().nullable(),
  /** The table meeting the decision was taken at, when recorded. */
  decidedAtMeeting: z.object({ id: z.guid(), title: z.string(), startsAt: z.string() }).nullable(),
  decisionNote: z.string(),
  rejectedAt: z.string().nullable(),
  purgeAfter: z.string().nullable(),
  assignments: z.array(
    z.object({ organisation: orgRef, role: assignmentRoleSchema, assignedAt: z.string() }),
  ),
  persons: z.array(personMetaSchema),
  consents: z.array(consentMetaSchema),
  assessments: z.array(assessmentMetaSchema),
  followUps: z.array(followUpMetaSchema),
  hasPlan: z.boolean(),
  /** The version of the workflow this situation runs on (kept when the network switches workflow). */
  workflowVersion: z.number(),
  /** The stage's common category (intake, accepted, in-support, closed, rejected). */
  stageCategory: stageCategorySchema,
  /** The person was informed (date), or informing is deferred as unsafe until `reconsiderOn`. */
  informedOn: z.string().nullable(),
  informReconsiderOn: z.string().nullable(),
  /** Definition-run workflows: the ways out of this stage, with each gate and whether it holds. */
  transitions: z.array(availableTransitionSchema),
  /** What this person may do here; the server enforces every one of these. */
  access: z.object({
    canOpenIdentity: z.boolean(),
    canWork: z.boolean(),
    canDecide: z.boolean(),
    canEditPresentation: z.boolean(),
    /** Identity is held back from assigned agencies other than the originating one until a basis is recorded. */
    disclosureBasisRecorded: z.boolean(),
  }),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

/** What POST …/reveal returns: the restricted content, decrypted for this one response. */
export const revealedSchema = z.object({
  persons: z.array(personMetaSchema.extend({ identity: identitySchema })),
  plan: z.string().nullable(),
  closureNote: z.string().nullable(),
  assessments: z.array(
    z.object({
      id: z.guid(),
      summary: z.string(),
      managementPlan: z.string(),
      changes: z.string().nullable(),
    }),
  ),
  followUpNotes: z.array(z.object({ id: z.guid(), note: z.string() })),
});
export type Revealed = z.infer<typeof revealedSchema>;

const labelsSchema = z.record(z.string(), z.string());
const factorTaxonomySchema = z.object({
  version: z.number(),
  cityVersion: z.number(),
  categories: z.array(
    z.object({
      id: z.string(),
      labels: labelsSchema,
      subtypes: z.array(z.object({ id: z.string(), labels: labelsSchema })),
    }),
  ),
});
export const caseConfigSchema = z.object({
  /** 'none' when the adopted mandate does not include referrals (item d): case work is off. */
  workflow: z.union([caseKindSchema, z.literal('none')]),
  /** The definition new situations start on (null when case work is off). */
  definition: workflowDefinitionOutput.nullable(),
  responseHours: z.tuple([z.number(), z.number()]).nullable(),
  consentBeforeSupport: z.boolean(),
  guardianConsentForMinors: z.boolean(),
  reviewsAfterExitMonths: z.array(z.number()),
  rejectedRetentionDays: z.number(),
  closedRetentionDays: z.number(),
  risk: factorTaxonomySchema,
  protective: factorTaxonomySchema,
  vulnerability: z.object({
    version: z.number(),
    cityVersion: z.number(),
    dimensions: z.array(
      z.object({
        id: z.enum(['engagement', 'intent', 'capability']),
        labels: labelsSchema,
        factors: z.array(z.object({ id: z.string(), labels: labelsSchema, guidance: z.string() })),
      }),
    ),
  }),
  /** Organisations of the network (for assignment and referrals). */
  organisations: z.array(orgRef.extend({ membershipKind: z.string() })),
  /** The signed-in person's own organisations in this city (via their representative records). */
  myOrganisations: z.array(orgRef),
});
export type CaseConfig = z.infer<typeof caseConfigSchema>;

const caseParams = cityParams.extend({ caseId: z.guid() });

export const presentationInput = z.object({
  originatingReason: shortText(LIMITS.summary),
  subjectKind: subjectKindSchema,
  ageBand: ageBandSchema,
  gender: genderSchema,
  neighbourhood: shortText(LIMITS.neighbourhood).default(''),
  riskFactors: z.array(code).max(40).default([]),
  protectiveFactors: z.array(code).max(40).default([]),
});

export const basisInput = z.object({
  basis: consentBasisSchema,
  /** Required for a legal basis (which law or rule) and for a chair's override (the reason). */
  basisDetail: shortText(LIMITS.shortNote).default(''),
});

const slug = text(LIMITS.slug).regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, { error: 'validation.slug' });
const cityLabels = z.object({
  en: requiredText(LIMITS.label),
  fr: text(LIMITS.label).optional(),
  ar: text(LIMITS.label).optional(),
  sw: text(LIMITS.label).optional(),
  mk: text(LIMITS.label).optional(),
  sq: text(LIMITS.label).optional(),
});
/** One entry a city adds to a taxonomy (ids get the "city:" prefix; base entries never change). */
export const taxonomyEntryInput = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('category'),
    kind: z.enum(['risk', 'protective']),
    id: slug,
    labels: cityLabels,
  }),
  z.object({
    type: z.literal('subtype'),
    kind: z.enum(['risk', 'protective']),
    categoryId: requiredText(LIMITS.code),
    id: slug,
    labels: cityLabels,
  }),
  z.object({
    type: z.literal('factor'),
    kind: z.literal('vulnerability'),
    dimensionId: z.enum(['engagement', 'intent', 'capability']),
    id: slug,
    labels: cityLabels,
    guidance: requiredText(LIMITS.guidance),
  }),
]);
export type TaxonomyEntryInput = z.infer<typeof taxonomyEntryInput>;
export const taxonomyAdditionsSchema = z.object({
  risk: z.record(z.string(), z.unknown()).nullable(),
  protective: z.record(z.string(), z.unknown()).nullable(),
  vulnerability: z.record(z.string(), z.unknown()).nullable(),
});

/**
 * One post-closure review coming due, across situations: need-to-know facts only — the reference,
 * stage, due date and lead organisation; never a person, a note or a finding.
 */
export const reviewDueSchema = z.object({
  /** The review's id (a follow-up of kind post-closure-review). */
  id: z.guid(),
  situationId: z.guid(),
  reference: z.string(),
  stage: caseStageSchema,
  dueOn: z.string(),
  monthsAfterClosure: z.number().nullable(),
  /** Past its due date and not completed. */
  overdue: z.boolean(),
  leadOrganisation: orgRef.nullable(),
});
export type ReviewDue = z.infer<typeof reviewDueSchema>;

export const reviewsDueSchema = pageOf(reviewDueSchema).extend({
  /** Over everything the asker may see, not only this page: overdue, and due within `withinDays`. */
  counts: z.object({ overdue: z.number(), dueSoon: z.number() }),
  withinDays: z.number(),
});
export type ReviewsDue = z.infer<typeof reviewsDueSchema>;

export const casesRoutes = {
  caseConfig: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/cases/config',
    summary: "The city's case workflow, taxonomies and organisations (for forms)",
    tags: ['cases'],
    params: cityParams,
    response: caseConfigSchema,
  }),
  listCases: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/cases',
    summary: 'De-identified situations, newest first (chair, coordinator, members)',
    tags: ['cases'],
    params: cityParams,
    query: pageQuery.extend({
      stage: caseStageSchema.optional(),
      /** Only situations my organisation is assigned to. */
      mine: queryBool.optional(),
      overdue: queryBool.optional(),
      reference: text(LIMITS.caseReference).optional(),
    }),
    response: pageOf(caseSummarySchema),
  }),
  listReviewsDue: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/cases/reviews-due',
    summary:
      'Post-closure reviews overdue or due soon, earliest first (chair, coordinator: the city; members: their organisations’ situations)',
    tags: ['cases'],
    params: cityParams,
    query: pageQuery.extend({
      cursor: cursorParam(dateCursor).optional(),
      /** "Due soon" means due within this many days from today (UTC). */
      withinDays: queryInt(1, 366).default(30),
    }),
    response: reviewsDueSchema,
  }),
  createCase: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/cases',
    summary: 'Filter 1 (or Channel screening): an agency brings a situation, de-identified',
    tags: ['cases'],
    params: cityParams,
    body: presentationInput.extend({ originatingOrganisationId: z.guid().optional() }),
    response: caseDetailSchema,
    status: 201,
  }),
  getCase: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/cases/:caseId',
    summary: 'One situation, de-identified, with what you may do on it',
    tags: ['cases'],
    params: caseParams,
    response: caseDetailSchema,
  }),
  updatePresentation: defineRoute({
    method: 'PATCH',
    path: '/api/cities/:cityId/cases/:caseId',
    summary: 'Edit the de-identified presentation (before the threshold decision)',
    tags: ['cases'],
    params: caseParams,
    body: patchOf(presentationInput),
    response: caseDetailSchema,
  }),
  moveStage: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/cases/:caseId/stage',
    summary:
      'Move on: filter-1 → filter-2 (present), filter-3 → filter-4 (first response), assessment → consent, consent → support',
    tags: ['cases'],
    params: caseParams,
    body: z.object({ to: z.enum(['filter-2', 'filter-4', 'consent', 'support']) }),
    response: caseDetailSchema,
  }),
  decideThreshold: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/cases/:caseId/decision',
    summary: 'Filter 2 (or screening): is the threshold met? A rejected situation keeps only minimal data',
    tags: ['cases'],
    params: caseParams,
    body: z.object({
      thresholdMet: z.boolean(),
      note: shortText(LIMITS.shortNote).default(''),
      meetingId: z.guid().nullable().optional(),
    }),
    response: caseDetailSchema,
  }),
  assignAgencies: defineRoute({
    method: 'PUT',
    path: '/api/cities/:cityId/cases/:caseId/assignments',
    summary:
      'Filter 3: choose the lead and assisting agencies, with the basis for disclosing identity to them',
    tags: ['cases'],
    params: caseParams,
    body: z.object({
      leadOrganisationId: z.guid(),
      assistingOrganisationIds: z.array(z.guid()).max(20).default([]),
      disclosure: basisInput.optional(),
    }),
    response: caseDetailSchema,
  }),
  reveal: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/cases/:caseId/reveal',
    summary: 'Open identities, plan and notes (assigned agencies only; the reason is audited)',
    tags: ['cases'],
    params: caseParams,
    body: z.object({ reason: revealReasonSchema }),
    response: revealedSchema,
  }),
  addPerson: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/cases/:caseId/persons',
    summary: 'Record a person (encrypted) and check for a possible duplicate in the city',
    tags: ['cases'],
    params: caseParams,
    body: z.object({ relation: personRelationSchema, identity: identitySchema }),
    response: z.object({
      personId: z.guid(),
      isMinor: z.boolean(),
      possibleDuplicate: z.boolean(),
      /** Only situations you are entitled to see in full (your organisation is assigned to both). */
      matchingReferences: z.array(z.string()),
    }),
    status: 201,
  }),
  updatePerson: defineRoute({
    method: 'PUT',
    path: '/api/cities/:cityId/cases/:caseId/persons/:personId',
    summary: "Replace a person's identity record",
    tags: ['cases'],
    params: caseParams.extend({ personId: z.guid() }),
    body: z.object({ relation: personRelationSchema, identity: identitySchema }),
    response: z.object({ personId: z.guid(), isMinor: z.boolean() }),
  }),
  removePerson: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/cases/:caseId/persons/:personId/remove',
    summary: 'Remove a person recorded by mistake (with their consents); the reason is audited',
    tags: ['cases'],
    params: caseParams.extend({ personId: z.guid() }),
    body: z.object({ reason: revealReasonSchema }),
    response: caseDetailSchema,
  }),
  checkDuplicate: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/cases/:caseId/persons/check',
    summary: 'Is this possibly a person the city already holds? (answers without revealing anything)',
    tags: ['cases'],
    params: caseParams,
    body: z.object({
      givenName: requiredText(LIMITS.givenName),
      familyName: requiredText(LIMITS.givenName),
      dateOfBirth: isoDate.optional(),
    }),
    response: z.object({ possibleDuplicate: z.boolean(), matchingReferences: z.array(z.string()) }),
  }),
  recordConsent: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/cases/:caseId/consents',
    summary: 'Record consent or a legal basis (a chair may override, with a reason)',
    tags: ['cases'],
    params: caseParams,
    body: basisInput.extend({
      purpose: consentPurposeSchema,
      personId: z.guid().nullable().optional(),
      referralId: z.guid().nullable().optional(),
    }),
    response: consentMetaSchema,
    status: 201,
  }),
  withdrawConsent: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/cases/:caseId/consents/:consentId/withdraw',
    summary: 'Record that consent was withdrawn (how or why, no names: kept in the audit log)',
    tags: ['cases'],
    params: caseParams.extend({ consentId: z.guid() }),
    body: z.object({ reason: shortText(LIMITS.reason).default('') }).nullish(),
    response: consentMetaSchema,
  }),
  savePlan: defineRoute({
    method: 'PUT',
    path: '/api/cities/:cityId/cases/:caseId/plan',
    summary: 'The intervention plan (filter 4) or support plan (Channel); encrypted',
    tags: ['cases'],
    params: caseParams,
    body: z.object({ plan: shortText(LIMITS.plan) }),
    response: caseDetailSchema,
  }),
  addAssessment: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/cases/:caseId/assessments',
    summary: 'Channel: an assessment against the vulnerability framework',
    tags: ['cases'],
    params: caseParams,
    body: z.object({
      factors: z.object({
        engagement: z.array(code).max(30).default([]),
        intent: z.array(code).max(30).default([]),
        capability: z.array(code).max(30).default([]),
      }),
      summary: requiredText(LIMITS.longText),
      managementPlan: requiredText(LIMITS.longText),
      changesSinceLast: shortText(LIMITS.longText).optional(),
    }),
    response: caseDetailSchema,
    status: 201,
  }),
  addFollowUp: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/cases/:caseId/follow-ups',
    summary: 'Schedule a follow-up (open situations) or a post-closure review',
    tags: ['cases'],
    params: caseParams,
    body: z.object({ kind: followUpKindSchema, dueOn: isoDate, note: shortText(LIMITS.note).optional() }),
    response: caseDetailSchema,
    status: 201,
  }),
  completeFollowUp: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/cases/:caseId/follow-ups/:followUpId/complete',
    summary: 'Record a follow-up or review as done (a review records its finding)',
    tags: ['cases'],
    params: caseParams.extend({ followUpId: z.guid() }),
    body: z.object({ finding: reviewFindingSchema.optional(), note: shortText(LIMITS.note).optional() }),
    response: caseDetailSchema,
  }),
  taxonomyAdditions: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/cases/taxonomy-additions',
    summary: "The city's own additions to the taxonomies (per kind, as stored; null when none)",
    tags: ['cases'],
    params: cityParams,
    response: taxonomyAdditionsSchema,
  }),
  addTaxonomyEntry: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/cases/taxonomy-additions',
    summary:
      'Add a category, sub-type or vulnerability factor of the city’s own (chair); base entries never change',
    tags: ['cases'],
    params: cityParams,
    body: taxonomyEntryInput,
    response: taxonomyAdditionsSchema,
    status: 201,
  }),
  closeCase: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/cases/:caseId/close',
    summary: 'Close with an outcome code; schedules the workflow’s post-closure reviews',
    tags: ['cases'],
    params: caseParams,
    body: z.object({ outcome: outcomeSchema, note: shortText(LIMITS.note).default('') }),
    response: caseDetailSchema,
  }),
};
