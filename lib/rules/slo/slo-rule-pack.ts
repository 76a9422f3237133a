// SloRulePack is defined next to ServiceLevelObjective (each refers to the other); re-exported here, where
// it was first published.
export { SloRulePack } from './service-level-objective';
