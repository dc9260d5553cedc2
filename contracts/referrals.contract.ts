import { z } from 'zod';
import { basisInput, guardianSchema, identityFieldSchema, revealReasonSchema } from './cases.contract.js';
import { sectorSchema } from './network.contract.js';
import { LIMITS, patchOf, queryBool, text } from './primitives.js';
import { cityParams, defineRoute, pageOf, pageQuery } from './route.js';

/*
 * Referrals (docs/CASES.md, "Referrals"): a situation's assigned agency refers one person to a member
 * organisation of the network or to a listed service outside it, sharing only the identity fields it
 * chooses, and only with a recorded consent or legal basis. Receivers see the referral without the
 * situation's reference; what was shared is opened with a reason, audited per read.
 */

export const referralStatuses = [
  'sent',
  'accepted',
  'declined',
  'in-progress',
  'completed',
  'withdrawn',
] as const;
export const referralStatusSchema = z.enum(referralStatuses);
export type ReferralStatus = z.infer<typeof referralStatusSchema>;

/** The fields a sender shares by default: enough to make contact, nothing more. */
export const LEAST_SHARED_FIELDS = ['givenName', 'familyName', 'phone'] as const;

const shortText = text;
const orgRef = z.object({ id: z.guid(), name: z.string(), sector: z.string() });

// ---------------------------------------------------------------------------------------------
// Services outside the network

export const serviceSchema = z.object({
  id: z.guid(),
  name: z.string(),
  sector: sectorSchema,
  description: z.string(),
  /** The service's own public contact (a desk, a switchboard), never a person's. */
  contact: z.string(),
  active: z.boolean(),
  createdAt: z.string(),
});
export type Service = z.infer<typeof serviceSchema>;

export const serviceInput = z.object({
  name: text(LIMITS.title, 2),
  sector: sectorSchema,
  description: shortText(LIMITS.summary).default(''),
  contact: shortText(LIMITS.contact).default(''),
  active: z.boolean().default(true),
});

// ---------------------------------------------------------------------------------------------
// Referrals

/** One step of a referral's life; `at` is null where the step happened but its time is not kept. */
export const referralStepSchema = z.object({ status: referralStatusSchema, at: z.string().nullable() });

/** Where a referral went: a member organisation of the network or a listed service. */
export const referralTargetSchema = z.object({
  kind: z.enum(['organisation', 'service']),
  id: z.guid(),
  name: z.string(),
  sector: z.string(),
});

/** A referral as the sending situation's agencies see it (no identity; message and feedback via /read). */
export const caseReferralSchema = z.object({
  id: z.guid(),
  personId: z.guid().nullable(),
  to: referralTargetSchema,
  status: referralStatusSchema,
  sharedFields: z.array(identityFieldSchema),
  shareRiskFactors: z.boolean(),
  consentId: z.guid().nullable(),
  /** The consent or basis relied on is still in force (withdrawing it closes the referral to the receiver). */
  consentActive: z.boolean(),
  sentAt: z.string(),
  sentByName: z.string().nullable(),
  respondedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
  completedAt: z.string().nullable(),
  hasMessage: z.boolean(),
  hasFeedback: z.boolean(),
  timeline: z.array(referralStepSchema),
});
export type CaseReferral = z.infer<typeof caseReferralSchema>;

/** A referral as the receiving organisation sees it in its inbox: no identity, no situation reference. */
export const receivedReferralSchema = z.object({
  id: z.guid(),
  status: referralStatusSchema,
  sentAt: z.string(),
  /** The sending organisation (null only if the sender no longer represents an assigned agency). */
  from: orgRef.nullable(),
  /** Which of my organisations it was sent to. */
  to: orgRef,
  sharedFields: z.array(identityFieldSchema),
  shareRiskFactors: z.boolean(),
  hasMessage: z.boolean(),
  consentActive: z.boolean(),
  respondedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
  completedAt: z.string().nullable(),
  timeline: z.array(referralStepSchema),
  /** Opening the shared fields is possible now (sent, accepted or in progress, consent in force). */
  canOpen: z.boolean(),
});
export type ReceivedReferral = z.infer<typeof receivedReferralSchema>;

/**
 * What the home page says about the inbox: counts, and the newest referrals still waiting for an
 * answer as the inbox lists them (sending and receiving organisation, date) — never a shared field.
 */
export const inboxSummarySchema = z.object({
  /** Sent to one of my organisations and not yet answered. */
  waiting: z.number().int(),
  /** Accepted or in progress at one of my organisations. */
  active: z.number().int(),
  /** The newest waiting ones (up to 3), newest first. */
  newest: z.array(
    receivedReferralSchema.pick({ id: true, sentAt: true, from: true, to: true, consentActive: true }),
  ),
});
export type InboxSummary = z.infer<typeof inboxSummarySchema>;

/** Only the identity fields the sender chose to share; a field not shared is absent, not empty. */
export const sharedIdentitySchema = z.object({
  givenName: z.string().optional(),
  familyName: z.string().optional(),
  dateOfBirth: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
  address: z.string().optional(),
  guardians: z.array(guardianSchema).optional(),
});
export type SharedIdentity = z.infer<typeof sharedIdentitySchema>;

