import { z } from 'zod';
import {
  int,
  isoDate,
  LIMITS,
  nonEmptyPatch,
  patchOf,
  requiredText,
  text,
  userIdSchema,
} from './primitives.js';
import { cityParams, defineRoute } from './route.js';

export const sectors = [
  'education',
  'social_services',
  'mental_health',
  'health',
  'youth',
  'community_affairs',
  'police_justice',
  'religious',
  'women_led',
  'youth_led',
  'research',
  'private_sector',
  'other',
] as const;
export const sectorSchema = z.enum(sectors);
export type SectorId = z.infer<typeof sectorSchema>;

export const mandateItemIds = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
export const meetingCadences = ['weekly', 'fortnightly', 'monthly', 'quarterly', 'as_needed'] as const;
export const membershipKinds = ['formal', 'external'] as const;
export const networkRoles = ['chair', 'focal_point', 'representative', 'deputy'] as const;

export const mandateItemSchema = z
  .object({ enabled: z.boolean(), scope: text(LIMITS.summary) })
  .strict()
  .refine((item) => !item.enabled || item.scope.length > 0, {
    error: 'validation.mandate-scope',
    path: ['scope'],
  });
export const mandateSchema = z
  .object({
    a: mandateItemSchema,
    b: mandateItemSchema,
    c: mandateItemSchema,
    d: mandateItemSchema,
    e: mandateItemSchema,
    f: mandateItemSchema,
  })
  .strict();
export type MandateView = z.infer<typeof mandateSchema>;

export const caseWorkflowSchema = z
  .object({
    /**
     * A built-in case workflow (server/modules/cases/workflows), `custom` with the city's own
     * `workflowId` (a `custom-<key>` definition), or `none`.
     */
    kind: z.enum([
      'four-filter',
      'channel',
      'safety-house',
      'partner-table',
      'info-house',
      'anchor',
      'none',
      'custom',
    ]),
    workflowId: z
      .string()
      .max(37)
      .regex(/^custom-[a-z][a-z0-9-]{0,29}$/)
      .optional(),
    /** Hours to the first response: at most a year. */
    responseHours: z.tuple([int(1, 8760), int(1, 8760)]).optional(),
    consentBeforeSupport: z.boolean().optional(),
    guardianConsentForMinors: z.boolean().optional(),
    reviewsAfterExitMonths: z.array(int(1, 120)).min(1).max(10).optional(),
    focus: requiredText(LIMITS.focus).optional(),
    rejectedRetentionDays: int(0, 36500).optional(),
  })
  .strict();
export type CaseWorkflow = z.infer<typeof caseWorkflowSchema>;

export const structureTemplate = z.object({
  id: z.string(),
  version: z.number(),
  name: z.string(),
  description: z.string(),
  sources: z.array(z.string()),
  sectors: z.array(sectorSchema),
  roles: z.array(z.object({ role: z.string(), title: z.string(), responsibility: z.string() })),
  meetingCadence: z.object({ frequency: z.enum(meetingCadences), rationale: z.string() }),
  mandate: mandateSchema,
  caseWorkflow: caseWorkflowSchema,
  torSections: z.array(z.object({ id: z.string(), text: z.string() })),
});
export type StructureTemplateView = z.infer<typeof structureTemplate>;

/** Modules the effective mandate switches on (item d alone opens case work). */
export const enabledModules = z.object({
  riskMap: z.boolean(),
  actionPlan: z.boolean(),
  stakeholders: z.boolean(),
  cases: z.boolean(),
  nationalCoordination: z.boolean(),
});
export type EnabledModules = z.infer<typeof enabledModules>;

