import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { HelmChartRef } from '../../lib';

/** `../shared/charts/` beside the repository; absent in a user's clone. */
export const SHARED_CHARTS = resolve(__dirname, '../../../shared/charts');

/**
 * Whether ../shared/charts is present; when it is not, prints a notice that `what` is skipped. In CI
 * ../shared is always present, so its absence there is a failure.
 */
export function sharedChartsPresent(what: string): boolean {
  if (existsSync(SHARED_CHARTS)) return true;
  if (process.env.CI === 'true') throw new Error(`${SHARED_CHARTS} is missing; CI needs ../shared/charts beside the repository.`);
  // eslint-disable-next-line no-console
  console.warn(`[skip] ${SHARED_CHARTS} not found: ${what} is skipped.`);
  return false;
}

/**
 * The pinned chart's default values, or undefined (with a printed notice) when ../shared is absent.
 * In CI ../shared is always present, so a missing chart there is a failure.
 */
export function chartDefaults(chart: HelmChartRef): Record<string, unknown> | undefined {
  const file = join(SHARED_CHARTS, `${chart.chart}-${chart.version}`, 'values.yaml');
  if (!existsSync(file)) {
    if (process.env.CI === 'true') throw new Error(`${file} is missing; CI needs ../shared/charts beside the repository.`);
    // eslint-disable-next-line no-console
    console.warn(`[skip] ${file} not found: chart key checks are skipped (they run where ../shared is present).`);
    return undefined;
  }
  return parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Paths of keys we set that the chart does not know. A key is known when the chart's values.yaml has
 * it; below a key whose default is an empty map, a list, a scalar or null, the chart takes free-form
 * content (labels, resources, remoteWrite entries…), so nothing below is checked. `freeForm` lists
 * further paths taken whole; each caller says why.
 */
export function unknownChartKeys(
  ours: Record<string, unknown>,
  defaults: Record<string, unknown>,
  freeForm: readonly string[] = [],
  prefix = '',
): string[] {
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(ours)) {
    const path = prefix ? `${prefix}.${key}` : key;
    // Paths the caller names as free-form: the chart passes them through whole (a Kubernetes
    // securityContext, the application's own config file) or documents the key only in a comment.
    if (freeForm.includes(path)) continue;
    if (!(key in defaults)) {
      unknown.push(path);
      continue;
    }
    const chartValue = defaults[key];
    if (isMap(value) && isMap(chartValue) && Object.keys(chartValue).length > 0) {
      unknown.push(...unknownChartKeys(value, chartValue, freeForm, path));
    }
  }
  return unknown;
}