/** What POST …/referrals/{id}/open returns to the receiver, for this one response. */
export const openedReferralSchema = z.object({
  id: z.guid(),
  sharedFields: z.array(identityFieldSchema),
  person: sharedIdentitySchema,
  /** Risk factors of the situation (code and labels per language), when the sender shared them; otherwise null. */
  riskFactors: z.array(z.object({ code: z.string(), labels: z.record(z.string(), z.string()) })).nullable(),
  message: z.string().nullable(),
});
export type OpenedReferral = z.infer<typeof openedReferralSchema>;

export const sendReferralInput = z.object({
  /** Exactly one of toOrganisationId (a member organisation, not your own) and toServiceId. */
  toOrganisationId: z.guid().optional(),
  toServiceId: z.guid().optional(),
  personId: z.guid(),
  sharedFields: z.array(identityFieldSchema).min(1).max(7),
  shareRiskFactors: z.boolean().default(false),
  /** Why and what for; encrypted, shown only to the receiver who opens the referral. */
  message: shortText(LIMITS.note).default(''),
  /** A recorded referral consent (or basis) for this person, not withdrawn and not used by another referral. */
  consentId: z.guid().optional(),
  /** Or the basis, recorded with the referral (same rules as consents: a minor needs a guardian's). */
  basis: basisInput.optional(),
});
export type SendReferralInput = z.input<typeof sendReferralInput>;

const declineReasonSchema = text(LIMITS.shortNote, 5);
const feedbackSchema = text(LIMITS.note, 5);

/** A receiver's answer (or, for a listed service, the sender recording the service's answer). */
export const respondInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept') }),
  z.object({
    action: z.literal('decline'),
    reason: declineReasonSchema,
    feedback: feedbackSchema.optional(),
  }),
  z.object({ action: z.literal('start') }),
  z.object({ action: z.literal('complete'), feedback: feedbackSchema }),
]);
export type RespondInput = z.infer<typeof respondInput>;

const caseParams = cityParams.extend({ caseId: z.guid() });
const referralParams = cityParams.extend({ referralId: z.guid() });

export const referralsRoutes = {
  listServices: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/services',
    summary: 'Services outside the network that situations can be referred to',
    tags: ['referrals'],
    params: cityParams,
    query: z.object({ includeInactive: queryBool.optional() }),
    response: z.object({ items: z.array(serviceSchema) }),
  }),
  createService: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/services',
    summary: 'List a service (chair, coordinator)',
    tags: ['referrals'],
    params: cityParams,
    body: serviceInput,
    response: serviceSchema,
    status: 201,
  }),
  updateService: defineRoute({
    method: 'PATCH',
    path: '/api/cities/:cityId/services/:serviceId',
    summary: 'Change or deactivate a listed service (chair, coordinator)',
    tags: ['referrals'],
    params: cityParams.extend({ serviceId: z.guid() }),
    body: patchOf(serviceInput),
    response: serviceSchema,
  }),
  listCaseReferrals: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/cases/:caseId/referrals',
    summary:
      "A situation's referrals: where to, status, decline reason (assigned agencies, chair, coordinator)",
    tags: ['referrals'],
    params: caseParams,
    response: z.object({ items: z.array(caseReferralSchema) }),
  }),
  sendReferral: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/cases/:caseId/referrals',
    summary: 'Refer a person to a member organisation or a listed service (needs consent or a legal basis)',
    tags: ['referrals'],
    params: caseParams,
    body: sendReferralInput,
    response: caseReferralSchema,
    status: 201,
  }),
  readCaseReferral: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/cases/:caseId/referrals/:referralId/read',
    summary: 'Open the message sent and the feedback received (assigned agencies; the reason is audited)',
    tags: ['referrals'],
    params: caseParams.extend({ referralId: z.guid() }),
    body: z.object({ reason: revealReasonSchema }),
    response: z.object({ message: z.string().nullable(), feedback: z.string().nullable() }),
  }),
  withdrawReferral: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/cases/:caseId/referrals/:referralId/withdraw',
    summary: 'Withdraw a referral (the sending side); the receiver can no longer open it',
    tags: ['referrals'],
    params: caseParams.extend({ referralId: z.guid() }),
    response: caseReferralSchema,
  }),
  recordServiceResponse: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/cases/:caseId/referrals/:referralId/respond',
    summary: "Record a listed service's answer (it has no inbox here): accept, decline, start, complete",
    tags: ['referrals'],
    params: caseParams.extend({ referralId: z.guid() }),
    body: respondInput,
    response: caseReferralSchema,
  }),
  inbox: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/referrals',
    summary: 'Referrals sent to my organisations, newest first (no identity, no situation reference)',
    tags: ['referrals'],
    params: cityParams,
    query: pageQuery.extend({ status: referralStatusSchema.optional() }),
    response: pageOf(receivedReferralSchema),
  }),
  inboxSummary: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/referrals/summary',
    summary:
      'Counts of referrals waiting for and active at my organisations, and the newest waiting (no identity)',
    tags: ['referrals'],
    params: cityParams,
    response: inboxSummarySchema,
  }),
  openReferral: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/referrals/:referralId/open',
    summary: 'Open the shared fields of a referral sent to my organisation (the reason is audited)',
    tags: ['referrals'],
    params: referralParams,
    body: z.object({ reason: revealReasonSchema }),
    response: openedReferralSchema,
  }),
  respond: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/referrals/:referralId/respond',
    summary: 'Answer a referral: accept, decline (with a reason), start, complete (with feedback)',
    tags: ['referrals'],
    params: referralParams,
    body: respondInput,
    response: receivedReferralSchema,
  }),
};
