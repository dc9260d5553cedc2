// The risk map module's public surface: other modules import from here, never from its files.
// The action plan links its objectives to `risk.id` (table "risk").
export { risk, riskNeighbourhood } from './risk-map.table.js';
export { riskMapModule } from './risk-map.routes.js';
export { seedRiskMapDemo } from './risk-map.demo.js';
export { addEvidence } from './risk-map.service.js';
export { riskConsultation, riskConsultationFinding } from './risk-map.table.js';
// The directory (issue 10, 3W) links its entries to neighbourhoods and compares them with the register.
export { riskCategory, riskNeighbourhoodLink } from './risk-map.table.js';
export { nameKeyOf } from './geo.js';
// (riskConsultation above: the indicators module also counts consultations held and participants.)
// The community module's public page reads the risks the chair approved (their public wording only).
export { publishedRisks, cityLevels } from './risk-matrix.service.js';
export { riskPublication } from './risk-map.table.js';