export const networkView = z.object({
  cityId: z.string(),
  name: z.string(),
  description: z.string(),
  templateId: z.string(),
  templateVersion: z.string(),
  sectors: z.array(z.string()),
  meetingCadence: z.string(),
  mandate: mandateSchema,
  caseWorkflow: caseWorkflowSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The adopted ToR's mandate when there is one, else the network's working mandate. */
  effectiveMandate: mandateSchema,
  mandateSource: z.enum(['tor', 'network']),
  enabledModules,
});
export type NetworkView = z.infer<typeof networkView>;

export const templateSwitchResult = z.object({
  network: networkView,
  changes: z.object({
    fromTemplate: z.object({ id: z.string(), version: z.string() }),
    toTemplate: z.object({ id: z.string(), version: z.string() }),
    addedSectors: z.array(z.string()),
    mandateItemsEnabled: z.array(z.string()),
    mandateScopesFilled: z.array(z.string()),
    caseWorkflow: z.enum(['unchanged', 'adopted-from-template', 'settings-added']),
    caseWorkflowFieldsAdded: z.array(z.string()),
    descriptionFilled: z.boolean(),
  }),
});

export const representativeView = z.object({
  id: z.string(),
  organisationId: z.string(),
  displayName: z.string(),
  userId: z.string().nullable(),
  networkRole: z.enum(networkRoles),
  joinedOn: z.string(),
  leftOn: z.string().nullable(),
});
export type RepresentativeView = z.infer<typeof representativeView>;

export const organisationView = z.object({
  id: z.string(),
  name: z.string(),
  sector: sectorSchema,
  membershipKind: z.enum(membershipKinds),
  publicListingConsent: z.boolean(),
  consentRecordedAt: z.string().nullable(),
  consentRecordedBy: z.object({ userId: z.string(), name: z.string().nullable() }).nullable(),
  joinedOn: z.string(),
  leftOn: z.string().nullable(),
  active: z.boolean(),
  /** Internal notes and representatives: not shown to partners. */
  notes: z.string().nullable(),
  representatives: z.array(representativeView).nullable(),
});
export type OrganisationView = z.infer<typeof organisationView>;

export const organisationParams = cityParams.extend({ organisationId: z.guid() });
export const representativeParams = organisationParams.extend({ representativeId: z.guid() });

const organisationInput = z.object({
  name: requiredText(LIMITS.title),
  sector: sectorSchema,
  membershipKind: z.enum(membershipKinds),
  joinedOn: isoDate.optional(),
  notes: text(LIMITS.description).optional(),
});

const representativeInput = z.object({
  displayName: requiredText(LIMITS.personName),
  userId: userIdSchema.nullable().optional(),
  networkRole: z.enum(networkRoles),
  joinedOn: isoDate.optional(),
});

export const dashboardView = z.object({
  today: z.string(),
  activeBySector: z.array(z.object({ sector: sectorSchema, formal: z.number(), external: z.number() })),
  activeOrganisations: z.object({ formal: z.number(), external: z.number() }),
  attendanceTrend: z.array(
    z.object({
      month: z.string(),
      meetings: z.number(),
      /** Share (0–1) of active formal organisations present; null when no meeting was held. */
      rate: z.number().nullable(),
    }),
  ),
  torAcknowledgement: z.object({
    version: z.number().nullable(),
    acknowledged: z.number(),
    expected: z.number(),
    rate: z.number().nullable(),
  }),
  overdueActions: z.object({
    count: z.number(),
    items: z.array(
      z.object({ id: z.string(), title: z.string(), ownerName: z.string().nullable(), dueOn: z.string() }),
    ),
  }),
});
export type DashboardView = z.infer<typeof dashboardView>;

