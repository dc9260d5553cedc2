import {
  boolean,
  foreignKey,
  uniqueIndex,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { city } from '../cities/index.js';

/*
 * Case coordination (issue 4). See docs/CASES.md for the workflow and the access model.
 *
 * Three kinds of data live here, and the split is the privacy design:
 * - de-identified facts (situation type, age band, gender, neighbourhood, risk and protective
 *   factor codes, stage, dates, outcome): readable by the table (chair, coordinator, members);
 * - restricted content (identity of persons, plans, notes, assessment texts, referral messages):
 *   always encrypted (`*_enc`, AES-256-GCM with the city's data key, AAD = city + field) and opened
 *   only for members of an organisation assigned to the situation, with a reason, audited;
 * - keyed hashes (`case_person_match_key`) that let the city find "possibly the same person" without
 *   anyone reading an identity.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** Per-city case settings: retention, the reference counter and the city's taxonomy additions. */
export const caseSettings = pgTable('case_settings', {
  cityId: uuid('city_id')
    .primaryKey()
    .references(() => city.id, { onDelete: 'cascade' }),
  /** Days a rejected situation's minimal record is kept before it is deleted. */
  rejectedRetentionDays: integer('rejected_retention_days').notNull().default(30),
  /** Days a closed situation (with everything about it) is kept after closure. */
  closedRetentionDays: integer('closed_retention_days').notNull().default(730),
  /** Last number used in case references ("S-2026-0042"). */
  lastSeq: integer('last_seq').notNull().default(0),
  /** City additions to the taxonomies (see cases.taxonomies.ts, cityAdditionsSchema). */
  taxonomyAdditions: jsonb('taxonomy_additions').$type<Record<string, unknown>>().notNull().default({}),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  updatedBy: text('updated_by'),
});

/**
 * A situation (four-filter situation table) or a case (Channel-style panel). Never holds a name:
 * persons are in case_person, encrypted.
 */
export const caseSituation = pgTable(
  'case_situation',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    /** Human reference used in minutes and conversation, e.g. "S-2026-0042"; never a name. */
    reference: text('reference').notNull(),
    /** 'four-filter' | 'channel' (fixed at creation from the network's case workflow). */
    workflow: text('workflow').notNull(),
    /**
     * four-filter: filter-1 → filter-2 → rejected | filter-3 → filter-4 → closed.
     * channel: screening → rejected | assessment → consent → support → closed.
     */
    stage: text('stage').notNull(),
    originatingOrganisationId: uuid('originating_organisation_id').notNull(),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    /** Filter 1: why the originating agency cannot lower the risk alone (no names). */
    originatingReason: text('originating_reason').notNull().default(''),
    /** 'person' | 'family' | 'group' | 'place'. */
    subjectKind: text('subject_kind').notNull(),
    ageBand: text('age_band').notNull(),
    gender: text('gender').notNull(),
    neighbourhood: text('neighbourhood').notNull().default(''),
    riskFactors: text('risk_factors').array().notNull().default([]),
    protectiveFactors: text('protective_factors').array().notNull().default([]),
    /** Any person in the situation is under 18 (from the age band or a recorded date of birth). */
    isMinor: boolean('is_minor').notNull().default(false),
    presentedAt: ts('presented_at'),
    /** Filter 2 (or Channel screening): the threshold decision and who took it. */
    thresholdMet: boolean('threshold_met'),
    decidedAt: ts('decided_at'),
    decidedBy: text('decided_by'),
    decidedAtMeetingId: uuid('decided_at_meeting_id'),
    decisionNote: text('decision_note').notNull().default(''),
    /** Response clock: first response due (from the threshold decision + the workflow's hours). */
    responseDueAt: ts('response_due_at'),
    firstResponseAt: ts('first_response_at'),
    /** When the overdue alert went out (once per situation, across restarts). */
    overdueAlertedAt: ts('overdue_alerted_at'),
    /** When the stage clock's next reminder is due (null: none left); the reminder job claims it. */
    reminderDueAt: ts('reminder_due_at'),
    /** Intervention plan (four-filter) or support plan (channel): restricted, encrypted. */
    planEnc: text('plan_enc'),
    closedAt: ts('closed_at'),
    /** Closure outcome code (see contracts/cases.contract.ts, outcomeCodes). */
    outcome: text('outcome'),
    closureNoteEnc: text('closure_note_enc'),
    rejectedAt: ts('rejected_at'),
    /** When the retention job deletes this situation (set on rejection and closure). */
    purgeAfter: ts('purge_after'),
    /** The version of `workflow` this situation started on; kept when the network switches workflow. */
    workflowVersion: integer('workflow_version').notNull().default(1),
    /** The person was informed on this day (gate `person-informed`). */
    informedOn: date('informed_on', { mode: 'string' }),
    /** Why informing the person is unsafe now: restricted, encrypted. */
    informDeferredReasonEnc: text('inform_deferred_reason_enc'),
    /** When the decision not to inform is reconsidered; the gate fails once this day has passed. */
    informReconsiderOn: date('inform_reconsider_on', { mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    index('case_situation_city_created_idx').on(t.cityId, t.createdAt, t.id),
    index('case_situation_city_stage_idx').on(t.cityId, t.stage),
    uniqueIndex('case_situation_city_reference_idx').on(t.cityId, t.reference),
    index('case_situation_purge_idx').on(t.purgeAfter),
  ],
);

/**
 * Which organisations work on a situation: the originating agency, a lead agency and assisting
 * agencies. Only members of an organisation with an active assignment may open identities.
 */
export const caseAssignment = pgTable(
  'case_assignment',
  {
    cityId: uuid('city_id').notNull(),
    situationId: uuid('situation_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    /** 'originating' | 'lead' | 'assisting'. */
    role: text('role').notNull(),
    assignedAt: ts('assigned_at').notNull().defaultNow(),
    assignedBy: text('assigned_by'),
    endedAt: ts('ended_at'),
  },
  (t) => [
    foreignKey({
      name: 'case_assignment_situation_fk',
      columns: [t.cityId, t.situationId],
      foreignColumns: [caseSituation.cityId, caseSituation.id],
    }).onDelete('cascade'),
    primaryKey({ columns: [t.cityId, t.situationId, t.organisationId, t.role] }),
    index('case_assignment_org_idx').on(t.cityId, t.organisationId),
  ],
);

/** A person in a situation. Everything identifying is in one encrypted JSON document. */
export const casePerson = pgTable(
  'case_person',
  {
    cityId: uuid('city_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    situationId: uuid('situation_id').notNull(),
    /** 'subject' | 'family-member' | 'other'. */
    relation: text('relation').notNull(),
    /** JSON { givenName, familyName, dateOfBirth?, phone?, email?, address?, guardians[] }. */
    identityEnc: text('identity_enc').notNull(),
    isMinor: boolean('is_minor').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: text('created_by'),
  },
  (t) => [
    foreignKey({
      name: 'case_person_situation_fk',
      columns: [t.cityId, t.situationId],
      foreignColumns: [caseSituation.cityId, caseSituation.id],
    }).onDelete('cascade'),
    primaryKey({ columns: [t.cityId, t.id] }),
    index('case_person_situation_idx').on(t.cityId, t.situationId),
  ],
);

/** Keyed hashes of normalised name + date of birth: "possibly the same person", nothing more. */
export const casePersonMatchKey = pgTable(
  'case_person_match_key',
  {
    cityId: uuid('city_id').notNull(),
    key: text('key').notNull(),
    personId: uuid('person_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.key, t.personId] }),
    foreignKey({
      name: 'case_person_match_key_person_fk',
      columns: [t.cityId, t.personId],
      foreignColumns: [casePerson.cityId, casePerson.id],
    }).onDelete('cascade'),
  ],
);

/**
 * Consent or legal basis, recorded per disclosure, per referral and before Channel support.
 * basis: 'consent' | 'guardian-consent' | 'legal-basis' | 'chair-override'.
 */
export const caseConsent = pgTable(
  'case_consent',
  {
    cityId: uuid('city_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    situationId: uuid('situation_id').notNull(),
    personId: uuid('person_id'),
    /** 'disclosure' | 'referral' | 'support'. */
    purpose: text('purpose').notNull(),
    referralId: uuid('referral_id'),
    basis: text('basis').notNull(),
    /** For 'legal-basis': the law or rule relied on; for 'chair-override': the chair's reason. */
    basisDetail: text('basis_detail').notNull().default(''),
    recordedBy: text('recorded_by'),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
    withdrawnAt: ts('withdrawn_at'),
    withdrawnBy: text('withdrawn_by'),
  },
  (t) => [
    foreignKey({
      name: 'case_consent_situation_fk',
      columns: [t.cityId, t.situationId],
      foreignColumns: [caseSituation.cityId, caseSituation.id],
    }).onDelete('cascade'),
    primaryKey({ columns: [t.cityId, t.id] }),
    index('case_consent_situation_idx').on(t.cityId, t.situationId),
  ],
);

/** Channel-style assessment against the vulnerability framework (engagement, intent, capability). */
export const caseAssessment = pgTable(
  'case_assessment',
  {
    cityId: uuid('city_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    situationId: uuid('situation_id').notNull(),
    assessedAt: ts('assessed_at').notNull().defaultNow(),
    assessedBy: text('assessed_by'),
    /** Factor codes per dimension: { engagement: [...], intent: [...], capability: [...] }. */
    factors: jsonb('factors').$type<Record<string, string[]>>().notNull(),
    summaryEnc: text('summary_enc').notNull(),
    managementPlanEnc: text('management_plan_enc').notNull(),
    changesEnc: text('changes_enc'),
  },
  (t) => [
    foreignKey({
      name: 'case_assessment_situation_fk',
      columns: [t.cityId, t.situationId],
      foreignColumns: [caseSituation.cityId, caseSituation.id],
    }).onDelete('cascade'),
    primaryKey({ columns: [t.cityId, t.id] }),
    index('case_assessment_situation_idx').on(t.cityId, t.situationId),
  ],
);

/** Follow-ups while the situation is open, and reviews after closure (e.g. 6 and 12 months). */
export const caseFollowUp = pgTable(
  'case_follow_up',
  {
    cityId: uuid('city_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    situationId: uuid('situation_id').notNull(),
    /** 'follow-up' | 'post-closure-review'. */
    kind: text('kind').notNull(),
    dueOn: date('due_on').notNull(),
    /** For reviews scheduled from the workflow: months after closure (6, 12 …). */
    monthsAfterClosure: integer('months_after_closure'),
    completedAt: ts('completed_at'),
    completedBy: text('completed_by'),
    /** 'risk-lowered' | 'risk-unchanged' | 'risk-raised' for reviews; null for follow-ups. */
    reviewFinding: text('review_finding'),
    noteEnc: text('note_enc'),
    /** When the "review coming due" reminder went out (once per review, across nodes and restarts). */
    remindedAt: ts('reminded_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: text('created_by'),
  },
  (t) => [
    foreignKey({
      name: 'case_follow_up_situation_fk',
      columns: [t.cityId, t.situationId],
      foreignColumns: [caseSituation.cityId, caseSituation.id],
    }).onDelete('cascade'),
    primaryKey({ columns: [t.cityId, t.id] }),
    index('case_follow_up_situation_idx').on(t.cityId, t.situationId),
    index('case_follow_up_due_idx').on(t.cityId, t.dueOn),
  ],
);

/** A simple list of services outside the network a situation can be referred to. */
export const caseService = pgTable(
  'case_service',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    sector: text('sector').notNull(),
    description: text('description').notNull().default(''),
    /** The service's own public contact (not a person's). */
    contact: text('contact').notNull().default(''),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.id] })],
);

/**
 * A referral to a member organisation or to a listed service:
 * sent → accepted | declined → in-progress → completed (or withdrawn by the sender).
 * The receiver sees only `sharedFields` of the referred person.
 */
export const caseReferral = pgTable(
  'case_referral',
  {
    cityId: uuid('city_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    situationId: uuid('situation_id').notNull(),
    personId: uuid('person_id'),
    toOrganisationId: uuid('to_organisation_id'),
    toServiceId: uuid('to_service_id'),
    status: text('status').notNull(),
    /** Identity fields shared with the receiver, e.g. ['givenName', 'familyName', 'phone']. */
    sharedFields: text('shared_fields').array().notNull().default([]),
    /** Also shared: the situation's risk factor codes (de-identified). */
    shareRiskFactors: boolean('share_risk_factors').notNull().default(false),
    messageEnc: text('message_enc'),
    consentId: uuid('consent_id'),
    sentAt: ts('sent_at').notNull().defaultNow(),
    sentBy: text('sent_by'),
    respondedAt: ts('responded_at'),
    respondedBy: text('responded_by'),
    declineReason: text('decline_reason'),
    completedAt: ts('completed_at'),
    feedbackEnc: text('feedback_enc'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'case_referral_situation_fk',
      columns: [t.cityId, t.situationId],
      foreignColumns: [caseSituation.cityId, caseSituation.id],
    }).onDelete('cascade'),
    primaryKey({ columns: [t.cityId, t.id] }),
    index('case_referral_situation_idx').on(t.cityId, t.situationId),
    index('case_referral_to_org_idx').on(t.cityId, t.toOrganisationId),
  ],
);

/**
 * Case workflow definitions a city uses (docs/CASES.md, "Workflows as data"): its custom workflows
 * (`custom-<key>`, every version the chair saved) and a snapshot of each built-in definition version
 * a situation started on, so that an open situation keeps running on its version after a file update.
 */
export const caseWorkflowDefinition = pgTable(
  'case_workflow_definition',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    workflowId: text('workflow_id').notNull(),
    version: integer('version').notNull(),
    builtIn: boolean('built_in').notNull().default(false),
    /** The validated definition (contracts/case-workflow.contract.ts, workflowDefinitionSchema). */
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: text('created_by'),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.workflowId, t.version] })],
);
