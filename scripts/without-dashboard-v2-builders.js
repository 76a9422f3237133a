// @ts-check
/*
 * An esbuild plugin that leaves the Grafana foundation SDK's builders for the v2 dashboard schema out of a
 * bundle. Each panel and query package of the SDK (timeseries, stat, prometheus, loki, …) re-exports,
 * beside its v1 PanelBuilder or DataqueryBuilder, builders for the v2 schemas (VisualizationBuilder and
 * QueryBuilder for dashboardv2beta1, VisualizationV2Builder and QueryV2Builder for dashboardv2), which
 * require those whole schemas. The SDK is CommonJS, which esbuild cannot tree-shake, so they were ~640 KB
 * of the library's 2.3 MB bundle: ~35 ms and ~12 MiB of every app's start (README "Performance"). The
 * library builds v1 dashboards and imports none of them (test/package/bundle.test.ts); in a bundle
 * those files export nothing.
 */
const { readFileSync } = require('node:fs');

/** The SDK's files that may be v2 builders, by path (alerting/queryBuilder.gen.js, for one, is not). */
const BUILDER_FILE =
  /[\\/]@grafana[\\/]grafana-foundation-sdk[\\/]dist[\\/][a-z0-9]+[\\/](visualizationBuilder|visualizationV2Builder|queryBuilder|queryV2Builder)\.gen\.js$/;

/** How a v2 builder file loads its schema. */
const REQUIRES_V2_SCHEMA = /require\("\.\.\/(dashboardv2|dashboardv2beta1)"\)/;

/**
 * Whether the bundles leave this file out: an SDK builder file that requires a v2 dashboard schema.
 * @param {string} path
 */
function isDashboardV2Builder(path) {
  return BUILDER_FILE.test(path) && REQUIRES_V2_SCHEMA.test(readFileSync(path, 'utf8'));
}

/** @type {import('esbuild').Plugin} */
const withoutDashboardV2Builders = {
  name: 'without-dashboard-v2-builders',
  setup(build) {
    // any other file matching the name is loaded as it is (undefined: esbuild's own loading)
    build.onLoad({ filter: BUILDER_FILE }, ({ path }) => (isDashboardV2Builder(path) ? { contents: '', loader: 'js' } : undefined));
  },
};

module.exports = { withoutDashboardV2Builders, isDashboardV2Builder };