export const networkRoutes = {
  listTemplates: defineRoute({
    method: 'GET',
    path: '/api/templates',
    summary: 'The network structure templates a city can start from',
    tags: ['network'],
    response: z.object({ items: z.array(structureTemplate) }),
  }),
  getNetwork: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/network',
    summary: "The city's network, its effective mandate and the modules it switches on (404 before set-up)",
    tags: ['network'],
    params: cityParams,
    response: networkView,
  }),
  createNetwork: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/network',
    summary: 'Set up the network from a structure template (chair)',
    tags: ['network'],
    params: cityParams,
    body: z.object({
      templateId: text(LIMITS.templateId, 1),
      name: requiredText(LIMITS.title).optional(),
    }),
    response: networkView,
    status: 201,
  }),
  updateNetwork: defineRoute({
    method: 'PATCH',
    path: '/api/cities/:cityId/network',
    summary: "Change the network's name, description, sectors, cadence, mandate or case workflow (chair)",
    tags: ['network'],
    params: cityParams,
    body: nonEmptyPatch(
      z.object({
        name: requiredText(LIMITS.title).optional(),
        description: text(LIMITS.description).optional(),
        sectors: z.array(sectorSchema).min(1).max(sectors.length).optional(),
        meetingCadence: z.enum(meetingCadences).optional(),
        mandate: mandateSchema.optional(),
        caseWorkflow: caseWorkflowSchema.optional(),
      }),
    ),
    response: networkView,
  }),
  switchTemplate: defineRoute({
    method: 'PUT',
    path: '/api/cities/:cityId/network/template',
    summary: 'Switch to another structure template without losing data (chair)',
    tags: ['network'],
    params: cityParams,
    body: z.object({ templateId: text(LIMITS.templateId, 1) }),
    response: templateSwitchResult,
  }),
  listOrganisations: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/organisations',
    summary: 'Member organisations and partners (partners see only those listed publicly)',
    tags: ['network'],
    params: cityParams,
    query: z.object({
      sector: sectorSchema.optional(),
      kind: z.enum(membershipKinds).optional(),
      active: z.enum(['true', 'false']).optional(),
    }),
    response: z.object({ items: z.array(organisationView) }),
  }),
  createOrganisation: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/organisations',
    summary: 'Add a member organisation or external partner (chair, coordinator)',
    tags: ['network'],
    params: cityParams,
    body: organisationInput.extend({ publicListingConsent: z.boolean().optional() }),
    response: organisationView,
    status: 201,
  }),
  updateOrganisation: defineRoute({
    method: 'PATCH',
    path: '/api/cities/:cityId/organisations/:organisationId',
    summary: 'Change an organisation (chair, coordinator)',
    tags: ['network'],
    params: organisationParams,
    body: patchOf(organisationInput),
    response: organisationView,
  }),
  leaveOrganisation: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/organisations/:organisationId/leave',
    summary: 'Record that an organisation left the network (its history is kept)',
    tags: ['network'],
    params: organisationParams,
    body: z.object({ leftOn: isoDate.optional() }),
    response: organisationView,
  }),
  setConsent: defineRoute({
    method: 'PUT',
    path: '/api/cities/:cityId/organisations/:organisationId/consent',
    summary: "Record or withdraw the organisation's consent to be listed publicly (who and when is kept)",
    tags: ['network'],
    params: organisationParams,
    body: z.object({ consent: z.boolean() }),
    response: organisationView,
  }),
  addRepresentative: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/organisations/:organisationId/representatives',
    summary: 'Add a person representing the organisation',
    tags: ['network'],
    params: organisationParams,
    body: representativeInput,
    response: representativeView,
    status: 201,
  }),
  updateRepresentative: defineRoute({
    method: 'PATCH',
    path: '/api/cities/:cityId/organisations/:organisationId/representatives/:representativeId',
    summary: 'Change a representative, or record that they left (leftOn)',
    tags: ['network'],
    params: representativeParams,
    body: nonEmptyPatch(representativeInput.partial().extend({ leftOn: isoDate.nullable().optional() })),
    response: representativeView,
  }),
  getDashboard: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/dashboard',
    summary: "The chair's dashboard: members by sector, attendance, ToR acknowledgement, overdue actions",
    tags: ['network'],
    params: cityParams,
    response: dashboardView,
  }),
};
