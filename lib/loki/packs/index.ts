// The seed's LogQL rule packs.
// Public names of this folder: lib/loki/index.ts re-exports exactly these (test/api/public-api.test.ts checks it).
export { LogQueryRules } from './log-query-rules';
export type { LogQueryRulesProps } from './log-query-rules';
