// The cases module's public surface: other modules import from here, never from its files.
import { registerAgendaCaseSource } from '../meetings/index.js';
import { intakeReferences } from './cases.service.js';

export {
  CITY_PREFIX,
  TAXONOMY_KINDS,
  VULNERABILITY_DIMENSIONS,
  getTaxonomy,
  listTaxonomies,
  mergeCityTaxonomy,
  taxonomyIds,
  type CityAdditions,
  type FactorTaxonomy,
  type Labels,
  type MergedTaxonomy,
  type Taxonomy,
  type TaxonomyKind,
  type VulnerabilityTaxonomy,
} from './cases.taxonomies.js';
export {
  caseSituation,
  caseAssignment,
  casePerson,
  casePersonMatchKey,
  caseConsent,
  caseAssessment,
  caseFollowUp,
  caseService,
  caseReferral,
  caseSettings,
} from './cases.table.js';
export {
  caseAccess,
  requireTwoFactorForIdentity,
  identityVisible,
  myOrganisationIds,
  IDENTITY_ROLES,
  type AssignmentRole,
  type CaseAccess,
  type IdentityFacts,
} from './cases.access.js';
export {
  decryptIdentity,
  encryptIdentity,
  matchKeys,
  IDENTITY_CONTEXT,
  RESTRICTED_CONTEXT,
} from './cases.identity.js';
export { casesModule } from './cases.routes.js';
export { workflowOf, cityTaxonomies, checkBasis, insertConsent, type Workflow } from './cases.service.js';
export { seedCasesDemo } from './cases.demo.js';
export { sendClockReminders, sendOverdueCaseAlerts } from './cases.alerts.js';
export { sendReviewReminders, REVIEW_REMINDER_DAYS } from './cases.reviews.js';
export { addCalendarMonths } from './cases.dates.js';
export {
  builtInWorkflow,
  builtInWorkflows,
  categoryOf,
  definitionOf,
  selectedWorkflowId,
  TEMPLATE_WORKFLOW,
} from './cases.workflow.js';
export { caseWorkflowDefinition } from './cases.table.js';
export { caseStatistics } from './cases.statistics.js';
export { createCase } from './cases.service.js';
// (caseStatistics above: the indicators module also computes case indicators from it, suppressed.)

// A model's triage agenda lists the situations waiting at intake, by reference only.
registerAgendaCaseSource(intakeReferences);
