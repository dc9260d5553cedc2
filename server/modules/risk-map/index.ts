// The risk map module's public surface: other modules import from here, never from its files.
// The action plan links its objectives to `risk.id` (table "risk").
export { risk, riskNeighbourhood } from './risk-map.table.js';
export { riskMapModule } from './risk-map.routes.js';
export { seedRiskMapDemo } from './risk-map.demo.js';
// Consultations (counts only): the indicators module computes consultations held and participants.
export { riskConsultation } from './risk-map.table.js';
