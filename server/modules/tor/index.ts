// The ToR module's public surface: other modules import from here, never from its files.
export { torAcknowledgement, torVersion, type DecisionRules, type TorSections } from './tor.table.js';
